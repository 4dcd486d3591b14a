// Inlay hints, code actions (the diagnostics' fix-its and suppressions), and formatting.

package import BatchSpecCore
import BatchSpecPlan

extension Analysis {
  /// Hints inside `range` of `path`: the tasks a sweep expands to, the cores a pool uses.
  package func inlayHints(_ path: String, in range: TextRange) -> [InlayHint] {
    guard let (project, id) = file(path) else { return [] }
    var hints: [InlayHint] = []
    func visit(_ statements: [Statement]) {
      for case .block(let block) in statements where block.range.end >= range.start && block.range.start <= range.end {
        if let sweep = block.sweep, range.contains(sweep.range.end) {
          let members = ResourceFacts.sweepMembers(of: block, file: id, in: project.checked)
          if let first = members.first?.label, let last = members.last?.label {
            hints.append(
              InlayHint(
                offset: sweep.range.end, label: " \(members.count) task\(members.count == 1 ? "" : "s")",
                tooltip: "`\(first)` … `\(last)`"))
          }
        }
        if block.kind.text == Schema.Pool.schema.kind, let label = block.label, range.contains(label.range.end),
          let pool = ResourceFacts.instance(of: block, file: id, in: project.checked.pools),
          // An autoscaled pool's node count is the formula's, not a fixed one.
          pool.child(\.autoscale) == nil, let cores = ResourceFacts.cores(of: pool, vmSizes: vmSizes)
        {
          let nodes = pool[\.dedicatedNodes] ?? 0
          hints.append(
            InlayHint(
              offset: label.range.end, label: " \(cores.dedicated) cores",
              tooltip:
                "\(nodes) dedicated node\(nodes == 1 ? "" : "s") × \(cores.vCPUs) vCPUs; \(cores.spot) spot cores"))
        }
        visit(block.body)
      }
    }
    let statements = project.tree(id).statements
    visit(statements)
    hints += jobEstimateHints(statements, in: range, project: project)
    return hints
  }

  /// The fix-its of the diagnostics of `path` that touch `range`.
  package func codeFixes(_ path: String, in range: TextRange) -> [CodeFix] {
    // A configuration file's findings have fixes too; only a spec's can be suppressed.
    var fixes: [CodeFix] = []
    let source = source(path)
    // Read once for all the findings in the range, not once for each.
    let spans = source.map(Self.multiLineTokens)
    for diagnostic in diagnostics(path)
    where diagnostic.range.start <= range.end && range.start <= diagnostic.range.end {
      for fix in diagnostic.fixIts {
        let edits = fix.edits.compactMap { edit in
          self.path(of: Location(edit.file, edit.range), inProjectOf: path).map {
            FileEdit(FileRange(path: $0, range: edit.range), edit.replacement)
          }
        }
        fixes.append(CodeFix(title: fix.title, edits: edits, isPreferred: fix.isSafe, diagnostic: diagnostic))
      }
      if let source { fixes += Self.suppressions(of: diagnostic, path: path, in: source, multiLineTokens: spans) }
    }
    if let fix = importingJSON(path, in: range) { fixes.append(fix) }
    return fixes
  }

  /// Every safe fix of `path`'s findings applied, in rounds until no more appear, as `batchspec
  /// lint --fix` applies them (`FixApplication.applyFixesRepeatedly`, linting with the
  /// project's params and configuration): one edit from the first changed byte to the last. Nil
  /// when the file has no safe fix (it is not linted again then).
  ///
  /// With `memo` (the one the project's snapshots are linted with), each round is linted
  /// incrementally, as an edit is: only what the fixes can have changed is checked again, and
  /// the snapshot made once the client applies the edit finds nothing left to do.
  package func fixAll(_ path: String, memo: LintMemo? = nil) -> FixAll? {
    guard let (snapshot, id) = file(path) else { return nil }
    let diagnostics = diagnostics(path)
    guard diagnostics.contains(where: { $0.fixIts.contains(where: \.isSafe) }) else { return nil }
    let (fixed, counts, pending) = FixApplication.applyFixesRepeatedly(
      diagnostics, in: snapshot.project, files: [id]
    ) { project in
      guard let memo else {
        return Linter.lint(project, params: snapshot.params, configuration: snapshot.configuration).diagnostics
      }
      return Linter.lint(
        project, params: snapshot.params, configuration: snapshot.configuration, memo: memo,
        concurrently: Parallel.perform
      ).result.diagnostics
    }
    // The file's own edit first; a fix of one of its findings may also edit another file of the
    // project (the pool a job names), as `lint FILE --fix` does.
    var edits: [FileEdit] = []
    for other in [id] + counts.keys.filter({ $0 != id }).sorted() {
      let before = snapshot.project.file(other).bytes
      let after = fixed.file(other).bytes
      guard let change = Self.changedRange(from: before, to: after) else { continue }
      let text = String(decoding: after[change.new.start..<change.new.end], as: UTF8.self)
      let otherPath = other == id ? path : snapshot.project.file(other).path
      edits.append(FileEdit(FileRange(path: otherPath, range: change.old), text))
    }
    guard !edits.isEmpty else { return nil }
    return FixAll(
      edits: edits, fixCount: counts.values.reduce(0, +),
      warning: pending == 0
        ? nil : FixApplication.roundLimitWarning(rounds: FixApplication.defaultMaximumRounds, pending: pending))
  }

  /// The bytes of `old` that differ from `new`, and what replaces them: the range between the
  /// longest common prefix and suffix, widened to whole UTF-8 characters. Nil when they are equal.
  package static func changedRange(from old: [UInt8], to new: [UInt8]) -> (old: TextRange, new: TextRange)? {
    guard old != new else { return nil }
    var prefix = 0
    let shorter = min(old.count, new.count)
    while prefix < shorter && old[prefix] == new[prefix] { prefix += 1 }
    // Never start inside a character: back off over continuation bytes.
    while prefix > 0 && prefix < old.count && old[prefix] & 0xC0 == 0x80 { prefix -= 1 }
    var suffix = 0
    while suffix < shorter - prefix && old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
    // Nor end inside one: the kept suffix starts at a character's first byte.
    while suffix > 0 && old[old.count - suffix] & 0xC0 == 0x80 { suffix -= 1 }
    return (TextRange(prefix, old.count - suffix), TextRange(prefix, new.count - suffix))
  }

  /// For a file that is Batch's JSON (pasted or saved as a spec, which the parser reports once,
  /// at its first `{` or `[`): the action that replaces it with the spec `batchspec import` makes
  /// of it, when the import takes it. Never preferred: what cannot be expressed is left out, and
  /// the title says how much.
  func importingJSON(_ path: String, in range: TextRange) -> CodeFix? {
    guard let (project, id) = file(path), let source = source(path), project.tree(id).statementCount == 0,
      Parser.startsLikeJSON(source.bytes),
      let diagnostic = diagnostics(path).first(where: {
        $0.code == .unexpectedToken && $0.range.start <= range.end && range.start <= $0.range.end
      })
    else { return nil }
    let text = String(decoding: source.bytes, as: UTF8.self)
    let result = AzureImporter.importFiles([(path: path, text: text)])
    guard result.errors.isEmpty, !result.files.isEmpty else { return nil }
    let spec = result.files.map(\.text).joined(separator: "\n")
    let left = result.warnings.count
    let title =
      "replace the JSON with the spec `batchspec import` makes of it"
      + (left == 0
        ? ""
        : " (\(left) thing\(left == 1 ? "" : "s") it cannot carry over: run `batchspec import` to see \(left == 1 ? "it" : "them"))")
    return CodeFix(
      title: title, edits: [FileEdit(FileRange(path: path, range: TextRange(0, source.bytes.count)), spec)],
      isPreferred: false, diagnostic: diagnostic)
  }

  /// "Suppress this rule here" and "in this file" for a validation rule's finding: comments in the
  /// validator's syntax (`// batchspec-ignore BS3001`, `// batchspec-ignore-file BS3001`). Syntax,
  /// name and type errors cannot be suppressed, nor can the linter's own findings (BS9xxx), so they
  /// get none. A finding on a line inside a multi-line string (an autoscale formula) gets only the
  /// file's: a comment there would be part of the string, changing the formula sent to Azure.
  package static func suppressions(
    of diagnostic: Diagnostic, path: String, in source: SourceFile, multiLineTokens: [TextRange]? = nil
  ) -> [CodeFix] {
    guard RuleRegistry.rule(diagnostic.code.rawValue) != nil else { return [] }
    let code = diagnostic.code.rawValue
    // After a byte order mark, which must stay the file's first bytes.
    let fileStart = source.lines.contentRange(ofLine: 0).start
    // Each comment ends with the line break of the line it goes before (a CRLF file stays CRLF).
    let file = FileEdit(
      FileRange(path: path, range: .empty(at: fileStart)),
      "// batchspec-ignore-file \(code)" + source.lines.lineBreak(ofLine: 0))
    let inFile = CodeFix(
      title: "suppress `\(code)` in this file", edits: [file], isPreferred: false, diagnostic: diagnostic)
    let line = source.lines.line(containing: diagnostic.range.start)
    let lineStart = source.lines.lineStarts[line]
    let spans = multiLineTokens ?? Self.multiLineTokens(source)
    if spans.contains(where: { $0.start < lineStart && lineStart < $0.end }) { return [inFile] }
    var indentEnd = lineStart
    while indentEnd < source.bytes.count, source.bytes[indentEnd] == 0x20 || source.bytes[indentEnd] == 0x09 {
      indentEnd += 1
    }
    let indent = source.text(TextRange(lineStart, indentEnd))
    let here = FileEdit(
      FileRange(path: path, range: .empty(at: max(lineStart, fileStart))),
      "\(indent)// batchspec-ignore \(code)" + source.lines.lineBreak(ofLine: line))
    return [
      CodeFix(title: "suppress `\(code)` on this line", edits: [here], isPreferred: false, diagnostic: diagnostic),
      inFile,
    ]
  }

  /// The tokens of `source` that span lines (multi-line strings), in order.
  static func multiLineTokens(_ source: SourceFile) -> [TextRange] {
    Lexer.tokenize(source.bytes, file: FileID(0)).tokens.compactMap { token in
      source.bytes[token.start..<token.end].contains(0x0A) ? token.range : nil
    }
  }

  /// The edits that format `path` in the canonical layout (`Formatter`, as `batchspec fmt` does):
  /// one edit replacing the whole text, none when it is already formatted, nil when the file has
  /// syntax errors or is not valid UTF-8 (it is left alone) or is unknown.
  package func formatting(_ path: String) -> [FileEdit]? {
    guard let (project, id) = file(path) else { return nil }
    let source = project.project.file(id)
    guard let formatted = Formatter.format(project.tree(id), source) else { return nil }
    if Array(formatted.utf8) == source.bytes { return [] }
    return [FileEdit(FileRange(path: path, range: TextRange(0, source.bytes.count)), formatted)]
  }
}
