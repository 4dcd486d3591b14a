// Renders diagnostics for people, like a modern compiler: location, source line, caret, notes.

/// Renders diagnostics as text for a terminal or a log.
package struct DiagnosticRenderer {
  /// ANSI colours, or none.
  package var useColor: Bool
  /// Finds a file's text and display path by ID.
  package var fileProvider: (FileID) -> SourceFile

  /// Creates a renderer.
  package init(useColor: Bool, fileProvider: @escaping (FileID) -> SourceFile) {
    self.useColor = useColor
    self.fileProvider = fileProvider
  }

  private func paint(_ text: String, _ code: String) -> String { useColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

  private func severityColor(_ severity: Severity) -> String {
    switch severity {
    case .error: "1;31"
    case .warning: "1;33"
    case .information: "1;36"
    case .hint: "1;32"
    }
  }

  /// The rendering of one diagnostic, ending with a blank line.
  package func render(_ diagnostic: Diagnostic) -> String {
    let color = severityColor(diagnostic.severity)
    var out = paint("\(diagnostic.severity.name)[\(diagnostic.code.rawValue)]", color)
    out += paint(": \(diagnostic.message.withVisibleControls)", "1") + "\n"
    out += snippet(diagnostic.location, caretColor: color)
    let pad = String(repeating: " ", count: String(position(diagnostic.location).line).count + 1)
    for note in diagnostic.notes {
      if let location = note.location {
        out += paint("note", "1;36") + ": \(note.message.withVisibleControls)\n"
        out += snippet(location, caretColor: "1;36")
      } else {
        out += pad + "= " + paint("note", "1") + ": \(note.message.withVisibleControls)\n"
      }
    }
    for fix in diagnostic.fixIts {
      out +=
        pad + "= " + paint("fix", "1;32") + ": \(fix.title.withVisibleControls)\(fix.isSafe ? "" : " (check it)")\n"
    }
    return out + "\n"
  }

  /// `path:line:column`, 1-based, the column counting Unicode scalars.
  package func position(_ location: Location) -> (line: Int, column: Int, path: String) {
    let file = fileProvider(location.file)
    let (line, column) = file.humanPosition(of: location.range.start)
    return (line, column, file.path)
  }

  private func snippet(_ location: Location, caretColor: String) -> String {
    let file = fileProvider(location.file)
    let (lineNumber, column, path) = position(location)
    let content = file.lines.contentRange(ofLine: lineNumber - 1)
    let gutter = String(repeating: " ", count: String(lineNumber).count)
    var out = "\(gutter)\(paint("-->", "1;34")) \(path):\(lineNumber):\(column)\n"
    out += "\(gutter) \(paint("|", "1;34"))\n"
    let window = SnippetWindow(file.bytes, line: content, range: location.range)
    out += "\(paint(String(lineNumber), "1;34")) \(paint("|", "1;34")) \(window.line)\n"
    out += "\(gutter) \(paint("|", "1;34")) \(window.caretPrefix)"
    out += paint(String(repeating: "^", count: window.caretWidth), caretColor) + "\n"
    return out
  }

  /// "3 errors, 1 warning" style summary, or nil when there is nothing to say.
  package static func summary(_ diagnostics: [Diagnostic]) -> String? {
    var counts: [Severity: Int] = [:]
    for diagnostic in diagnostics { counts[diagnostic.severity, default: 0] += 1 }
    let parts = Severity.allCases.reversed().compactMap { severity -> String? in
      guard let count = counts[severity], count > 0 else { return nil }
      let noun = severity == .information ? "info" : severity.name
      return "\(count) \(noun)\(count == 1 || severity == .information ? "" : "s")"
    }
    return parts.isEmpty ? nil : parts.joined(separator: ", ")
  }
}

extension String {
  /// The text with its control characters made visible, so that text from a spec never drives
  /// the terminal that shows it (an ESC starts a colour or a cursor move): C0 controls but tab
  /// and line feed as their Unicode control pictures (U+001B as `␛`), DEL as `␡`, C1 controls
  /// as `�`. One character stays one, so carets still line up.
  package var withVisibleControls: String {
    guard unicodeScalars.contains(where: { Self.isHiddenControl($0.value) }) else { return self }
    var out = String.UnicodeScalarView()
    for scalar in unicodeScalars {
      switch scalar.value {
      case 0x09, 0x0A: out.append(scalar)
      case 0x00...0x1F: out.append(Unicode.Scalar(0x2400 + scalar.value)!)
      case 0x7F: out.append("\u{2421}")
      case 0x80...0x9F: out.append("\u{FFFD}")
      default: out.append(scalar)
      }
    }
    return String(out)
  }

  private static func isHiddenControl(_ value: UInt32) -> Bool {
    value < 0x20 && value != 0x09 && value != 0x0A || (0x7F...0x9F).contains(value)
  }
}
