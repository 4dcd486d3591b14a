// SARIF 2.1.0 output, as GitHub code scanning reads it: every code as a rule with its help text,
// each finding as a result with a region (1-based lines, 1-based UTF-16 columns), notes as related
// locations, fix-its as fixes.

import BatchSpecCore

/// Writes findings as a SARIF log.
enum SARIFOutput {
  static let schema = "https://json.schemastore.org/sarif-2.1.0.json"
  static let informationURI = "https://github.com/batchspec/batchspec"

  /// The SARIF log of `groups`, one run. Its invocation says whether the run succeeded (no
  /// configuration error, everything read: the exit status is not 2) and what could not be read.
  static func log(_ groups: [ReportGroup], succeeded: Bool = true, unreadable: [String] = []) -> String {
    let entries = CodeReference.all
    var ruleIndex: [String: Int] = [:]
    for (index, entry) in entries.enumerated() { ruleIndex[entry.code.rawValue] = index }
    var results: [JSON] = []
    for group in groups {
      for diagnostic in group.diagnostics {
        results.append(result(diagnostic, in: group, ruleIndex: ruleIndex[diagnostic.code.rawValue]))
      }
    }
    let driver = JSON.object([
      ("name", .string("batchspec")),
      ("semanticVersion", .string(BatchSpecCommand.version)),
      ("informationUri", .string(informationURI)),
      ("rules", .array(entries.map(rule))),
    ])
    var invocation: [(String, JSON)] = [("executionSuccessful", .bool(succeeded))]
    if !unreadable.isEmpty {
      invocation.append(
        (
          "toolExecutionNotifications",
          .array(
            unreadable.map { .object([("level", .string("error")), ("message", .object([("text", .string($0))]))]) })
        ))
    }
    let run = JSON.object([
      ("tool", .object([("driver", driver)])),
      ("invocations", .array([.object(invocation)])),
      ("columnKind", .string("utf16CodeUnits")),
      ("results", .array(results)),
    ])
    return JSON.object([("$schema", .string(schema)), ("version", .string("2.1.0")), ("runs", .array([run]))])
      .serialized()
  }

  private static func rule(_ entry: CodeReferenceEntry) -> JSON {
    let markdown = entry.markdown
    return .object([
      ("id", .string(entry.code.rawValue)),
      ("name", .string(entry.code.name)),
      ("shortDescription", .object([("text", .string(entry.code.summary))])),
      ("fullDescription", .object([("text", .string(entry.code.summary))])),
      ("help", .object([("text", .string(markdown)), ("markdown", .string(markdown))])),
      ("defaultConfiguration", .object([("level", .string(level(entry.code.defaultSeverity)))])),
      ("properties", properties(entry.code)),
    ])
  }

  /// Tags, and for security rules (BS6xxx) the `security-severity` GitHub ranks security alerts by.
  private static func properties(_ code: DiagnosticCode) -> JSON {
    guard code.rawValue.hasPrefix("BS6") else { return .object([("tags", .array([.string(code.group.rawValue)]))]) }
    let score = code.defaultSeverity == .error ? "7.5" : "5.0"
    return .object([
      ("tags", .array([.string(code.group.rawValue), .string("security")])),
      ("security-severity", .string(score)),
    ])
  }

  private static func result(_ diagnostic: Diagnostic, in group: ReportGroup, ruleIndex: Int?) -> JSON {
    var members: [(String, JSON)] = [("ruleId", .string(diagnostic.code.rawValue))]
    if let ruleIndex { members.append(("ruleIndex", .integer(ruleIndex))) }
    var message = diagnostic.message
    for note in diagnostic.notes where note.location == nil { message += "\nnote: \(note.message)" }
    members.append(("level", .string(level(diagnostic.severity))))
    members.append(("message", .object([("text", .string(message))])))
    members.append(("locations", .array([location(diagnostic.location, in: group)])))
    let related = diagnostic.notes.enumerated().compactMap { index, note -> JSON? in
      guard let at = note.location else { return nil }
      return .object([
        ("id", .integer(index)),
        ("physicalLocation", physicalLocation(at, in: group)),
        ("message", .object([("text", .string(note.message))])),
      ])
    }
    if !related.isEmpty { members.append(("relatedLocations", .array(related))) }
    if !diagnostic.fixIts.isEmpty { members.append(("fixes", .array(diagnostic.fixIts.map { fix($0, in: group) }))) }
    return .object(members)
  }

  private static func location(_ location: Location, in group: ReportGroup) -> JSON {
    .object([("physicalLocation", physicalLocation(location, in: group))])
  }

  private static func physicalLocation(_ location: Location, in group: ReportGroup) -> JSON {
    let file = group.file(location.file)
    return .object([("artifactLocation", artifact(file.path)), ("region", region(location.range, in: file))])
  }

  /// A region: 1-based lines and columns, columns in UTF-16 code units (the run's `columnKind`).
  private static func region(_ range: TextRange, in file: SourceFile) -> JSON {
    let start = file.lines.position(of: range.start, encoding: .utf16)
    let end = file.lines.position(of: range.end, encoding: .utf16)
    return .object([
      ("startLine", .integer(start.line + 1)), ("startColumn", .integer(start.column + 1)),
      ("endLine", .integer(end.line + 1)), ("endColumn", .integer(end.column + 1)),
    ])
  }

  private static func artifact(_ path: String) -> JSON {
    if path.hasPrefix("/") { return .object([("uri", .string("file://" + URIPath.encode(path)))]) }
    var relative = Substring(path)
    while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
    return .object([("uri", .string(URIPath.encode(String(relative)))), ("uriBaseId", .string("%SRCROOT%"))])
  }

  private static func fix(_ fix: FixIt, in group: ReportGroup) -> JSON {
    var byFile: [(FileID, [TextEdit])] = []
    for edit in fix.edits {
      if let index = byFile.firstIndex(where: { $0.0 == edit.file }) {
        byFile[index].1.append(edit)
      } else {
        byFile.append((edit.file, [edit]))
      }
    }
    let changes = byFile.map { id, edits -> JSON in
      let file = group.file(id)
      return .object([
        ("artifactLocation", artifact(file.path)),
        (
          "replacements",
          .array(
            edits.map { edit in
              .object([
                ("deletedRegion", region(edit.range, in: file)),
                ("insertedContent", .object([("text", .string(edit.replacement))])),
              ])
            })
        ),
      ])
    }
    return .object([
      ("description", .object([("text", .string(fix.title + (fix.isSafe ? "" : " (check it)")))])),
      ("artifactChanges", .array(changes)),
    ])
  }

  /// SARIF's levels: `error`, `warning`, `note`.
  static func level(_ severity: Severity) -> String {
    switch severity {
    case .error: "error"
    case .warning: "warning"
    case .information, .hint: "note"
    }
  }
}
