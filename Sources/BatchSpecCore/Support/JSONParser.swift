// A strict RFC 8259 JSON reader over UTF-8 bytes: never traps, bounded nesting.

/// Parses JSON text into `JSON`s.
package struct JSONParser {
  /// Why a text is not JSON.
  package struct Failure: Error, Sendable {
    /// What went wrong, for the error message.
    package var message: String
  }

  private let bytes: UnsafeBufferPointer<UInt8>
  private var index = 0
  private var depth = 0
  private static let maxDepth = 512
  /// Members and items of the objects and arrays being read, innermost last: each container
  /// takes its own off as one exact-size array, so a large document carries no spare capacity.
  private var memberStack: [(String, JSON)] = []
  private var itemStack: [JSON] = []

  private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  /// Parses one JSON value filling all of `bytes` (whitespace around it allowed).
  package static func parse(_ bytes: [UInt8]) throws(Failure) -> JSON {
    try bytes.withUnsafeBufferPointer { (buffer) throws(Failure) in try parse(buffer) }
  }

  /// Parses one JSON value filling all of `bytes`, read in place (a file's contents need no copy).
  package static func parse(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> JSON {
    try parse(bytes.assumingMemoryBound(to: UInt8.self))
  }

  private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> JSON {
    var parser = JSONParser(bytes)
    let value = try parser.value()
    parser.skipWhitespace()
    guard parser.index == bytes.count else { throw parser.failure("trailing characters") }
    return value
  }

  private func failure(_ message: String) -> Failure { Failure(message: "\(message) at byte \(index)") }

  private mutating func skipWhitespace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x09, 0x0A, 0x0D: index += 1
      default: return
      }
    }
  }

  private mutating func value() throws(Failure) -> JSON {
    skipWhitespace()
    guard index < bytes.count else { throw failure("unexpected end") }
    switch bytes[index] {
    case UInt8(ascii: "{"): return try object()
    case UInt8(ascii: "["): return try array()
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    default: return try number()
    }
  }

  private mutating func literal(_ word: String, _ value: JSON) throws(Failure) -> JSON {
    for byte in word.utf8 {
      guard index < bytes.count, bytes[index] == byte else { throw failure("invalid literal") }
      index += 1
    }
    return value
  }

  private mutating func nest() throws(Failure) {
    depth += 1
    if depth > Self.maxDepth { throw failure("nesting too deep") }
  }

  private mutating func object() throws(Failure) -> JSON {
    try nest()
    index += 1
    let base = memberStack.count
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      depth -= 1
      return .object([])
    }
    while true {
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a key") }
      let key = try string()
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected `:`") }
      index += 1
      let member = try value()
      memberStack.append((key, member))
      skipWhitespace()
      guard index < bytes.count else { throw failure("unexpected end") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
      } else if bytes[index] == UInt8(ascii: "}") {
        index += 1
        depth -= 1
        let members = Array(memberStack[base...])
        memberStack.removeSubrange(base...)
        return .object(members)
      } else {
        throw failure("expected `,` or `}`")
      }
    }
  }

  private mutating func array() throws(Failure) -> JSON {
    try nest()
    index += 1
    let base = itemStack.count
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      depth -= 1
      return .array([])
    }
    while true {
      let item = try value()
      itemStack.append(item)
      skipWhitespace()
      guard index < bytes.count else { throw failure("unexpected end") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
      } else if bytes[index] == UInt8(ascii: "]") {
        index += 1
        depth -= 1
        let items = Array(itemStack[base...])
        itemStack.removeSubrange(base...)
        return .array(items)
      } else {
        throw failure("expected `,` or `]`")
      }
    }
  }

  private mutating func string() throws(Failure) -> String {
    index += 1
    // Most strings have no escapes: read them straight from the bytes.
    let start = index
    while index < bytes.count, bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 {
      if bytes[index] == UInt8(ascii: "\"") {
        guard let text = String(validating: bytes[start..<index], as: UTF8.self) else {
          throw failure("invalid UTF-8 in a string")
        }
        index += 1
        return text
      }
      index += 1
    }
    var out = Array(bytes[start..<index])
    while index < bytes.count {
      let byte = bytes[index]
      index += 1
      switch byte {
      case UInt8(ascii: "\""):
        guard let text = String(validating: out, as: UTF8.self) else { throw failure("invalid UTF-8 in a string") }
        return text
      case UInt8(ascii: "\\"):
        try escape(into: &out)
      case 0..<0x20:
        throw failure("control character in a string")
      default:
        out.append(byte)
      }
    }
    throw failure("unterminated string")
  }

  private mutating func escape(into out: inout [UInt8]) throws(Failure) {
    guard index < bytes.count else { throw failure("unterminated escape") }
    let byte = bytes[index]
    index += 1
    switch byte {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(byte)
    case UInt8(ascii: "b"): out.append(0x08)
    case UInt8(ascii: "f"): out.append(0x0C)
    case UInt8(ascii: "n"): out.append(0x0A)
    case UInt8(ascii: "r"): out.append(0x0D)
    case UInt8(ascii: "t"): out.append(0x09)
    case UInt8(ascii: "u"):
      var scalar = try hex4()
      if (0xD800..<0xDC00).contains(scalar) {
        // A high surrogate must be followed by `\u` and a low one.
        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
        else { throw failure("lone surrogate") }
        index += 2
        let low = try hex4()
        guard (0xDC00..<0xE000).contains(low) else { throw failure("lone surrogate") }
        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
      } else if (0xDC00..<0xE000).contains(scalar) {
        throw failure("lone surrogate")
      }
      guard let unicode = Unicode.Scalar(scalar) else { throw failure("invalid escape") }
      out.append(contentsOf: Array(String(Character(unicode)).utf8))
    default:
      throw failure("invalid escape")
    }
  }

  private mutating func hex4() throws(Failure) -> UInt32 {
    guard index + 4 <= bytes.count else { throw failure("short `\\u` escape") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[index]
      index += 1
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
      default: throw failure("invalid `\\u` escape")
      }
      value = value * 16 + UInt32(digit)
    }
    return value
  }

  private mutating func number() throws(Failure) -> JSON {
    let start = index
    if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
    let digitsStart = index
    while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    guard index > digitsStart else { throw failure("unexpected character") }
    if bytes[digitsStart] == UInt8(ascii: "0") && index - digitsStart > 1 { throw failure("leading zero") }
    var isInteger = true
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      isInteger = false
      index += 1
      let fraction = index
      while index < bytes.count, isDigit(bytes[index]) { index += 1 }
      guard index > fraction else { throw failure("digits expected after `.`") }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      isInteger = false
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
      let exponent = index
      while index < bytes.count, isDigit(bytes[index]) { index += 1 }
      guard index > exponent else { throw failure("digits expected in the exponent") }
    }
    let text = String(decoding: bytes[start..<index], as: UTF8.self)
    if isInteger, let integer = Int(text) { return .integer(integer) }
    guard let double = Double(text) else { throw failure("invalid number") }
    return .double(double)
  }

  private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
