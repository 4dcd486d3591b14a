// Resolves references by the kind the schema expects: resources, containers, blobs and tasks.

extension CheckerContext {
  /// Resolves a reference to a resource of `kind`.
  func reference(_ expression: Expr, kind: ResourceKind, file: FileID, scope: Scope, attribute: String) -> Value? {
    switch expression {
    case .name(let name):
      guard let target = resolve(name, kind: kind, file: file, scope: scope) else { return nil }
      return .reference(kind, target, member: nil)
    case .index(.name(let name), let index, _) where kind == .application:
      guard let target = resolve(name, kind: kind, file: file, scope: scope),
        case .string(let version)? = evaluate(index, as: .string, file: file, scope: scope, attribute: attribute)
      else { return nil }
      dependencies?.declarations.insert(DeclarationKey(kind: .application, key: target.lowercased()))
      if let declaration = symbols[.application]?[target.lowercased()],
        let versions = declaration.versions, !versions.contains(version)
      {
        report(
          .unresolvedReference, file, index.range,
          "application `\(target)` has no version `\(version)`: its `versions` are \(versions.map { "`\($0)`" }.joined(separator: ", "))"
        )
        return nil
      }
      return .reference(kind, target, member: version)
    case .string(let literal):
      let text = literal.constantText ?? ""
      let isName = !text.isEmpty && text.utf8.allSatisfy(isIdentifierContinue) && isLetter(text.utf8.first!)
      // A task whose ID is no name (`task "7" { }`) is named by its ID in quotes.
      if kind == .task, !isName, let tasks = scope.tasks {
        if let target = tasks.plain[text.lowercasedKey] {
          recordReference(
            ResolvedReference(kind: .task, location: Location(file, expression.range), target: target.location))
          return .reference(kind, target.id, member: nil)
        }
        report(.unresolvedReference, file, expression.range, "no task `\(text)` in this job")
        return nil
      }
      // The ID of one task of a sweep (`"frame-2"`) is written as that member: `frame[2]`.
      if kind == .task, isName, let tasks = scope.tasks, tasks.plain[text.lowercasedKey] == nil,
        tasks.groups[text.lowercasedKey] == nil
      {
        if let member = sweepMember(text, in: tasks) {
          report(
            .typeMismatch, file, expression.range,
            "`\(attribute)` takes \(ValueType.reference(kind).withArticle): task `\(text)` is a member of the sweep "
              + "`\(member.label)`, written `\(member.reference)`",
            fixIts: replaceFix(
              "replace with `\(member.reference)`", file, expression.range, member.reference, safe: true))
          return nil
        }
        // Without quotes it would name no task either: a fix to look at.
        report(
          .typeMismatch, file, expression.range,
          "`\(attribute)` takes \(ValueType.reference(kind).withArticle): write the ID without quotes: `\(text)` "
            + "(no task of this job has that ID)",
          fixIts: replaceFix("remove the quotes", file, expression.range, text, safe: false))
        return nil
      }
      report(
        .typeMismatch, file, expression.range,
        "`\(attribute)` takes \(ValueType.reference(kind).withArticle): write the ID without quotes\(isName ? ": `\(text)`" : "")",
        fixIts: isName ? replaceFix("remove the quotes", file, expression.range, text, safe: true) : [])
      return nil
    default:
      mismatch(expression, .reference(kind), file: file, attribute: attribute)
      return nil
    }
  }

  /// The sweep whose member has the task ID `id`, and the reference that names that member
  /// (`frame[2]`, `fit["0.1"]`), or nil when no sweep of `tasks` has it.
  private func sweepMember(_ id: String, in tasks: TaskTable) -> (label: String, reference: String)? {
    let key = id.lowercasedKey
    for group in tasks.groups.values.sorted(by: { $0.label < $1.label }) {
      guard let member = group.members.first(where: { $0.id.lowercasedKey == key }) else { continue }
      let value: String
      switch member.value {
      case .integer(let number): value = String(number)
      case .string(let text): value = Literal.string(text)
      default: continue
      }
      return (group.label, "\(group.label)[\(value)]")
    }
    return nil
  }

  /// The ID of the resource `name` names, or nil (reported) when none of `kind` does.
  func resolve(_ name: Name, kind: ResourceKind, file: FileID, scope: Scope) -> String? {
    let key = name.text.lowercasedKey
    if kind == .task {
      guard let tasks = scope.tasks else { return nil }
      if let target = tasks.plain[key] {
        recordReference(
          ResolvedReference(kind: .task, location: Location(file, name.range), target: target.location))
        return target.id
      }
      let candidates = Array(tasks.plain.values.map(\.id)) + tasks.groups.values.map(\.label)
      let suggestion = Suggestions.closest(to: name.text, in: candidates)
      report(
        .unresolvedReference, file, name.range,
        "no task `\(name.text)` in this job\(Suggestions.didYouMean(suggestion))",
        fixIts: suggestion.map { replaceFix("replace with `\($0)`", file, name.range, $0, safe: false) } ?? [])
      return nil
    }
    return resolveDeclaration(name, key: key, kind: kind, file: file)?.id
  }

  /// The declaration of the resource `name` names (`key` is its lowercased text), or nil
  /// (reported) when none of `kind` does. `kind` is not `.task`: tasks are not declarations.
  private func resolveDeclaration(_ name: Name, key: String, kind: ResourceKind, file: FileID) -> Declaration? {
    dependencies?.declarations.insert(DeclarationKey(kind: kind, key: key))
    if let declaration = symbols[kind, key] {
      recordReference(
        ResolvedReference(kind: kind, location: Location(file, name.range), target: declaration.labelLocation))
      return declaration
    }
    if let dependencies {
      dependencies.params.insert(name.text)
      if case .string(let id)? = params[name.text]?.value {
        dependencies.declarations.insert(DeclarationKey(kind: kind, key: id.lowercasedKey))
      }
      // The message lists this kind's IDs and names the other kinds that have this one.
      dependencies.kinds.formUnion(ResourceKind.allCases)
    }
    if case .string(let id)? = params[name.text]?.value, let declaration = symbols[kind, id.lowercasedKey] {
      return declaration
    }
    let known = symbols[kind].map { Array($0.values.map(\.id)) } ?? []
    let suggestion = Suggestions.closest(to: name.text, in: known)
    var notes: [Note] = []
    for other in ResourceKind.allCases where other != kind && other != .task {
      if let declaration = symbols[other]?[key] {
        notes.append(Note("`\(declaration.id)` is declared as a \(other.rawValue) here", at: declaration.labelLocation))
      }
    }
    let hint = known.isEmpty ? ": the project declares no \(kind.rawValue)" : Suggestions.didYouMean(suggestion)
    report(
      .unresolvedReference, file, name.range, "no \(kind.rawValue) named `\(name.text)` in this project\(hint)",
      notes: notes,
      fixIts: suggestion.map { replaceFix("replace with `\($0)`", file, name.range, $0, safe: false) } ?? [])
    return nil
  }

  /// `storage.container`: resolves the storage account and checks the container's name.
  func container(storage: Name, container: Name, file: FileID, scope: Scope) -> Value? {
    guard let declaration = resolveDeclaration(storage, key: storage.text.lowercasedKey, kind: .storage, file: file)
    else { return nil }
    let account = declaration.id
    if let problem = StorageNames.containerNameProblem(container.text) {
      let lowered = container.text.lowercased()
      let fix = lowered != container.text && StorageNames.containerNameProblem(lowered) == nil
      report(
        .invalidContainerName, file, container.range, "invalid container name `\(container.text)`: \(problem)",
        fixIts: fix ? replaceFix("use `\(lowered)`", file, container.range, lowered, safe: false) : [])
      return nil
    }
    if let declared = declaration.containers, !declared.contains(container.text) {
      let suggestion = Suggestions.closest(to: container.text, in: declared)
      report(
        .undeclaredContainer, file, container.range,
        "storage `\(account)` declares no container `\(container.text)`\(Suggestions.didYouMeanOrStop(suggestion)) Add it to `containers` or fix the name",
        notes: [Note("`containers` is declared here", at: declaration.labelLocation)],
        fixIts: suggestion.map { replaceFix("replace with `\($0)`", file, container.range, $0, safe: false) } ?? [])
      return nil
    }
    return .container(storage: account, name: container.text)
  }

  /// Expands `frame` (a whole sweep) or `frame[3]` (one member) in a `depends_on` list.
  /// Returns nil when `item` is not a sweep reference, so the caller resolves it as a plain task.
  func taskReferences(_ item: Expr, file: FileID, scope: Scope) -> [Value]? {
    guard let tasks = scope.tasks else { return nil }
    switch item {
    case .name(let name):
      // Most jobs have no sweep: then the name is a plain task's, resolved by the caller.
      guard !tasks.groups.isEmpty, let group = tasks.groups[name.text.lowercasedKey] else { return nil }
      recordReference(
        ResolvedReference(kind: .task, location: Location(file, name.range), target: group.location))
      return group.members.map { .reference(.task, $0.id, member: nil) }
    case .index(.name(let name), let index, _):
      guard let group = tasks.groups[name.text.lowercasedKey] else {
        if tasks.plain[name.text.lowercasedKey] != nil {
          report(
            .typeMismatch, file, index.range,
            "task `\(name.text)` is not a sweep: write `\(name.text)` without an index")
          return []
        }
        _ = resolve(name, kind: .task, file: file, scope: scope)
        return []
      }
      recordReference(
        ResolvedReference(kind: .task, location: Location(file, name.range), target: group.location))
      if !group.expanded { return [] }
      if case .range(let lower, let upper, let step, let range) = index {
        return sweepRange(group, lower, upper, step: step, range: range, file: file, scope: scope)
      }
      let wanted: Value?
      if case .integer(let i, _) = index {
        wanted = .integer(i)
      } else {
        wanted = evaluate(index, as: .scalarText, file: file, scope: scope, attribute: Schema.Task.dependsOn.name)
      }
      guard let wanted else { return [] }
      if let member = group.members.first(where: { $0.value.description == wanted.description }) {
        return [.reference(.task, member.id, member: nil)]
      }
      report(
        .unresolvedReference, file, index.range,
        "sweep `\(group.label)` has no member for \(wanted.description): its values are \(group.valuesSummary)")
      return []
    default:
      return nil
    }
  }

  /// The members of a range sweep whose values lie in `lower..upper`: `depends_on = [frame[1..10]]`.
  private func sweepRange(
    _ group: TaskTable.Group, _ lower: Expr, _ upper: Expr, step: Expr?, range: TextRange, file: FileID,
    scope: Scope
  ) -> [Value] {
    if let step {
      report(
        .typeMismatch, file, step.range, "a dependency range takes no `step`: it means every member between its bounds")
    }
    guard
      let lo = evaluate(lower, as: .integer, file: file, scope: scope, attribute: Schema.Task.dependsOn.name)?
        .integerValue,
      let hi = evaluate(upper, as: .integer, file: file, scope: scope, attribute: Schema.Task.dependsOn.name)?
        .integerValue
    else { return [] }
    let members = group.members.filter { member in
      if case .integer(let value) = member.value { return lo <= value && value <= hi }
      return false
    }
    if members.isEmpty {
      report(
        .unresolvedReference, file, range,
        "sweep `\(group.label)` has no member in \(lo)..\(hi): its values are \(group.valuesSummary)")
    }
    return members.map { .reference(.task, $0.id, member: nil) }
  }

  /// The string literals of a list attribute, read from syntax (for `containers`, `versions`).
  func literalStrings(_ block: Block, _ attribute: AttributeKey<[String]>) -> [String]? {
    for case .attribute(let a) in block.body where a.name.text == attribute.name {
      guard case .list(let items, _) = a.value else { return nil }
      var strings: [String] = []
      for case .string(let literal) in items {
        guard let text = literal.constantText else { return nil }
        strings.append(text)
      }
      return strings
    }
    return nil
  }
}
