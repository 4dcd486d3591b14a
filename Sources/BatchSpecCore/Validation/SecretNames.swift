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
    // The value first: most hold a blank, a `/` or fewer than 8 bytes, and end the test here.
    guard case .string(let value) = item.value, value.utf8.count >= 8, value.utf8.first != UInt8(ascii: "$")
    else { return false }
    var digits = true
    for byte in value.utf8 {
      if byte <= 0x20 || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "\\") { return false }
      if byte < 0x30 || byte > 0x39 { digits = false }
    }
    guard !digits else { return false }
    var key = item.key
    return key.withUTF8 { name in
      guard secretWords.contains(where: { contains(name, $0) }) else { return false }
      let start = (name.lastIndex { $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }).map { $0 + 1 } ?? 0
      let last = UnsafeBufferPointer(rebasing: name[start...])
      return !aboutWords.contains { $0.count == last.count && contains(last, $0) }
    }
  }

  /// Whether `bytes` holds `word` (upper-case), whatever the case of its letters.
  private static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ word: [UInt8]) -> Bool {
    guard bytes.count >= word.count else { return false }
    func upper(_ byte: UInt8) -> UInt8 { byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte }
    for start in 0...(bytes.count - word.count) where upper(bytes[start]) == word[0] {
      var k = 1
      while k < word.count && upper(bytes[start + k]) == word[k] { k += 1 }
      if k == word.count { return true }
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
