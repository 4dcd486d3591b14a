// The one diagnostic model shared by the checker, the validator, the CLI and the language server.

/// How serious a finding is; ordered from `hint` (least) to `error` (most).
package enum Severity: Int, Comparable, Sendable, CaseIterable {
  case hint, information, warning, error

  package static func < (a: Severity, b: Severity) -> Bool { a.rawValue < b.rawValue }

  /// The word used in output: `error`, `warning`, `information` or `hint`.
  package var name: String {
    switch self {
    case .hint: "hint"
    case .information: "information"
    case .warning: "warning"
    case .error: "error"
    }
  }
}

/// A place in a project: a file and a byte range in it.
package struct Location: Hashable, Sendable {
  /// The file.
  package var file: FileID
  /// The byte range.
  package var range: TextRange
  /// Creates a location.
  package init(_ file: FileID, _ range: TextRange) {
    self.file = file
    self.range = range
  }
}

extension Location {
  /// This place moved by `delta` bytes.
  func shifted(by delta: Int) -> Location { Location(file, range.shifted(by: delta)) }

  /// The place that covers `a` and `b`, when they are in one file.
  static func span(_ a: Location, _ b: Location) -> Location? {
    a.file == b.file ? Location(a.file, a.range.union(b.range)) : nil
  }
}

/// Extra information attached to a diagnostic, with or without a location of its own.
package struct Note: Hashable, Sendable {
  /// The note's text: lowercase, code in backticks.
  package var message: String
  /// Where the note points, if anywhere (LSP's "related information").
  package var location: Location?
  /// Creates a note.
  package init(_ message: String, at location: Location? = nil) {
    self.message = message
    self.location = location
  }
}

/// A replacement of one byte range of one file.
package struct TextEdit: Hashable, Sendable {
  /// The file to change.
  package var file: FileID
  /// The bytes to replace (empty to insert).
  package var range: TextRange
  /// The new text.
  package var replacement: String
  /// Creates an edit.
  package init(file: FileID, range: TextRange, replacement: String) {
    self.file = file
    self.range = range
    self.replacement = replacement
  }
}

/// A titled set of edits that fixes a diagnostic.
///
/// A safe fix keeps the spec's meaning except for the mistake (for example dropping quotes
/// around a reference); an unsafe one is a best guess (a did-you-mean) that a person confirms.
package struct FixIt: Hashable, Sendable {
  /// What the fix does, as an imperative: "replace `pol` with `pool`".
  package var title: String
  /// The edits, applied together.
  package var edits: [TextEdit]
  /// Whether a tool may apply the fix without asking.
  package var isSafe: Bool
  /// Creates a fix-it.
  package init(_ title: String, edits: [TextEdit], isSafe: Bool) {
    self.title = title
    self.edits = edits
    self.isSafe = isSafe
  }
}

/// One finding: a stable code, a severity, where it is, what to do, notes and fixes.
package struct Diagnostic: Hashable, Sendable {
  /// The stable code, for example `BS2002`.
  package var code: DiagnosticCode
  /// How serious it is.
  package var severity: Severity
  /// Where it is.
  package var location: Location
  /// What is wrong and what to do: lowercase, code in backticks.
  package var message: String
  /// Related locations and remarks.
  package var notes: [Note]
  /// Edits that fix it.
  package var fixIts: [FixIt]

  /// Creates a diagnostic with the code's default severity unless one is given.
  package init(
    _ code: DiagnosticCode, at location: Location, _ message: String, severity: Severity? = nil,
    notes: [Note] = [], fixIts: [FixIt] = []
  ) {
    self.code = code
    self.severity = severity ?? code.defaultSeverity
    self.location = location
    self.message = Self.shorteningQuotes(message)
    self.notes = notes
    self.fixIts = fixIts
  }

  /// The longest quote (text in backticks) a message shows whole, in characters: an Azure
  /// resource ID, the longest text a message quotes, is some 250.
  package static let longestQuote = 300

  /// `message` with each quote longer than `longestQuote` cut to its start and end around `…`: a
  /// name or value of thousands of characters is not printed whole in every finding about it
  /// (review 18). Messages are rarely that long, so most are returned at once.
  package static func shorteningQuotes(_ message: String) -> String {
    guard message.utf8.count > longestQuote + 2 else { return message }
    var out = ""
    var rest = Substring(message)
    while let open = rest.firstIndex(of: "`") {
      let inner = rest[rest.index(after: open)...]
      guard let close = inner.firstIndex(of: "`") else { break }
      out += rest[...open]
      let quote = inner[..<close]
      out += quote.count > longestQuote ? quote.prefix(longestQuote / 2) + "…" + quote.suffix(longestQuote / 4) : quote
      out += "`"
      rest = inner[inner.index(after: close)...]
    }
    return out + rest
  }

  /// The file the diagnostic is in.
  package var file: FileID { location.file }
  /// The byte range it covers.
  package var range: TextRange { location.range }
}

extension Diagnostic {
  /// Orders diagnostics by file, then position, then code: the order every output uses.
  package static func sortedForOutput(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    diagnostics.sorted { a, b in
      if a.file != b.file { return a.file < b.file }
      if a.range.start != b.range.start { return a.range.start < b.range.start }
      if a.range.end != b.range.end { return a.range.end < b.range.end }
      // A missing `}` is the consequence of what else went wrong at the same place: after it.
      let aUnclosed = a.code == .expectedClosingBrace
      if aUnclosed != (b.code == .expectedClosingBrace) { return !aUnclosed }
      if a.code.rawValue != b.code.rawValue { return a.code.rawValue < b.code.rawValue }
      // Ties (one rule, one place, two findings) in a fixed order, whatever order they came in.
      return a.message < b.message
    }
  }
}
