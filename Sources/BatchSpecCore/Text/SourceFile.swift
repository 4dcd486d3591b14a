// One source file: its name, its UTF-8 bytes and the index of its lines.

/// The text of one `.batch` file, kept as UTF-8 bytes, with a line index.
package struct SourceFile: Sendable {
  /// The file's ID within its project.
  package var id: FileID
  /// The path shown to people (as given on the command line, or a URI's path).
  package var path: String
  /// The UTF-8 bytes of the file.
  package let bytes: [UInt8]
  /// Line starts, for converting offsets to positions and back.
  package let lines: LineIndex

  /// The UTF-8 byte order mark Windows editors write at the start of a file: the lexer reads it as
  /// nothing, columns do not count it, and the formatter keeps it.
  package static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

  /// The length of the byte order mark `bytes` start with: 3, or 0 when they start with none.
  package static func byteOrderMarkLength(_ bytes: some Collection<UInt8>) -> Int {
    bytes.starts(with: byteOrderMark) ? byteOrderMark.count : 0
  }

  /// The largest file read: offsets are kept in 32 bits (`TextRange`), and a name's end offset
  /// shares its top bit with whether it is quoted (`Name`).
  package static let maximumByteCount = Int(Int32.max)

  /// Creates a source file from UTF-8 bytes.
  package init(id: FileID, path: String, bytes: [UInt8]) {
    self.id = id
    self.path = path
    self.bytes = bytes
    self.lines = LineIndex(bytes)
  }

  /// Creates a source file from UTF-8 bytes that are an edit of `old`'s: its line index is
  /// `old`'s, revised where the text changed.
  package init(id: FileID, path: String, bytes: [UInt8], revising old: SourceFile) {
    self.id = id
    self.path = path
    self.bytes = bytes
    self.lines = LineIndex(bytes, revising: old.lines)
  }

  /// Creates a source file from UTF-8 bytes and their line index (`LineIndex(bytes)`, kept up to
  /// date by the caller).
  package init(id: FileID, path: String, bytes: [UInt8], lines: LineIndex) {
    assert(lines.byteCount == bytes.count, "a line index of other bytes")
    self.id = id
    self.path = path
    self.bytes = bytes
    self.lines = lines
  }

  /// Creates a source file from a string.
  package init(id: FileID = FileID(0), path: String, text: String) {
    self.init(id: id, path: path, bytes: Array(text.utf8))
  }

  /// The text of `range`, decoded as UTF-8 (invalid sequences become U+FFFD).
  package func text(_ range: TextRange) -> String {
    let lo = min(max(range.start, 0), bytes.count)
    let hi = min(max(range.end, lo), bytes.count)
    return String(decoding: bytes[lo..<hi], as: UTF8.self)
  }

  /// Whether the bytes of `range` equal the ASCII string `word`.
  package func bytes(_ range: TextRange, equal word: StaticString) -> Bool {
    guard range.length == word.utf8CodeUnitCount, range.end <= bytes.count else { return false }
    return word.withUTF8Buffer { buffer in
      var i = 0
      while i < buffer.count {
        if bytes[range.start + i] != buffer[i] { return false }
        i += 1
      }
      return true
    }
  }

  /// The 1-based line and column of `offset` as people read them: the column counts Unicode
  /// scalars from the line's content, so a byte order mark is no column. Every human-facing
  /// format (the renderer, `concise`, GitHub, JUnit) says positions this way.
  package func humanPosition(of offset: Int) -> (line: Int, column: Int) {
    let line = lines.line(containing: offset)
    var column = 1
    var index = lines.contentRange(ofLine: line).start
    while index < min(offset, bytes.count) {
      if bytes[index] & 0xC0 != 0x80 { column += 1 }
      index += 1
    }
    return (line + 1, column)
  }
}

extension SourceFile {
  /// The range that removes the statement (an attribute) at `range`: its whole line when nothing
  /// else is on it (but a comma after it), else the statement and the comma that separates it
  /// from the next one (or from the one before, when it is the last), so that no blank line or
  /// `x,  }` is left. What every fix that deletes an attribute deletes.
  package func removal(ofStatementAt range: TextRange) -> TextRange {
    func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
    let line = lines.line(containing: range.start)
    let content = lines.contentRange(ofLine: line)
    var after = range.end
    while after < content.end && isBlank(bytes[after]) { after += 1 }
    let comma = after < content.end && bytes[after] == UInt8(ascii: ",")
    var rest = comma ? after + 1 : after
    while rest < content.end && isBlank(bytes[rest]) { rest += 1 }
    if range.end <= content.end && rest == content.end && bytes[content.start..<range.start].allSatisfy(isBlank) {
      return TextRange(content.start, line + 1 < lines.lineCount ? lines.lineStarts[line + 1] : content.end)
    }
    if comma { return TextRange(range.start, rest) }
    var before = range.start
    while before > content.start && isBlank(bytes[before - 1]) { before -= 1 }
    if before > content.start && bytes[before - 1] == UInt8(ascii: ",") { return TextRange(before - 1, range.end) }
    return TextRange(before, range.end)
  }
}
