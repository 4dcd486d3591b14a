// Diagnostic output formats shared by commands: human text and JSON with LSP positions.

import BatchSpecCore

/// Formats diagnostics of loaded projects.
enum DiagnosticOutput {
  /// Human output: each diagnostic with its source line and caret, then a summary line.
  static func human(_ reports: [(LoadedProject, [Diagnostic])], useColor: Bool) -> String {
    var out = ""
    var all: [Diagnostic] = []
    for (loaded, diagnostics) in reports {
      let renderer = DiagnosticRenderer(useColor: useColor) { loaded.project.file($0) }
      for diagnostic in diagnostics { out += renderer.render(diagnostic) }
      all += diagnostics
    }
    let fileCount = reports.reduce(0) { $0 + $1.0.reported.count }
    let files = "\(fileCount) file\(fileCount == 1 ? "" : "s")"
    if let summary = DiagnosticRenderer.summary(all) {
      out += "\(summary) in \(files)\n"
    } else {
      out += "no problems in \(files)\n"
    }
    return out
  }

  /// `{"diagnostics":[...]}` with 0-based lines and UTF-16 characters, as LSP counts them.
  static func json(_ reports: [(LoadedProject, [Diagnostic])]) -> String {
    var items: [JSON] = []
    for (loaded, diagnostics) in reports {
      for diagnostic in diagnostics {
        let file = loaded.project.file(diagnostic.file)
        items.append(
          .object([
            ("file", .string(file.path)),
            ("range", range(diagnostic.range, in: file)),
            ("severity", .string(diagnostic.severity.name)),
            ("code", .string(diagnostic.code.rawValue)),
            ("message", .string(diagnostic.message)),
          ]))
      }
    }
    return JSON.object([("diagnostics", .array(items))]).serialized()
  }

  static func range(_ range: TextRange, in file: SourceFile) -> JSON {
    .object([
      ("start", position(range.start, in: file)),
      ("end", position(range.end, in: file)),
    ])
  }

  static func position(_ offset: Int, in file: SourceFile) -> JSON {
    let position = file.lines.position(of: offset, encoding: .utf16)
    return .object([("line", .number(position.line)), ("character", .number(position.column))])
  }
}
