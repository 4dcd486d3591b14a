// Suppression comments: `// batchspec-ignore BS3001: reason` silences a validation finding on the
// next line (or, written after code, on its own line); `// batchspec-ignore-file BS3001: reason`
// silences it in the whole file. Codes or rule names, comma-separated; the reason is free text.

/// One suppression comment.
package struct Suppression: Sendable, Equatable {
  /// Where it applies.
  package enum Scope: Sendable, Equatable {
    /// Findings that start on this 0-based line.
    case line(Int)
    /// Every finding of the file.
    case file
  }

  /// The comment.
  package var location: Location
  /// The codes (`BS3001`) or rule names (`dedicated-core-quota-exceeded`) it names.
  package var codes: [String]
  /// The text after the `:`, if any: why the finding does not apply.
  package var reason: String?
  /// What it covers.
  package var scope: Scope
  /// How many findings it silenced (0: unused, which `lint` reports).
  package var useCount = 0
  /// Why the comment, which looks like a suppression, is none (`// BATCHSPEC-IGNORE BS3001`,
  /// `// batchspec-ignore: BS3001`): it silences nothing, and `lint` says so.
  package var malformed: String? = nil

  /// Whether it names `code`, by code or by name.
  package func covers(_ code: DiagnosticCode) -> Bool {
    codes.contains(code.rawValue) || codes.contains(code.name)
  }
}

/// Finds suppression comments and filters diagnostics through them.
package enum Suppressions {
  /// The directive that covers the next line.
  package static let lineDirective = "batchspec-ignore"
  /// The directive that covers the whole file.
  package static let fileDirective = "batchspec-ignore-file"

  /// Every suppression comment of the project, in file order.
  package static func find(in project: Project) -> [Suppression] {
    zip(project.files, project.trees).flatMap { find(in: $0, tree: $1) }
  }

  /// Every suppression comment of `file`, whose tree is `tree`, in order.
  package static func find(in file: SourceFile, tree: SyntaxTree) -> [Suppression] {
    tree.comments.compactMap { parse($0, in: file, comments: tree.comments) }
  }

  /// Splits `diagnostics` into kept and suppressed; counts each suppression's uses.
  ///
  /// Only validation findings (`BS3xxx` and up) can be suppressed: syntax and type errors must
  /// be fixed.
  package static func apply(_ suppressions: inout [Suppression], to diagnostics: [Diagnostic], in project: Project)
    -> (kept: [Diagnostic], suppressed: [Diagnostic])
  {
    var kept: [Diagnostic] = []
    kept.reserveCapacity(diagnostics.count)
    var suppressed: [Diagnostic] = []
    // Each file's suppressions, in order: a finding in a file without any is kept at once.
    var byFile: [FileID: [Int]] = [:]
    for (index, suppression) in suppressions.enumerated() {
      byFile[suppression.location.file, default: []].append(index)
    }
    for diagnostic in diagnostics {
      guard let candidates = byFile[diagnostic.file], diagnostic.code.group == .validation else {
        kept.append(diagnostic)
        continue
      }
      let line = project.file(diagnostic.file).lines.line(containing: diagnostic.range.start)
      let index = candidates.first { index in
        let suppression = suppressions[index]
        return suppression.covers(diagnostic.code) && (suppression.scope == .file || suppression.scope == .line(line))
      }
      if let index {
        suppressions[index].useCount += 1
        suppressed.append(diagnostic)
      } else {
        kept.append(diagnostic)
      }
    }
    return (kept, suppressed)
  }

  /// The suppression a comment holds, if it is one.
  static func parse(_ comment: TextRange, in file: SourceFile, comments: [TextRange]) -> Suppression? {
    var text = Substring(file.text(comment))
    if text.hasPrefix("//") {
      text = text.dropFirst(2)
    } else if text.hasPrefix("/*") {
      text = text.dropFirst(2)
      if text.hasSuffix("*/") { text = text.dropLast(2) }
    }
    text = text.drop { $0 == " " || $0 == "\t" }
    let location = Location(file.id, comment)
    func malformed(_ why: String) -> Suppression {
      Suppression(location: location, codes: [], reason: nil, scope: .file, malformed: why)
    }
    let lowered = text.prefix(fileDirective.count + 1).lowercased()
    if lowered.hasPrefix(lineDirective) && !text.hasPrefix(lineDirective) {
      return malformed("the directive is written `\(lineDirective)` or `\(fileDirective)`, in lower case")
    }
    let isFile: Bool
    if text.hasPrefix(fileDirective) {
      isFile = true
      text = text.dropFirst(fileDirective.count)
    } else if text.hasPrefix(lineDirective) {
      isFile = false
      text = text.dropFirst(lineDirective.count)
    } else {
      return nil
    }
    let form = "`// \(isFile ? fileDirective : lineDirective) CODE: reason`"
    guard text.first == " " || text.first == "\t" || text.first == ":" || text.isEmpty else {
      return malformed("write \(form)")
    }
    let colon = text.firstIndex(of: ":")
    let list = colon.map { text[..<$0] } ?? text
    let codes = list.split { $0 == "," || $0 == " " || $0 == "\t" }.map(String.init)
    guard !codes.isEmpty else { return malformed("it names no code: write \(form)") }
    let reason = colon.map { String(text[text.index(after: $0)...].trimmingSpaces) }.flatMap { $0.isEmpty ? nil : $0 }
    if isFile { return Suppression(location: location, codes: codes, reason: reason, scope: .file) }
    return Suppression(
      location: location, codes: codes, reason: reason,
      scope: .line(targetLine(of: comment, in: file, comments: comments)))
  }

  /// The line a line suppression covers: its own when code precedes it, else the next line that
  /// holds more than a comment.
  private static func targetLine(of comment: TextRange, in file: SourceFile, comments: [TextRange]) -> Int {
    let line = file.lines.line(containing: comment.start)
    let before = file.text(TextRange(file.lines.contentRange(ofLine: line).start, comment.start))
    if before.contains(where: { $0 != " " && $0 != "\t" }) { return line }
    var next = line + 1
    while next < file.lines.lineCount {
      if !isBlankOrComment(file.lines.contentRange(ofLine: next), in: file, comments: comments) { return next }
      next += 1
    }
    return next
  }

  /// Whether every byte of `range` is a space, a tab or part of a comment.
  private static func isBlankOrComment(_ range: TextRange, in file: SourceFile, comments: [TextRange]) -> Bool {
    var offset = range.start
    while offset < range.end {
      let byte = file.bytes[offset]
      if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
        offset += 1
      } else if let comment = comments.first(where: { $0.start <= offset && offset < $0.end }) {
        offset = comment.end
      } else {
        return false
      }
    }
    return true
  }

}

extension StringProtocol {
  /// The text without leading and trailing spaces and tabs.
  fileprivate var trimmingSpaces: Substring {
    let text = Substring(self)
    let start = text.firstIndex { $0 != " " && $0 != "\t" } ?? text.endIndex
    let end = text.lastIndex { $0 != " " && $0 != "\t" }.map { text.index(after: $0) } ?? start
    return text[start..<Swift.max(start, end)]
  }
}
