// Formats read by CI systems besides SARIF: GitHub Actions workflow commands and JUnit XML.

import BatchSpecCore

/// GitHub Actions annotations and JUnit XML.
enum CIOutput {
  /// One workflow command per finding: `::error file=P,line=L,col=C,endLine=L,endColumn=C,title=T::message`.
  static func github(_ groups: [ReportGroup]) -> String {
    var out = ""
    for group in groups {
      for diagnostic in group.diagnostics {
        let file = group.file(diagnostic.file)
        let start = file.humanPosition(of: diagnostic.range.start)
        let end = file.humanPosition(of: diagnostic.range.end)
        let command =
          switch diagnostic.severity {
          case .error: "error"
          case .warning: "warning"
          case .information, .hint: "notice"
          }
        var message = "\(diagnostic.code.rawValue): \(diagnostic.message)"
        for note in diagnostic.notes { message += "\n\(noteText(note, in: group))" }
        for fix in diagnostic.fixIts { message += "\nfix: \(fix.title)\(fix.isSafe ? "" : " (check it)")" }
        let properties = [
          "file=\(escapeProperty(file.path))", "line=\(start.line)", "col=\(start.column)",
          "endLine=\(end.line)", "endColumn=\(end.column)",
          "title=\(escapeProperty("\(diagnostic.code.rawValue) \(diagnostic.code.name)"))",
        ]
        out += "::\(command) \(properties.joined(separator: ","))::\(escapeData(message))\n"
      }
    }
    return out
  }

  private static func noteText(_ note: Note, in group: ReportGroup) -> String {
    guard let location = note.location else { return "note: \(note.message)" }
    let file = group.file(location.file)
    let position = file.humanPosition(of: location.range.start)
    return "note: \(file.path):\(position.line):\(position.column): \(note.message)"
  }

  /// Escapes a workflow command's message (its other control characters made visible: the
  /// runner's log is shown in a terminal emulator).
  static func escapeData(_ text: String) -> String {
    text.replacing("%", with: "%25").replacing("\r", with: "%0D").replacing("\n", with: "%0A").withVisibleControls
  }

  /// Escapes a workflow command's property value.
  static func escapeProperty(_ text: String) -> String {
    escapeData(text).replacing(":", with: "%3A").replacing(",", with: "%2C")
  }

  /// JUnit XML: a test suite per reported file, a failing test case per finding, one passing test
  /// case for a file without findings.
  static func junit(_ groups: [ReportGroup]) -> String {
    var suites = ""
    var totalTests = 0
    var totalFailures = 0
    for group in groups {
      for id in group.reported {
        let file = group.file(id)
        let findings = group.diagnostics.filter { $0.file == id }
        var cases = ""
        for diagnostic in findings {
          let position = file.humanPosition(of: diagnostic.range.start)
          let name = "\(diagnostic.code.rawValue) \(diagnostic.code.name) at \(position.line):\(position.column)"
          var body = "\(file.path):\(position.line):\(position.column): \(diagnostic.severity.name)"
          body += "[\(diagnostic.code.rawValue)] \(diagnostic.message)"
          for note in diagnostic.notes { body += "\n\(noteText(note, in: group))" }
          cases += "    <testcase classname=\"\(xml(file.path))\" name=\"\(xml(name))\">\n"
          cases += "      <failure type=\"\(diagnostic.severity.name)\" message=\"\(xml(diagnostic.message))\">"
          cases += "\(xml(body))</failure>\n"
          cases += "    </testcase>\n"
        }
        if findings.isEmpty {
          cases += "    <testcase classname=\"\(xml(file.path))\" name=\"no problems\"/>\n"
        }
        let tests = max(1, findings.count)
        totalTests += tests
        totalFailures += findings.count
        suites +=
          "  <testsuite name=\"\(xml(file.path))\" tests=\"\(tests)\" failures=\"\(findings.count)\" errors=\"0\">\n"
        suites += cases + "  </testsuite>\n"
      }
    }
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out += "<testsuites name=\"batchspec lint\" tests=\"\(totalTests)\" failures=\"\(totalFailures)\" errors=\"0\">\n"
    return out + suites + "</testsuites>\n"
  }

  /// Escapes text for XML attributes and content; drops characters XML 1.0 cannot hold.
  static func xml(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "\n": out += "&#10;"
      case "\t", "\r": out += "&#\(scalar.value);"
      case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
