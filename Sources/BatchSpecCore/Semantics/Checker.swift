// The type checker: binds a project's declarations, checks every block against the schema,
// evaluates values (params, sweeps, interpolations), resolves references and reports problems.

/// The result of checking: the checked project, and problems with `--param` overrides.
package struct CheckResult: Sendable {
  /// The checked project, with every syntax and type diagnostic.
  package var project: CheckedProject
  /// Usage errors in the overrides (unknown param, value of the wrong type).
  package var overrideErrors: [ParamOverrideError]
}

/// A param value given from outside the spec (`--param name=value`, the editor's `params`
/// setting) that the check could not use: the project declares no such param, or the value is
/// not of its type. The default is used instead.
package struct ParamOverrideError: Sendable, Equatable {
  /// No param of the project has the name (rather than: the value is not of its type).
  package var isUnknownParam: Bool
  package var name: String
  /// What follows where the value came from in the message.
  fileprivate(set) var detail: String

  /// The error as a sentence, naming where the value came from (`--param`).
  package func message(from source: String) -> String {
    isUnknownParam ? "unknown param `\(name)` in \(source)\(detail)" : "\(source) \(detail)"
  }

  /// The errors to report when the same values were given to several projects (a directory of
  /// projects, an editor's workspace): every value of the wrong type, and every param that no
  /// project declares (one that some project declares is that project's). Each once.
  package static func reported(_ perProject: [[ParamOverrideError]]) -> [ParamOverrideError] {
    var reported: [ParamOverrideError] = []
    for errors in perProject {
      for error in errors where !error.isUnknownParam && !reported.contains(error) { reported.append(error) }
    }
    for error in perProject.first ?? [] where error.isUnknownParam {
      if perProject.allSatisfy({ $0.contains { $0.isUnknownParam && $0.name == error.name } }) {
        reported.append(error)
      }
    }
    return reported
  }
}

/// Type-checks projects.
package enum Checker {
  /// Checks `project`, with `params` overriding param defaults (`--param name=value`); with
  /// `concurrently`, checks its files at once through it, with the same result. Without
  /// `keepingReferences`, the result lists no resolved references (see `CheckerContext`).
  ///
  /// With `syntax`, the trees `project.takeSyntax()` took out, the check reads them rather than
  /// the project's, and lets each file's go once the file is checked (the result's project keeps
  /// the comments and diagnostics): `batchspec check` of a large project never holds all of its
  /// syntax beside all of its checked blocks.
  package static func check(
    _ project: Project, syntax: consuming [SyntaxTree]? = nil, params: [String: String] = [:],
    keepingReferences: Bool = true, concurrently perform: ConcurrentPerform? = nil
  ) -> CheckResult {
    let context = CheckerContext(project: project, trees: consume syntax)
    context.recordsReferences = keepingReferences
    let overrideErrors = context.bindParams(overrides: params)
    context.collectDeclarations()
    context.checkResources(concurrently: perform)
    var checked = context.result
    checked.diagnostics = Diagnostic.sortedForOutput(project.syntaxDiagnostics + context.diagnostics)
    return CheckResult(project: checked, overrideErrors: overrideErrors)
  }
}

/// A declared resource: its kind, ID, block and file.
///
/// A class: every resolved reference looks its target up, and handing out a reference retains
/// one object instead of copying five fields.
final class Declaration {
  let kind: ResourceKind
  let id: String
  /// The ID lowercased: what tables of declarations are keyed by (Azure compares IDs without
  /// regard to case). Lowercased once, not at every lookup.
  let key: String
  let file: FileID
  let labelLocation: Location
  /// The account it belongs to (lowercased), when known from the syntax: set for each check, from
  /// its own `account`, the only account, or (for a job) its pool's.
  var account: String?
  /// The account its `account` attribute names (lowercased), for a pool or application.
  let writtenAccount: String?
  /// The pool its `pool` attribute names, for a job.
  let poolName: String?
  /// A storage account's `containers` list as written (nil: not declared, or not all literals).
  let containers: [String]?
  /// An application's `versions` list as written (nil: not declared, or not all literals).
  /// (What references read of a declaration's syntax is taken when it is bound, so that nothing
  /// holds a file's syntax after the file is checked: `check` lets each file's go.)
  let versions: [String]?

  init(
    kind: ResourceKind, id: String, file: FileID, labelLocation: Location, writtenAccount: String?,
    poolName: String?, containers: [String]?, versions: [String]?
  ) {
    self.kind = kind
    self.id = id
    self.key = id.lowercasedKey
    self.file = file
    self.labelLocation = labelLocation
    self.writtenAccount = writtenAccount
    self.poolName = poolName
    self.containers = containers
    self.versions = versions
  }
}

/// What binding one file's top-level statements found, before the steps over the whole project:
/// its declarations, the labels of its accounts, and the problems of its statements. The same
/// text binds the same way, so the language server keeps it for files an edit did not touch.
struct FileDeclarations {
  var declarations: [Declaration]
  var accountLabels: [String]
  var diagnostics: [Diagnostic]
}

/// Declarations by kind, then by lowercased ID: one dictionary per kind in a fixed array, so a
/// lookup hashes the ID only.
struct SymbolTable {
  private var tables = [[String: Declaration]](repeating: [:], count: ResourceKind.allCases.count)

  /// The declarations of `kind`, or nil when there are none.
  subscript(kind: ResourceKind) -> [String: Declaration]? {
    let table = tables[Self.slot(kind)]
    return table.isEmpty ? nil : table
  }

  /// The declaration of `kind` whose lowercased ID is `key`.
  subscript(kind: ResourceKind, key: String) -> Declaration? { tables[Self.slot(kind)][key] }

  /// Adds a declaration (the caller has already reported duplicates).
  mutating func declare(_ declaration: Declaration) {
    tables[Self.slot(declaration.kind)][declaration.key] = declaration
  }

  /// Removes the declaration of `kind` whose lowercased ID is `key`.
  mutating func remove(_ kind: ResourceKind, _ key: String) { tables[Self.slot(kind)][key] = nil }

  /// Makes room for `counts[slot(kind)]` declarations of each kind.
  mutating func reserve(_ counts: [Int]) {
    for index in tables.indices where counts[index] > 0 { tables[index].reserveCapacity(counts[index]) }
  }

  static func slot(_ kind: ResourceKind) -> Int {
    switch kind {
    case .account: 0
    case .storage: 1
    case .application: 2
    case .pool: 3
    case .job: 4
    case .task: 5
    case .schedule: 6
    }
  }
}

/// The mutable state of one check.
final class CheckerContext {
  var diagnostics: [Diagnostic] = []
  private var reported: Set<DiagnosticKey> = []
  var params: [String: ParamEntry] = [:]
  /// Declarations by kind, then lowercased ID (the first declaration wins).
  var symbols = SymbolTable()
  var declarations: [Declaration] = []
  /// The IDs of the declared accounts.
  var accountIDs: [String] = []
  /// The params' names in declaration order.
  var paramOrder: [String] = []
  /// While a file is checked for the incremental checker: what it reads of other declarations.
  var dependencies: CheckDependencies?
  /// Blocks the incremental checker took from an earlier check instead of checking them.
  var reusedBlocks = 0
  /// The top-level blocks the incremental checker took from an earlier check: where each is now,
  /// and where it was.
  var reusedFrom: [Location: Location] = [:]
  var result: CheckedProject
  /// Whether resolved references are kept (`CheckedProject.references`): the editor's navigation
  /// reads them; `check` and `lint` do not, and a large project resolves hundreds of thousands.
  var recordsReferences = true

  /// Keeps a resolved reference, unless nothing will read it.
  func recordReference(_ reference: ResolvedReference) {
    if recordsReferences { result.references.append(reference) }
  }

  /// A context that checks `project`, from `trees` when given (the project's own otherwise).
  init(project: Project, trees: [SyntaxTree]? = nil) {
    self.result = CheckedProject(project: project, params: [:])
    self.trees = trees ?? project.trees
  }

  /// A context that checks files with `parent`'s bindings (after `bindParams` and
  /// `collectDeclarations`) on a thread of its own: it shares nothing mutable with `parent`, and
  /// what it reports and resolves is its own until `parent.absorb` takes it.
  init(checkingFilesFor parent: CheckerContext) {
    result = CheckedProject(project: parent.result.project, params: parent.result.params)
    trees = parent.trees
    params = parent.params
    symbols = parent.symbols
    declarations = parent.declarations
    accountIDs = parent.accountIDs
    paramOrder = parent.paramOrder
    recordsReferences = parent.recordsReferences
  }

  /// Takes what `child` (made by `init(checkingFilesFor:)`) reported and resolved, after what this
  /// context has, as if this context had checked its files itself. Without `resolved`, its
  /// references and formulas are left: the caller takes them from the child's `FileCheck`.
  func absorb(_ child: CheckerContext, resolved: Bool = true) {
    for diagnostic in child.diagnostics { report(diagnostic) }
    if resolved {
      result.references.append(contentsOf: child.result.references)
      result.formulas.append(contentsOf: child.result.formulas)
    }
    reusedBlocks += child.reusedBlocks
    reusedFrom.merge(child.reusedFrom) { _, new in new }
  }

  var files: [SourceFile] { result.project.files }
  /// The files' syntax, until `checkResources` takes each file's for its check.
  var trees: [SyntaxTree]

  private struct DiagnosticKey: Hashable {
    var code: String
    var file: FileID
    var start: Int
    var end: Int
  }

  /// Reports a diagnostic once: sweeps check the same syntax once per member.
  func report(_ diagnostic: Diagnostic) {
    let key = DiagnosticKey(
      code: diagnostic.code.rawValue, file: diagnostic.file, start: diagnostic.range.start, end: diagnostic.range.end)
    if reported.insert(key).inserted { diagnostics.append(diagnostic) }
  }

  func report(
    _ code: DiagnosticCode, _ file: FileID, _ range: TextRange, _ message: String, notes: [Note] = [],
    fixIts: [FixIt] = []
  ) {
    report(Diagnostic(code, at: Location(file, range), message, notes: notes, fixIts: fixIts))
  }

  /// A fix never deletes a comment: none is offered over a range that holds one.
  func replaceFix(_ title: String, _ file: FileID, _ range: TextRange, _ text: String, safe: Bool) -> [FixIt] {
    if Lexer.deletesComment(files[file.rawValue].bytes, file: file, range, text) { return [] }
    return [FixIt(title, edits: [TextEdit(file: file, range: range, replacement: text)], isSafe: safe)]
  }

  /// The edit removing the attribute at `range` (`SourceFile.removal(ofStatementAt:)`).
  func attributeRemoval(_ file: FileID, _ range: TextRange) -> TextEdit {
    TextEdit(file: file, range: files[file.rawValue].removal(ofStatementAt: range), replacement: "")
  }

  /// "a" or "an" for a word.
  func article(_ word: String) -> String { (word.first.map { "aeiou".contains($0) } ?? false) ? "an" : "a" }

  // MARK: Declarations

  /// Registers every top-level resource block and reports unknown kinds and duplicate IDs. A file
  /// whose `known` entry is not nil takes it instead of binding its statements again. With
  /// `previous` (the binding of the same files before an edit), when no declaration of a file
  /// bound again changed its identity (kind, ID, owning account, containers), the project's
  /// tables are `previous`'s with those files' declarations swapped in, instead of built again
  /// (in place: `previous` is taken, and left nil). Returns the binding, and whether it was
  /// patched so.
  @discardableResult
  func collectDeclarations(
    known: [FileDeclarations?], previous: inout ProjectBinding?
  ) -> (binding: ProjectBinding, patched: Bool) {
    var perFile: [FileDeclarations] = []
    perFile.reserveCapacity(trees.count)
    for (index, tree) in trees.enumerated() {
      if index < known.count, let file = known[index] {
        for diagnostic in file.diagnostics { report(diagnostic) }
        perFile.append(file)
      } else {
        perFile.append(bindStatements(of: tree))
      }
    }
    if var binding = previous.take(), binding.patch(with: perFile, known: known) {
      declarations = binding.declarations
      symbols = binding.symbols
      accountIDs = binding.accountIDs
      for duplicate in binding.duplicates {
        reportDuplicate(declarations[duplicate.declaration], of: declarations[duplicate.first])
      }
      return (binding, true)
    }
    var accountLabels: [String] = []
    for file in perFile { accountLabels += file.accountLabels }
    let soleAccount = accountLabels.count == 1 ? accountLabels[0].lowercased() : nil
    var starts: [Int] = []
    starts.reserveCapacity(perFile.count)
    for file in perFile {
      starts.append(declarations.count)
      for declaration in file.declarations {
        declaration.account =
          declaration.kind == .pool || declaration.kind == .application
          ? declaration.writtenAccount ?? soleAccount : nil
        declarations.append(declaration)
      }
    }
    // Jobs take their pool's account.
    var poolAccounts: [String: String] = [:]
    for declaration in declarations where declaration.kind == .pool {
      poolAccounts[declaration.key] = declaration.account ?? ""
    }
    for declaration in declarations where declaration.kind == .job {
      declaration.account = ProjectBinding.account(ofJobOn: declaration.poolName, poolAccounts: poolAccounts)
    }
    accountIDs = declarations.filter { $0.kind == .account }.map(\.id)
    let duplicates = reportDuplicates()
    let binding = ProjectBinding(
      files: perFile, starts: starts, declarations: declarations, symbols: symbols, accountIDs: accountIDs,
      duplicates: duplicates, poolAccounts: poolAccounts)
    return (binding, false)
  }

  /// Registers every top-level resource block and reports unknown kinds and duplicate IDs.
  @discardableResult
  func collectDeclarations() -> ProjectBinding {
    var previous: ProjectBinding? = nil
    return collectDeclarations(known: [], previous: &previous).binding
  }

  /// The declarations of one file's top-level blocks, and the problems of its statements.
  ///
  /// Reads each statement as parsed, with how far it moved (`SyntaxTree.statement(_:)`): only
  /// what it reports and the labels' places are moved, not the blocks.
  private func bindStatements(of tree: SyntaxTree) -> FileDeclarations {
    let diagnosticsStart = diagnostics.count
    var declarations: [Declaration] = []
    var accountLabels: [String] = []
    for index in 0..<tree.statementCount {
      let (statement, shift) = tree.statement(index)
      switch statement {
      case .attribute(let attribute):
        report(
          .misplacedBlock, tree.file, attribute.name.range.shifted(by: shift),
          "attributes belong inside a block: move `\(attribute.name.text)` into the block it describes")
      case .param:
        break
      case .block(let block):
        if block.kind.text == Schema.Account.schema.kind, let label = block.label { accountLabels.append(label.text) }
        guard Schema.topLevelKinds.contains(block.kind.text), let schema = Schema.block(block.kind.text),
          case .resourceID(let kind) = schema.label
        else {
          reportTopLevelKind(block.shifted(by: shift), file: tree.file)
          continue
        }
        let reported = diagnostics.count
        let label = checkLabel(block, schema, file: tree.file)
        if shift != 0 {
          for position in reported..<diagnostics.count {
            diagnostics[position] = diagnostics[position].relocated { Location($0.file, $0.range.shifted(by: shift)) }
          }
        }
        guard let label, let labelRange = block.label?.range else { continue }
        declarations.append(
          Declaration(
            kind: kind, id: label, file: tree.file, labelLocation: Location(tree.file, labelRange.shifted(by: shift)),
            writtenAccount: kind == .pool || kind == .application ? accountName(block) : nil,
            poolName: kind == .job ? attributeName(block, Schema.Job.pool) : nil,
            containers: kind == .storage ? literalStrings(block, Schema.Storage.containers) : nil,
            versions: kind == .application ? literalStrings(block, Schema.Application.versions) : nil))
      }
    }
    return FileDeclarations(
      declarations: declarations, accountLabels: accountLabels, diagnostics: Array(diagnostics[diagnosticsStart...]))
  }

  /// The bare name written for attribute `name`, without evaluating it.
  func attributeName(_ block: Block, _ key: AttributeKey<Reference>) -> String? {
    for case .attribute(let a) in block.body where a.name.text == key.name {
      if case .name(let n) = a.value { return n.text }
    }
    return nil
  }

  private func accountName(_ block: Block) -> String? { attributeName(block, Schema.ownerAccount)?.lowercasedKey }

  private func reportTopLevelKind(_ block: Block, file: FileID) {
    let kind = block.kind.text
    if kind == "param" {
      report(
        .invalidParamDeclaration, file, block.kind.range,
        "a param is declared as `param name: type = default`, without braces")
    } else if Schema.block(kind) != nil {
      reportMisplaced(block, file: file, insteadOf: "at the top level")
    } else {
      let suggestion = Suggestions.closest(to: kind, in: Schema.topLevelKinds)
      let known = Schema.topLevelKinds.map { "`\($0)`" }.joined(separator: ", ")
      report(
        .unknownBlock, file, block.kind.range,
        "unknown block kind `\(kind)`\(suggestion == nil ? ": the top level holds \(known) and `param`" : Suggestions.didYouMean(suggestion))",
        fixIts: suggestion.map { replaceFix("replace `\(kind)` with `\($0)`", file, block.kind.range, $0, safe: false) }
          ?? [])
    }
  }

  /// Reports a known block kind where it cannot stand, naming where it belongs.
  func reportMisplaced(_ block: Block, file: FileID, insteadOf place: String) {
    let kind = block.kind.text
    let parents = Schema.parents(of: kind).map { "`\($0)`" }.joined(separator: " or ")
    report(.misplacedBlock, file, block.kind.range, "`\(kind)` blocks belong inside \(parents), not \(place)")
  }

  /// The block's label checked against its schema's rule; nil when a required label is missing.
  @discardableResult
  func checkLabel(_ block: Block, _ schema: BlockSchema, file: FileID) -> String? {
    if let sweep = block.sweep, !schema.allowsSweep {
      report(.invalidLabel, file, sweep.range, "only `task` blocks can sweep with `for`; remove `for ... in ...`")
    }
    switch schema.label {
    case .none:
      guard let label = block.label else { return nil }
      // A label that is a value of an attribute the block leaves unset (`remote_access ssh`) is
      // that attribute written the short way: the fix moves it inside rather than losing it.
      if let attribute = labelledAttribute(label, of: block, schema), block.closeBrace != nil {
        let empty = block.body.isEmpty
        let text = " { \(attribute.name) = \(label.text)" + (empty ? " " : ",")
        report(
          .invalidLabel, file, label.range,
          "`\(schema.kind)` blocks take no label: `\(label.text)` is a value of `\(attribute.name)`; write `\(attribute.name) = \(label.text)` inside the block",
          fixIts: replaceFix(
            "write `\(attribute.name) = \(label.text)`", file,
            TextRange(block.kind.range.end, block.openBrace.end), text, safe: true))
        return nil
      }
      report(
        .invalidLabel, file, label.range, "`\(schema.kind)` blocks take no label: remove `\(label.text)`",
        fixIts: replaceFix("remove the label", file, TextRange(block.kind.range.end, label.range.end), "", safe: true)
      )
      return nil
    case .resourceID(let kind):
      guard let label = block.label else {
        report(
          .invalidLabel, file, block.kind.range,
          "\(article(schema.kind)) `\(schema.kind)` needs an ID after its kind: `\(schema.kind) my-\(kind.rawValue) { ... }`"
        )
        return nil
      }
      return label.text
    case .text(let meaning, let required):
      if block.label == nil && required {
        report(
          .invalidLabel, file, block.kind.range,
          "\(article(schema.kind)) `\(schema.kind)` block needs a label: the \(meaning)")
      }
      return block.label?.text
    }
  }

  /// The one enumeration attribute of `schema` that `block` does not set and that takes `label`
  /// as a value; nil when there is none, or more than one.
  func labelledAttribute(_ label: Name, of block: Block, _ schema: BlockSchema) -> AttributeSchema? {
    guard !label.isQuoted else { return nil }
    let candidates = schema.attributes.filter { attribute in
      guard case .enumeration(let words) = attribute.type, words.contains(label.text) else { return false }
      return !block.body.contains { statement in
        if case .attribute(let written) = statement { return written.name.text == attribute.name }
        return false
      }
    }
    return candidates.count == 1 ? candidates[0] : nil
  }

  /// What makes two declarations' IDs collide: the kind, the account (for the kinds Azure scopes
  /// to one) and the lowercased ID.
  private struct DeclarationKey: Hashable {
    var kind: ResourceKind
    var account: String
    var id: String
  }

  /// Registers each declaration in `symbols`, the first of its kind, scope and ID only, and
  /// reports the others; returns each duplicate with the declaration it repeats (indexes into
  /// `declarations`).
  private func reportDuplicates() -> [(declaration: Int, first: Int)] {
    var seen: [DeclarationKey: Int] = [:]
    seen.reserveCapacity(declarations.count)
    var counts = [Int](repeating: 0, count: ResourceKind.allCases.count)
    for declaration in declarations { counts[SymbolTable.slot(declaration.kind)] += 1 }
    symbols.reserve(counts)
    var duplicates: [(declaration: Int, first: Int)] = []
    for (index, declaration) in declarations.enumerated() {
      let scope =
        declaration.kind == .pool || declaration.kind == .job || declaration.kind == .application
        ? (declaration.account ?? "") : ""
      let key = DeclarationKey(kind: declaration.kind, account: scope, id: declaration.key)
      if let first = seen[key] {
        reportDuplicate(declaration, of: declarations[first])
        duplicates.append((index, first))
        continue
      }
      seen[key] = index
      symbols.declare(declaration)
    }
    return duplicates
  }

  private func reportDuplicate(_ declaration: Declaration, of first: Declaration) {
    let caseNote = first.id != declaration.id ? " (Azure compares IDs without regard to case)" : ""
    report(
      .duplicateID, declaration.file, declaration.labelLocation.range,
      "duplicate \(declaration.kind.rawValue) ID `\(declaration.id)`\(caseNote): give each \(declaration.kind.rawValue) its own ID",
      notes: [Note("`\(first.id)` is first declared here", at: first.labelLocation)])
  }
}

/// What binding a whole project produced: what each file bound, the project's declarations in
/// order, the symbol table, the accounts, the duplicates and each pool's account. The language
/// server keeps it between edits; an edit that changes no declaration's identity patches it.
struct ProjectBinding {
  /// What each file's statements bound.
  var files: [FileDeclarations]
  /// Where each file's declarations start in `declarations`.
  var starts: [Int]
  var declarations: [Declaration]
  var symbols: SymbolTable
  var accountIDs: [String]
  /// Each duplicate declaration and the one it repeats, as indexes into `declarations`.
  var duplicates: [(declaration: Int, first: Int)]
  /// Each pool's account by the pool's lowercased ID ("" for none).
  var poolAccounts: [String: String]
  /// What the last `patch` added and removed, when it did (declarations of a kind whose IDs
  /// changed: the environment's facts of them and its list of IDs of their kinds follow).
  var spliced: (added: [Declaration], removed: [Declaration]) = ([], [])

  /// The account of a job whose `pool` names `poolName`: its pool's.
  static func account(ofJobOn poolName: String?, poolAccounts: [String: String]) -> String? {
    guard let poolName, let account = poolAccounts[poolName.lowercasedKey] else { return nil }
    return account.isEmpty ? nil : account
  }

  /// Takes `files`, what the project's files bind now (those with a `known` entry unchanged), when
  /// every declaration of the others has the identity its counterpart had: same kind, ID, owning
  /// account (a job whose ID is unique may change it) and containers, in the same order, and the
  /// same account labels. Returns false, and changes nothing, otherwise.
  ///
  /// When one file alone is bound again, its declarations may also gain or lose a run of
  /// declarations (typing or deleting a pool): each must be the only one of its kind and ID in
  /// the project, no account, and, for a pool, named by no job (whose account it would decide).
  mutating func patch(with files: [FileDeclarations], known: [FileDeclarations?]) -> Bool {
    spliced = ([], [])
    guard files.count == self.files.count, known.count == files.count else { return false }
    let bound = files.indices.filter { known[$0] == nil }
    if bound.count == 1, files[bound[0]].declarations.count != self.files[bound[0]].declarations.count {
      return splice(files, at: bound[0])
    }
    var accounts: [[String?]] = Array(repeating: [], count: files.count)
    for index in bound {
      let (now, then) = (files[index], self.files[index])
      guard now.accountLabels == then.accountLabels, now.declarations.count == then.declarations.count else {
        return false
      }
      for (new, old) in zip(now.declarations, then.declarations) {
        guard let account = sameIdentity(new, old) else { return false }
        accounts[index].append(account)
      }
    }
    for index in bound {
      for (offset, new) in files[index].declarations.enumerated() {
        swapIn(new, at: starts[index] + offset, account: accounts[index][offset])
      }
    }
    self.files = files
    return true
  }

  /// The account `new` takes, when it has the identity of `old` (same kind, ID, written account,
  /// owning account and containers; a job whose ID is unique may change accounts); else nil.
  private func sameIdentity(_ new: Declaration, _ old: Declaration) -> String?? {
    let account =
      new.kind == .job
      ? Self.account(ofJobOn: new.poolName, poolAccounts: poolAccounts)
      : (new.kind == .pool || new.kind == .application ? new.writtenAccount ?? old.account : nil)
    guard new.kind == old.kind, new.id == old.id, new.writtenAccount == old.writtenAccount,
      account == old.account || (new.kind == .job && isOnlyJob(named: new.id)),
      new.containers == old.containers
    else { return nil }
    return .some(account)
  }

  /// Puts `new` in the place of the declaration at `position`, which has its identity.
  private mutating func swapIn(_ new: Declaration, at position: Int, account: String?) {
    let old = declarations[position]
    new.account = account
    declarations[position] = new
    if symbols[new.kind, new.key] === old { symbols.declare(new) }
  }

  /// `patch` for file `index` alone bound again, with declarations added or removed: a run of
  /// them between a prefix and a suffix that keep their identities.
  private mutating func splice(_ files: [FileDeclarations], at index: Int) -> Bool {
    let (now, then) = (files[index].declarations, self.files[index].declarations)
    guard files[index].accountLabels == self.files[index].accountLabels else { return false }
    // The accounts the kept declarations take, matched from the front, then from the back.
    var front: [String?] = []
    while front.count < min(now.count, then.count), let account = sameIdentity(now[front.count], then[front.count]) {
      front.append(account)
    }
    var back: [String?] = []
    while front.count + back.count < min(now.count, then.count),
      let account = sameIdentity(now[now.count - 1 - back.count], then[then.count - 1 - back.count])
    {
      back.append(account)
    }
    let added = Array(now[front.count..<now.count - back.count])
    let removed = Array(then[front.count..<then.count - back.count])
    guard added.isEmpty || removed.isEmpty else { return false }
    // Each is the only declaration of its kind and ID, before and after, no account, and, for a
    // pool, named by no job before or after (it would decide the job's account).
    let position = starts[index] + front.count
    var keys: [DeclarationKey] = []
    var pools: [String] = []
    for declaration in added + removed {
      let key = DeclarationKey(kind: declaration.kind, key: declaration.key)
      guard declaration.kind != .account, !keys.contains(key) else { return false }
      keys.append(key)
      if declaration.kind == .pool { pools.append(key.key) }
    }
    var counts = [Int](repeating: 0, count: keys.count)
    for declaration in self.declarations {
      if !pools.isEmpty, declaration.kind == .job, let name = declaration.poolName?.lowercasedKey, pools.contains(name)
      {
        return false
      }
      for (slot, key) in keys.enumerated() where declaration.kind == key.kind && declaration.key == key.key {
        counts[slot] += 1
      }
    }
    for declaration in now where !pools.isEmpty && declaration.kind == .job {
      if let name = declaration.poolName?.lowercasedKey, pools.contains(name) { return false }
    }
    // Added ones are in no old declaration; a removed one is in one, itself: so it is in the
    // symbol table and in no duplicate pair.
    guard counts.prefix(added.count).allSatisfy({ $0 == 0 }), counts.suffix(removed.count).allSatisfy({ $0 == 1 })
    else { return false }
    // Kept declarations swapped in; the run replaced; later places moved.
    for (offset, new) in now.prefix(front.count).enumerated() {
      swapIn(new, at: starts[index] + offset, account: front[offset])
    }
    for (offset, new) in now.suffix(back.count).reversed().enumerated() {
      swapIn(new, at: starts[index] + then.count - 1 - offset, account: back[offset])
    }
    let delta = added.count - removed.count
    let soleAccount: String? = {
      let labels = self.files.flatMap(\.accountLabels)
      return labels.count == 1 ? labels[0].lowercased() : nil
    }()
    for declaration in removed {
      symbols.remove(declaration.kind, declaration.key)
      if declaration.kind == .pool { poolAccounts[declaration.key] = nil }
    }
    for declaration in added {
      switch declaration.kind {
      case .pool, .application: declaration.account = declaration.writtenAccount ?? soleAccount
      case .job: declaration.account = Self.account(ofJobOn: declaration.poolName, poolAccounts: poolAccounts)
      default: declaration.account = nil
      }
      if declaration.kind == .pool { poolAccounts[declaration.key] = declaration.account ?? "" }
      symbols.declare(declaration)
    }
    declarations.replaceSubrange(position..<position + removed.count, with: added)
    for later in starts.indices where later > index { starts[later] += delta }
    for entry in duplicates.indices {
      if duplicates[entry].declaration >= position { duplicates[entry].declaration += delta }
      if duplicates[entry].first >= position { duplicates[entry].first += delta }
    }
    self.files = files
    spliced = (added, removed)
    return true
  }

  /// Whether one job alone has ID `id` (compared without regard to case): then the account its
  /// pool gives it decides no duplicate, and an edit may change it (a job moved to another pool).
  private func isOnlyJob(named id: String) -> Bool {
    let key = id.lowercasedKey
    var count = 0
    for declaration in declarations where declaration.kind == .job && declaration.key == key {
      count += 1
    }
    return count == 1
  }
}

extension String {
  /// The string `lowercased()`, as a lookup key: IDs are usually lowercase ASCII already, and then
  /// the string itself is returned rather than a new one (this runs for every reference).
  var lowercasedKey: String {
    let isLowercaseASCII = utf8.withContiguousStorageIfAvailable { bytes in
      !bytes.contains { $0 >= 0x80 || ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) }
    }
    return isLowercaseASCII == true ? self : lowercased()
  }

  /// Whether `lowercased()` starts with `prefix` (lowercase ASCII): decided on the bytes, with no
  /// copy, when the string is ASCII (rules ask it of every URL and node agent), else as written.
  func lowercasedHasPrefix(_ prefix: String) -> Bool {
    let ascii = utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
      guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
      return bytes.count >= prefix.utf8.count
        && zip(bytes, prefix.utf8).allSatisfy { byte, expected in
          (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte) == expected
        }
    }
    return (ascii ?? nil) ?? lowercased().hasPrefix(prefix)
  }
}
