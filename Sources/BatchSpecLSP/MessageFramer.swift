// `Content-Length` framing of JSON-RPC messages: splits a byte stream into message bodies, and
// gets back in step after any framing error.

/// Collects bytes as they arrive and cuts them into message bodies by their `Content-Length`.
///
/// Reads may split a message anywhere or merge several; the framer buffers until a whole body is
/// there, and its frames do not depend on how the bytes were split.
///
/// A bad frame (a header without a valid `Content-Length`, a body over `maxBodySize`, or a length
/// that does not match the message) gives one `malformedHeader`, and framing resumes at the next
/// `Content-Length` header line, so every later message is read. Finding that line is reliable
/// because no JSON text contains one: its line break cannot stand inside a string, nor its letters
/// outside one. So a header line inside a body means the length ran past the end of the message,
/// and bytes after a body that start no header mean the length stopped short of it (the body, cut
/// short, is then that frame's one error: it is not JSON).
package struct MessageFramer {
  /// What the next complete frame is.
  package enum Frame: Equatable, Sendable {
    /// A body, exactly `Content-Length` bytes.
    case message([UInt8])
    /// A frame that could not be read; it has been skipped up to the next header.
    case malformedHeader(String)
  }

  private var buffer: [UInt8] = []
  /// Where the next frame starts.
  private var start = 0
  /// Set after a framing error: bytes are skipped up to the first `Content-Length` line from here.
  private var resyncFrom: Int?
  /// Where the last message's body started, until the bytes after it show a header: a header line
  /// may begin inside a body whose length was too short.
  private var lastBody: Int?
  /// The body being waited for, once its header has been read.
  private var pending: (start: Int, length: Int, scanned: Int)?

  /// The largest body accepted; a larger one is a bad frame.
  package static let maxBodySize = 64 << 20
  /// The longest header block accepted.
  static let maxHeaderSize = 8192
  /// The longest `Content-Length` line the resynchronisation looks for (spaces and digits included).
  private static let maxHeaderLine = 64

  /// Creates an empty framer.
  package init() {}

  /// Whether bytes of an incomplete frame are waiting.
  package var hasPartialFrame: Bool { start < buffer.count }

  /// Adds bytes read from the stream.
  package mutating func append<S: Sequence<UInt8>>(_ bytes: S) {
    let keep = min(start, resyncFrom ?? start, lastBody ?? start)  // a pending body starts after `start`
    if keep > 0 && keep >= buffer.count / 2 {
      buffer.removeFirst(keep)
      start -= keep
      resyncFrom = resyncFrom.map { $0 - keep }
      lastBody = lastBody.map { $0 - keep }
      pending = pending.map { ($0.start - keep, $0.length, $0.scanned - keep) }
    }
    buffer.append(contentsOf: bytes)
  }

  /// The next complete frame, or nil when more bytes are needed.
  package mutating func next() -> Frame? {
    if pending != nil { return body() }
    while true {
      if let from = resyncFrom {
        switch findHeaderLine(from: from, to: buffer.count, final: false) {
        case .found(let position):
          start = position
          resyncFrom = nil
        case .notFound(let undecided):
          start = undecided
          resyncFrom = undecided
          return nil
        }
      }
      switch boundary() {
      case .needMore: return nil
      case .junk:
        if let body = lastBody {
          // The last body's length was too short: its error is that body's (it is not JSON).
          lastBody = nil
          resyncFrom = body
          continue
        }
        resyncFrom = start + 1
        return .malformedHeader("expected a `Content-Length` header")
      case .header:
        lastBody = nil
        return header()
      }
    }
  }

  /// Reads the header block at `start` and the body after it.
  private mutating func header() -> Frame? {
    guard let headerEnd = findHeaderEnd() else {
      guard buffer.count - start >= Self.maxHeaderSize + 4 else { return nil }
      resyncFrom = start + 1
      return .malformedHeader("header too long")
    }
    let header = String(decoding: buffer[start..<headerEnd], as: UTF8.self)
    var length: Int?
    var problem: String?
    for line in header.split(separator: "\r\n", omittingEmptySubsequences: true) {
      guard let colon = line.firstIndex(of: ":") else {
        problem = "header line without `:`"
        continue
      }
      let name = line[..<colon].trimmingSpaces().lowercased()
      let value = line[line.index(after: colon)...].trimmingSpaces()
      if name == "content-length" {
        if let parsed = Int(value), parsed >= 0, parsed <= Self.maxBodySize {
          length = parsed
        } else {
          problem = "invalid Content-Length `\(value.prefix(40))`"
        }
      }
    }
    let bodyStart = headerEnd + 4
    guard let length, problem == nil else {
      // Any header line inside this block belongs to the bad frame.
      resyncFrom = bodyStart
      return .malformedHeader(problem ?? "missing Content-Length")
    }
    pending = (bodyStart, length, bodyStart)
    return body()
  }

  /// The pending body once it is complete; a bad frame when a header line starts inside it.
  private mutating func body() -> Frame? {
    guard let (bodyStart, length, scanned) = pending else { return nil }
    let bodyEnd = bodyStart + length
    let available = min(buffer.count, bodyEnd)
    switch findHeaderLine(from: scanned, to: available, final: available == bodyEnd) {
    case .found(let position):
      start = position
      pending = nil
      return .malformedHeader("Content-Length \(length) runs past the end of the message: a header starts inside it")
    case .notFound(let undecided):
      pending?.scanned = undecided
    }
    guard buffer.count >= bodyEnd else { return nil }
    pending = nil
    lastBody = bodyStart
    start = bodyEnd
    return .message(Array(buffer[bodyStart..<bodyEnd]))
  }

  private enum Boundary { case header, junk, needMore }

  /// Whether the bytes at `start` begin a header block: `Content-Length:` or `Content-Type:`, in any
  /// case, with optional blanks before the colon.
  private func boundary() -> Boundary {
    let length = headerName("content-length")
    return length == .junk ? headerName("content-type") : length
  }

  /// Whether the bytes at `start` are `name` in any case, blanks and a colon.
  private func headerName(_ name: StaticString) -> Boundary {
    let limit = min(buffer.count, start + Self.maxHeaderLine)
    var i = start
    // Out of bytes: more may come, unless the line is already too long.
    let ranOut: Boundary = limit == buffer.count && limit < start + Self.maxHeaderLine ? .needMore : .junk
    guard matchName(name, &i, limit: limit) else { return i < limit ? .junk : ranOut }
    skipBlanks(&i, limit: limit)
    guard i < limit else { return ranOut }
    return buffer[i] == UInt8(ascii: ":") ? .header : .junk
  }

  private enum Search { case found(Int), notFound(undecided: Int) }

  /// The first `Content-Length: digits` line (ended by `\r\n`) starting in `from..<to` and ending
  /// by `to`. When none is found, `undecided` is where one might still start once more bytes come
  /// (`to` when `final`: no line may run past `to`).
  private func findHeaderLine(from: Int, to end: Int, final: Bool) -> Search {
    var i = from
    while i < end {
      if buffer[i] | 0x20 == UInt8(ascii: "c") {
        switch matchHeaderLine(at: i, end: end) {
        case .match: return .found(i)
        case .incomplete where !final: return .notFound(undecided: i)
        case .incomplete, .mismatch: break
        }
      }
      i += 1
    }
    return .notFound(undecided: end)
  }

  private enum Match { case match, mismatch, incomplete }

  /// Whether a `Content-Length` line starts at `position` and ends by `end`: the name in any case,
  /// blanks, `:`, blanks, 1 to 20 digits, blanks, `\r\n`; at most `maxHeaderLine` bytes.
  private func matchHeaderLine(at position: Int, end: Int) -> Match {
    let limit = min(end, position + Self.maxHeaderLine)
    var i = position
    // Out of bytes: more may come, unless the line is already too long.
    var ranOut: Match { limit == end && limit < position + Self.maxHeaderLine ? .incomplete : .mismatch }
    guard matchName("content-length", &i, limit: limit) else { return i < limit ? .mismatch : ranOut }
    skipBlanks(&i, limit: limit)
    guard i < limit else { return ranOut }
    guard buffer[i] == UInt8(ascii: ":") else { return .mismatch }
    i += 1
    skipBlanks(&i, limit: limit)
    let digits = i
    while i < limit && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(buffer[i]) { i += 1 }
    guard i < limit else { return ranOut }
    guard i > digits, i - digits <= 20 else { return .mismatch }
    skipBlanks(&i, limit: limit)
    guard i < limit else { return ranOut }
    guard buffer[i] == 0x0D else { return .mismatch }
    i += 1
    guard i < limit else { return ranOut }
    return buffer[i] == 0x0A ? .match : .mismatch
  }

  /// Whether `name` (lowercase) is at `i` in any case; moves `i` past what matched.
  private func matchName(_ name: StaticString, _ i: inout Int, limit: Int) -> Bool {
    for offset in 0..<name.utf8CodeUnitCount {
      guard i < limit else { return false }
      var byte = buffer[i]
      if (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) { byte |= 0x20 }
      guard byte == name.utf8Start[offset] else { return false }
      i += 1
    }
    return true
  }

  private func skipBlanks(_ i: inout Int, limit: Int) {
    while i < limit && (buffer[i] == UInt8(ascii: " ") || buffer[i] == UInt8(ascii: "\t")) { i += 1 }
  }

  /// The offset of the `\r\n\r\n` that ends the header block starting at `start`, if it comes
  /// within `maxHeaderSize` bytes.
  private func findHeaderEnd() -> Int? {
    var i = start
    let limit = min(buffer.count, start + Self.maxHeaderSize + 4)
    while i + 3 < limit {
      if buffer[i] == 0x0D && buffer[i + 1] == 0x0A && buffer[i + 2] == 0x0D && buffer[i + 3] == 0x0A { return i }
      i += 1
    }
    return nil
  }

  /// Frames `body` with its `Content-Length` header.
  package static func frame(_ body: String) -> [UInt8] {
    let bytes = Array(body.utf8)
    return Array("Content-Length: \(bytes.count)\r\n\r\n".utf8) + bytes
  }
}

extension Substring {
  fileprivate func trimmingSpaces() -> String {
    String(self.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
  }
}
