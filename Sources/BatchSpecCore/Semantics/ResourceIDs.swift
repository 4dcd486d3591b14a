// What Batch's pool, job, task and application IDs are made of: read by the checker, which names
// sweep members, and by the rule that checks IDs (BS5002).

enum ResourceIDs {
  /// Whether `byte` is an ASCII letter or digit, `-` or `_`: a byte an ID may hold.
  static func isIDByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
      true
    default: false
    }
  }
}
