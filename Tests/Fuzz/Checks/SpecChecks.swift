// What the spec fuzz targets check of each input. The libFuzzer harnesses (Tests/Fuzz/Harness)
// trap on a broken invariant; the unit tests replay the stored corpus through the same checks.

import BatchSpecCore

/// The invariants of the front end, the validator and the formatter, checked on one input.
///
/// An input is one project: its files are separated by the byte 0x1C (the ASCII file separator).
enum SpecChecks {
  /// The byte between two files of an input.
  static let fileSeparator: UInt8 = 0x1C

  /// The project an input stands for: files `f0.batch`, `f1.batch`, ...
  static func project(_ bytes: [UInt8]) -> Project {
    let parts = bytes.split(separator: fileSeparator, omittingEmptySubsequences: false)
    return Project(
      files: parts.enumerated().map { index, part in
        SourceFile(id: FileID(index), path: "f\(index).batch", bytes: Array(part))
      })
  }

  /// Target `analyze`: parse, check, validate and lint, then render every finding. Every location
  /// (of a finding, a note, a fix-it's edit) lies inside its file, and safe fixes apply.
  static func analyze(_ bytes: [UInt8]) -> [String] {
    let project = project(bytes)
    let result = Linter.lint(project)
    var problems: [String] = []
    func inside(_ location: Location, _ what: String) {
      guard location.file.rawValue < project.files.count,
        0 <= location.range.start, location.range.start <= location.range.end,
        location.range.end <= project.file(location.file).bytes.count
      else { return problems.append("\(what) outside its file: \(location.file) \(location.range)") }
    }
    let renderer = DiagnosticRenderer(useColor: false, fileProvider: project.file)
    for diagnostic in result.diagnostics + result.suppressed {
      inside(diagnostic.location, "\(diagnostic.code.rawValue)")
      for note in diagnostic.notes { note.location.map { inside($0, "a note of \(diagnostic.code.rawValue)") } }
      for edit in diagnostic.fixIts.flatMap(\.edits) {
        inside(Location(edit.file, edit.range), "a fix-it of \(diagnostic.code.rawValue)")
      }
      if renderer.render(diagnostic).isEmpty { problems.append("\(diagnostic.code.rawValue) renders as nothing") }
    }
    guard problems.isEmpty else { return problems }
    problems += reparse(project)
    for fixed in FixApplication.applyFixes(result.diagnostics, in: project) {
      // The fixed text must lint again without trapping; what it finds is not checked here.
      var files = project.files
      files[fixed.file.rawValue] = SourceFile(id: fixed.file, path: files[fixed.file.rawValue].path, bytes: fixed.bytes)
      _ = Linter.lint(Project(files: files))
    }
    return problems
  }

  /// Part of target `analyze`: each file, edited twice in a row (a run of bytes a third of the
  /// way in deleted, then its first bytes copied two thirds of the way in), parses after each edit
  /// from the last tree (`Parser.parse(_:after:tree:)`) to the tree a fresh parse gives; and the
  /// edited project, linted again from the first lint with those trees (as the language server
  /// does, statements moved by the edits read with their shifts), gives the findings a fresh lint
  /// of the edited texts gives.
  static func reparse(_ project: Project) -> [String] {
    var problems: [String] = []
    let memo = LintMemo()
    _ = Linter.lint(project, memo: memo)
    var editedFiles = project.files
    var editedTrees = project.trees
    for (index, file) in project.files.enumerated() {
      var bytes = file.bytes
      var tree = project.trees[index]
      for edit in 0..<2 {
        var edited = bytes
        if edit == 0 {
          let start = edited.count / 3
          edited.removeSubrange(start..<min(edited.count, start + max(1, edited.count / 9)))
        } else {
          edited.insert(contentsOf: bytes.prefix(16), at: 2 * edited.count / 3)
        }
        let before = SourceFile(id: file.id, path: file.path, bytes: bytes)
        let after = SourceFile(id: file.id, path: file.path, bytes: edited)
        let reparsed = Parser.parse(after, after: before, tree: tree)
        if reparsed != Parser.parse(after) {
          problems.append("\(file.path), edit \(edit + 1): parsing from the last tree differs from a fresh parse")
          break
        }
        bytes = edited
        tree = reparsed
      }
      editedFiles[index] = SourceFile(id: file.id, path: file.path, bytes: bytes)
      editedTrees[index] = tree
    }
    guard problems.isEmpty else { return problems }
    let incremental = Linter.lint(Project(files: editedFiles, reusing: editedTrees), memo: memo).result.diagnostics
    let fresh = Linter.lint(Project(files: editedFiles)).diagnostics
    if incremental != fresh {
      // Names the first finding that differs, so a failure says where to look.
      let at =
        zip(incremental, fresh).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        ?? min(incremental.count, fresh.count)
      let describe = { (list: [Diagnostic]) in
        at < list.count ? "\(list[at].code.rawValue) at \(list[at].range): \(list[at].message)" : "nothing"
      }
      problems.append(
        "linting the edited project from the last lint differs from a fresh lint: finding \(at + 1) is "
          + "\(describe(incremental)) where a fresh lint has \(describe(fresh))")
    }
    return problems
  }

  /// Target `format`: for every file that formats, the output parses without errors, formatting it
  /// again changes nothing, and it keeps every comment; and the checker's and the validator's findings
  /// are the same before and after, compared by code and by what they name (file, enclosing blocks,
  /// attribute), not by position.
  static func format(_ bytes: [UInt8]) -> [String] {
    let project = project(bytes)
    var problems: [String] = []
    var formatted = project.files
    for (index, file) in project.files.enumerated() {
      guard let output = Formatter.layout(project.trees[index], file) else { continue }
      let outputFile = SourceFile(id: file.id, path: file.path, text: output)
      let outputTree = Parser.parse(outputFile)
      if let error = outputTree.diagnostics.first(where: { $0.severity == .error }) {
        problems.append("\(file.path): the output does not parse: \(error.code.rawValue) \(error.message)")
        continue
      }
      if Formatter.layout(outputTree, outputFile) != output {
        problems.append("\(file.path): formatting the output again changes it")
      }
      if comments(project.trees[index], file) != comments(outputTree, outputFile) {
        problems.append("\(file.path): the output lost or changed a comment")
      }
      formatted[index] = outputFile
    }
    guard problems.isEmpty else { return problems }
    let before = findings(project)
    let after = findings(Project(files: formatted))
    if before != after {
      let lost = before.filter { !after.contains($0) }.prefix(3)
      let gained = after.filter { !before.contains($0) }.prefix(3)
      problems.append("formatting changes the findings: lost \(Array(lost)), gained \(Array(gained))")
    }
    return problems
  }

  /// The checker's and the validator's findings, each as code and what it names, sorted.
  static func findings(_ project: Project) -> [String] {
    let checked = Checker.check(project).project
    let validation = Validator.validate(checked)
    var keys = (checked.diagnostics + validation.diagnostics).map {
      "\($0.code.rawValue) \(named(by: $0, in: project))"
    }
    keys += validation.suppressed.map { "suppressed \($0.code.rawValue) \(named(by: $0, in: project))" }
    return keys.sorted()
  }

  /// What a finding names: its file, the blocks around it (`job render > task frame`) and the
  /// attribute it is in.
  static func named(by diagnostic: Diagnostic, in project: Project) -> String {
    let offset = diagnostic.range.start
    var path = [project.file(diagnostic.file).path]
    var statements = project.trees[diagnostic.file.rawValue].statements
    search: while true {
      for statement in statements where statement.range.start <= offset && offset < statement.range.end {
        switch statement {
        case .block(let block):
          path.append([block.kind.text, block.label?.text].compactMap { $0 }.joined(separator: " "))
          statements = block.body
          continue search
        case .attribute(let attribute): path.append(attribute.name.text)
        case .param(let param): path.append("param " + param.name.text)
        }
        break search
      }
      break
    }
    return path.joined(separator: " > ")
  }

  /// A file's comments, with trailing blanks and line ends trimmed from each line, sorted.
  static func comments(_ tree: SyntaxTree, _ file: SourceFile) -> [String] {
    // Line breaks as the formatter writes them: split on "\n" alone, a `\r\n` (one Character) would
    // keep a block comment's line whole on one side and not on the other.
    tree.comments.map { range in
      Formatter.unixLineBreaks(file.text(range)).split(separator: "\n", omittingEmptySubsequences: false)
        .map { line in String(line.reversed().drop { $0 == " " || $0 == "\t" }.reversed()) }
        .joined(separator: "\n")
    }.sorted()
  }
}
