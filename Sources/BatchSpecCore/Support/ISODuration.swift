// ISO 8601 durations, the way the Batch REST API writes time spans: `PT30M`, `P7D`, `PT1H30M`.

/// Converts milliseconds to and from ISO 8601 durations.
package enum ISODuration {
  /// `milliseconds` as an ISO 8601 duration: days, then hours, minutes and (fractional) seconds.
  package static func format(_ milliseconds: Int64) -> String {
    if milliseconds <= 0 { return "PT0S" }
    let days = milliseconds / 86_400_000
    var rest = milliseconds % 86_400_000
    let hours = rest / 3_600_000
    rest %= 3_600_000
    let minutes = rest / 60_000
    rest %= 60_000
    let seconds = rest / 1000
    let millis = rest % 1000
    var text = "P"
    if days > 0 { text += "\(days)D" }
    if hours == 0 && minutes == 0 && rest == 0 { return text }
    text += "T"
    if hours > 0 { text += "\(hours)H" }
    if minutes > 0 { text += "\(minutes)M" }
    if seconds > 0 || millis > 0 {
      text += "\(seconds)"
      if millis > 0 {
        var fraction = String(millis)
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        text += "." + fraction
      }
      text += "S"
    }
    return text
  }

  /// The milliseconds of an ISO 8601 duration (`P[nW][nD][T[nH][nM][n[.f]S]]`; years and months,
  /// which have no fixed length, are refused), or nil when malformed.
  package static func parse(_ text: String) -> Int64? {
    var characters = Substring(text.uppercased())
    guard characters.first == "P", characters.count > 1 else { return nil }
    characters.removeFirst()
    var total: Int64 = 0
    var inTime = false
    var number = ""
    var sawComponent = false
    var sawTimeComponent = false
    for character in characters {
      if character == "T" {
        guard !inTime, number.isEmpty else { return nil }
        inTime = true
        continue
      }
      if character.isNumber || character == "." || character == "," {
        number.append(character == "," ? "." : character)
        continue
      }
      guard !number.isEmpty else { return nil }
      let parts = number.split(separator: ".", omittingEmptySubsequences: false)
      guard parts.count <= 2, let whole = Int64(parts[0]) else { return nil }
      var fractionMs: Int64 = 0
      if parts.count == 2 {
        guard character == "S", !parts[1].isEmpty, parts[1].allSatisfy(\.isNumber) else { return nil }
        let digits = String(parts[1].prefix(3))
        fractionMs = (Int64(digits) ?? 0) * [100, 10, 1][digits.count - 1]
      }
      let unit: Int64
      switch (character, inTime) {
      case ("W", false): unit = 7 * 86_400_000
      case ("D", false): unit = 86_400_000
      case ("H", true): unit = 3_600_000
      case ("M", true): unit = 60_000
      case ("S", true): unit = 1000
      default: return nil
      }
      let (product, overflow) = whole.multipliedReportingOverflow(by: unit)
      guard !overflow else { return nil }
      let (sum, overflow2) = total.addingReportingOverflow(product + fractionMs)
      guard !overflow2 else { return nil }
      total = sum
      number = ""
      sawComponent = true
      sawTimeComponent = inTime
    }
    // A `T` must be followed by a time component (`P1DT` is malformed).
    return number.isEmpty && sawComponent && sawTimeComponent == inTime ? total : nil
  }
}
