// Telling a file that is not text (an executable, an image, random bytes) from a spec, so that it
// gets one error rather than one per byte the lexer cannot read.

extension SourceFile {
  /// How many bytes from the start of a file decide whether it is text.
  static let binarySampleLength = 4096

  /// Why `bytes` are not the text of a spec, with the offset of the first telling byte, or nil
  /// for text: a NUL byte in the first `binarySampleLength` bytes, or more than a quarter of
  /// them control characters (but tab, line feed, carriage return and form feed), bytes that
  /// are not UTF-8 or U+FFFD (what an editor sends for bytes it could not decode). A Latin-1 spec, mostly ASCII, stays text and gets BS1006 at each bad byte.
  package static func notTextReason(_ bytes: [UInt8]) -> (reason: String, offset: Int)? {
    let start = byteOrderMarkLength(bytes)
    let end = min(bytes.count, start + binarySampleLength)
    guard start < end else { return nil }
    if let nul = bytes[start..<end].firstIndex(of: 0) { return ("it holds NUL bytes", nul) }
    var bad = 0
    var firstBad: Int?
    var k = start
    while k < end {
      let byte = bytes[k]
      var length = 1
      var isBad = false
      if byte < 0x20 {
        isBad = byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C
      } else if byte == 0x7F {
        isBad = true
      } else if byte >= 0x80 {
        length =
          byte >= 0xF0 && byte <= 0xF4 ? 4 : byte >= 0xE0 && byte < 0xF0 ? 3 : byte >= 0xC2 && byte < 0xE0 ? 2 : 0
        if length == 0 || k + length > end || bytes[(k + 1)..<(k + length)].contains(where: { $0 & 0xC0 != 0x80 }) {
          isBad = k + length <= end || length == 0  // a scalar cut by the sample's end is not held against it
          length = 1
        } else if length == 3 && byte == 0xEF && bytes[k + 1] == 0xBF && bytes[k + 2] == 0xBD {
          isBad = true  // U+FFFD: bytes an editor could not decode
        }
      }
      if isBad {
        bad += 1
        if firstBad == nil { firstBad = k }
      }
      k += length
    }
    guard bad * 4 > end - start, let firstBad else { return nil }
    return ("most of its first bytes are control characters or not UTF-8", firstBad)
  }
}
