// Symbols without a resource ID of their own, found from syntax: a sweep's variable (declared in
// its header, used in its body), and what a list declares and other values select from it: a
// storage account's containers (`storage.container`), an application's versions
// (`app["1.2"]`) and the members of a sweep whose values are a list (`align["NA12878"]`).
// Navigation and hover read them; rename does not.

internal import BatchSpecCore

/// A sweep variable or a listed name, with where it is declared.
enum LocalSymbol {
  /// The variable of the sweep `block` in `file`; it is declared where the header names it.
  case sweepVariable(Block, file: FileID)
  /// A name a list of a resource declares.
  case listed(ListedName)

  /// Where the symbol is declared.
  var declaration: Location {
    switch self {
    case .sweepVariable(let block, let file): Location(file, block.sweep?.variable.range ?? block.kind.range)
    case .listed(let listed): listed.declaration
    }
  }

  /// The symbol written at `offset` of `file`: a sweep variable or its use, a listed name or its use.
  static func at(_ offset: Int, in file: FileID, of project: ProjectSnapshot) -> LocalSymbol? {
    let cursor = SyntaxCursor(tree: project.tree(file), offset: offset)
    if let listed = ListedName.at(offset, cursor: cursor, in: file, of: project) { return .listed(listed) }
    guard let (name, role) = cursor.name else { return nil }
    switch role {
    case .value, .other:
      // The innermost sweep naming it, unless the name is in that sweep's own values.
      let sweep = cursor.blocks.last {
        $0.sweep.map { $0.variable.text == name.text && !$0.values.range.contains(offset) } ?? false
      }
      guard let sweep else { return nil }
      if case .value = role, project.checked.references.contains(where: { $0.location == Location(file, name.range) }) {
        return nil
      }
      if case .other = role, sweep.sweep?.variable.range != name.range { return nil }
      return .sweepVariable(sweep, file: file)
    default: return nil
    }
  }

  /// The symbol declared at `location`, if it is a sweep variable or a listed name.
  static func declared(at location: Location, in project: ProjectSnapshot) -> LocalSymbol? {
    at(location.range.start, in: location.file, of: project).flatMap { $0.declaration == location ? $0 : nil }
  }

  /// Every use of the symbol.
  func uses(in project: ProjectSnapshot) -> [Location] {
    switch self {
    case .sweepVariable(let block, let file):
      guard let variable = block.sweep?.variable.text else { return [] }
      let resolved = Set(project.checked.references.map(\.location))
      var found: [Location] = []
      ExpressionWalk.forEach(in: block.body) { expression, shadowed in
        guard case .name(let name) = expression, name.text == variable, !shadowed.contains(variable) else { return }
        let location = Location(file, name.range)
        if !resolved.contains(location) { found.append(location) }
      }
      return found
    case .listed(let listed):
      return listed.uses(in: project)
    }
  }
}

/// A name a resource's list declares, and the resource: a container of a storage account, a
/// version of an application, a member of a sweep (whose values are then a list).
struct ListedName {
  /// What the list holds.
  enum Kind {
    case container, version, member

    /// How a use selects the name from the resource: `.` for a container, `[...]` otherwise.
    var isMember: Bool { self == .container }
  }

  var kind: Kind
  /// The name, as written in the list without quotes.
  var name: String
  /// The resource whose list it is.
  var owner: Declarations.Entry
  /// The list item.
  var declaration: Location
  /// Where it was found: the list item, the member after `storage.` or the index.
  var site: TextRange

  /// The listed name written at the cursor: an item of the list, or a use that selects it.
  static func at(_ offset: Int, cursor: SyntaxCursor, in file: FileID, of project: ProjectSnapshot) -> ListedName? {
    let expressions = cursor.expressions
    // A use: `storage.container` (on the container) or `base[item]` (on the item).
    if case .member(.name(let base), let member, _)? = expressions.last, member.range.contains(offset) {
      return resolve(.container, member.text, base: base, site: member.range, file: file, in: project)
    }
    if expressions.count >= 2, case .index(.name(let base), let index, _) = expressions[expressions.count - 2],
      index.range.contains(offset), let name = literalText(index)
    {
      return resolve(nil, name, base: base, site: index.range, file: file, in: project)
    }
    // A declaration: an item of a storage's `containers`, an application's `versions`, a sweep's values.
    guard expressions.count >= 2, case .list = expressions[expressions.count - 2], let item = expressions.last,
      let name = literalText(item), let block = cursor.block,
      let owner = Declarations.all(in: project).first(where: { $0.block.range == block.range && $0.label.file == file })
    else { return nil }
    let listed = ListedName(
      kind: .container, name: name, owner: owner, declaration: Location(file, item.range), site: item.range)
    if let sweep = block.sweep, sweep.values.range.contains(offset) {
      return listed.with(kind: .member)
    }
    switch (owner.kind, cursor.attribute?.name.text) {
    case (.storage, Schema.Storage.containers.name?): return listed
    case (.application, Schema.Application.versions.name?): return listed.with(kind: .version)
    default: return nil
    }
  }

  private func with(kind: Kind) -> ListedName {
    var copy = self
    copy.kind = kind
    return copy
  }

  /// The name `name` selected from what `base` names (a `kind` of it, or any that fits).
  private static func resolve(
    _ kind: Kind?, _ name: String, base: Name, site: TextRange, file: FileID, in project: ProjectSnapshot
  ) -> ListedName? {
    guard
      let target = project.checked.references.first(where: { $0.location == Location(file, base.range) })?.target,
      let owner = Declarations.all(in: project).first(where: { $0.label == target })
    else { return nil }
    let items: [Expr]
    let found: Kind
    switch owner.kind {
    case .storage where kind == .container:
      (items, found) = (listItems(Schema.Storage.containers.name, of: owner.block), .container)
    case .application where kind == nil:
      (items, found) = (listItems(Schema.Application.versions.name, of: owner.block), .version)
    case .task where kind == nil:
      guard case .list(let values, _)? = owner.block.sweep?.values else { return nil }
      (items, found) = (values, .member)
    default: return nil
    }
    guard let item = items.first(where: { literalText($0) == name }) else { return nil }
    return ListedName(
      kind: found, name: name, owner: owner, declaration: Location(owner.label.file, item.range), site: site)
  }

  /// The items of the list attribute `name` of `block`.
  private static func listItems(_ name: String, of block: Block) -> [Expr] {
    for case .attribute(let attribute) in block.body where attribute.name.text == name {
      if case .list(let items, _) = attribute.value { return items }
    }
    return []
  }

  /// A string's text or an integer's digits: what a list item and a selector are compared by.
  private static func literalText(_ expression: Expr) -> String? {
    switch expression {
    case .string(let literal): literal.constantText
    case .integer(let value, _): String(value)
    default: nil
    }
  }

  /// Every place that selects the name from its resource: the member after `storage.`, the
  /// index of `app[...]` or `sweep[...]`.
  func uses(in project: ProjectSnapshot) -> [Location] {
    let targets = Dictionary(
      project.checked.references.map { ($0.location, $0.target) }, uniquingKeysWith: { first, _ in first })
    var found: [Location] = []
    for tree in project.trees {
      ExpressionWalk.forEach(in: tree.statements) { expression, _ in
        switch expression {
        case .member(.name(let base), let member, _) where kind.isMember && member.text == name:
          if targets[Location(tree.file, base.range)] == owner.label { found.append(Location(tree.file, member.range)) }
        case .index(.name(let base), let index, _) where !kind.isMember && Self.literalText(index) == name:
          if targets[Location(tree.file, base.range)] == owner.label { found.append(Location(tree.file, index.range)) }
        default: break
        }
      }
    }
    return found
  }

  /// Hover's Markdown: the resource, what the name is of it, and where its list holds it.
  func describe(in project: ProjectSnapshot) -> String {
    let source = project.project.file(declaration.file)
    let line = source.lines.position(of: declaration.range.start, encoding: .utf8).line + 1
    let (what, of): (String, String)
    switch kind {
    case .container: (what, of) = ("Container `\(name)`", "storage account `\(owner.id)`")
    case .version: (what, of) = ("Version `\(name)`", "application `\(owner.id)`")
    case .member: (what, of) = ("Member `\(name)`", "sweep `\(owner.id)`")
    }
    return
      "```batch\n\(owner.block.kind.text) \(owner.id)\n```\n\n\(what) of \(of), listed in `\(Analysis.fileName(source.path))` line \(line)."
  }
}
