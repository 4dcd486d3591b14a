// Telling a file that is not a spec at all from one with mistakes: a file that is not text, or a
// YAML file (`pool p1:` then indented `key: value` lines). Each gets one error, not one per line.

extension Parser {
  /// The offset of the `:` that ends the first line, when the file starts like YAML: its first
  /// line (past blank and `#`/`//` comment lines) is one or two words and a `:`, and the next
  /// such line is indented and starts with a name and `:` or with `- `.
  package static func yamlHeaderColon(_ bytes: [UInt8]) -> Int? {
    var lines: [(start: Int, end: Int)] = []
    var k = SourceFile.byteOrderMarkLength(bytes)
    while k < bytes.count && lines.count < 2 && k < 64 * 1024 {
      let start = k
      while k < bytes.count && bytes[k] != 0x0A { k += 1 }
      var end = k
      k += 1
      while end > start && (bytes[end - 1] == 0x0D || bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
      var first = start
      while first < end && (bytes[first] == 0x20 || bytes[first] == 0x09) { first += 1 }
      if first == end || bytes[first] == UInt8(ascii: "#") || bytes[first...].starts(with: [0x2F, 0x2F]) { continue }
      lines.append((start, end))
    }
    guard lines.count == 2, let header = lines.first, header.end > header.start,
      bytes[header.end - 1] == UInt8(ascii: ":")
    else { return nil }
    // The header: `kind` or `kind label`, names only.
    let words = bytes[header.start..<(header.end - 1)].split { $0 == 0x20 || $0 == 0x09 }
    guard (1...2).contains(words.count), words.allSatisfy({ $0.allSatisfy(isNameByte) }),
      bytes[header.start] != 0x20 && bytes[header.start] != 0x09
    else { return nil }
    // The next line: indented, then `name:` or `- `.
    let body = lines[1]
    var i = body.start
    while i < body.end && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 }
    guard i > body.start else { return nil }
    if bytes[i] == UInt8(ascii: "-") { return i + 1 < body.end && bytes[i + 1] == 0x20 ? header.end - 1 : nil }
    let nameStart = i
    while i < body.end && isNameByte(bytes[i]) { i += 1 }
    guard i > nameStart, i < body.end, bytes[i] == UInt8(ascii: ":") else { return nil }
    return header.end - 1
  }

  private static func isNameByte(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
      || byte == 0x2D
  }
}

extension Parser {
  /// The one error for a file that is not a spec at all, not text or YAML, or nil for a file
  /// to parse.
  static func notSpecDiagnostic(_ bytes: [UInt8]) -> (DiagnosticCode, TextRange, String)? {
    if let (reason, offset) = SourceFile.notTextReason(bytes) {
      return (
        .invalidUTF8, TextRange(offset, offset + 1),
        "this is not a text `.batch` file: \(reason); check the path, or save the spec as UTF-8 text"
      )
    }
    if let colon = yamlHeaderColon(bytes) {
      return (
        .unexpectedToken, TextRange(colon, colon + 1),
        "this file looks like YAML, not a spec: blocks are written `kind label { ... }`, attributes `name = value`"
      )
    }
    return nil
  }
}
