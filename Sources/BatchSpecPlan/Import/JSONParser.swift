// A small JSON reader for `batchspec import`: keeps object members in file order and tells
// booleans from numbers (Foundation's reader does neither portably).

package import BatchSpecCore

/// Why a JSON text could not be read.
package struct JSONParseError: Error, Sendable, CustomStringConvertible {
  /// The message, with the byte offset.
  package var description: String
}

/// Parses JSON text into `JSON` values.
package enum JSONParser {
  /// The value of `text`. Numbers must be integers: no Batch property takes a fraction.
  package static func parse(_ text: String) throws(JSONParseError) -> JSON {
    var bytes = Array(text.utf8)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }  // a byte order mark, as Windows editors write
    var parser = Parser(bytes: bytes)
    let value = try parser.value(depth: 0)
    parser.skipWhitespace()
    guard parser.index == parser.bytes.count else { throw parser.error("unexpected text after the JSON value") }
    return value
  }

  private struct Parser {
    let bytes: [UInt8]
    var index = 0

    func error(_ message: String) -> JSONParseError { JSONParseError(description: "\(message) at byte \(index)") }

    mutating func skipWhitespace() {
      while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    mutating func expect(_ literal: String) throws(JSONParseError) {
      for byte in literal.utf8 {
        guard index < bytes.count, bytes[index] == byte else { throw error("expected `\(literal)`") }
        index += 1
      }
    }

    mutating func value(depth: Int) throws(JSONParseError) -> JSON {
      guard depth < 200 else { throw error("nested too deeply") }
      skipWhitespace()
      guard index < bytes.count else { throw error("unexpected end of the file") }
      switch bytes[index] {
      case UInt8(ascii: "{"):
        index += 1
        var members: [(String, JSON)] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
          index += 1
          return .object(members)
        }
        while true {
          skipWhitespace()
          let key = try string()
          skipWhitespace()
          try expect(":")
          members.append((key, try value(depth: depth + 1)))
          skipWhitespace()
          guard index < bytes.count else { throw error("unterminated object") }
          if bytes[index] == UInt8(ascii: ",") {
            index += 1
          } else if bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
          } else {
            throw error("expected `,` or `}`")
          }
        }
      case UInt8(ascii: "["):
        index += 1
        var items: [JSON] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
          index += 1
          return .array(items)
        }
        while true {
          items.append(try value(depth: depth + 1))
          skipWhitespace()
          guard index < bytes.count else { throw error("unterminated array") }
          if bytes[index] == UInt8(ascii: ",") {
            index += 1
          } else if bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(items)
          } else {
            throw error("expected `,` or `]`")
          }
        }
      case UInt8(ascii: "\""): return .string(try string())
      case UInt8(ascii: "t"):
        try expect("true")
        return .bool(true)
      case UInt8(ascii: "f"):
        try expect("false")
        return .bool(false)
      case UInt8(ascii: "n"):
        try expect("null")
        return .null
      default: return try number()
      }
    }

    mutating func number() throws(JSONParseError) -> JSON {
      let start = index
      if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
      while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
      if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) {
        throw error("a fractional number: Batch properties take integers")
      }
      guard let value = Int(String(decoding: bytes[start..<index], as: UTF8.self)) else {
        index = start
        throw error("expected a JSON value")
      }
      return .number(value)
    }

    mutating func string() throws(JSONParseError) -> String {
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string") }
      index += 1
      var scalars = String.UnicodeScalarView()
      var chunkStart = index
      func flush(_ end: Int) {
        scalars.append(contentsOf: String(decoding: bytes[chunkStart..<end], as: UTF8.self).unicodeScalars)
      }
      while index < bytes.count {
        let byte = bytes[index]
        if byte == UInt8(ascii: "\"") {
          flush(index)
          index += 1
          return String(scalars)
        }
        if byte < 0x20 { throw error("a control character in a string") }
        if byte != UInt8(ascii: "\\") {
          index += 1
          continue
        }
        flush(index)
        index += 1
        guard index < bytes.count else { break }
        let escape = bytes[index]
        index += 1
        switch escape {
        case UInt8(ascii: "\""): scalars.append("\"")
        case UInt8(ascii: "\\"): scalars.append("\\")
        case UInt8(ascii: "/"): scalars.append("/")
        case UInt8(ascii: "b"): scalars.append("\u{8}")
        case UInt8(ascii: "f"): scalars.append("\u{C}")
        case UInt8(ascii: "n"): scalars.append("\n")
        case UInt8(ascii: "r"): scalars.append("\r")
        case UInt8(ascii: "t"): scalars.append("\t")
        case UInt8(ascii: "u"):
          var code = try hex4()
          if (0xD800..<0xDC00).contains(code), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
            bytes[index + 1] == UInt8(ascii: "u")
          {
            index += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw error("an unpaired surrogate") }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
          }
          guard let scalar = Unicode.Scalar(code) else { throw error("an unpaired surrogate") }
          scalars.append(scalar)
        default: throw error("an unknown escape")
        }
        chunkStart = index
      }
      throw error("unterminated string")
    }

    mutating func hex4() throws(JSONParseError) -> UInt32 {
      guard index + 4 <= bytes.count,
        let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
      else { throw error("a malformed \\u escape") }
      index += 4
      return code
    }
  }
}
