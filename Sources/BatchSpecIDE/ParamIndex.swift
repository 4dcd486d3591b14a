// Where each param is declared and used, read from syntax: for definition, references and rename.

internal import BatchSpecCore

/// The params of a project, their declarations and their uses.
struct ParamIndex {
  /// Each param's declared name, by name (the first declaration wins).
  private(set) var declarations: [String: Location] = [:]
  /// Every bare name that names a param: in values, defaults, sweeps and `${...}`, with the sweep
  /// variables in scope there.
  private(set) var uses: [(name: String, location: Location, sweepVariables: Set<String>)] = []

  /// Indexes `project`; names that the checker resolved as resources are not param uses.
  init(_ project: ProjectSnapshot) {
    for tree in project.trees {
      for param in tree.params where declarations[param.name.text] == nil {
        declarations[param.name.text] = Location(tree.file, param.name.range)
      }
    }
    guard !declarations.isEmpty else { return }
    var resolved: Set<Location> = []
    for reference in project.checked.references { resolved.insert(reference.location) }
    for tree in project.trees {
      visit(tree.statements, tree.file, resolved, shadowed: [])
    }
  }

  /// The declaration of the param at `location`, when it is a declaration or a use.
  func target(at offset: Int, in file: FileID) -> Location? {
    for (_, location) in declarations where location.file == file && location.range.contains(offset) {
      return location
    }
    for use in uses where use.location.file == file && use.location.range.contains(offset) {
      return declarations[use.name]
    }
    return nil
  }

  /// The uses of the param declared at `declaration`.
  func uses(of declaration: Location) -> [Location] {
    guard let name = declarations.first(where: { $0.value == declaration })?.key else { return [] }
    return uses.filter { $0.name == name }.map(\.location)
  }

  /// Whether a sweep variable named `name` is in scope where the param declared at `declaration`
  /// is used: renamed to `name`, that use would name the variable instead.
  func isHidden(_ declaration: Location, by name: String) -> Bool {
    guard let param = declarations.first(where: { $0.value == declaration })?.key else { return false }
    return uses.contains { $0.name == param && $0.sweepVariables.contains(name) }
  }

  private mutating func visit(
    _ statements: [Statement], _ file: FileID, _ resolved: Set<Location>, shadowed: Set<String>
  ) {
    for statement in statements {
      switch statement {
      case .attribute(let attribute): visit(attribute.value, file, resolved, shadowed)
      case .param(let param): if let value = param.defaultValue { visit(value, file, resolved, shadowed) }
      case .block(let block):
        var inner = shadowed
        if let sweep = block.sweep {
          visit(sweep.values, file, resolved, shadowed)
          inner.insert(sweep.variable.text)
        }
        visit(block.body, file, resolved, shadowed: inner)
      }
    }
  }

  private mutating func visit(_ expression: Expr, _ file: FileID, _ resolved: Set<Location>, _ shadowed: Set<String>) {
    switch expression {
    case .name(let name):
      let location = Location(file, name.range)
      if declarations[name.text] != nil, !shadowed.contains(name.text), !resolved.contains(location) {
        uses.append((name.text, location, shadowed))
      }
    case .string(let literal):
      for case .interpolation(let inner, _) in literal.parts { visit(inner, file, resolved, shadowed) }
    case .list(let items, _): for item in items { visit(item, file, resolved, shadowed) }
    case .map(let entries, _): for entry in entries { visit(entry.value, file, resolved, shadowed) }
    case .member(let base, _, _): visit(base, file, resolved, shadowed)
    case .index(let base, let index, _):
      visit(base, file, resolved, shadowed)
      visit(index, file, resolved, shadowed)
    case .call(_, let arguments, _): for argument in arguments { visit(argument, file, resolved, shadowed) }
    case .range(let lower, let upper, let step, _):
      visit(lower, file, resolved, shadowed)
      visit(upper, file, resolved, shadowed)
      if let step { visit(step, file, resolved, shadowed) }
    default: break
    }
  }
}
