// Time and mathematics for formula evaluation, without Foundation (BatchSpecCore imports nothing):
// timestamps as seconds since 1970 in UTC, the civil calendar by Howard Hinnant's day arithmetic,
// W3C-DTF and RFC 1123 dates, and logarithms by series.

/// Timestamps and intervals.
package enum FormulaTime {
  /// Seconds since 1970 of a UTC date and time.
  package static func seconds(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Double = 0)
    -> Double
  {
    Double(days(year: year, month: month, day: day)) * 86_400 + Double(hour * 3_600 + minute * 60) + second
  }

  /// The timestamps a formula can hold: .NET's `DateTime`, from 0001-01-01 to the end of 9999.
  package static let timestamps = -62_135_596_800.0...253_402_300_799.999

  /// The longest interval (either way) a formula can hold: .NET's `TimeSpan`, 2^63 ticks of 100 ns.
  package static let longestInterval = 922_337_203_685.0

  /// Days since 1970-01-01 of a civil date.
  static func days(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  /// The civil date of a day count since 1970-01-01.
  static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  /// A timestamp's member: `year`, `month` (1-12), `day`, `weekday` (0 Sunday, 1 Monday ... 6),
  /// `hour`, `minute`, `second`.
  package static func member(_ name: String, of t: Double) -> Double? {
    let dayCount = Int((t / 86_400).rounded(.down))
    let date = civil(dayCount)
    let secondOfDay = t - Double(dayCount) * 86_400
    switch name {
    case "year": return Double(date.year)
    case "month": return Double(date.month)
    case "day": return Double(date.day)
    case "weekday": return Double(((dayCount % 7) + 11) % 7)  // 1970-01-01 was a Thursday (4)
    case "hour": return (secondOfDay / 3_600).rounded(.down)
    case "minute": return (secondOfDay.truncatingRemainder(dividingBy: 3_600) / 60).rounded(.down)
    case "second": return secondOfDay.truncatingRemainder(dividingBy: 60).rounded(.down)
    default: return nil
    }
  }

  /// `2016-10-13T19:18:47.805Z`.
  package static func iso(_ t: Double) -> String {
    let milliseconds = Int64((t * 1_000).rounded())
    let dayCount = Int((Double(milliseconds) / 86_400_000).rounded(.down))
    let date = civil(dayCount)
    let inDay = milliseconds - Int64(dayCount) * 86_400_000
    let (h, m, s, ms) = (inDay / 3_600_000, inDay / 60_000 % 60, inDay / 1_000 % 60, inDay % 1_000)
    return
      "\(pad(date.year, 4))-\(pad(date.month, 2))-\(pad(date.day, 2))T\(pad(Int(h), 2)):\(pad(Int(m), 2)):\(pad(Int(s), 2)).\(pad(Int(ms), 3))Z"
  }

  /// An interval as .NET writes a `TimeSpan`: `00:10:00`, `1.02:00:00`.
  package static func interval(_ seconds: Double) -> String {
    let negative = seconds < 0
    var rest = Int64(abs(seconds).rounded())
    let days = rest / 86_400
    rest %= 86_400
    let text = "\(pad(Int(rest / 3_600), 2)):\(pad(Int(rest / 60 % 60), 2)):\(pad(Int(rest % 60), 2))"
    return (negative ? "-" : "") + (days > 0 ? "\(days)." : "") + text
  }

  private static func pad(_ n: Int, _ width: Int) -> String {
    let text = String(n)
    return String(repeating: "0", count: max(0, width - text.count)) + text
  }

  private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

  /// Seconds since 1970 of a W3C-DTF date (`2014-10-06`, `2014-10-06T10:20:00Z`,
  /// `2014-10-06T10:20:00.5+02:00`) or an RFC 1123 date (`Mon, 06 Oct 2014 10:20:00 GMT`).
  package static func parse(_ text: String) -> Double? {
    let trimmed = text.trimmingBlanks
    if let first = trimmed.first, first.isLetter { return parseRFC1123(trimmed) }
    return parseW3C(trimmed)
  }

  private static func parseW3C(_ text: String) -> Double? {
    var scanner = Scanner(Array(text.utf8))
    guard let year = scanner.digits(4) else { return nil }
    var month = 1
    var day = 1
    if scanner.take("-") {
      guard let m = scanner.digits(2) else { return nil }
      month = m
      if scanner.take("-") {
        guard let d = scanner.digits(2) else { return nil }
        day = d
      }
    }
    var seconds = 0.0
    if scanner.take("T") {
      guard let h = scanner.digits(2), scanner.take(":"), let m = scanner.digits(2) else { return nil }
      seconds = Double(h * 3_600 + m * 60)
      if scanner.take(":") {
        guard let s = scanner.digits(2) else { return nil }
        seconds += Double(s)
        if scanner.take(".") {
          var scale = 0.1
          while let d = scanner.digits(1) {
            seconds += Double(d) * scale
            scale /= 10
          }
        }
      }
      if scanner.take("Z") {
      } else if let sign = scanner.sign() {
        guard let oh = scanner.digits(2), scanner.take(":"), let om = scanner.digits(2) else { return nil }
        seconds -= Double(sign * (oh * 3_600 + om * 60))
      } else {
        return nil
      }
    }
    guard scanner.atEnd, (1...12).contains(month), (1...31).contains(day) else { return nil }
    return Self.seconds(year: year, month: month, day: day) + seconds
  }

  private static func parseRFC1123(_ text: String) -> Double? {
    // `Mon, 06 Oct 2014 10:20:00 GMT`: the weekday is not checked against the date.
    let words = text.split(separator: " ").map(String.init)
    guard words.count == 6, words[0].hasSuffix(","), words[5] == "GMT" || words[5] == "UTC" || words[5] == "Z",
      let day = Int(words[1]), let month = months.firstIndex(of: words[2].lowercased()), let year = Int(words[3])
    else { return nil }
    let clock = words[4].split(separator: ":").compactMap { Int($0) }
    guard clock.count == 3, (1...31).contains(day), (1...9_999).contains(year), (0...23).contains(clock[0]),
      (0...59).contains(clock[1]), (0...60).contains(clock[2])
    else { return nil }
    return seconds(year: year, month: month + 1, day: day, hour: clock[0], minute: clock[1], second: Double(clock[2]))
  }

  private struct Scanner {
    let bytes: [UInt8]
    var index = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    var atEnd: Bool { index == bytes.count }
    mutating func take(_ character: Character) -> Bool {
      guard index < bytes.count, let ascii = character.asciiValue, bytes[index] == ascii else { return false }
      index += 1
      return true
    }
    mutating func digits(_ count: Int) -> Int? {
      guard index + count <= bytes.count else { return nil }
      var value = 0
      for k in index..<(index + count) {
        guard bytes[k] >= 0x30 && bytes[k] <= 0x39 else { return nil }
        value = value * 10 + Int(bytes[k] - 0x30)
      }
      index += count
      return value
    }
    mutating func sign() -> Int? {
      if take("+") { return 1 }
      if take("-") { return -1 }
      return nil
    }
  }
}

/// Logarithms (the standard library has no `log` without Foundation).
enum FormulaMath {
  /// The natural logarithm: `x = m·2^e` with `m` in [1, 2), `ln m` by the series of `atanh`.
  static func ln(_ x: Double) -> Double {
    if x.isNaN || x < 0 { return .nan }
    if x == 0 { return -.infinity }
    if x.isInfinite { return .infinity }
    let m = x.significand
    let e = Double(x.exponent)
    let z = (m - 1) / (m + 1)
    let z2 = z * z
    var term = z
    var sum = 0.0
    var k = 1.0
    while abs(term / k) > 1e-18 {
      sum += term / k
      term *= z2
      k += 2
    }
    return 2 * sum + e * ln2
  }

  /// The base-2 logarithm.
  static func log2(_ x: Double) -> Double { ln(x) / ln2 }

  private static let ln2 = 0.693_147_180_559_945_3
}

extension String {
  /// The text without leading and trailing blanks and line breaks.
  var trimmingBlanks: String {
    let scalars = unicodeScalars
    guard let start = scalars.firstIndex(where: { !" \t\r\n".unicodeScalars.contains($0) }),
      let end = scalars.lastIndex(where: { !" \t\r\n".unicodeScalars.contains($0) })
    else { return "" }
    return String(scalars[start...end])
  }
}
