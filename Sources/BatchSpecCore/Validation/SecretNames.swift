// What BS6001 (`LiteralSecret`) reads text with: environment variables whose names say they hold
// a secret, and the byte scans that find credentials in a string.

/// Secret-looking environment settings.
package enum SecretNames {
  /// Words that make an environment variable a secret (`DB_PASSWORD`, `GITHUB_TOKEN`), and
  /// words that make it something about one (`TOKEN_URL`, `PASSWORD_FILE`).
  private static let secretWords = [
    "PASSWORD", "PASSWD", "SECRET", "TOKEN", "APIKEY", "API_KEY", "ACCESS_KEY",
    "PRIVATE_KEY", "CREDENTIAL",
  ]
  private static let aboutWords = ["FILE", "PATH", "URL", "URI", "ENDPOINT", "DIR", "NAME", "ID", "TYPE", "PROMPT"]

  /// Whether an environment setting holds a secret written literally: its name says so, and its
  /// value is no path, number, flag or interpolated reference, but a run of 8 or more characters.
  package static func isSecretSetting(_ item: MapItem) -> Bool {
    guard case .string(let value) = item.value, value.utf8.count >= 8 else { return false }
    let name = item.key.uppercased()
    guard secretWords.contains(where: name.contains) else { return false }
    let words = name.split(whereSeparator: { $0 == "_" || $0 == "-" })
    if let last = words.last, aboutWords.contains(String(last)) { return false }
    let plain = value.utf8.allSatisfy { $0 > 0x20 && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "\\") }
    let flag = ["true", "false", "yes", "no"].contains(value.lowercased())
    return plain && !flag && !value.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } && !value.hasPrefix("$")
  }
}

extension LiteralSecret {
  static func isBase64(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x2B || byte == 0x2F
      || byte == 0x3D
  }

  static func contains(_ bytes: [UInt8], _ word: String) -> Bool {
    let needle = Array(word.utf8)
    guard bytes.count >= needle.count else { return false }
    for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
      if bytes[start..<start + needle.count].elementsEqual(needle) { return true }
    }
    return false
  }

  /// Whether `name` (such as `sig=`) starts a query parameter or a word.
  static func parameter(_ bytes: [UInt8], _ name: String) -> Bool {
    let needle = Array(name.utf8)
    guard bytes.count >= needle.count else { return false }
    for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
      let boundary =
        start == 0
        || [UInt8(ascii: "?"), UInt8(ascii: "&"), UInt8(ascii: " "), UInt8(ascii: "'"), UInt8(ascii: "\"")].contains(
          bytes[start - 1])
      if boundary && bytes[start..<start + needle.count].elementsEqual(needle) { return true }
    }
    return false
  }
}
