// The checker, run again after an edit. The files whose text changed are bound again (top-level
// statements only); when none of their declarations changed its identity, the last binding is
// patched with them rather than the project's tables built again. A file is checked again only
// when its text changed or when something its last check read of the rest of the project changed:
// the declarations its references resolved to (kind, ID, owning account, a storage account's
// containers, an application's versions), the whole list of a kind when a reference did not
// resolve (its message suggests names), the params it read, and the accounts. What an unchanged
// file's check produced is reused, with its locations in other files moved to where those
// declarations are now.

/// What checking one top-level block produced.
struct BlockCheck {
  /// Where the block was written when it was checked.
  var range: TextRange
  /// Its checked form; nil for a block that is no resource (reported while declarations are bound).
  var instance: BlockInstance?
  /// The diagnostics reported while checking it.
  var diagnostics: [Diagnostic]
  /// The references resolved in it.
  var references: [ResolvedReference]
  /// The autoscale formulas found in it.
  var formulas: [FormulaSource]
  /// What its check read of the rest of the project.
  var dependencies: CheckDependencies
}

/// What checking one file's resources produced.
struct FileCheck {
  /// Its top-level blocks, in statement order.
  private(set) var blocks: [BlockCheck]
  /// What the check of any of its blocks read of the rest of the project, once gathered
  /// (`gatherDependencies()`).
  private var dependencies: CheckDependencies?
  /// Its blocks' references and formulas, in order, and its resources by kind: gathered once, so
  /// that a file an edit did not change adds them to the project in a few copies, not block by
  /// block.
  private(set) var references: [ResolvedReference]
  let formulas: [FormulaSource]
  let resources: CheckedProject.Resources
  /// Whether the file had more `{` than `}` when it was checked: then the parser closes a block
  /// whose `}` is missing at the next header as far left, so the same text of a block can parse
  /// otherwise than it did (`BlockReuse`).
  let bracesUnbalanced: Bool

  init(blocks: [BlockCheck], bracesUnbalanced: Bool) {
    self.blocks = blocks
    self.bracesUnbalanced = bracesUnbalanced
    references = blocks.flatMap(\.references)
    formulas = blocks.flatMap(\.formulas)
    var resources = CheckedProject.Resources()
    for case let instance? in blocks.lazy.map(\.instance) { resources.add(instance) }
    self.resources = resources
  }

  /// What the check of any of its blocks read of the rest of the project: gathered from them when
  /// first asked for, then kept. Only a file that a later edit leaves unchanged needs it; while
  /// one file is edited, gathering it after each edit from each of its hundreds of blocks was of
  /// no use.
  mutating func gatherDependencies() -> CheckDependencies {
    if let dependencies { return dependencies }
    let union = CheckDependencies()
    for block in blocks { union.formUnion(block.dependencies) }
    dependencies = union
    return union
  }
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
    /// Where the param's name is declared: a finding about a value a param gave points there
    /// (`paramNote`), so a block that read the param is checked again when the param moves.
    var location: Location
  }
  var declarations: [DeclarationKey: DeclarationFacts] = [:]
  var idsByKind: [ResourceKind: [String]] = [:]
  var params: [String: ParamFacts] = [:]
  var paramOrder: [String] = []
  var accountIDs: [String] = []
  var paths: [String] = []

  /// What a check may read that differs between `old` and this environment (locations aside:
  /// those are moved): after a binding built again, when every declaration may have changed.
  func changes(since old: CheckEnvironment) -> CheckEnvironment.Changes {
    var changes = Changes()
    // One pass over the new declarations; the old ones are looked at only when some are not
    // among the new (when every new key is an old one and the counts agree, none is).
    var found = 0
    for (key, now) in declarations {
      let then = old.declarations[key]
      if then != nil { found += 1 }
      if !Self.same(now, then) { changes.declarations.insert(key) }
    }
    if found != old.declarations.count {
      for key in old.declarations.keys where declarations[key] == nil { changes.declarations.insert(key) }
    }
    changes.compareIDsAndParams(self, old)
    return changes
  }

  /// Whether a check reads the same of a declaration with `now` as with `then`.
  static func same(_ now: DeclarationFacts?, _ then: DeclarationFacts?) -> Bool {
    now?.id == then?.id && now?.account == then?.account && now?.containers == then?.containers
      && now?.versions == then?.versions
  }

  /// What differs between two environments: `changes(since:)`, or what patching one found.
  struct Changes {
    var declarations: Set<DeclarationKey> = []
    var kinds: Set<ResourceKind> = []
    var params: Set<String> = []
    /// Whether the params, as a list (names in order, types and values), differ.
    var paramList = false

    /// Adds the kinds whose lists of IDs differ between `now` and `then` (lists a patch did not
    /// touch are one array, compared at once) and the params that differ.
    mutating func compareIDsAndParams(_ now: CheckEnvironment, _ then: CheckEnvironment) {
      compareIDsAndParams(now, idsByKind: then.idsByKind, params: then.params, paramOrder: then.paramOrder)
    }

    /// `compareIDsAndParams(_:_:)` with what was then given part by part.
    mutating func compareIDsAndParams(
      _ now: CheckEnvironment, idsByKind: [ResourceKind: [String]], params then: [String: ParamFacts],
      paramOrder: [String]
    ) {
      for kind in ResourceKind.allCases where now.idsByKind[kind] != idsByKind[kind] { kinds.insert(kind) }
      paramList = now.paramOrder != paramOrder || now.params != then
      for name in Set(now.params.keys).union(then.keys) where now.params[name] != then[name] {
        params.insert(name)
      }
    }

    /// Whether a check that read `dependencies` would read the same now. After most edits
    /// nothing it may read changed, and this is a few tests of empty sets.
    func agree(with dependencies: CheckDependencies) -> Bool {
      if !declarations.isEmpty && declarations.contains(where: dependencies.declarations.contains) { return false }
      if !kinds.isEmpty && kinds.contains(where: dependencies.kinds.contains) { return false }
      if dependencies.allParams && paramList { return false }
      if !params.isEmpty && params.contains(where: dependencies.params.contains) { return false }
      return true
    }
  }
}

/// The state an incremental check keeps between runs of one project.
package final class CheckerMemo: @unchecked Sendable {
  fileprivate var files: [SourceFile] = []
  fileprivate var environment: CheckEnvironment?
  fileprivate var fileChecks: [FileCheck] = []
  fileprivate var params: [String: String] = [:]
  /// What binding the project produced in the last check.
  fileprivate var binding: ProjectBinding?
  /// Whether the last check patched the binding before it instead of binding the project again.
  package fileprivate(set) var patchedBinding = false
  /// How many blocks of files checked again the last check took from the one before.
  package fileprivate(set) var reusedBlocks = 0
  /// The top-level blocks of files checked again that the last check took from the one before
  /// (same text, same dependencies): where each is now, and where it was.
  package fileprivate(set) var reusedFrom: [Location: Location] = [:]

  /// An empty memo: the first check is a full one.
  package init() {}

  /// The params (names in order, types and values) the last check bound.
  var paramFacts: [String: CheckEnvironment.ParamFacts]? { environment?.params }
}

extension Checker {
  /// Whether `a` and `b` share no element, looking up each element of the smaller in the larger
  /// (an edit near the top of a file moves every declaration below it, and each other file's
  /// dependencies are compared with them).
  static func disjoint<Element>(_ a: Set<Element>, _ b: Set<Element>) -> Bool {
    a.count <= b.count ? !a.contains(where: b.contains) : !b.contains(where: a.contains)
  }

  /// Checks `project` as `check(_:params:)` does, with the same result, checking again only the
  /// files whose text or dependencies changed since the check `memo` remembers, and in those only
  /// the top-level blocks whose text or dependencies changed; updates `memo`. Returns the result
  /// and the files whose text or dependencies changed.
  /// With `concurrently`, the files checked again are checked at once through it, with the same
  /// result.
  package static func check(
    _ project: Project, params: [String: String] = [:], memo: CheckerMemo,
    concurrently perform: ConcurrentPerform? = nil
  ) -> (result: CheckResult, rechecked: Set<FileID>) {
    let context = CheckerContext(project: project)
    let overrideErrors = context.bindParams(overrides: params)
    // Which files' text is unchanged since the last check, compared once (an edited file's bytes are
    // compared in full).
    let sameText =
      memo.files.count == project.files.count
      ? project.files.indices.map { ByteComparison.equal(memo.files[$0].bytes, project.files[$0].bytes) }
      : [Bool](repeating: false, count: project.files.count)
    // A file whose text is unchanged binds as before (its place in the project too, when no path
    // changed).
    var known: [FileDeclarations?] = []
    if let binding = memo.binding, memo.files.count == project.files.count,
      binding.files.count == project.files.count,
      zip(memo.files, project.files).allSatisfy({ $0.path == $1.path })
    {
      known = project.files.indices.map { sameText[$0] ? binding.files[$0] : nil }
    }
    // The binding moves out of the memo, so that patching it changes its tables in place.
    var previous = memo.binding
    memo.binding = nil
    let (binding, patched) = context.collectDeclarations(known: known, previous: &previous)
    memo.binding = binding
    memo.patchedBinding = patched
    // The environment moves out of the memo too, so that patching it changes its facts in place.
    var old = memo.environment
    memo.environment = nil
    if old?.paths != context.files.map(\.path) || old?.accountIDs != context.accountIDs || memo.params != params
      || memo.files.count != project.files.count
    {
      old = nil
    }
    // The files bound again. When binding only swapped their declarations in, so are the
    // environment's facts; otherwise it is built again.
    let bound = known.isEmpty ? Array(project.files.indices) : known.indices.filter { known[$0] == nil }
    let environment: CheckEnvironment
    var changes = CheckEnvironment.Changes()
    // Whether there is a last check to take from.
    let incremental = old != nil
    // After a patch: the facts it replaced, which are all that can have moved.
    var replaced: [(key: DeclarationKey, facts: CheckEnvironment.DeclarationFacts)] = []
    if patched, var patching = old {
      old = nil
      (changes, replaced) = context.patch(
        &patching, declarations: bound.flatMap { binding.files[$0].declarations }, spliced: binding.spliced)
      environment = patching
    } else {
      environment = context.environment()
      if let old { changes = environment.changes(since: old) }
    }
    // Where each declaration's label was and is now: places in reused checks that point at one move
    // with it. After a patch only the declarations of the files bound again can have moved.
    var labels: [Location: Location] = [:]
    var moved: [Location: Location] = [:]
    var movedKeys: Set<DeclarationKey> = []
    func follow(_ key: DeclarationKey, from facts: CheckEnvironment.DeclarationFacts) {
      guard let now = environment.declarations[key] else { return }
      labels[facts.labelLocation] = now.labelLocation
      if now.labelLocation != facts.labelLocation {
        moved[facts.labelLocation] = now.labelLocation
        movedKeys.insert(key)
      }
    }
    if patched {
      labels.reserveCapacity(replaced.count)
      for (key, facts) in replaced { follow(key, from: facts) }
    } else if let old {
      labels.reserveCapacity(old.declarations.count)
      for (key, facts) in old.declarations { follow(key, from: facts) }
    }
    // Each file keeps its last check (moved) or is checked again, taking what it can of it.
    var kept: [FileCheck?] = []
    var reuses: [BlockReuse?] = []
    kept.reserveCapacity(project.files.count)
    reuses.reserveCapacity(project.files.count)
    var rechecked: Set<FileID> = []
    for (index, tree) in project.trees.enumerated() {
      guard incremental else {
        kept.append(nil)
        reuses.append(nil)
        rechecked.insert(tree.file)
        continue
      }
      if sameText[index], changes.agree(with: memo.fileChecks[index].gatherDependencies()) {
        // Its places at declarations can only be at those its check looked up.
        var check = memo.fileChecks[index]
        if !movedKeys.isEmpty && !Self.disjoint(check.gatherDependencies().declarations, movedKeys) {
          check.move(moved)
        }
        kept.append(check)
        reuses.append(nil)
      } else {
        kept.append(nil)
        reuses.append(
          BlockReuse(
            old: memo.fileChecks[index], oldFile: memo.files[index], tree: tree, changes: changes, labels: labels,
            textChanged: !sameText[index]))
        rechecked.insert(tree.file)
      }
    }
    // Each file checked again is checked on a context of its own: several (opening a project) at
    // once. What each resolved is then known before the project's lists are put together.
    var children: [(context: CheckerContext, check: FileCheck)?] = Array(repeating: nil, count: kept.count)
    let positions = kept.indices.filter { kept[$0] == nil }
    if let perform, positions.count > 1 {
      // Each child only reads the shared bindings and its own file's last check.
      nonisolated(unsafe) let parent = context
      nonisolated(unsafe) let reuses = reuses
      let trees = project.trees
      let checks = concurrentMap(positions.count, through: perform) { index in
        let child = CheckerContext(checkingFilesFor: parent)
        return (context: child, check: child.checkFile(trees[positions[index]], reusing: reuses[positions[index]]))
      }
      for (position, check) in zip(positions, checks) { children[position] = check }
    } else {
      for position in positions {
        let child = CheckerContext(checkingFilesFor: context)
        children[position] = (child, child.checkFile(project.trees[position], reusing: reuses[position]))
      }
    }
    var fileChecks: [FileCheck] = []
    fileChecks.reserveCapacity(project.files.count)
    for index in project.trees.indices {
      if let check = kept[index] {
        for block in check.blocks {
          for diagnostic in block.diagnostics { context.report(diagnostic) }
        }
        context.result.references.append(contentsOf: check.references)
        context.result.formulas.append(contentsOf: check.formulas)
        fileChecks.append(check)
      } else if let child = children[index] {
        // The file's references and formulas in one array each, as a later edit elsewhere
        // takes them, rather than one per block taken from the last check.
        context.absorb(child.context, resolved: false)
        context.result.references.append(contentsOf: child.check.references)
        context.result.formulas.append(contentsOf: child.check.formulas)
        fileChecks.append(child.check)
      }
    }
    assert(fileChecks.count == project.trees.count, "every file is kept or checked again")
    for check in fileChecks { context.result.add(check.resources) }
    var checked = context.result
    checked.diagnostics = Diagnostic.sortedForOutput(project.syntaxDiagnostics + context.diagnostics)
    memo.files = project.files
    memo.environment = environment
    memo.fileChecks = fileChecks
    memo.params = params
    memo.reusedBlocks = context.reusedBlocks
    memo.reusedFrom = context.reusedFrom
    return (CheckResult(project: checked, overrideErrors: overrideErrors), rechecked)
  }
}

/// The blocks of a file's last check that a new check of the file may take instead of checking
/// them again: those whose text is unchanged (wherever it moved) and whose dependencies agree,
/// in a file whose braces balance as they did.
///
/// A block's text alone does not decide its parse: only in a file with more `{` than `}` does the
/// parser close a block whose `}` is missing at the next header as far left, so the same text
/// parses otherwise when the balance flips. The indentation of the line a block starts on lies
/// outside its text, but cannot change its parse either: a header that closed a block opened on
/// that line would also close the block itself there, and so change its text.
struct BlockReuse {
  let old: FileCheck
  let oldFile: SourceFile
  /// What the check may read that changed since the last one.
  let changes: CheckEnvironment.Changes
  /// Where each declaration's label was, and where it is now: after a patched binding, only those
  /// of the files whose text changed.
  let labels: [Location: Location]
  /// Whether the file's text changed: when it did not, nothing in it moved.
  let textChanged: Bool
  /// The old blocks by length, in order; each is taken once.
  private var byLength: [Int: [Int]] = [:]

  /// Nil when the file's braces balance otherwise than at the last check: then no block of it is
  /// sure to parse as it did.
  init?(
    old: FileCheck, oldFile: SourceFile, tree: SyntaxTree, changes: CheckEnvironment.Changes,
    labels: [Location: Location], textChanged: Bool
  ) {
    guard old.bracesUnbalanced == (tree.braceBalance > 0) else { return nil }
    self.old = old
    self.textChanged = textChanged
    self.oldFile = oldFile
    self.changes = changes
    self.labels = labels
    for (index, block) in old.blocks.enumerated() { byLength[block.range.length, default: []].append(index) }
  }

  /// The old check of a block written at `range` of `file`, moved there, and where it was, when its
  /// text is the same and what it read agrees; nil when the block must be checked again.
  mutating func take(_ range: TextRange, in file: SourceFile) -> (BlockCheck, from: TextRange)? {
    guard var candidates = byLength[range.length] else { return nil }
    let found = candidates.firstIndex { candidate in
      ByteComparison.equal(
        file.bytes, from: range.start, oldFile.bytes, from: old.blocks[candidate].range.start, count: range.length)
    }
    guard let found else { return nil }
    let block = old.blocks[candidates.remove(at: found)]
    byLength[range.length] = candidates
    guard changes.agree(with: block.dependencies) else { return nil }
    return block.relocated(from: block.range, to: range.start, in: file.id, labels: labels, textChanged: textChanged)
      .map { ($0, block.range) }
  }
}

extension BlockCheck {
  /// The check of the same text written at `start` instead of `range.start` in `file`: places in
  /// the block move with it, places at declarations' labels move to where those are now; nil
  /// when the file's text changed and a place in it lies outside the block and at no
  /// declaration's label.
  func relocated(
    from range: TextRange, to start: Int, in file: FileID, labels: [Location: Location], textChanged: Bool
  ) -> BlockCheck? {
    let delta = start - range.start
    var refused = false
    func relocate(_ location: Location) -> Location {
      if location.file == file && location.range.start >= range.start && location.range.end <= range.end {
        return delta == 0 ? location : Location(file, location.range.shifted(by: delta))
      }
      if let now = labels[location] { return now }
      if location.file == file && textChanged { refused = true }
      return location
    }
    var result = self
    result.range = TextRange(start, start + range.length)
    if delta != 0, let instance {
      // Every place of a checked block is in its text, so moving them all is the usual case.
      result.instance = instance.shifted(by: delta, within: range, in: file) ?? instance.relocated(relocate)
    }
    for index in result.diagnostics.indices {
      result.diagnostics[index] = result.diagnostics[index].relocated(relocate)
    }
    for index in result.references.indices {
      result.references[index].location = relocate(result.references[index].location)
      result.references[index].target = relocate(result.references[index].target)
    }
    if delta != 0 {
      for index in result.formulas.indices {
        result.formulas[index].value = relocate(result.formulas[index].value)
        result.formulas[index].map = result.formulas[index].map.shifted(by: delta)
      }
    }
    return refused ? nil : result
  }
}

extension Diagnostic {
  /// The diagnostic with its place, its notes' and its fix-its' places mapped by `relocate`.
  func relocated(_ relocate: (Location) -> Location) -> Diagnostic {
    var result = self
    result.location = relocate(location)
    for index in result.notes.indices {
      if let place = result.notes[index].location { result.notes[index].location = relocate(place) }
    }
    for fix in result.fixIts.indices {
      for edit in result.fixIts[fix].edits.indices {
        let place = Location(result.fixIts[fix].edits[edit].file, result.fixIts[fix].edits[edit].range)
        result.fixIts[fix].edits[edit].range = relocate(place).range
      }
    }
    return result
  }
}

extension CheckerContext {
  /// Checks the resources of one file, recording what each block reads of the rest of the
  /// project; what it reports and resolves also goes into the result. With `reuse`, a block whose
  /// text and dependencies are unchanged takes its last check, moved to where it is now.
  func checkFile(_ tree: SyntaxTree, reusing reuse: BlockReuse? = nil) -> FileCheck {
    var reuse = reuse
    let file = files[tree.file.rawValue]
    var blocks: [BlockCheck] = []
    if reuse != nil { reusedFrom.reserveCapacity(reusedFrom.count + tree.statementCount) }
    for index in 0..<tree.statementCount {
      // As parsed, with how far it moved: a block whose last check is taken is not moved itself.
      guard case (.block(let parsed), let shift) = tree.statement(index),
        Schema.topLevelKinds.contains(parsed.kind.text), let schema = Schema.block(parsed.kind.text)
      else { continue }
      let range = parsed.range.shifted(by: shift)
      if let (taken, before) = reuse?.take(range, in: file) {
        reusedBlocks += 1
        reusedFrom[Location(tree.file, range)] = Location(tree.file, before)
        for diagnostic in taken.diagnostics { report(diagnostic) }
        result.references.append(contentsOf: taken.references)
        result.formulas.append(contentsOf: taken.formulas)
        blocks.append(taken)
        continue
      }
      let diagnosticsStart = diagnostics.count
      let referencesStart = result.references.count
      let formulasStart = result.formulas.count
      let recorder = CheckDependencies()
      dependencies = recorder
      let block = parsed.shifted(by: shift)
      let instance = checkBlock(block, schema, file: tree.file, scope: Scope(), label: block.label?.text)
      dependencies = nil
      blocks.append(
        BlockCheck(
          range: block.range, instance: instance, diagnostics: Array(diagnostics[diagnosticsStart...]),
          references: result.references.suffix(from: referencesStart),
          formulas: result.formulas.suffix(from: formulasStart), dependencies: recorder))
    }
    return FileCheck(blocks: blocks, bracesUnbalanced: tree.braceBalance > 0)
  }

  /// What the files' checks may read of the project, after `bindParams` and `collectDeclarations`.
  func environment() -> CheckEnvironment {
    var environment = CheckEnvironment()
    environment.declarations.reserveCapacity(declarations.count)
    for declaration in declarations {
      environment.idsByKind[declaration.kind, default: []].append(declaration.id)
      let key = DeclarationKey(kind: declaration.kind, key: declaration.key)
      guard let entry = symbols[declaration.kind, key.key], entry === declaration else { continue }
      environment.declarations[key] = facts(of: declaration)
    }
    environment.accountIDs = accountIDs
    environment.paths = files.map(\.path)
    recordParams(in: &environment)
    return environment
  }

  /// Makes `environment`, that of the last check, what `environment()` would build now: with the
  /// facts of `declarations` (those of the files bound again: `ProjectBinding.patch`), without
  /// those of the declarations `spliced` removed, with the IDs of the kinds it added to or removed
  /// from listed again, and with the params taken from this check. Returns what differs from the
  /// last check's environment, found while patching (only those declarations can have changed),
  /// and the facts it replaced.
  ///
  /// In place: the caller holds the only reference to the last environment, so its table of a
  /// project's declarations is changed where it is rather than copied whole on every edit.
  func patch(
    _ environment: inout CheckEnvironment, declarations: [Declaration],
    spliced: (added: [Declaration], removed: [Declaration]) = ([], [])
  ) -> (changes: CheckEnvironment.Changes, replaced: [(key: DeclarationKey, facts: CheckEnvironment.DeclarationFacts)])
  {
    var changes = CheckEnvironment.Changes()
    var replaced: [(key: DeclarationKey, facts: CheckEnvironment.DeclarationFacts)] = []
    replaced.reserveCapacity(declarations.count)
    for declaration in spliced.removed {
      let key = DeclarationKey(kind: declaration.kind, key: declaration.key)
      environment.declarations[key] = nil
      changes.declarations.insert(key)
    }
    for declaration in declarations {
      let key = DeclarationKey(kind: declaration.kind, key: declaration.key)
      guard let entry = symbols[declaration.kind, key.key], entry === declaration else { continue }
      let facts = facts(of: declaration)
      let before = environment.declarations.updateValue(facts, forKey: key)
      if !CheckEnvironment.same(facts, before) { changes.declarations.insert(key) }
      if let before { replaced.append((key, before)) }
    }
    let (idsBefore, paramsBefore, orderBefore) = (environment.idsByKind, environment.params, environment.paramOrder)
    for kind in Set((spliced.added + spliced.removed).map(\.kind)) {
      let ids = self.declarations.filter { $0.kind == kind }.map(\.id)
      environment.idsByKind[kind] = ids.isEmpty ? nil : ids
    }
    environment.params = [:]
    recordParams(in: &environment)
    changes.compareIDsAndParams(environment, idsByKind: idsBefore, params: paramsBefore, paramOrder: orderBefore)
    return (changes, replaced)
  }

  private func facts(of declaration: Declaration) -> CheckEnvironment.DeclarationFacts {
    CheckEnvironment.DeclarationFacts(
      id: declaration.id, account: declaration.account, containers: declaration.containers,
      versions: declaration.versions,
      labelLocation: declaration.labelLocation)
  }

  private func recordParams(in environment: inout CheckEnvironment) {
    for (name, entry) in params {
      environment.params[name] = CheckEnvironment.ParamFacts(
        type: entry.type?.rawValue, value: entry.value, location: Location(entry.file, entry.declaration.name.range))
    }
    environment.paramOrder = paramOrder
  }
}

extension FileCheck {
  /// Moves every place of `moved` (declarations that moved) to where it is now.
  mutating func move(_ moved: [Location: Location]) {
    for index in references.indices {
      if let new = moved[references[index].target] { references[index].target = new }
    }
    for index in blocks.indices {
      for reference in blocks[index].references.indices {
        if let new = moved[blocks[index].references[reference].target] {
          blocks[index].references[reference].target = new
        }
      }
      for diagnostic in blocks[index].diagnostics.indices
      where blocks[index].diagnostics[diagnostic].notes.contains(where: { $0.location != nil }) {
        blocks[index].diagnostics[diagnostic] = blocks[index].diagnostics[diagnostic].relocated { moved[$0] ?? $0 }
      }
    }
  }
}

extension CheckDependencies {
  /// Adds what `other` read.
  func formUnion(_ other: CheckDependencies) {
    declarations.formUnion(other.declarations)
    kinds.formUnion(other.kinds)
    params.formUnion(other.params)
    allParams = allParams || other.allParams
  }
}
