// An edit to an open document, as an editor sends it: a line/column range and new text.

package import BatchSpecCore

/// One change to an open document: replace `range` (or, without one, everything) by `text`.
package struct TextChange: Sendable {
  /// The start and end of the replaced text, columns in the host's position encoding.
  package var range: (start: LinePosition, end: LinePosition)?
  /// The new text.
  package var text: String

  /// Creates a change; a nil range replaces the whole document.
  package init(range: (start: LinePosition, end: LinePosition)?, text: String) {
    self.range = range
    self.text = text
  }

  /// Applies the change to `bytes`, converting positions with a line index of `bytes`.
  ///
  /// Positions past a line's end clamp to it, as the LSP specification asks; a change that does
  /// not fit (see below) is not applied, and why is returned.
  @discardableResult
  package func apply(to bytes: inout [UInt8], encoding: PositionEncoding) -> String? {
    var lines = LineIndex(bytes)
    return apply(to: &bytes, encoding: encoding, lines: &lines)
  }

  /// Applies the change to `bytes`, whose line index is `lines`, and revises `lines` to index the
  /// result: only the replaced span is scanned (a keystroke does not index the whole document
  /// again, nor compare it with the last text).
  ///
  /// A change that does not fit is not applied, and why is returned, for a message: a range that
  /// starts or ends past the document's last line (the end of the document, line count and column
  /// 0, is fine), or that ends before it starts once columns past a line's end clamp to it.
  @discardableResult
  package func apply(to bytes: inout [UInt8], encoding: PositionEncoding, lines: inout LineIndex) -> String? {
    guard let range else {
      bytes = Array(text.utf8)
      lines = LineIndex(bytes)
      return nil
    }
    let count = lines.lineCount
    for position in [range.start, range.end]
    where position.line > count || (position.line == count && position.column > 0) {
      return
        "a change at line \(position.line + 1), character \(position.column + 1), past the end of a document of \(count) line\(count == 1 ? "" : "s")"
    }
    let lower = lines.offset(of: range.start, encoding: encoding)
    let upper = lines.offset(of: range.end, encoding: encoding)
    if upper < lower {
      return "a change whose range ends (line \(range.end.line + 1)) before it starts (line \(range.start.line + 1))"
    }
    let after = bytes.count - upper
    bytes.replaceSubrange(lower..<upper, with: text.utf8)
    lines = LineIndex(bytes, revising: lines, unchangedPrefix: lower, unchangedSuffix: after)
    return nil
  }
}
