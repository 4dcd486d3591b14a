// Converts byte offsets to line/column positions and back, in UTF-8 or UTF-16 columns.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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
  package var lineStarts: LineStarts { LineStarts(starts: starts) }
  /// The total number of bytes.
  package let byteCount: Int
  private let bytes: [UInt8]
  /// The line starts, in 32 bits as `TextRange` keeps offsets: every open file keeps its index.
  private let starts: [UInt32]

  /// Indexes the lines of `bytes`.
  package init(_ bytes: [UInt8]) {
    self.bytes = bytes
    self.byteCount = bytes.count
    var starts: [UInt32] = [0]
    starts.reserveCapacity(bytes.count / 32 + 1)
    _ = Self.scan(bytes, from: 0, to: bytes.count, into: &starts)
    // Lines shorter than the guess grew the array to twice what it needed: keep what it holds.
    if starts.capacity > starts.count + starts.count / 8 { starts = starts.withUnsafeBufferPointer { Array($0) } }
    self.starts = starts
  }

  /// Indexes the lines of `bytes`, an edit of the text `old` indexes, as `init(_:)` would: the
  /// lines before the edited span are `old`'s, those after it are `old`'s moved, and only the span
  /// is scanned. (A keystroke in a 5,000-line file scans one line, not 150 KB.)
  package init(_ bytes: [UInt8], revising old: LineIndex) {
    let (prefix, suffix) = ByteComparison.commonAffixes(old.bytes, bytes)
    self.init(bytes, revising: old, unchangedPrefix: prefix, unchangedSuffix: suffix)
  }

  /// Indexes `bytes`, whose first `prefix` and last `suffix` bytes are those of the text `old`
  /// indexes (the two not overlapping in either text), as `init(_:)` would: for a caller that
  /// knows what it replaced (an editor's change), with nothing compared.
  package init(_ bytes: [UInt8], revising old: LineIndex, unchangedPrefix prefix: Int, unchangedSuffix suffix: Int) {
    assert(prefix + suffix <= min(bytes.count, old.byteCount), "overlapping prefix and suffix")
    let delta = bytes.count - old.byteCount
    self.bytes = bytes
    self.byteCount = bytes.count
    var starts: [UInt32] = []
    starts.reserveCapacity(old.starts.count + 1)
    // A start depends on the byte before it, and a `\r` on the byte after: those before `prefix`
    // are the old ones. The scan runs past the edited span by a byte, so that it ends outside a
    // `\r\n`; from there the old starts, moved, follow (see `scan`).
    var kept = 0
    while kept < old.starts.count && Int(old.starts[kept]) < prefix { kept += 1 }
    starts.append(contentsOf: old.starts[..<kept])
    if starts.isEmpty { starts.append(0) }
    let end = Self.scan(bytes, from: max(0, prefix - 1), to: min(bytes.count, bytes.count - suffix + 1), into: &starts)
    var next = kept
    while next < old.starts.count && Int(old.starts[next]) < end - delta + 1 { next += 1 }
    for index in next..<old.starts.count { starts.append(UInt32(truncatingIfNeeded: Int(old.starts[index]) + delta)) }
    self.starts = starts
  }

  /// Appends to `starts` the line starts after the terminators in `bytes[from..<to]`; returns
  /// where the scan stopped: `to`, or one past it when the last byte was a `\r` before a `\n`.
  /// Starts at or before the last one in `starts` are not appended again.
  private static func scan(_ bytes: [UInt8], from: Int, to: Int, into starts: inout [UInt32]) -> Int {
    var i = from
    let n = bytes.count
    bytes.withUnsafeBufferPointer { bytes in
      // Eight bytes at a time, straight to the next `\n` or `\r`: most bytes end no line.
      let raw = UnsafeRawPointer(bytes.baseAddress)
      while i < to {
        if to - i >= 8, let raw {
          let terminators = Self.terminators(
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
          if terminators == 0 {
            i += 8
            continue
          }
          i += terminators.trailingZeroBitCount >> 3
        }
        let b = bytes[i]
        if b == 0x0A {
          if i + 1 > starts[starts.count - 1] { starts.append(UInt32(truncatingIfNeeded: i + 1)) }
        } else if b == 0x0D {
          if i + 1 < n && bytes[i + 1] == 0x0A { i += 1 }
          if i + 1 > starts[starts.count - 1] { starts.append(UInt32(truncatingIfNeeded: i + 1)) }
        }
        i += 1
      }
    }
    return i
  }

  /// The high bit of each byte of `word` (read little-endian) that may be a `\n` or a `\r`, and of
  /// none when none is; the lowest one set is the first such byte (the classic test for a zero
  /// byte, on the word xored with each: a borrow flags false bytes only above a true one).
  @inline(__always) private static func terminators(_ word: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let newline = word ^ (ones &* 0x0A)
    let carriage = word ^ (ones &* 0x0D)
    return ((newline &- ones) & ~newline | (carriage &- ones) & ~carriage) & (ones &* 0x80)
  }

  /// The number of lines (a file with no bytes has one empty line).
  package var lineCount: Int { starts.count }

  /// The zero-based line that contains `offset`.
  package func line(containing offset: Int) -> Int {
    let offset = min(max(offset, 0), byteCount)
    var lo = 0
    var hi = starts.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if Int(starts[mid]) <= offset { lo = mid } else { hi = mid - 1 }
    }
    return lo
  }

  /// The byte range of `line`'s content, without its line terminator, nor, on the first line, the
  /// byte order mark a file may start with: editors show none, so columns do not count it.
  package func contentRange(ofLine line: Int) -> TextRange {
    guard line >= 0 && line < starts.count else { return .empty(at: byteCount) }
    var start = Int(starts[line])
    var end = line + 1 < starts.count ? Int(starts[line + 1]) : byteCount
    if end > start && bytes[end - 1] == 0x0A { end -= 1 }
    if end > start && bytes[end - 1] == 0x0D { end -= 1 }
    if line == 0 { start = min(SourceFile.byteOrderMarkLength(bytes), end) }
    return TextRange(start, end)
  }

  /// The line break that ends `line` (`\r\n`, a lone `\r` or `\n`); for a last line without one,
  /// the first line's, and `\n` in a file of one line: what a line inserted before `line` ends
  /// with, so that a file keeps its line endings.
  package func lineBreak(ofLine line: Int) -> String {
    for candidate in [line, 0] where candidate >= 0 && candidate + 1 < starts.count {
      let end = Int(starts[candidate + 1])
      guard bytes[end - 1] == 0x0A else { return "\r" }
      return end - 2 >= Int(starts[candidate]) && bytes[end - 2] == 0x0D ? "\r\n" : "\n"
    }
    return "\n"
  }

  /// The position of `offset` with columns counted in `encoding`.
  package func position(of offset: Int, encoding: PositionEncoding) -> LinePosition {
    let offset = min(max(offset, 0), byteCount)
    let line = line(containing: offset)
    let content = contentRange(ofLine: line)
    let end = max(min(offset, content.end), content.start)
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
    if position.line >= starts.count { return byteCount }
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

/// Comparisons of byte arrays at the speed of `memcmp`.
package enum ByteComparison {
  /// Whether two arrays share their storage: the same text, not only equal text.
  package static func sameStorage(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { a.baseAddress == $0.baseAddress } }
  }

  /// Whether `a[aStart..<aStart + count]` equals `b[bStart..<bStart + count]`; false when either
  /// range is not inside its array.
  package static func equal(_ a: [UInt8], from aStart: Int, _ b: [UInt8], from bStart: Int, count: Int) -> Bool {
    guard count >= 0, aStart >= 0, bStart >= 0, aStart + count <= a.count, bStart + count <= b.count else {
      return false
    }
    guard count > 0 else { return true }
    return a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        guard let a = a.baseAddress, let b = b.baseAddress else { return false }
        return memcmp(a + aStart, b + bStart, count) == 0
      }
    }
  }

  /// Whether `a` equals `b`: at once when they share storage, else by `memcmp` (`==` on arrays
  /// compares element by element, several instructions a byte: a quarter of an edit in a large
  /// file, comparing it with its last text twice).
  package static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    return a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        guard let pa = a.baseAddress, let pb = b.baseAddress else { return true }
        return pa == pb || memcmp(pa, pb, a.count) == 0
      }
    }
  }

  /// The lengths of the longest common prefix of `a` and `b`, and of the longest common suffix
  /// of what remains after it (so the two never overlap in either array).
  package static func commonAffixes(_ a: [UInt8], _ b: [UInt8]) -> (prefix: Int, suffix: Int) {
    a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        let limit = min(a.count, b.count)
        guard let pa = a.baseAddress, let pb = b.baseAddress, limit > 0 else { return (0, 0) }
        // Whole chunks first, compared by `memcmp`; then byte by byte inside the chunk that differs.
        let chunk = 256
        var prefix = 0
        while prefix + chunk <= limit && memcmp(pa + prefix, pb + prefix, chunk) == 0 { prefix += chunk }
        while prefix < limit && a[prefix] == b[prefix] { prefix += 1 }
        let room = limit - prefix
        var suffix = 0
        while suffix + chunk <= room
          && memcmp(pa + a.count - suffix - chunk, pb + b.count - suffix - chunk, chunk) == 0
        {
          suffix += chunk
        }
        while suffix < room && a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        return (prefix, suffix)
      }
    }
  }
}

/// The byte offset where each line of a file starts, read as `Int`s from 32-bit storage.
package struct LineStarts: RandomAccessCollection, Equatable, Sendable {
  fileprivate let starts: [UInt32]
  package var startIndex: Int { 0 }
  package var endIndex: Int { starts.count }
  package subscript(line: Int) -> Int { Int(starts[line]) }
}
