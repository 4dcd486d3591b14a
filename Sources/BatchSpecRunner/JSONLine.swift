// One-line JSON objects for the journal and the event log, written without an encoder.

import BatchSpecCore

/// A scalar in a JSON line.
enum JSONScalar {
  case string(String)
  case int(Int)
  case double(Double)
  case bool(Bool)
}

/// Builds one JSON object on one line.
enum JSONLine {
  /// `{"key":value,...}` followed by a newline; keys keep their order.
  static func make(_ members: [(String, JSONScalar?)]) -> String {
    var out = "{"
    var first = true
    for (key, value) in members {
      guard let value else { continue }
      if !first { out += "," }
      first = false
      string(key, to: &out)
      out += ":"
      switch value {
      case .string(let s): string(s, to: &out)
      case .int(let i): out += String(i)
      case .double(let d): out += String(format3(d))
      case .bool(let b): out += b ? "true" : "false"
      }
    }
    return out + "}\n"
  }

  /// A non-negative number with millisecond precision, without exponent.
  static func format3(_ value: Double) -> String {
    guard value.isFinite, value >= 0, value < 1e12 else { return value.isFinite && value > 0 ? "\(value)" : "0.000" }
    let thousandths = Int((value * 1000).rounded())
    let whole = thousandths / 1000
    let fraction = thousandths % 1000
    return "\(whole)." + String(repeating: "0", count: 3 - String(fraction).count) + String(fraction)
  }

  private static func string(_ s: String, to out: inout String) { JSON.writeString(s, to: &out) }
}
