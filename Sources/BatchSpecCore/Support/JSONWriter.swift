// A small JSON value with deterministic serialization (keys keep insertion order).

/// A JSON value, built in code and written with stable key order.
package indirect enum JSON: Sendable, Equatable {
  case null
  case bool(Bool)
  case number(Int)
  case string(String)
  case array([JSON])
  /// An object; keys are written in the order given.
  case object([(String, JSON)])

  package static func == (a: JSON, b: JSON) -> Bool { a.serialized() == b.serialized() }

  /// The compact serialization.
  package func serialized() -> String {
    var out = ""
    write(to: &out)
    return out
  }

  /// Appends the compact serialization to `out`.
  package func write(to out: inout String) {
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .number(let n): out += String(n)
    case .string(let s): JSON.writeString(s, to: &out)
    case .array(let items):
      out += "["
      for (i, item) in items.enumerated() {
        if i > 0 { out += "," }
        item.write(to: &out)
      }
      out += "]"
    case .object(let members):
      out += "{"
      for (i, (key, value)) in members.enumerated() {
        if i > 0 { out += "," }
        JSON.writeString(key, to: &out)
        out += ":"
        value.write(to: &out)
      }
      out += "}"
    }
  }

  /// Writes `s` as a JSON string literal, escaping quotes, backslashes and control characters.
  package static func writeString(_ s: String, to out: inout String) {
    out += "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    out += "\""
  }
}
