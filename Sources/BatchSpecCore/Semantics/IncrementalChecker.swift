// The checker, run again after an edit. The declarations and params of every file are bound again
// (cheap: top-level statements only); a file is checked again only when its text changed or when
// something its last check read of the rest of the project changed: the declarations its references
// resolved to (kind, ID, owning account, a storage account's containers, an application's
// versions), the whole list of a kind when a reference did not resolve (its message suggests
// names), the params it read, and the accounts. What an unchanged file's check produced is reused,
// with its locations in other files moved to where those declarations are now.

/// What checking one file's resources produced.
struct FileCheck {
  /// The file's top-level resources, in statement order.
  var instances: [BlockInstance]
  /// The diagnostics reported while checking them.
  var diagnostics: [Diagnostic]
  /// The references resolved in them.
  var references: [ResolvedReference]
  /// The autoscale formulas found in them.
  var formulas: [FormulaSource]
  /// What the check read of the rest of the project.
  var dependencies: CheckDependencies
}

/// A declaration's identity: its kind and lowercased ID.
struct DeclarationKey: Hashable {
  var kind: ResourceKind
  var key: String
}

/// What one file's check read of the rest of the project.
final class CheckDependencies {
  /// Declarations looked up by kind and key (found or not).
  var declarations: Set<DeclarationKey> = []
  /// Kinds whose whole list was read (a reference that did not resolve).
  var kinds: Set<ResourceKind> = []
  /// Params looked up by name.
  var params: Set<String> = []
  /// Whether the list of every param was read (a name that is none).
  var allParams = false
}

/// What the files' checks may read of the project, after binding: each declaration that resolves
/// (the first of its kind and key), the IDs of each kind in order, the params and the accounts.
struct CheckEnvironment {
  struct DeclarationFacts: Equatable {
    var id: String
    var account: String?
    var containers: [String]?
    var versions: [String]?
    var labelLocation: Location
  }
  struct ParamFacts: Equatable {
    var type: String?
    var value: Value?
  }
  var declarations: [DeclarationKey: DeclarationFacts] = [:]
  var idsByKind: [ResourceKind: [String]] = [:]
  var params: [String: ParamFacts] = [:]
  var paramOrder: [String] = []
  var accountIDs: [String] = []
  var paths: [String] = []

  /// Whether a file whose last check read `dependencies` in `old` would read the same now
  /// (locations aside: those are moved).
  func agrees(with old: CheckEnvironment, on dependencies: CheckDependencies) -> Bool {
    for key in dependencies.declarations {
      let now = declarations[key]
      let then = old.declarations[key]
      if now?.id != then?.id || now?.account != then?.account || now?.containers != then?.containers
        || now?.versions != then?.versions
      {
        return false
      }
    }
    for kind in dependencies.kinds where idsByKind[kind] != old.idsByKind[kind] { return false }
    if dependencies.allParams && (paramOrder != old.paramOrder || params != old.params) { return false }
    for name in dependencies.params where params[name] != old.params[name] { return false }
    return true
  }
}

/// The state an incremental check keeps between runs of one project.
package final class CheckerMemo: @unchecked Sendable {
  fileprivate var files: [SourceFile] = []
  fileprivate var environment: CheckEnvironment?
  fileprivate var fileChecks: [FileCheck] = []
  fileprivate var params: [String: String] = [:]

  /// An empty memo: the first check is a full one.
  package init() {}

  /// The params (names in order, types and values) the last check bound.
  var paramFacts: [String: CheckEnvironment.ParamFacts]? { environment?.params }
}

extension Checker {
  /// Checks `project` as `check(_:params:)` does, with the same result, checking again only the
  /// files whose text or dependencies changed since the check `memo` remembers; updates `memo`.
  /// Returns the result and the files checked again.
  package static func check(
    _ project: Project, params: [String: String] = [:], memo: CheckerMemo
  ) -> (result: CheckResult, rechecked: Set<FileID>) {
    let context = CheckerContext(project: project)
    let overrideErrors = context.bindParams(overrides: params)
    context.collectDeclarations()
    let environment = context.environment()
    var old = memo.environment
    if old?.paths != environment.paths || old?.accountIDs != environment.accountIDs || memo.params != params
      || memo.files.count != project.files.count
    {
      old = nil
    }
    var reused: [Bool] = []
    var fileChecks: [FileCheck] = []
    fileChecks.reserveCapacity(project.files.count)
    for (index, tree) in project.trees.enumerated() {
      if let old, memo.files[index].bytes == project.files[index].bytes,
        environment.agrees(with: old, on: memo.fileChecks[index].dependencies)
      {
        fileChecks.append(memo.fileChecks[index])
        reused.append(true)
      } else {
        fileChecks.append(context.checkFile(tree))
        reused.append(false)
      }
    }
    if let old {
      // Declarations may have moved: so do the places in reused files that point at them.
      var moved: [Location: Location] = [:]
      for (key, facts) in old.declarations {
        if let now = environment.declarations[key], now.labelLocation != facts.labelLocation {
          moved[facts.labelLocation] = now.labelLocation
        }
      }
      if !moved.isEmpty {
        for index in fileChecks.indices where reused[index] { fileChecks[index].move(moved) }
      }
    }
    for (index, check) in fileChecks.enumerated() where reused[index] {
      for diagnostic in check.diagnostics { context.report(diagnostic) }
    }
    context.result.references = fileChecks.flatMap(\.references)
    context.result.formulas = fileChecks.flatMap(\.formulas)
    for check in fileChecks {
      for instance in check.instances { context.result.add(instance) }
    }
    var checked = context.result
    checked.diagnostics = Diagnostic.sortedForOutput(project.syntaxDiagnostics + context.diagnostics)
    memo.files = project.files
    memo.environment = environment
    memo.fileChecks = fileChecks
    memo.params = params
    let rechecked = Set(reused.indices.filter { !reused[$0] }.map(FileID.init))
    return (CheckResult(project: checked, overrideErrors: overrideErrors), rechecked)
  }
}

extension CheckerContext {
  /// Checks the resources of one file, recording what it reads of the rest of the project; what it
  /// reports and resolves also goes into the result.
  func checkFile(_ tree: SyntaxTree) -> FileCheck {
    let diagnosticsStart = diagnostics.count
    let referencesStart = result.references.count
    let formulasStart = result.formulas.count
    let recorder = CheckDependencies()
    dependencies = recorder
    defer { dependencies = nil }
    var instances: [BlockInstance] = []
    for case .block(let block) in tree.statements {
      guard Schema.topLevelKinds.contains(block.kind.text), let schema = Schema.block(block.kind.text) else {
        continue
      }
      instances.append(checkBlock(block, schema, file: tree.file, scope: Scope(), label: block.label?.text))
    }
    return FileCheck(
      instances: instances, diagnostics: Array(diagnostics[diagnosticsStart...]),
      references: Array(result.references[referencesStart...]), formulas: Array(result.formulas[formulasStart...]),
      dependencies: recorder)
  }

  /// What the files' checks may read of the project, after `bindParams` and `collectDeclarations`.
  func environment() -> CheckEnvironment {
    var environment = CheckEnvironment()
    for declaration in declarations {
      environment.idsByKind[declaration.kind, default: []].append(declaration.id)
      let key = DeclarationKey(kind: declaration.kind, key: declaration.id.lowercasedKey)
      guard let entry = symbols[declaration.kind, key.key], entry === declaration else { continue }
      environment.declarations[key] = CheckEnvironment.DeclarationFacts(
        id: declaration.id, account: declaration.account, containers: declaration.containers,
        versions: declaration.kind == .application
          ? literalStrings(declaration.block, Schema.Application.versions) : nil,
        labelLocation: declaration.labelLocation)
    }
    for (name, entry) in params {
      environment.params[name] = CheckEnvironment.ParamFacts(type: entry.type?.rawValue, value: entry.value)
    }
    environment.paramOrder = paramOrder
    environment.accountIDs = accountIDs
    environment.paths = files.map(\.path)
    return environment
  }
}

extension FileCheck {
  /// Moves every location of `moved` (declarations that moved) to where it is now.
  mutating func move(_ moved: [Location: Location]) {
    for index in references.indices {
      if let new = moved[references[index].target] { references[index].target = new }
    }
    for index in diagnostics.indices where diagnostics[index].notes.contains(where: { $0.location != nil }) {
      for note in diagnostics[index].notes.indices {
        if let location = diagnostics[index].notes[note].location, let new = moved[location] {
          diagnostics[index].notes[note].location = new
        }
      }
    }
  }
}
