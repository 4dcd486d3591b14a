// Diagnostic output formats shared by commands: human text, one line each, and JSON with LSP positions.

import BatchSpecCore

/// How many findings `--fix` would fix, and how many more it would with `--unsafe-fixes` (a
/// finding with a safe fix counts once, as safe).
struct Fixable {
  var safe = 0
  var unsafe = 0
  /// The command whose `--fix` applies them: "" for `lint` itself, `batchspec lint ` for `check`.
  var command = ""

  /// None: the summary says nothing of fixes.
  init() {}

  /// The fixable findings among `diagnostics`.
  init(_ diagnostics: [Diagnostic], command: String = "") {
    self.command = command
    for diagnostic in diagnostics {
      if diagnostic.fixIts.contains(where: \.isSafe) {
        safe += 1
      } else if !diagnostic.fixIts.isEmpty {
        unsafe += 1
      }
    }
  }

  /// " (2 fixable with `--fix`, 1 more with `--fix --unsafe-fixes`)", or "" when none is.
  var summary: String {
    switch (safe, unsafe) {
    case (0, 0): ""
    case (0, _): " (\(unsafe) fixable with `\(command)--fix --unsafe-fixes`)"
    case (_, 0): " (\(safe) fixable with `\(command)--fix`)"
    default: " (\(safe) fixable with `\(command)--fix`, \(unsafe) more with `\(command)--fix --unsafe-fixes`)"
    }
  }
}

/// Formats diagnostics of loaded projects.
enum DiagnosticOutput {
  /// Human output: each diagnostic with its source line and caret, then a summary line.
  static func human(_ groups: [ReportGroup], useColor: Bool, fixable: Fixable = Fixable()) -> String {
    var out = ""
    for group in groups {
      let renderer = DiagnosticRenderer(useColor: useColor) { group.file($0) }
      for diagnostic in group.diagnostics { out += renderer.render(diagnostic) }
    }
    return out + summary(groups, fixable: fixable) + "\n"
  }

  /// "2 errors, 1 warning in 3 files (1 fixable with `--fix`)" or "no problems in 3 files".
  static func summary(_ groups: [ReportGroup], fixable: Fixable = Fixable()) -> String {
    let fileCount = groups.reportedFileCount
    let files = "\(fileCount) file\(fileCount == 1 ? "" : "s")"
    guard let summary = DiagnosticRenderer.summary(groups.allDiagnostics) else { return "no problems in \(files)" }
    return "\(summary) in \(files)" + fixable.summary
  }

  /// One line per diagnostic: `path:line:col: severity[CODE] message`, then the summary.
  static func concise(_ groups: [ReportGroup], fixable: Fixable = Fixable()) -> String {
    var out = ""
    for group in groups {
      for diagnostic in group.diagnostics {
        let file = group.file(diagnostic.file)
        let position = file.humanPosition(of: diagnostic.range.start)
        let fix = diagnostic.fixIts.contains(where: \.isSafe) ? " [*]" : ""
        out += "\(file.path):\(position.line):\(position.column): "
        out +=
          "\(diagnostic.severity.name)[\(diagnostic.code.rawValue)] \(diagnostic.message.withVisibleControls)\(fix)\n"
      }
    }
    return out + summary(groups, fixable: fixable) + "\n"
  }

  /// `{"diagnostics":[...]}` with 0-based lines and UTF-16 characters, as LSP counts them;
  /// `details` adds each diagnostic's notes and fixes.
  static func json(_ groups: [ReportGroup], details: Bool = false) -> String {
    var items: [JSON] = []
    for group in groups {
      for diagnostic in group.diagnostics {
        let file = group.file(diagnostic.file)
        var members: [(String, JSON)] = [
          ("file", .string(file.path)),
          ("range", range(diagnostic.range, in: file)),
          ("severity", .string(diagnostic.severity.name)),
          ("code", .string(diagnostic.code.rawValue)),
          ("message", .string(diagnostic.message)),
        ]
        if details {
          members.append(("name", .string(diagnostic.code.name)))
          members.append(("notes", .array(diagnostic.notes.map { note(group, $0) })))
          members.append(("fixes", .array(diagnostic.fixIts.map { fix(group, $0) })))
        }
        items.append(.object(members))
      }
    }
    return JSON.object([("diagnostics", .array(items))]).serialized()
  }

  private static func note(_ group: ReportGroup, _ note: Note) -> JSON {
    var members: [(String, JSON)] = [("message", .string(note.message))]
    if let location = note.location {
      let file = group.file(location.file)
      members.append(("file", .string(file.path)))
      members.append(("range", range(location.range, in: file)))
    }
    return .object(members)
  }

  private static func fix(_ group: ReportGroup, _ fix: FixIt) -> JSON {
    .object([
      ("title", .string(fix.title)),
      ("safe", .bool(fix.isSafe)),
      (
        "edits",
        .array(
          fix.edits.map { edit in
            let file = group.file(edit.file)
            return .object([
              ("file", .string(file.path)), ("range", range(edit.range, in: file)),
              ("newText", .string(edit.replacement)),
            ])
          })
      ),
    ])
  }

  static func range(_ range: TextRange, in file: SourceFile) -> JSON {
    .object([
      ("start", position(range.start, in: file)),
      ("end", position(range.end, in: file)),
    ])
  }

  static func position(_ offset: Int, in file: SourceFile) -> JSON {
    let position = file.lines.position(of: offset, encoding: .utf16)
    return .object([("line", .integer(position.line)), ("character", .integer(position.column))])
  }
}
