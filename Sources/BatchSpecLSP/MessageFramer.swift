// `Content-Length` framing of JSON-RPC messages: splits a byte stream into message bodies.

/// Collects bytes as they arrive and cuts them into message bodies by their `Content-Length`.
///
/// Reads may split a message anywhere or merge several; the framer buffers until a whole body is
/// there. A header block without a valid `Content-Length` is dropped and reported, and framing
/// resumes after it, so one bad header never stops the stream.
package struct MessageFramer {
  /// What the next complete frame is.
  package enum Frame: Equatable, Sendable {
    /// A body, exactly `Content-Length` bytes.
    case message([UInt8])
    /// A header block that could not be understood; it has been skipped.
    case malformedHeader(String)
  }

  private var buffer: [UInt8] = []
  private var start = 0
  /// The largest body accepted; a larger one is skipped as malformed.
  package static let maxBodySize = 64 << 20

  /// Creates an empty framer.
  package init() {}

  /// Whether bytes of an incomplete frame are waiting.
  package var hasPartialFrame: Bool { start < buffer.count }

  /// Adds bytes read from the stream.
  package mutating func append<S: Sequence<UInt8>>(_ bytes: S) {
    if start > 0 && start >= buffer.count / 2 {
      buffer.removeFirst(start)
      start = 0
    }
    buffer.append(contentsOf: bytes)
  }

  /// The next complete frame, or nil when more bytes are needed.
  package mutating func next() -> Frame? {
    guard let headerEnd = findHeaderEnd() else {
      // A header with no end in sight is garbage: drop it once it is clearly too long.
      if buffer.count - start > 8192 {
        start = buffer.count
        return .malformedHeader("header too long")
      }
      return nil
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
          problem = "invalid Content-Length `\(value)`"
        }
      }
    }
    let bodyStart = headerEnd + 4
    guard let length, problem == nil else {
      start = bodyStart
      return .malformedHeader(problem ?? "missing Content-Length")
    }
    guard buffer.count - bodyStart >= length else { return nil }
    let body = Array(buffer[bodyStart..<bodyStart + length])
    start = bodyStart + length
    return .message(body)
  }

  /// The offset of the `\r\n\r\n` that ends the header block starting at `start`.
  private func findHeaderEnd() -> Int? {
    var i = start
    while i + 3 < buffer.count {
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
