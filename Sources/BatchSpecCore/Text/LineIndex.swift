// Converts byte offsets to line/column positions and back, in UTF-8 or UTF-16 columns.

/// How columns are counted: in UTF-8 bytes or in UTF-16 code units (LSP's default).
package enum PositionEncoding: String, Sendable {
  case utf8 = "utf-8"
  case utf16 = "utf-16"
}

/// A zero-based line and column; the column's unit depends on the `PositionEncoding`.
package struct LinePosition: Hashable, Sendable, CustomStringConvertible {
  /// The zero-based line.
  package var line: Int
  /// The zero-based column, in the encoding's code units.
  package var column: Int
  /// Creates a position.
  package init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }
  package var description: String { "\(line):\(column)" }
}

/// The start offset of every line of a file.
///
/// Lines end at `\n`, `\r\n` or a lone `\r`, as the LSP specification counts them. A tab is one
/// column. Columns past the end of a line clamp to the end of the line's content.
package struct LineIndex: Sendable {
  /// The byte offset where each line starts; the first is always 0.
  package private(set) var lineStarts: [Int]
  /// The total number of bytes.
  package let byteCount: Int
  private let bytes: [UInt8]

  /// Indexes the lines of `bytes`.
  package init(_ bytes: [UInt8]) {
    self.bytes = bytes
    self.byteCount = bytes.count
    var starts = [0]
    starts.reserveCapacity(bytes.count / 32 + 1)
    var i = 0
    let n = bytes.count
    while i < n {
      let b = bytes[i]
      if b == 0x0A {
        starts.append(i + 1)
      } else if b == 0x0D {
        if i + 1 < n && bytes[i + 1] == 0x0A { i += 1 }
        starts.append(i + 1)
      }
      i += 1
    }
    lineStarts = starts
  }

  /// The number of lines (a file with no bytes has one empty line).
  package var lineCount: Int { lineStarts.count }

  /// The zero-based line that contains `offset`.
  package func line(containing offset: Int) -> Int {
    let offset = min(max(offset, 0), byteCount)
    var lo = 0
    var hi = lineStarts.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
    }
    return lo
  }

  /// The byte range of `line`'s content, without its line terminator.
  package func contentRange(ofLine line: Int) -> TextRange {
    guard line >= 0 && line < lineStarts.count else { return .empty(at: byteCount) }
    let start = lineStarts[line]
    var end = line + 1 < lineStarts.count ? lineStarts[line + 1] : byteCount
    if end > start && bytes[end - 1] == 0x0A { end -= 1 }
    if end > start && bytes[end - 1] == 0x0D { end -= 1 }
    return TextRange(start, end)
  }

  /// The position of `offset` with columns counted in `encoding`.
  package func position(of offset: Int, encoding: PositionEncoding) -> LinePosition {
    let offset = min(max(offset, 0), byteCount)
    let line = line(containing: offset)
    let content = contentRange(ofLine: line)
    let end = min(offset, content.end)
    switch encoding {
    case .utf8:
      return LinePosition(line: line, column: end - content.start)
    case .utf16:
      return LinePosition(line: line, column: utf16Length(content.start, end))
    }
  }

  /// The byte offset of `position`, whose column is counted in `encoding`.
  ///
  /// Lines past the end give the end of the file; columns past the end of a line give the
  /// end of its content; a column inside a multi-unit character gives the character's start.
  package func offset(of position: LinePosition, encoding: PositionEncoding) -> Int {
    if position.line < 0 { return 0 }
    if position.line >= lineStarts.count { return byteCount }
    let content = contentRange(ofLine: position.line)
    let column = max(0, position.column)
    switch encoding {
    case .utf8:
      var offset = min(content.start + column, content.end)
      while offset > content.start && offset < content.end && isContinuation(bytes[offset]) { offset -= 1 }
      return offset
    case .utf16:
      var units = 0
      var i = content.start
      while i < content.end {
        let width = scalarWidth(bytes[i])
        let unitCount = width == 4 ? 2 : 1
        if units + unitCount > column { return i }
        units += unitCount
        i += width
      }
      return content.end
    }
  }

  /// The number of UTF-16 code units in the UTF-8 bytes `start..<end`.
  package func utf16Length(_ start: Int, _ end: Int) -> Int {
    var units = 0
    var i = start
    while i < end {
      let width = scalarWidth(bytes[i])
      units += width == 4 ? 2 : 1
      i += width
    }
    return units
  }

  private func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

  private func scalarWidth(_ lead: UInt8) -> Int {
    switch lead {
    case 0..<0x80: return 1
    case 0xC0..<0xE0: return 2
    case 0xE0..<0xF0: return 3
    case 0xF0..<0xF8: return 4
    default: return 1  // a stray continuation or invalid byte counts as one unit
    }
  }
}
