// Duration literals: `45s`, `30m`, `2h`, `7d`, `500ms`, and compounds such as `1h30m`.

/// Parses the duration literal syntax.
package enum DurationSyntax {
  /// The length in milliseconds of the literal in `range`, or nil when it is malformed.
  ///
  /// Units must appear at most once each, largest first (`1h30m`, not `30m1h`).
  package static func milliseconds(_ bytes: [UInt8], _ range: TextRange) -> Int64? {
    var i = range.start
    var total: Int64 = 0
    var lastRank = Int.max
    var sawUnit = false
    while i < range.end {
      var value: Int64 = 0
      let digitsStart = i
      while i < range.end && (isDigit(bytes[i]) || bytes[i] == UInt8(ascii: "_")) {
        if bytes[i] != UInt8(ascii: "_") {
          let (m, o1) = value.multipliedReportingOverflow(by: 10)
          let (s, o2) = m.addingReportingOverflow(Int64(bytes[i] - 0x30))
          if o1 || o2 { return nil }
          value = s
        }
        i += 1
      }
      if i == digitsStart { return nil }
      let unitStart = i
      while i < range.end && isLetter(bytes[i]) { i += 1 }
      let unit = String(decoding: bytes[unitStart..<i], as: UTF8.self)
      let (rank, factor): (Int, Int64)
      switch unit {
      case "d": (rank, factor) = (4, 86_400_000)
      case "h": (rank, factor) = (3, 3_600_000)
      case "m": (rank, factor) = (2, 60_000)
      case "s": (rank, factor) = (1, 1_000)
      case "ms": (rank, factor) = (0, 1)
      default: return nil
      }
      if rank >= lastRank { return nil }
      lastRank = rank
      let (product, o1) = value.multipliedReportingOverflow(by: factor)
      let (sum, o2) = total.addingReportingOverflow(product)
      if o1 || o2 { return nil }
      total = sum
      sawUnit = true
    }
    return sawUnit ? total : nil
  }

  /// Whole seconds of a well-formed literal (used by the lexer to validate).
  static func seconds(_ bytes: [UInt8], _ range: TextRange) -> Int64? {
    milliseconds(bytes, range).map { $0 / 1000 }
  }
}
