// The escapes of string literals (`\n \t \r \" \\ \$ \u{...}`), decoded in one place for the parser
// and for `StringSourceMap`, which must agree on every byte.

/// Decoding backslash escapes.
package enum StringEscapes {
  /// One decoded escape: its bytes, the offset after it, and what is wrong with it.
  package struct Decoded {
    /// The bytes it stands for (for an unknown escape, the escaped byte itself).
    package var bytes: [UInt8]
    /// The offset after the escape.
    package var next: Int
    /// Why the escape is invalid, or nil.
    package var error: String?
  }

  /// Decodes the escape starting with the `\` at `start`; `end` is where the string's content ends.
  package static func decode(_ bytes: [UInt8], at start: Int, end: Int) -> Decoded {
    var k = start + 1
    guard k < end else {
      return Decoded(bytes: [], next: k, error: "a string cannot end with a lone `\\`: write `\\\\` for a backslash")
    }
    let e = bytes[k]
    k += 1
    switch e {
    case UInt8(ascii: "n"): return Decoded(bytes: [0x0A], next: k)
    case UInt8(ascii: "t"): return Decoded(bytes: [0x09], next: k)
    case UInt8(ascii: "r"): return Decoded(bytes: [0x0D], next: k)
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "$"): return Decoded(bytes: [e], next: k)
    case UInt8(ascii: "u"):
      if let (scalar, next) = unicodeEscape(bytes, at: k, end: end) {
        return Decoded(bytes: Array(String(Character(scalar)).utf8), next: next)
      }
      return Decoded(bytes: [], next: k, error: unicodeEscapeError(bytes, at: k, end: end))
    default:
      return Decoded(
        bytes: [e], next: k,
        error:
          "unknown escape `\\\(String(decoding: [e], as: UTF8.self))`: strings allow `\\n`, `\\t`, `\\r`, `\\\"`, `\\\\`, `\\$` and `\\u{...}`"
      )
    }
  }

  private static func unicodeEscape(_ bytes: [UInt8], at start: Int, end: Int) -> (Unicode.Scalar, Int)? {
    guard start < end, bytes[start] == UInt8(ascii: "{") else { return nil }
    var k = start + 1
    var value: UInt32 = 0
    var digits = 0
    while k < end, let digit = hexValue(bytes[k]) {
      value = value &* 16 &+ UInt32(digit)
      digits += 1
      k += 1
    }
    guard digits >= 1, digits <= 6, k < end, bytes[k] == UInt8(ascii: "}"), let scalar = Unicode.Scalar(value) else {
      return nil
    }
    return (scalar, k + 1)
  }

  /// What is wrong with the `\\u` escape whose `{` is at `start`: a value that is no character,
  /// or its spelling.
  private static func unicodeEscapeError(_ bytes: [UInt8], at start: Int, end: Int) -> String {
    var k = start + 1
    var value: UInt32 = 0
    while k < end, k - start <= 6, let digit = hexValue(bytes[k]) {
      value = value &* 16 &+ UInt32(digit)
      k += 1
    }
    if start < end, bytes[start] == UInt8(ascii: "{"), k > start + 1, k - start <= 7, k < end,
      bytes[k] == UInt8(ascii: "}")
    {
      let hex = String(value, radix: 16, uppercase: true)
      if (0xD800...0xDFFF).contains(value) {
        return
          "invalid unicode escape: U+\(hex) is a surrogate, half of a UTF-16 pair, not a character; write the character's own code point"
      }
      if value > 0x10FFFF { return "invalid unicode escape: U+\(hex) is above U+10FFFF, the largest code point" }
    }
    return "invalid unicode escape: write `\\u{1F600}` with 1 to 6 hex digits"
  }

  private static func hexValue(_ b: UInt8) -> UInt8? {
    switch b {
    case 0x30...0x39: b - 0x30
    case 0x61...0x66: b - 0x61 + 10
    case 0x41...0x46: b - 0x41 + 10
    default: nil
    }
  }
}
