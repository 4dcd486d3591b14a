// Byte ranges into a source file's UTF-8 text.

/// A half-open range of byte offsets `start..<end` into one file's UTF-8 text.
///
/// Offsets are stored in 32 bits (a source file is far below 4 GiB): ranges sit in every token,
/// syntax node, checked value and diagnostic, so halving them halves much of what those copy.
package struct TextRange: Hashable, Sendable, CustomStringConvertible {
  private var storedStart: UInt32
  private var storedEnd: UInt32

  /// The offset of the first byte.
  package var start: Int {
    get { Int(storedStart) }
    set { storedStart = UInt32(truncatingIfNeeded: newValue) }
  }
  /// The offset one past the last byte.
  package var end: Int {
    get { Int(storedEnd) }
    set { storedEnd = UInt32(truncatingIfNeeded: newValue) }
  }

  /// Creates the range `start..<end`.
  package init(_ start: Int, _ end: Int) {
    storedStart = UInt32(truncatingIfNeeded: start)
    storedEnd = UInt32(truncatingIfNeeded: max(start, end))
  }

  /// An empty range at `offset`.
  package static func empty(at offset: Int) -> TextRange { TextRange(offset, offset) }

  /// The number of bytes covered.
  package var length: Int { end - start }
  /// Whether the range covers no bytes.
  package var isEmpty: Bool { start == end }

  /// The smallest range covering both `self` and `other`.
  package func union(_ other: TextRange) -> TextRange {
    TextRange(min(start, other.start), max(end, other.end))
  }

  /// The same range `delta` bytes further on (back, when negative).
  package func shifted(by delta: Int) -> TextRange { TextRange(start + delta, end + delta) }

  /// Whether `offset` lies inside the range, or at its end.
  package func contains(_ offset: Int) -> Bool { offset >= start && offset <= end }

  package var description: String { "\(start)..<\(end)" }
}

/// Identifies one source file within a `Project`.
package struct FileID: Hashable, Sendable, Comparable, CustomStringConvertible {
  private var storedValue: UInt32
  /// The file's index in its project.
  package var rawValue: Int { Int(storedValue) }
  /// Creates an ID from a project index.
  package init(_ rawValue: Int) { storedValue = UInt32(truncatingIfNeeded: rawValue) }
  package static func < (a: FileID, b: FileID) -> Bool { a.rawValue < b.rawValue }
  package var description: String { "file#\(rawValue)" }
}
