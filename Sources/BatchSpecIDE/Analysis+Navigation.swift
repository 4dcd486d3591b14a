// Go to definition, find references, document highlight and rename, from the checker's references.

package import BatchSpecCore

extension Analysis {
  /// The declaration a symbol at `offset` of `path` stands for: its label's location.
  ///
  /// A reference gives its target; a declaration's label gives itself.
  func symbolTarget(_ path: String, _ offset: Int) -> (project: ProjectSnapshot, target: Location)? {
    guard let (project, id) = file(path) else { return nil }
    for reference in project.checked.references where reference.location.file == id {
      if reference.location.range.contains(offset) { return (project, reference.target) }
    }
    for declaration in Declarations.all(in: project) where declaration.label.file == id {
      if declaration.label.range.contains(offset) { return (project, declaration.label) }
    }
    if let param = ParamIndex(project).target(at: offset, in: id) { return (project, param) }
    return nil
  }

  /// What navigation starts from at `offset`: a symbol `symbolTarget` finds, or else a sweep
  /// variable or a listed name (`LocalSymbol`), which cannot be renamed.
  private func navigationTarget(_ path: String, _ offset: Int) -> (project: ProjectSnapshot, target: Location)? {
    if let found = symbolTarget(path, offset) { return found }
    guard let (project, id) = file(path), let symbol = LocalSymbol.at(offset, in: id, of: project) else { return nil }
    return (project, symbol.declaration)
  }

  private func fileRange(_ location: Location, _ project: ProjectSnapshot) -> FileRange {
    FileRange(path: project.path(location.file), range: location.range)
  }

  /// Where the symbol at `offset` is declared.
  package func definition(_ path: String, offset: Int) -> [FileRange] {
    guard let (project, target) = navigationTarget(path, offset) else { return [] }
    return [fileRange(target, project)]
  }

  /// Every place that names the symbol at `offset`, sorted, with or without its declaration.
  package func references(_ path: String, offset: Int, includeDeclaration: Bool = true) -> [FileRange] {
    guard let (project, target) = navigationTarget(path, offset) else { return [] }
    var locations: Set<Location> = includeDeclaration ? [target] : []
    for reference in project.checked.references where reference.target == target {
      locations.insert(reference.location)
    }
    for use in ParamIndex(project).uses(of: target) { locations.insert(use) }
    for use in LocalSymbol.declared(at: target, in: project)?.uses(in: project) ?? [] { locations.insert(use) }
    return locations.sorted { ($0.file, $0.range.start) < ($1.file, $1.range.start) }.map { fileRange($0, project) }
  }

  /// The occurrences of the symbol at `offset` in its own file; the declaration is marked.
  package func highlights(_ path: String, offset: Int) -> [(range: TextRange, isDeclaration: Bool)] {
    guard let (project, target) = navigationTarget(path, offset) else { return [] }
    return references(path, offset: offset).filter { $0.path == path }.map { occurrence in
      (occurrence.range, project.path(target.file) == path && occurrence.range == target.range)
    }
  }

  /// The range and current name of the symbol at `offset`, if it can be renamed.
  package func prepareRename(_ path: String, offset: Int) -> Result<(range: TextRange, name: String), RenameError> {
    guard let source = source(path) else {
      return .failure(RenameError(message: "the file is not part of a loaded project"))
    }
    guard symbolTarget(path, offset) != nil,
      let hit = references(path, offset: offset).first(where: {
        $0.path == path && $0.range.contains(offset)
      })
    else {
      return .failure(
        RenameError(
          message: "only params and the IDs of accounts, storage, applications, pools, jobs and tasks can be renamed"))
    }
    return .success((hit.range, Self.unquoted(source.text(hit.range))))
  }

  /// The edits that rename the symbol at `offset` to `newName` everywhere in its project.
  package func rename(_ path: String, offset: Int, to newName: String) -> Result<[FileEdit], RenameError> {
    guard symbolTarget(path, offset) != nil else {
      return .failure(
        RenameError(
          message: "only params and the IDs of accounts, storage, applications, pools, jobs and tasks can be renamed"))
    }
    if let problem = Self.idProblem(newName) { return .failure(RenameError(message: problem)) }
    if let (project, target) = symbolTarget(path, offset), let clash = Self.clash(target, newName, project) {
      return .failure(RenameError(message: clash))
    }
    return .success(references(path, offset: offset).map { FileEdit($0, newName) })
  }

  /// What is wrong with `name` as a resource ID written bare, or nil when it is fine.
  package static func idProblem(_ name: String) -> String? {
    let bytes = Array(name.utf8)
    guard let first = bytes.first else { return "an ID cannot be empty" }
    guard (first | 0x20) >= 0x61 && (first | 0x20) <= 0x7A else {
      return "`\(name)` is not a valid ID: it must start with a letter"
    }
    for byte in bytes {
      let isLetter = (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
      let isDigit = byte >= 0x30 && byte <= 0x39
      guard isLetter || isDigit || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") else {
        return "`\(name)` is not a valid ID: use letters, digits, hyphens and underscores only"
      }
    }
    if bytes.count > 64 { return "`\(name)` is not a valid ID: at most 64 characters" }
    // Words the grammar reads otherwise: `task for {` starts a sweep, `pool = true` is a bool.
    if ["for", "true", "false"].contains(name) { return "`\(name)` is a keyword: it cannot name anything" }
    return nil
  }

  /// Why renaming the declaration at `target` to `newName` would make a duplicate ID, if it would.
  /// Azure compares IDs without regard to case; tasks are compared within their job.
  private static func clash(_ target: Location, _ newName: String, _ project: ProjectSnapshot) -> String? {
    let declarations = Declarations.all(in: project)
    if let renamed = declarations.first(where: { $0.label == target }) {
      let other = declarations.first {
        $0.kind == renamed.kind && $0.container == renamed.container && $0.label != target
          && $0.id.lowercased() == newName.lowercased()
      }
      if let other { return "\(other.kind.rawValue) `\(other.id)` already exists: IDs must stay unique" }
      switch renamed.kind {
      case .account, .storage:
        // Azure's account names: 3 to 24 lowercase letters and digits (BS5002).
        let kind = renamed.kind == .account ? "account" : "storage account"
        if let problem = InvalidResourceID.accountNameProblem(newName, kind: kind) { return problem.message }
      case .task:
        // A sweep's tasks have IDs too (`frame-2`), which a task renamed must not take.
        let job = project.checked.jobs.first { $0.label?.lowercased() == renamed.container?.lowercased() }
        let member = job?.children.first {
          $0.is(Schema.Task.self) && $0.sweep != nil && $0.nameLocation != target
            && $0.label?.lowercased() == newName.lowercased()
        }
        if let member, let sweep = member.sweep {
          return "task ID `\(member.label ?? newName)` is a task of sweep `\(sweep.group)`: IDs must stay unique"
        }
      default: break
      }
    } else {
      let params = ParamIndex(project)
      if let existing = params.declarations[newName], existing != target { return "param `\(newName)` already exists" }
      if params.isHidden(target, by: newName) {
        let name = project.project.file(target.file).text(target.range)
        return
          "`\(newName)` is a sweep variable where param `\(name)` is used: renamed, the use would name the variable"
      }
    }
    return nil
  }

  private static func unquoted(_ text: String) -> String {
    text.count >= 2 && text.hasPrefix("\"") && text.hasSuffix("\"") ? String(text.dropFirst().dropLast()) : text
  }
}

/// The resource declarations of a project, read from its syntax trees.
enum Declarations {
  /// One declaration: a block with a resource ID label.
  struct Entry {
    var kind: ResourceKind
    var id: String
    var block: Block
    var label: Location
    /// The enclosing resource's ID (a task's job).
    var container: String?
  }

  /// Every block of every file whose label is a resource ID, in source order.
  static func all(in project: ProjectSnapshot) -> [Entry] {
    var entries: [Entry] = []
    for tree in project.trees {
      collect(tree.statements, file: tree.file, container: nil, into: &entries)
    }
    return entries
  }

  private static func collect(_ statements: [Statement], file: FileID, container: String?, into entries: inout [Entry])
  {
    for case .block(let block) in statements {
      var next = container
      if case .resourceID(let kind)? = Schema.block(block.kind.text)?.label, let label = block.label {
        entries.append(
          Entry(kind: kind, id: label.text, block: block, label: Location(file, label.range), container: container))
        next = label.text
      }
      collect(block.body, file: file, container: next, into: &entries)
    }
  }
}
