// Positions: byte offsets to (line, UTF-8 column) and (line, UTF-16 column) and back.

import Testing
import BatchSpecCore

@Suite struct LineIndexTests {
  func index(_ text: String) -> LineIndex { LineIndex(Array(text.utf8)) }

  @Test func asciiLinesAndColumns() {
    let lines = index("ab\ncd\n")
    #expect(lines.lineCount == 3)
    #expect(lines.position(of: 0, encoding: .utf16) == LinePosition(line: 0, column: 0))
    #expect(lines.position(of: 4, encoding: .utf16) == LinePosition(line: 1, column: 1))
    #expect(lines.position(of: 6, encoding: .utf8) == LinePosition(line: 2, column: 0))
    #expect(lines.offset(of: LinePosition(line: 1, column: 1), encoding: .utf16) == 4)
  }

  /// A byte order mark is not part of the first line's content: editors show none, and columns
  /// (the CLI's and the language server's) do not count it.
  @Test func aByteOrderMarkTakesNoColumn() {
    let lines = LineIndex([0xEF, 0xBB, 0xBF] + Array("ab\ncd".utf8))
    #expect(lines.contentRange(ofLine: 0) == TextRange(3, 5))
    #expect(lines.position(of: 4, encoding: .utf16) == LinePosition(line: 0, column: 1))
    #expect(lines.position(of: 4, encoding: .utf8) == LinePosition(line: 0, column: 1))
    #expect(lines.position(of: 0, encoding: .utf16) == LinePosition(line: 0, column: 0))
    #expect(lines.offset(of: LinePosition(line: 0, column: 0), encoding: .utf16) == 3)
    #expect(lines.position(of: 7, encoding: .utf16) == LinePosition(line: 1, column: 1))
    #expect(LineIndex([0xEF, 0xBB, 0xBF]).contentRange(ofLine: 0) == TextRange(3, 3))
  }

  @Test func tabsAreOneColumn() {
    let lines = index("\tx = 1")
    #expect(lines.position(of: 1, encoding: .utf16).column == 1)
    #expect(lines.position(of: 1, encoding: .utf8).column == 1)
  }

  @Test func crlfAndLoneCarriageReturnEndLines() {
    let lines = index("a\r\nb\rc\nd")
    #expect(Array(lines.lineStarts) == [0, 3, 5, 7])
    #expect(lines.position(of: 3, encoding: .utf16) == LinePosition(line: 1, column: 0))
    // The `\r` of `\r\n` is not part of the line's content: its offset clamps to the content end.
    #expect(lines.position(of: 1, encoding: .utf16) == LinePosition(line: 0, column: 1))
    #expect(lines.offset(of: LinePosition(line: 0, column: 9), encoding: .utf16) == 1)
    #expect(lines.contentRange(ofLine: 0) == TextRange(0, 1))
  }

  @Test func shortLinesAreAllIndexed() {
    // Far more lines than the one-per-32-bytes guess the index reserves for: the starts grow past
    // it and are then kept in an array of their own size.
    let text = String(repeating: "a\n", count: 1_000) + "end"
    let lines = index(text)
    #expect(lines.lineCount == 1_001)
    #expect(Array(lines.lineStarts) == Array(stride(from: 0, through: 2_000, by: 2)))
    #expect(lines.line(containing: 1_999) == 999)
    #expect(lines.contentRange(ofLine: 1_000) == TextRange(2_000, 2_003))
  }

  @Test func nonASCIIColumnsDifferByEncoding() {
    // "é" is 2 UTF-8 bytes and 1 UTF-16 unit; "日" is 3 bytes, 1 unit.
    let text = "é日x"
    let lines = index(text)
    #expect(lines.position(of: 5, encoding: .utf8) == LinePosition(line: 0, column: 5))
    #expect(lines.position(of: 5, encoding: .utf16) == LinePosition(line: 0, column: 2))
    #expect(lines.offset(of: LinePosition(line: 0, column: 2), encoding: .utf16) == 5)
    #expect(lines.offset(of: LinePosition(line: 0, column: 1), encoding: .utf16) == 2)
  }

  @Test func emojiTakeTwoUTF16Units() {
    // "😀" is 4 UTF-8 bytes and a surrogate pair: 2 UTF-16 units.
    let lines = index("a😀b\n😀")
    #expect(lines.position(of: 5, encoding: .utf16) == LinePosition(line: 0, column: 3))
    #expect(lines.position(of: 5, encoding: .utf8) == LinePosition(line: 0, column: 5))
    #expect(lines.offset(of: LinePosition(line: 0, column: 3), encoding: .utf16) == 5)
    // A column inside the surrogate pair maps to the start of the emoji.
    #expect(lines.offset(of: LinePosition(line: 0, column: 2), encoding: .utf16) == 1)
    // And a UTF-8 column inside the emoji's bytes, too.
    #expect(lines.offset(of: LinePosition(line: 0, column: 3), encoding: .utf8) == 1)
    #expect(lines.position(of: 11, encoding: .utf16) == LinePosition(line: 1, column: 2))
  }

  @Test func everyScalarBoundaryRoundTrips() {
    let text = "pool p {\r\n\tlabel = \"héllo 😀 日本\"\n}\r// ünïcode\n"
    let bytes = Array(text.utf8)
    let lines = LineIndex(bytes)
    for offset in 0...bytes.count where offset == bytes.count || bytes[offset] & 0xC0 != 0x80 {
      let line = lines.line(containing: offset)
      let content = lines.contentRange(ofLine: line)
      guard offset <= content.end else { continue }  // inside a line terminator
      for encoding in [PositionEncoding.utf8, .utf16] {
        let position = lines.position(of: offset, encoding: encoding)
        #expect(lines.offset(of: position, encoding: encoding) == offset, "\(offset) via \(encoding)")
      }
    }
  }

  @Test func outOfRangePositionsClamp() {
    let lines = index("ab\ncd")
    #expect(lines.offset(of: LinePosition(line: 9, column: 0), encoding: .utf16) == 5)
    #expect(lines.offset(of: LinePosition(line: -1, column: 0), encoding: .utf16) == 0)
    #expect(lines.position(of: 99, encoding: .utf16) == LinePosition(line: 1, column: 2))
  }

  @Test func diagnosticsOnNonASCIILinesUseUTF16Columns() {
    // A diagnostic after an emoji: its column counts the emoji as two UTF-16 units.
    let project = Project(path: "x.batch", text: "pool p { display_name = \"😀\", colour = 1 }")
    let diagnostic = Checker.check(project).project.diagnostics.first { $0.code == .unknownAttribute }
    #expect(diagnostic != nil)
    if let diagnostic {
      let position = project.files[0].lines.position(of: diagnostic.range.start, encoding: .utf16)
      #expect(position == LinePosition(line: 0, column: 30))
    }
  }

  /// The index reads eight bytes at a time past bytes that end no line: its starts are those of a
  /// byte-by-byte reading, wherever the terminators fall in a word (first byte, last byte, a `\r\n`
  /// across two words, the text's last bytes), including bytes that differ from `\n` or `\r` by
  /// one bit, and runs of 7, 8 and 9 bytes without one.
  @Test func wordAtATimeScanFindsEveryTerminator() {
    func reference(_ bytes: [UInt8]) -> [Int] {
      var starts = [0]
      var i = 0
      while i < bytes.count {
        if bytes[i] == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 1 }
        if bytes[i] == 0x0A || bytes[i] == 0x0D { starts.append(i + 1) }
        i += 1
      }
      return starts
    }
    var generator = SeededGenerator(state: 11)
    let fillers: [UInt8] = [0x61, 0x0B, 0x0C, 0x0E, 0x8A, 0x8D, 0x2A, 0x09, 0x00, 0xFF]
    for _ in 0..<2_000 {
      var bytes: [UInt8] = []
      for _ in 0..<Int.random(in: 0...12, using: &generator) {
        let run = [7, 8, 9, Int.random(in: 0...40, using: &generator)].randomElement(using: &generator)!
        bytes += (0..<run).map { _ in fillers.randomElement(using: &generator)! }
        bytes += [[0x0A], [0x0D], [0x0D, 0x0A], [0x0A, 0x0D]].randomElement(using: &generator)!
      }
      if Bool.random(using: &generator) { bytes += (0..<Int.random(in: 0...9, using: &generator)).map { _ in 0x62 } }
      #expect(Array(LineIndex(bytes).lineStarts) == reference(bytes), "\(bytes)")
    }
  }

  /// A revised index (the editor's, after each keystroke) equals a fresh one, for random edits of
  /// random texts of `\r`, `\n` and letters, including edits that split or join a `\r\n` and
  /// long unchanged runs (compared in chunks).
  @Test func aRevisedIndexEqualsAFreshOne() {
    var generator = SeededGenerator(state: 7)
    let alphabet: [UInt8] = [0x0A, 0x0D, 0x61, 0x62]
    func text(_ count: Int) -> [UInt8] { (0..<count).map { _ in alphabet.randomElement(using: &generator)! } }
    for round in 0..<3_000 {
      var bytes = text(Int.random(in: 0...(round % 10 == 0 ? 900 : 40), using: &generator))
      var index = LineIndex(bytes)
      for _ in 0..<4 {
        let start = Int.random(in: 0...bytes.count, using: &generator)
        let end = Int.random(in: start...min(bytes.count, start + 6), using: &generator)
        var edited = bytes
        edited.replaceSubrange(start..<end, with: text(Int.random(in: 0...4, using: &generator)))
        let revised = LineIndex(edited, revising: index)
        let fresh = LineIndex(edited)
        #expect(revised.lineStarts == fresh.lineStarts, "\(bytes) → \(edited)")
        // Told the replaced span (as an editor's change is), with nothing compared.
        let told = LineIndex(edited, revising: index, unchangedPrefix: start, unchangedSuffix: bytes.count - end)
        #expect(told.lineStarts == fresh.lineStarts, "\(bytes) → \(edited), told")
        if revised.lineStarts != fresh.lineStarts { return }
        #expect(revised.byteCount == fresh.byteCount)
        bytes = edited
        index = revised
      }
    }
  }

  @Test func commonAffixesNeverOverlap() {
    let a = Array("abcabc".utf8)
    #expect(ByteComparison.commonAffixes(a, Array("abc".utf8)) == (3, 0))
    #expect(ByteComparison.commonAffixes(a, Array("abcxabc".utf8)) == (3, 3))
    #expect(ByteComparison.commonAffixes([], a) == (0, 0))
    let long = [UInt8](repeating: 1, count: 1_000)
    var changed = long
    changed[600] = 2
    #expect(ByteComparison.commonAffixes(long, changed) == (600, 399))
  }

  /// Whole arrays compare as `==` does: shared storage, equal copies, a byte apart, other lengths.
  @Test func equalArraysAsEqualityDoes() {
    let long = [UInt8](repeating: 7, count: 5_000)
    var copy = long
    copy.append(0)
    copy.removeLast()  // the same bytes in storage of its own
    var changed = long
    changed[4_999] = 8
    let cases: [([UInt8], [UInt8])] = [
      (long, long), (long, copy), (long, changed), (long, Array(long.dropLast())), ([], []), ([], [1]),
    ]
    for (a, b) in cases { #expect(ByteComparison.equal(a, b) == (a == b)) }
  }
}
