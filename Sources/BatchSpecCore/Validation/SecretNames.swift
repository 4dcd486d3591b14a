// What BS6001 (`LiteralSecret`) reads text with: environment variables whose names say they hold
// a secret, and the byte scans that find credentials in a string.

/// Secret-looking environment settings.
package enum SecretNames {
  /// Words that make an environment variable a secret (`DB_PASSWORD`, `GITHUB_TOKEN`), and last
  /// words that make it something about one (`TOKEN_URL`, `PASSWORD_FILE`), as upper-case bytes.
  private static let secretWords: [[UInt8]] = [
    "PASSWORD", "PASSWD", "SECRET", "TOKEN", "APIKEY", "API_KEY", "ACCESS_KEY", "PRIVATE_KEY", "CREDENTIAL",
  ].map { Array($0.utf8) }
  private static let aboutWords: [[UInt8]] = [
    "FILE", "PATH", "URL", "URI", "ENDPOINT", "DIR", "NAME", "ID", "TYPE", "PROMPT",
  ]
  .map { Array($0.utf8) }

  /// Whether an environment setting holds a secret written literally: its name says so, and its
  /// value is no path, number or `$` reference, but a run of 8 or more characters (longer than
  /// any flag). On bytes:
  /// this runs on every environment entry of the project.
  package static func isSecretSetting(_ item: MapItem) -> Bool {
    guard case .string(let value) = item.value, value.utf8.count >= 8 else { return false }
    let name = item.key.utf8.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
    guard secretWords.contains(where: { contains(name, $0) }) else { return false }
    let lastWord = name.split(whereSeparator: { $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }).last
    if let lastWord, aboutWords.contains(where: { $0.elementsEqual(lastWord) }) { return false }
    var digits = true
    for byte in value.utf8 {
      if byte <= 0x20 || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "\\") { return false }
      if byte < 0x30 || byte > 0x39 { digits = false }
    }
    return !digits && value.utf8.first != UInt8(ascii: "$")
  }

  /// Whether `bytes` holds `word`.
  private static func contains(_ bytes: [UInt8], _ word: [UInt8]) -> Bool {
    guard bytes.count >= word.count else { return false }
    for start in 0...(bytes.count - word.count) where bytes[start] == word[0] {
      if bytes[start..<start + word.count].elementsEqual(word) { return true }
    }
    return false
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
