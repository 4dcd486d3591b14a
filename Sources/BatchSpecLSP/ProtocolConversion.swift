// Conversions between the analysis's plain data (byte offsets, paths) and LSP's JSON shapes.

internal import BatchSpecCore
internal import BatchSpecIDE

/// Converts positions, ranges, locations and diagnostics for one analysis snapshot.
struct ProtocolConversion {
  let analysis: Analysis
  let uris: [String: String]

  var encoding: PositionEncoding { analysis.encoding }

  /// The URI to report for `path`: the one the client used, or a `file:` URI.
  func uri(_ path: String) -> String { uris[path] ?? DocumentURI.uri(path) }

  // MARK: to proto

  func position(_ offset: Int, _ lines: LineIndex) -> JSON {
    let position = lines.position(of: offset, encoding: encoding)
    return .object([("line", .integer(position.line)), ("character", .integer(position.column))])
  }

  func range(_ range: TextRange, _ lines: LineIndex) -> JSON {
    .object([("start", position(range.start, lines)), ("end", position(range.end, lines))])
  }

  func range(_ range: TextRange, path: String) -> JSON {
    guard let lines = analysis.lineIndex(of: path) else { return self.range(range, LineIndex([])) }
    return self.range(range, lines)
  }

  func location(_ location: FileRange) -> JSON {
    .object([("uri", .string(uri(location.path))), ("range", range(location.range, path: location.path))])
  }

  /// The diagnostics of `path`, in LSP's shape. The file's lines, and each file a note points
  /// into, are looked up once for the list: a file's diagnostics are sent again after each edit.
  func diagnostics(_ diagnostics: [Diagnostic], path: String) -> [JSON] {
    let lines = analysis.lineIndex(of: path) ?? LineIndex([])
    var notePlaces: [FileID: (path: String, lines: LineIndex)?] = [:]
    return diagnostics.map { diagnostic in
      self.diagnostic(diagnostic, lines: lines) { location in
        if let known = notePlaces[location.file] { return known }
        let place = analysis.path(of: location, inProjectOf: path).map { notePath in
          (notePath, analysis.lineIndex(of: notePath) ?? LineIndex([]))
        }
        notePlaces[location.file] = place
        return place
      }
    }
  }

  /// One diagnostic, in a file of `lines`; `place` gives the path and lines of the file a note
  /// points into, if the analysis knows it.
  private func diagnostic(
    _ diagnostic: Diagnostic, lines: LineIndex, place: (Location) -> (path: String, lines: LineIndex)?
  ) -> JSON {
    var message = diagnostic.message
    var related: [JSON] = []
    for note in diagnostic.notes {
      if let location = note.location, let (notePath, noteLines) = place(location) {
        related.append(
          .object([
            (
              "location",
              .object([("uri", .string(uri(notePath))), ("range", range(location.range, noteLines))])
            ),
            ("message", .string(note.message)),
          ]))
      } else {
        message += "\nnote: \(note.message)"
      }
    }
    var members: [(String, JSON)] = [
      ("range", range(diagnostic.range, lines)),
      ("severity", .integer(severity(diagnostic.severity))),
      ("code", .string(diagnostic.code.rawValue)),
      ("source", .string("batchspec")),
      ("message", .string(message)),
    ]
    if !related.isEmpty { members.append(("relatedInformation", .array(related))) }
    // No `codeDescription`: LSP wants the URI of a page about the code, and the rules' pages have
    // no public address yet; hovering a diagnostic shows the page itself (as `explain` prints it).
    let tags = DiagnosticTag.tags(of: diagnostic).map { tag -> JSON in
      switch tag {
      case .unnecessary: .integer(1)
      case .deprecated: .integer(2)
      }
    }
    if !tags.isEmpty { members.append(("tags", .array(tags))) }
    return .object(members)
  }

  private func severity(_ severity: Severity) -> Int {
    switch severity {
    case .error: 1
    case .warning: 2
    case .information: 3
    case .hint: 4
    }
  }

  /// A `WorkspaceEdit` with `changes` grouped by document.
  func workspaceEdit(_ edits: [FileEdit]) -> JSON {
    var byURI: [(String, [JSON])] = []
    for edit in edits {
      let key = uri(edit.location.path)
      let json = JSON.object([
        ("range", range(edit.location.range, path: edit.location.path)), ("newText", .string(edit.newText)),
      ])
      if let index = byURI.firstIndex(where: { $0.0 == key }) {
        byURI[index].1.append(json)
      } else {
        byURI.append((key, [json]))
      }
    }
    return .object([("changes", .object(byURI.map { ($0.0, .array($0.1)) }))])
  }

  // MARK: from proto

  /// The byte offset of the `position` member of `params` in `path`; -32602 when it is not a
  /// position or its line is past the end of the document.
  func offset(_ params: Params, path: String, key: String = "position") throws(ResponseError) -> Int {
    let line = try params.int(key, "line")
    let character = try params.int(key, "character")
    guard let lines = analysis.lineIndex(of: path) else { throw .invalidParams("unknown document `\(path)`") }
    return try offset(line: line, character: character, lines)
  }

  func offset(line: Int, character: Int, _ lines: LineIndex) throws(ResponseError) -> Int {
    guard line >= 0, character >= 0 else { throw .invalidParams("positions are not negative") }
    guard line < lines.lineCount else {
      throw .invalidParams("line \(line) is past the end of the document (\(lines.lineCount) lines)")
    }
    return lines.offset(of: LinePosition(line: line, column: Self.clamp(character)), encoding: encoding)
  }

  /// A column clamped far past any line's end but far from overflowing offset arithmetic.
  static func clamp(_ column: Int) -> Int { min(max(column, 0), 1 << 31) }

  /// The byte range of the `range` member of `params` in `path`. An end past the last line
  /// means the end of the document (clients ask for hints "to the end" that way).
  func range(_ params: Params, path: String) throws(ResponseError) -> TextRange {
    let range = try params.object("range")
    let start = try offset(range, path: path, key: "start")
    guard let lines = analysis.lineIndex(of: path) else { throw .invalidParams("unknown document `\(path)`") }
    let endLine = try range.int("end", "line")
    let end =
      endLine >= lines.lineCount
      ? lines.byteCount : try offset(line: endLine, character: try range.int("end", "character"), lines)
    return TextRange(start, max(start, end))
  }
}
