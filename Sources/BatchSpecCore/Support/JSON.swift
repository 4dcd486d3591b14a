// JSON values: the one model every module reads and writes (the CLI's JSON and SARIF reports,
// the server's messages, the Batch JSON that `batchspec import` reads).

/// A JSON value, built in code or parsed by `JSONParser`, written with stable member order.
///
/// Integers and other numbers are kept apart so request IDs and positions round-trip exactly.
package indirect enum JSON: Sendable, Equatable {
  case null
  case bool(Bool)
  case integer(Int)
  case double(Double)
  case string(String)
  case array([JSON])
  /// An object; members keep the order they were written or built in.
  case object([(String, JSON)])

  package static func == (a: JSON, b: JSON) -> Bool { a.serialized() == b.serialized() }

  /// The member `key` of an object, or nil.
  package subscript(key: String) -> JSON? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.0 == key }?.1
  }

  /// The string, if this is one.
  package var stringValue: String? { if case .string(let s) = self { s } else { nil } }
  /// The integer, if this is one (a double with no fraction counts).
  package var intValue: Int? {
    switch self {
    case .integer(let i): i
    case .double(let d) where d.rounded() == d && abs(d) < 9e15: Int(d)
    default: nil
    }
  }
  /// The boolean, if this is one.
  package var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
  /// The items, if this is an array.
  package var arrayValue: [JSON]? { if case .array(let a) = self { a } else { nil } }
  /// Whether this is an object.
  package var isObject: Bool { if case .object = self { true } else { false } }

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
    case .integer(let i): out += String(i)
    case .double(let d): out += d.isFinite ? String(d) : "null"
    case .string(let s): Self.writeString(s, to: &out)
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
        Self.writeString(key, to: &out)
        out += ":"
        value.write(to: &out)
      }
      out += "}"
    }
  }

}
