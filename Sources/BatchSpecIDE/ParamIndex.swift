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
    var found: [(name: String, location: Location, sweepVariables: Set<String>)] = []
    for tree in project.trees {
      ExpressionWalk.forEach(in: tree.statements) { [declarations] expression, shadowed in
        guard case .name(let name) = expression else { return }
        let location = Location(tree.file, name.range)
        if declarations[name.text] != nil, !shadowed.contains(name.text), !resolved.contains(location) {
          found.append((name.text, location, shadowed))
        }
      }
    }
    uses = found
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
}
