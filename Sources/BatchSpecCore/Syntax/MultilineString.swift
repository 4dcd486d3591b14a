// Multi-line string literals: `"""`, a line break, content lines, then `"""` on a line of its own.
// The closing delimiter's indentation is removed from every content line, so the text reads as
// written whatever the block nesting; the line break before the closing `"""` is not part of it.

/// The layout of one multi-line string literal: where its content lines are, without their shared
/// indentation, and what is wrong with it.
package struct MultilineString: Sendable {
  /// Each content line without the closing delimiter's indentation and without its line break.
  package var lines: [TextRange]
  /// The closing delimiter's indentation (empty when it is missing or misplaced).
  package var indentation: TextRange
  /// Layout mistakes, each with where it is and what to do.
  package var errors: [(range: TextRange, message: String)]

  /// Whether the string token `range` of `bytes` is a multi-line string (starts with `"""`).
  package static func isMultiline(_ bytes: [UInt8], _ range: TextRange) -> Bool {
    range.length >= 3 && bytes[range.start] == quote && bytes[range.start + 1] == quote
      && bytes[range.start + 2] == quote
  }

  /// The layout of the multi-line string token `range` of `bytes`; `unterminated` when the
  /// lexer found no closing `"""`.
  package static func layout(_ bytes: [UInt8], _ range: TextRange, unterminated: Bool) -> MultilineString {
    var result = MultilineString(lines: [], indentation: TextRange(range.end, range.end), errors: [])
    let contentEnd = unterminated ? range.end : range.end - 3
    var k = range.start + 3
    // The opening line holds nothing but blanks.
    while k < contentEnd && isBlank(bytes[k]) { k += 1 }
    guard k < contentEnd, isLineBreak(bytes[k]) else {
      // A `"""` that ends the file is reported unterminated, not also as missing its line break.
      if unterminated && k >= contentEnd { return result }
      let stray = TextRange(k, min(contentEnd, lineEnd(bytes, from: k, to: contentEnd)))
      result.errors.append(
        (
          stray.isEmpty ? TextRange(range.start, range.start + 3) : stray,
          "a multi-line string starts on the line after its `\"\"\"`: put a line break after the opening `\"\"\"`"
        ))
      if stray.isEmpty || unterminated { return result }
      // Read the rest as content so the value still checks.
      result.lines = [stray]
      return result
    }
    let contentStart = afterLineBreak(bytes, k)
    // The closing line: blanks, then `"""`.
    var closingLineStart = contentEnd
    while closingLineStart > contentStart && !isLineBreak(bytes[closingLineStart - 1]) { closingLineStart -= 1 }
    // The content: from the line after the opening `"""` up to the closing line (whose line break
    // before it is not part of the text), or up to the `"""` when that is misplaced or missing.
    var regionEnd = contentEnd
    if !unterminated {
      if bytes[closingLineStart..<contentEnd].allSatisfy(isBlank) {
        result.indentation = TextRange(closingLineStart, contentEnd)
        regionEnd = closingLineStart
      } else {
        result.errors.append(
          (
            TextRange(contentEnd, range.end),
            "the closing `\"\"\"` of a multi-line string stands on a line of its own: put a line break before it"
          ))
      }
    }
    let indentation = bytes[result.indentation.start..<result.indentation.end]
    var lineStart = contentStart
    while lineStart < regionEnd {
      let end = lineEnd(bytes, from: lineStart, to: regionEnd)
      let line = bytes[lineStart..<end]
      if line.starts(with: indentation) {
        result.lines.append(TextRange(lineStart + indentation.count, end))
      } else if line.allSatisfy(isBlank) {
        result.lines.append(TextRange(end, end))
      } else {
        var textStart = lineStart
        while textStart < end && isBlank(bytes[textStart]) { textStart += 1 }
        result.errors.append(
          (
            TextRange(lineStart, max(textStart, lineStart + 1)),
            "this line is indented less than the closing `\"\"\"`: indent every line of a multi-line string at least as far as its closing `\"\"\"`"
          ))
        result.lines.append(TextRange(textStart, end))
      }
      if end >= regionEnd { break }
      lineStart = afterLineBreak(bytes, end)
    }
    return result
  }

  private static let quote = UInt8(ascii: "\"")
  private static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
  private static func isLineBreak(_ b: UInt8) -> Bool { b == 0x0A || b == 0x0D }

  /// The offset of the line break ending the line that starts at `start` (or `end`).
  private static func lineEnd(_ bytes: [UInt8], from start: Int, to end: Int) -> Int {
    var k = start
    while k < end && !isLineBreak(bytes[k]) { k += 1 }
    return k
  }

  /// The offset after the line break at `k` (`\r\n` counts as one).
  private static func afterLineBreak(_ bytes: [UInt8], _ k: Int) -> Int {
    if bytes[k] == 0x0D && k + 1 < bytes.count && bytes[k + 1] == 0x0A { return k + 2 }
    return k + 1
  }
}
