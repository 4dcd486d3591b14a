// The part of a source line a rendered diagnostic shows: the whole line when it is short, else
// a window around the caret marked with `...` at the cut ends (as rustc does), so no diagnostic
// prints more than about `maxColumns` columns of a line however long the line is.

/// A source line cut to a window around a range, with the caret line that goes under it.
struct SnippetWindow {
  /// The widest line shown, in display columns (a tab counted as 4).
  static let maxColumns = 140
  /// How many columns of the line before the range a cut line keeps.
  static let leadingContext = 40
  /// What marks a cut end.
  static let ellipsis = "..."

  /// The text to print, its control characters made visible.
  let line: String
  /// What goes before the caret: a tab under each tab, spaces under everything else.
  let caretPrefix: String
  /// How many `^`: the range's display width on the line, at least 1.
  let caretWidth: Int

  /// The window of `line` (a line's content range in `bytes`) around `range`.
  init(_ bytes: [UInt8], line content: TextRange, range: TextRange) {
    let caretStart = min(max(range.start, content.start), content.end)
    let caretEnd = min(max(range.end, caretStart), content.end)
    var start = content.start
    var end = content.end
    if content.end - content.start > Self.maxColumns {
      // Walk back from the caret for the leading context, then forward for the rest: only the
      // bytes shown are read, so a long line costs no more than a short one.
      var used = 0
      start = caretStart
      while start > content.start {
        let previous = Self.scalarStart(before: start, in: bytes, from: content.start)
        let width = Self.columns(bytes, previous..<start)
        if used + width > Self.leadingContext { break }
        used += width
        start = previous
      }
      end = caretStart
      while end < content.end {
        let next = Self.scalarEnd(after: end, in: bytes, to: content.end)
        let width = Self.columns(bytes, end..<next)
        if used + width > Self.maxColumns && end > caretStart { break }
        used += width
        end = next
      }
    }
    let cutStart = start > content.start
    let cutEnd = end < content.end
    let shown = String(decoding: bytes[start..<end], as: UTF8.self).withVisibleControls
    line = (cutStart ? Self.ellipsis : "") + shown + (cutEnd ? Self.ellipsis : "")
    var prefix = cutStart ? String(repeating: " ", count: Self.ellipsis.count) : ""
    for scalar in String(decoding: bytes[start..<caretStart], as: UTF8.self).unicodeScalars {
      if scalar == "\t" {
        prefix += "\t"
      } else {
        prefix += String(repeating: " ", count: scalar.displayWidth)
      }
    }
    caretPrefix = prefix
    let caretText = String(decoding: bytes[caretStart..<min(caretEnd, end)], as: UTF8.self)
    caretWidth = max(1, caretText.unicodeScalars.reduce(0) { $0 + $1.displayWidth })
  }

  /// The display columns of the bytes `range` (a tab counted as 4), for the window's budget.
  private static func columns(_ bytes: [UInt8], _ range: Range<Int>) -> Int {
    if range.count == 1 { return bytes[range.lowerBound] == 0x09 ? 4 : 1 }
    return String(decoding: bytes[range], as: UTF8.self).unicodeScalars.reduce(0) { $0 + $1.displayWidth }
  }

  /// The start of the scalar that ends at `offset`: back over at most 3 continuation bytes.
  private static func scalarStart(before offset: Int, in bytes: [UInt8], from lower: Int) -> Int {
    var k = offset - 1
    while k > lower && offset - k < 4 && bytes[k] & 0xC0 == 0x80 { k -= 1 }
    return k
  }

  /// The end of the scalar that starts at `offset`: on over at most 3 continuation bytes.
  private static func scalarEnd(after offset: Int, in bytes: [UInt8], to upper: Int) -> Int {
    var k = offset + 1
    while k < upper && k - offset < 4 && bytes[k] & 0xC0 == 0x80 { k += 1 }
    return k
  }
}

extension Unicode.Scalar {
  /// The columns a terminal gives the scalar: 2 for East Asian Wide and Fullwidth characters and
  /// emoji, 0 for combining marks and zero-width characters, else 1. A small table of the common
  /// ranges, not the whole of Unicode's East Asian Width property.
  var displayWidth: Int {
    let v = value
    if v < 0x300 { return 1 }
    switch v {
    case 0x300...0x36F, 0x200B...0x200F, 0x2060...0x2064, 0x20D0...0x20FF, 0xFE00...0xFE0F, 0xFE20...0xFE2F,
      0xE0100...0xE01EF:
      return 0
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
      0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
      0x1F680...0x1F6FF, 0x1F900...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
      return 2
    default:
      return 1
    }
  }
}
