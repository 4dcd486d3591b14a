// How an offered completion is fitted to the text around the cursor, as rust-analyzer and ruff do:
// it replaces the whole word under the cursor, leaves out what already follows it (` = ` after an
// attribute's name, a label or `{` after a block's kind), closes the string it completes, and keeps
// a space after `=`.

internal import BatchSpecCore

/// The text around the cursor that completions are fitted to, read once per request.
struct CompletionSurroundings {
  private let bytes: [UInt8]
  /// The cursor.
  private let cursor: Int
  /// Where the word under the cursor ends: the cursor when no word byte follows it.
  private let wordEnd: Int
  /// The first byte after the word and the spaces after it, when one is on the cursor's line.
  private let following: UInt8?
  /// The first unescaped `"` from the cursor to the end of its line: where the string the
  /// cursor is in ends, when it is in one.
  private let closingQuote: Int?

  /// Reads what follows `cursor` in `bytes` (a word ends at a byte `isWordByte` refuses).
  init(bytes: [UInt8], cursor: Int, isWordByte: (UInt8) -> Bool) {
    self.bytes = bytes
    self.cursor = cursor
    var end = cursor
    while end < bytes.count, isWordByte(bytes[end]) { end += 1 }
    wordEnd = end
    var next = end
    while next < bytes.count, bytes[next] == UInt8(ascii: " ") || bytes[next] == UInt8(ascii: "\t") { next += 1 }
    following =
      next < bytes.count && bytes[next] != UInt8(ascii: "\n") && bytes[next] != UInt8(ascii: "\r")
      ? bytes[next] : nil
    var quote: Int?
    var index = cursor
    scan: while index < bytes.count {
      switch bytes[index] {
      case UInt8(ascii: "\n"), UInt8(ascii: "\r"): break scan
      case UInt8(ascii: "\\"): index += 1
      case UInt8(ascii: "\""):
        quote = index
        break scan
      default: break
      }
      index += 1
    }
    closingQuote = quote
  }

  /// `entry` made to fit: its replace range runs over the whole word (or the whole string it
  /// completes), and its text leaves out what the line already holds and adds what it lacks.
  func fit(_ entry: inout CompletionEntry) {
    let start = entry.replacing.start
    guard entry.replacing.end == cursor else { return }
    var end = wordEnd
    let before = start > 0 ? bytes[start - 1] : nil
    if before == UInt8(ascii: "\""), !entry.insertText.hasPrefix("\"") {
      // A value inside a string replaces the string's text; an unclosed string is closed.
      if let closingQuote { end = closingQuote } else { entry.insertText += "\"" }
    }
    if end > cursor { entry.replacingWord = TextRange(start, end) }
    switch entry.kind {
    case .attribute, .block, .keyword:
      // `po| = x` takes the name alone, and `tas| t {` the keyword alone.
      guard entry.isSnippet, let following else { return }
      let isLabel = following == UInt8(ascii: "{") || following == UInt8(ascii: "\"") || Analysis.isWordByte(following)
      if following == UInt8(ascii: "=") || entry.kind != .attribute && isLabel {
        entry.insertText = entry.label
        entry.isSnippet = false
      }
    default:
      // `pool =|` is written `pool = x`.
      if before == UInt8(ascii: "=") { entry.insertText = " " + entry.insertText }
    }
  }
}
