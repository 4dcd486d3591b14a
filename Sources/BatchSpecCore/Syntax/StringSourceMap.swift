// Where each byte of a string's value is written in its file: the value of a string literal is
// its decoded text (escapes decoded, a multi-line string's indentation removed, interpolations
// replaced by their values), so a position in the value (a formula's syntax error, say) is not the
// position in the file. The map says where it is, and maps an editor's cursor back.

/// Maps byte offsets of a string value to byte ranges of the file it is written in, and back.
package struct StringSourceMap: Sendable, Equatable {
  /// A run of the value and the source bytes it comes from. When the lengths are equal, byte `k`
  /// of the run is byte `k` of the source; otherwise (an escape, an interpolation, a line break
  /// with indentation) the whole run stands for the whole source range.
  package struct Segment: Sendable, Equatable {
    /// Where the run starts in the value.
    package var valueStart: Int
    /// Its length in the value.
    package var valueLength: Int
    /// The source bytes it comes from.
    package var source: TextRange
    /// Whether byte `k` of the run is byte `k` of the source.
    package var isExact: Bool { valueLength == source.length }
  }

  /// The runs, in order, covering the whole value.
  package private(set) var segments: [Segment] = []
  /// The value's length in bytes.
  package private(set) var length = 0
  /// Where the whole expression is written (for a value that is not a literal, everything maps there).
  package var whole: TextRange

  /// The map of the same string written `delta` bytes further on in its file.
  package func shifted(by delta: Int) -> StringSourceMap {
    var copy = self
    copy.whole = whole.shifted(by: delta)
    for index in copy.segments.indices { copy.segments[index].source = segments[index].source.shifted(by: delta) }
    return copy
  }

  /// A map where the whole value stands for `range` (a param's value, say).
  package init(whole range: TextRange, length: Int) {
    self.whole = range
    self.length = length
    if length > 0 { segments = [Segment(valueStart: 0, valueLength: length, source: range)] }
  }

  /// The map of `literal`'s value, written in `bytes`; `interpolated` gives the text each
  /// interpolation evaluated to, in order.
  package init(_ literal: StringLiteral, bytes: [UInt8], interpolated: [String]) {
    whole = literal.range
    var values = interpolated.makeIterator()
    let multiline =
      MultilineString.isMultiline(bytes, literal.range)
      ? MultilineString.layout(bytes, literal.range, unterminated: false) : nil
    for part in literal.parts {
      switch part {
      case .interpolation(_, let range):
        add(valueLength: values.next()?.utf8.count ?? 0, source: range)
      case .text(_, let range):
        if let multiline {
          // The part's bytes on each content line, joined by line breaks that stand for the
          // source's line break and the next line's indentation.
          var first = true
          for line in multiline.lines where line.end >= range.start && line.start <= range.end {
            let piece = TextRange(max(line.start, range.start), min(line.end, range.end))
            if !first, let previous = segments.last {
              add(valueLength: 1, source: TextRange(previous.source.end, piece.start))
            }
            first = false
            addText(piece, bytes: bytes)
          }
        } else {
          addText(range, bytes: bytes)
        }
      }
    }
  }

  private mutating func add(valueLength: Int, source: TextRange) {
    guard valueLength > 0 || source.length > 0 else { return }
    if let last = segments.last, last.isExact, valueLength == source.length, last.source.end == source.start {
      segments[segments.count - 1].valueLength += valueLength
      segments[segments.count - 1].source = TextRange(last.source.start, source.end)
    } else {
      segments.append(Segment(valueStart: length, valueLength: valueLength, source: source))
    }
    length += valueLength
  }

  /// Adds the source bytes of `range`, where backslash escapes are decoded.
  private mutating func addText(_ range: TextRange, bytes: [UInt8]) {
    var k = range.start
    var runStart = k
    while k < range.end {
      if bytes[k] == UInt8(ascii: "\\") {
        if k > runStart { add(valueLength: k - runStart, source: TextRange(runStart, k)) }
        let escape = StringEscapes.decode(bytes, at: k, end: range.end)
        add(valueLength: escape.bytes.count, source: TextRange(k, escape.next))
        k = escape.next
        runStart = k
      } else {
        k += 1
      }
    }
    if k > runStart { add(valueLength: k - runStart, source: TextRange(runStart, k)) }
  }

  /// Where the value's bytes `range` are written.
  package func source(of range: TextRange) -> TextRange {
    guard !segments.isEmpty else { return whole }
    let start = position(range.start, end: false)
    let end = range.isEmpty ? start : position(range.end, end: true)
    return TextRange(start, max(start, end))
  }

  private func position(_ offset: Int, end: Bool) -> Int {
    let clamped = max(0, min(offset, length))
    if end {
      // Just after the byte before `clamped`.
      guard clamped > 0, let segment = segments.last(where: { $0.valueStart < clamped }) else {
        return segments[0].source.start
      }
      return segment.isExact ? segment.source.start + (clamped - segment.valueStart) : segment.source.end
    }
    guard clamped < length, let segment = segments.last(where: { $0.valueStart <= clamped && $0.valueLength > 0 })
    else { return segments[segments.count - 1].source.end }
    return segment.isExact ? segment.source.start + (clamped - segment.valueStart) : segment.source.start
  }

  /// The value offset that source offset `offset` stands for, or nil when it lies outside the value.
  package func valueOffset(ofSource offset: Int) -> Int? {
    for segment in segments where segment.source.start <= offset && offset <= segment.source.end {
      if segment.isExact { return segment.valueStart + (offset - segment.source.start) }
      return offset == segment.source.end ? segment.valueStart + segment.valueLength : segment.valueStart
    }
    return nil
  }
}
