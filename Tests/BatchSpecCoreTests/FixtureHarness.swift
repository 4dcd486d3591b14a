// Reads fixture projects whose expected diagnostics are written inline, under the line they concern:
//
//     vm_sise = "Standard_D4s_v3"
//   //^^^^^^^ error[BS2002]: `pool` has no attribute `vm_sise`; did you mean `vm_size`?
//
// The carets' columns are the diagnostic's columns (Unicode scalars) on the nearest line above that
// is not an annotation; their count is the range's length on that line. For a column below 2, write
// `//@C:N error[...]` (column C, N carets). `//@L:C:N error[...]` names a 1-based line too, and may
// stand anywhere: the rewriter puts unterminated-comment errors at the top this way, since their
// message holds `*/`, which would end the comment. Annotations are ordinary comments, so the
// checker sees them too. Set BATCHSPEC_UPDATE_FIXTURES=1 to rewrite them from the actual output.

import Foundation
import BatchSpecCore

/// One expected or actual diagnostic, as fixtures write them.
struct Annotation: Hashable, Comparable, CustomStringConvertible {
  var file: String
  var line: Int
  var column: Int
  var length: Int
  var severity: String
  var code: String
  var message: String

  static func < (a: Annotation, b: Annotation) -> Bool {
    (a.file, a.line, a.column, a.code, a.message) < (b.file, b.line, b.column, b.code, b.message)
  }

  /// Whether the rewriter writes it at the top of the file, with its line number.
  var placedAtTop: Bool { code == DiagnosticCode.unterminatedBlockComment.rawValue }

  var description: String { "\(file):\(line + 1):\(column + 1) [\(length)] \(severity)[\(code)]: \(message)" }

  /// The comment line that expresses this annotation.
  var rendered: String {
    let tail = "\(severity)[\(code)]: \(message)"
    if placedAtTop { return "//@\(line + 1):\(column):\(length) \(tail)" }
    if column < 2 { return "//@\(column):\(length) \(tail)" }
    return "//" + String(repeating: " ", count: column - 2) + String(repeating: "^", count: max(1, length)) + " " + tail
  }
}

/// A fixture: a `.batch` file, or a directory of them checked as one project.
struct Fixture: CustomStringConvertible, Sendable {
  /// Path relative to the fixtures root.
  var name: String
  /// Absolute paths of its files.
  var paths: [String]

  var description: String { name }

  static let root: String = {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
  }()

  /// Every fixture under the root: files outside project directories, and project directories
  /// (those whose name ends in `.project`).
  static func all() -> [Fixture] {
    var fixtures: [Fixture] = []
    let manager = FileManager.default
    guard let enumerator = manager.enumerator(atPath: root) else { return [] }
    var projects: [String: [String]] = [:]
    for case let relative as String in enumerator where relative.hasSuffix(".batch") {
      let components = relative.split(separator: "/")
      if let projectIndex = components.firstIndex(where: { $0.hasSuffix(".project") }) {
        let projectName = components[...projectIndex].joined(separator: "/")
        projects[projectName, default: []].append(root + "/" + relative)
      } else {
        fixtures.append(Fixture(name: relative, paths: [root + "/" + relative]))
      }
    }
    for (name, paths) in projects { fixtures.append(Fixture(name: name, paths: paths.sorted())) }
    return fixtures.sorted { $0.name < $1.name }
  }

  /// The project, with each file's display path relative to the fixtures root.
  func project() -> Project {
    Project(
      files: paths.map { path in
        let bytes = FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
        return SourceFile(id: FileID(0), path: String(path.dropFirst(Fixture.root.count + 1)), bytes: bytes)
      })
  }
}

enum FixtureHarness {
  static let pattern = try! NSRegularExpression(
    pattern: #"^\s*//(?:(\s*)(\^+)|@(?:(\d+):)?(\d+):(\d+)) (error|warning|information|hint)\[(BS\d{4})\]: (.*)$"#)

  /// The annotations written in `file`.
  static func expected(in file: SourceFile) -> [Annotation] {
    var result: [Annotation] = []
    var target = 0
    for line in 0..<file.lines.lineCount {
      let text = file.text(file.lines.contentRange(ofLine: line))
      let range = NSRange(text.startIndex..., in: text)
      guard let match = pattern.firstMatch(in: text, range: range) else {
        target = line
        continue
      }
      func group(_ i: Int) -> String? {
        Range(match.range(at: i), in: text).map { String(text[$0]) }
      }
      var column: Int
      var length: Int
      var annotated = target
      if let carets = group(2) {
        let prefix = text[..<Range(match.range(at: 2), in: text)!.lowerBound]
        column = prefix.unicodeScalars.count
        length = carets.count
      } else {
        if let absolute = group(3) { annotated = Int(absolute)! - 1 }
        column = Int(group(4)!)!
        length = Int(group(5)!)!
      }
      result.append(
        Annotation(
          file: file.path, line: annotated, column: column, length: length, severity: group(6)!, code: group(7)!,
          message: group(8)!))
    }
    return result
  }

  /// Whether a line of `file` is an annotation.
  static func isAnnotation(_ text: String) -> Bool {
    pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
  }

  /// The actual diagnostics as annotations (columns in Unicode scalars).
  static func actual(_ diagnostics: [Diagnostic], in project: Project) -> [Annotation] {
    diagnostics.map { diagnostic in
      let file = project.file(diagnostic.file)
      let line = file.lines.line(containing: diagnostic.range.start)
      let content = file.lines.contentRange(ofLine: line)
      let column = scalars(file, content.start, diagnostic.range.start)
      let length = scalars(file, max(diagnostic.range.start, content.start), min(diagnostic.range.end, content.end))
      return Annotation(
        file: file.path, line: line, column: column, length: max(1, length), severity: diagnostic.severity.name,
        code: diagnostic.code.rawValue, message: diagnostic.message)
    }
  }

  static func scalars(_ file: SourceFile, _ start: Int, _ end: Int) -> Int {
    guard start < end else { return 0 }
    return file.bytes[start..<end].reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
  }

  /// Rewrites a fixture file's annotations from `actual`.
  static func rewrite(_ file: SourceFile, absolutePath: String, with actual: [Annotation]) {
    let mine = actual.filter { $0.file == file.path }
    let top = mine.filter(\.placedAtTop)
    let byLine = Dictionary(grouping: mine.filter { !$0.placedAtTop }, by: \.line)
    var body: [String] = []
    var finalLine: [Int: Int] = [:]  // original line -> its index in `body`
    for line in 0..<file.lines.lineCount {
      let text = file.text(file.lines.contentRange(ofLine: line))
      if isAnnotation(text) { continue }
      finalLine[line] = body.count
      body.append(text)
      for annotation in (byLine[line] ?? []).sorted() { body.append(annotation.rendered) }
    }
    // Placed-at-top annotations go after the fixture's first comment line, shifting what follows.
    let insertAt = body.first?.hasPrefix("//") == true ? 1 : 0
    let header = top.sorted().map { annotation in
      var moved = annotation
      let line = finalLine[annotation.line] ?? annotation.line
      moved.line = line >= insertAt ? line + top.count : line
      return moved.rendered
    }
    body.insert(contentsOf: header, at: insertAt)
    while body.last == "" { body.removeLast() }
    try? (body.joined(separator: "\n") + "\n").write(toFile: absolutePath, atomically: true, encoding: .utf8)
  }
}
