// Symbols without a resource ID of their own, found from syntax: a sweep's variable (declared in
// its header, used in its body) and a storage account's container (declared in its `containers`
// list, used as `storage.container`). Navigation and hover read them; rename does not.

internal import BatchSpecCore

/// A sweep variable or a storage container, with where it is declared.
enum LocalSymbol {
  /// The variable of the sweep `block` in `file`; it is declared where the header names it.
  case sweepVariable(Block, file: FileID)
  /// The container `name` of the storage account `storage`, declared by a string of its list.
  case container(name: String, storage: Declarations.Entry, declaration: Location)

  /// Where the symbol is declared.
  var declaration: Location {
    switch self {
    case .sweepVariable(let block, let file): Location(file, block.sweep?.variable.range ?? block.kind.range)
    case .container(_, _, let declaration): declaration
    }
  }

  /// The symbol written at `offset` of `file`: a sweep variable or its use, a container of a
  /// storage account's list or its use.
  static func at(_ offset: Int, in file: FileID, of project: ProjectSnapshot) -> LocalSymbol? {
    let cursor = SyntaxCursor(tree: project.tree(file), offset: offset)
    if let (name, role) = cursor.name {
      switch role {
      case .value, .other:
        if case .member(let base, let member, _)? = cursor.expressions.last, member.range == name.range {
          return container(member.text, of: base, file: file, in: project)
        }
        // The innermost sweep naming it, unless the name is in that sweep's own values.
        let sweep = cursor.blocks.last {
          $0.sweep.map { $0.variable.text == name.text && !$0.values.range.contains(offset) } ?? false
        }
        guard let sweep else { return nil }
        if case .value = role, project.checked.references.contains(where: { $0.location == Location(file, name.range) })
        {
          return nil
        }
        if case .other = role, sweep.sweep?.variable.range != name.range { return nil }
        return .sweepVariable(sweep, file: file)
      default: return nil
      }
    }
    // A string of a storage account's `containers` list.
    guard let block = cursor.block, block.kind.text == Schema.Storage.schema.kind,
      cursor.attribute?.name.text == Schema.Storage.containers.name,
      case .string(let literal)? = cursor.expressions.last, let name = literal.constantText,
      let storage = Declarations.all(in: project).first(where: {
        $0.block.range == block.range && $0.label.file == file
      })
    else { return nil }
    return .container(name: name, storage: storage, declaration: Location(file, literal.range))
  }

  /// The container `name` of the storage account `base` names, if its list holds it.
  private static func container(_ name: String, of base: Expr, file: FileID, in project: ProjectSnapshot)
    -> LocalSymbol?
  {
    guard case .name(let storageName) = base,
      let target = project.checked.references.first(where: { $0.location == Location(file, storageName.range) })?
        .target,
      let storage = Declarations.all(in: project).first(where: { $0.label == target && $0.kind == .storage }),
      let declaration = containerDeclaration(name, in: storage)
    else { return nil }
    return .container(name: name, storage: storage, declaration: declaration)
  }

  /// The string naming `name` in the `containers` list of `storage`.
  private static func containerDeclaration(_ name: String, in storage: Declarations.Entry) -> Location? {
    for case .attribute(let attribute) in storage.block.body where attribute.name.text == Schema.Storage.containers.name
    {
      guard case .list(let items, _) = attribute.value else { return nil }
      for case .string(let literal) in items where literal.constantText == name {
        return Location(storage.label.file, literal.range)
      }
    }
    return nil
  }

  /// The symbol declared at `location`, if it is a sweep variable or a listed container.
  static func declared(at location: Location, in project: ProjectSnapshot) -> LocalSymbol? {
    at(location.range.start, in: location.file, of: project).flatMap { $0.declaration == location ? $0 : nil }
  }

  /// Every use of the symbol, in source order within each file.
  func uses(in project: ProjectSnapshot) -> [Location] {
    var found: [Location] = []
    let resolved = Set(project.checked.references.map(\.location))
    switch self {
    case .sweepVariable(let block, let file):
      guard let variable = block.sweep?.variable.text else { return [] }
      ExpressionWalk.forEach(in: block.body) { expression, shadowed in
        guard case .name(let name) = expression, name.text == variable, !shadowed.contains(variable) else { return }
        let location = Location(file, name.range)
        if !resolved.contains(location) { found.append(location) }
      }
    case .container(let name, let storage, _):
      let targets = Dictionary(
        project.checked.references.map { ($0.location, $0.target) }, uniquingKeysWith: { first, _ in first })
      for tree in project.trees {
        ExpressionWalk.forEach(in: tree.statements) { expression, _ in
          guard case .member(.name(let base), let member, _) = expression, member.text == name,
            targets[Location(tree.file, base.range)] == storage.label
          else { return }
          found.append(Location(tree.file, member.range))
        }
      }
    }
    return found
  }
}
