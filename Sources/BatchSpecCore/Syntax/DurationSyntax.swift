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

  /// The length in milliseconds of a duration spelt as people write it, `20min`, `2 days`,
  /// `1 hr 30 mins`, `90 seconds`, `1h 30m`, `2 weeks`: numbers each followed by a unit word
  /// (or its abbreviation), separated by nothing, blanks, `,` or `and`. Nil for anything else,
  /// and for the literal syntax itself, which needs no respelling.
  package static func spelledOut(_ text: String) -> Int64? {
    let units: [String: Int64] = [
      "ms": 1, "msec": 1, "msecs": 1, "millisecond": 1, "milliseconds": 1,
      "s": 1_000, "sec": 1_000, "secs": 1_000, "second": 1_000, "seconds": 1_000,
      "m": 60_000, "min": 60_000, "mins": 60_000, "minute": 60_000, "minutes": 60_000,
      "h": 3_600_000, "hr": 3_600_000, "hrs": 3_600_000, "hour": 3_600_000, "hours": 3_600_000,
      "d": 86_400_000, "day": 86_400_000, "days": 86_400_000,
      "w": 604_800_000, "wk": 604_800_000, "wks": 604_800_000, "week": 604_800_000, "weeks": 604_800_000,
    ]
    let written = Array(text.utf8)
    guard milliseconds(written, TextRange(0, written.count)) == nil else { return nil }
    // A capital `M` is as often months as minutes: no guess.
    if text.contains("M") && !text.lowercased().contains("min") && !text.contains("MS") { return nil }
    let bytes = Array(text.lowercased().utf8)
    var i = 0
    var total: Int64 = 0
    var parts = 0
    func skipSeparators() {
      while true {
        while i < bytes.count && (bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == UInt8(ascii: ",")) { i += 1 }
        guard bytes[i...].starts(with: Array("and ".utf8)) else { return }
        i += 4
      }
    }
    skipSeparators()
    while i < bytes.count {
      var value: Int64 = 0
      let digits = i
      while i < bytes.count && isDigit(bytes[i]) {
        let (m, o1) = value.multipliedReportingOverflow(by: 10)
        let (sum, o2) = m.addingReportingOverflow(Int64(bytes[i] - 0x30))
        if o1 || o2 { return nil }
        value = sum
        i += 1
      }
      guard i > digits else { return nil }
      while i < bytes.count && bytes[i] == 0x20 { i += 1 }
      let word = i
      while i < bytes.count && isLetter(bytes[i]) { i += 1 }
      guard let factor = units[String(decoding: bytes[word..<i], as: UTF8.self)] else { return nil }
      let (product, o1) = value.multipliedReportingOverflow(by: factor)
      let (sum, o2) = total.addingReportingOverflow(product)
      if o1 || o2 { return nil }
      total = sum
      parts += 1
      skipSeparators()
    }
    return parts > 0 ? total : nil
  }

  /// Whole seconds of a well-formed literal (used by the lexer to validate).
  static func seconds(_ bytes: [UInt8], _ range: TextRange) -> Int64? {
    milliseconds(bytes, range).map { $0 / 1000 }
  }
}
