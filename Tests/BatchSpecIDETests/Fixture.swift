// Fixtures for the analysis's own tests, in rust-analyzer's form: the project is written inline,
// the cursor is `$0` (two of them mark a range), and each file starts with a `//- /path` header:
//
//     //- /p/pools.batch
//     pool gpu { }
//     //   ^^^ def
//     //- /p/jobs.batch
//     job j { pool = g$0pu }
//
// A fixture without headers is one file, `/p/main.batch`. Annotations are ordinary comments whose
// carets point at the columns (Unicode scalars) of the nearest line above that is not an annotation,
// counted after the `$0` markers are removed; the text after the carets is their label. Every file
// is opened in an `AnalysisHost` over an in-memory disk that holds them too, with a small VM size
// table of its own (`VMSizeTable.test`), so no test depends on the embedded catalogue.

import BatchSpecCore
import BatchSpecIDE
import Testing

/// An offset in a file named by path: where a query is asked.
struct FilePosition: Hashable, CustomStringConvertible {
  var path: String
  var offset: Int
  var description: String { "\(path)@\(offset)" }
}

/// A parsed fixture: its files, cursor, marked range, annotations, and a host holding them.
struct Fixture {
  /// The path of a fixture written without headers.
  static let defaultPath = "/p/main.batch"

  /// The files' texts without markers, in the order written.
  private(set) var files: [(path: String, text: String)] = []
  /// Where the one `$0` stands.
  private(set) var cursor: FilePosition?
  /// What a pair of `$0`s encloses.
  private(set) var range: FileRange?
  /// The annotated ranges and their labels, in the order written.
  private(set) var annotations: [(range: FileRange, label: String)] = []
  /// The host, with every file open at version 1.
  let host: AnalysisHost
  /// The disk under the host: every file of the fixture plus `disk`.
  let fileSystem: InMemoryFileSystem

  /// Parses `text`; `disk` adds files that are on disk but not open (configuration files, other
  /// projects), and `params` overrides param defaults as `--param` does.
  init(_ text: String, vmSizes: VMSizeTable = .test, disk: [String: String] = [:], params: [String: String] = [:]) {
    var sections: [(path: String, lines: [Substring])] = [(Self.defaultPath, [])]
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("//- ") {
        sections.append((line.dropFirst(4).trimmed(), []))
      } else {
        sections[sections.count - 1].lines.append(line)
      }
    }
    if sections.count > 1 && sections[0].lines.allSatisfy({ $0.trimmed().isEmpty }) { sections.removeFirst() }
    for (path, lines) in sections {
      var (clean, markers) = Self.removingMarkers(lines.joined(separator: "\n"))
      // Each file ends with a line break, as the formatter writes files; an empty one stays empty.
      if !clean.isEmpty && !clean.hasSuffix("\n") { clean += "\n" }
      switch markers.count {
      case 0: break
      case 1: cursor = FilePosition(path: path, offset: markers[0])
      case 2: range = FileRange(path: path, range: TextRange(markers[0], markers[1]))
      default: Issue.record("`\(path)` has \(markers.count) `$0` markers: write one for a cursor, two for a range")
      }
      files.append((path, clean))
      annotations += Self.annotations(in: clean).map { (FileRange(path: path, range: $0.range), $0.label) }
    }
    var all = disk
    for (path, text) in files { all[path] = text }
    fileSystem = InMemoryFileSystem(all)
    host = AnalysisHost(fileSystem: fileSystem)
    host.vmSizes = vmSizes
    host.params = params
    for (path, text) in files { host.open(path: path, version: 1, text: text) }
  }

  /// A snapshot of the host's current state.
  var analysis: Analysis { host.analysis() }

  /// The cursor; records an issue (and answers the file's start) when the fixture has none.
  func position(sourceLocation: SourceLocation = #_sourceLocation) -> FilePosition {
    if let cursor { return cursor }
    Issue.record("the fixture has no `$0` cursor", sourceLocation: sourceLocation)
    return FilePosition(path: files.first?.path ?? Self.defaultPath, offset: 0)
  }

  /// The marked range; records an issue when the fixture has none.
  func markedRange(sourceLocation: SourceLocation = #_sourceLocation) -> FileRange {
    if let range { return range }
    Issue.record("the fixture has no `$0...$0` range", sourceLocation: sourceLocation)
    return FileRange(path: files.first?.path ?? Self.defaultPath, range: .empty(at: 0))
  }

  /// The text of the file at `path`, without markers.
  func text(_ path: String = Fixture.defaultPath) -> String { files.first { $0.path == path }?.text ?? "" }

  /// The annotations whose label is `label`, as ranges.
  func annotated(_ label: String) -> Set<FileRange> {
    Set(annotations.filter { $0.label == label }.map(\.range))
  }

  /// The text without `$0`s, and the byte offsets where they stood.
  private static func removingMarkers(_ text: String) -> (String, [Int]) {
    var bytes = Array(text.utf8)
    var offsets: [Int] = []
    var i = 0
    while i + 1 < bytes.count {
      if bytes[i] == UInt8(ascii: "$") && bytes[i + 1] == UInt8(ascii: "0") {
        bytes.removeSubrange(i..<i + 2)
        offsets.append(i)
      } else {
        i += 1
      }
    }
    return (String(decoding: bytes, as: UTF8.self), offsets)
  }

  /// The `// ^^^ label` annotations of `text`, by byte range of the line each points at.
  static func annotations(in text: String) -> [(range: TextRange, label: String)] {
    var result: [(TextRange, String)] = []
    var target: (start: Int, scalars: [Unicode.Scalar])?
    var lineStart = 0
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let scalars = Array(line.unicodeScalars)
      if let caret = annotationCarets(scalars), let target {
        let column = caret.column
        let end = min(column + caret.count, target.scalars.count)
        func offset(_ column: Int) -> Int {
          target.start + target.scalars.prefix(column).reduce(0) { $0 + String($1).utf8.count }
        }
        if column <= target.scalars.count {
          result.append((TextRange(offset(column), offset(end)), caret.label))
        }
      } else {
        target = (lineStart, scalars)
      }
      lineStart += line.utf8.count + 1
    }
    return result
  }

  /// The carets of an annotation line (`//`, spaces, `^`s, a label), or nil for any other line.
  private static func annotationCarets(_ line: [Unicode.Scalar]) -> (column: Int, count: Int, label: String)? {
    var i = 0
    while i < line.count, line[i] == " " { i += 1 }
    guard i + 1 < line.count, line[i] == "/", line[i + 1] == "/" else { return nil }
    i += 2
    while i < line.count, line[i] == " " { i += 1 }
    let column = i
    while i < line.count, line[i] == "^" { i += 1 }
    guard i > column else { return nil }
    return (column, i - column, String(String.UnicodeScalarView(line[i...])).trimmed())
  }
}

/// A one-file or multi-file fixture with a cursor: the analysis and the cursor.
func fixture(
  _ text: String, vmSizes: VMSizeTable = .test, sourceLocation: SourceLocation = #_sourceLocation
) -> (Analysis, FilePosition) {
  let fixture = Fixture(text, vmSizes: vmSizes)
  return (fixture.analysis, fixture.position(sourceLocation: sourceLocation))
}

/// A fixture with a range marked by two `$0`s: the analysis and the range.
func rangeFixture(
  _ text: String, vmSizes: VMSizeTable = .test, sourceLocation: SourceLocation = #_sourceLocation
) -> (Analysis, FileRange) {
  let fixture = Fixture(text, vmSizes: vmSizes)
  return (fixture.analysis, fixture.markedRange(sourceLocation: sourceLocation))
}

extension VMSizeTable {
  /// The sizes the fixtures know: one of each status, of different shapes and families.
  static let test = VMSizeTable([
    Entry(name: "Standard_D4s_v3", vCPUs: 4, memoryMiB: 16 * 1024, family: "standardDSv3Family"),
    Entry(
      name: "Standard_NC6s_v3", vCPUs: 6, memoryMiB: 112 * 1024, family: "standardNCSv3Family", status: .retired,
      retirement: "2025-09-30", successor: "Standard_NC40ads_H100_v5"),
    Entry(
      name: "Standard_A1_v2", vCPUs: 1, memoryMiB: 2 * 1024, family: "standardAv2Family", status: .retiring,
      retirement: "2028-11-15", successor: "Standard_D2s_v5"),
    Entry(name: "Standard_A0", vCPUs: 1, memoryMiB: 768, family: "standardA0_A7Family", status: .refusedByBatch),
  ])
}

extension StringProtocol {
  /// The text without leading and trailing white space.
  fileprivate func trimmed() -> String {
    var text = self[...]
    while text.first?.isWhitespace == true { text = text.dropFirst() }
    while text.last?.isWhitespace == true { text = text.dropLast() }
    return String(text)
  }
}
