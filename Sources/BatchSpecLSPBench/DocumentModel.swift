// What the soak's client knows of each open document: its text as UTF-16 code units, edited the
// way LSP positions describe; and the seeded generator that picks the edits.

/// A small deterministic generator (SplitMix64): the same seed gives the same soak.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// A document as UTF-16 code units; `\n`, `\r\n` and `\r` end lines, as in LSP.
struct DocumentModel {
  var units: [UInt16]

  init(_ text: String) { units = Array(text.utf16) }

  var text: String { String(decoding: units, as: UTF16.self) }

  /// Where each line starts.
  var lineStarts: [Int] {
    var starts = [0]
    var i = 0
    while i < units.count {
      if units[i] == 0x0A {
        starts.append(i + 1)
      } else if units[i] == 0x0D {
        if i + 1 < units.count && units[i + 1] == 0x0A { i += 1 }
        starts.append(i + 1)
      }
      i += 1
    }
    return starts
  }

  /// The offset of a position: a character past the end of its line means the line's end, and
  /// one inside a surrogate pair means the pair's start (what the server does).
  func index(line: Int, character: Int, in starts: [Int]) -> Int {
    guard line < starts.count else { return units.count }
    var end = line + 1 < starts.count ? starts[line + 1] : units.count
    if end > starts[line] && units[end - 1] == 0x0A { end -= 1 }
    if end > starts[line] && units[end - 1] == 0x0D { end -= 1 }
    var index = min(starts[line] + character, end)
    if index > starts[line] && index < end && (0xDC00..<0xE000).contains(units[index]) { index -= 1 }
    return index
  }

  /// Replaces the text between two positions.
  mutating func replace(_ start: (line: Int, character: Int), _ end: (line: Int, character: Int), with text: String) {
    let starts = lineStarts
    let lower = index(line: start.line, character: start.character, in: starts)
    let upper = max(lower, index(line: end.line, character: end.character, in: starts))
    units.replaceSubrange(lower..<upper, with: Array(text.utf16))
  }
}
