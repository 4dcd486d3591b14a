// JSON values: the one model every module reads and writes (the CLI's JSON and SARIF reports,
// the server's messages, plans and Azure payloads, the runner's journal and events, the Batch
// JSON that `batchspec import` reads).

/// A JSON value, built in code or parsed by `JSONParser`, written with stable member order.
///
/// Integers and other numbers are kept apart so request IDs and positions round-trip exactly.
/// Not `indirect`: arrays and objects already hold their elements out of line, so a value is
/// stored inline rather than in a heap box of its own (a 100,000-task plan is millions of values).
package enum JSON: Sendable, Equatable {
  case null
  case bool(Bool)
  case integer(Int)
  case double(Double)
  case string(String)
  /// A string holding `{{NAME}}` placeholders that `submit.sh` fills (a secret, a SAS token): read
  /// like a string, but written with its `{{` as they are, where a `.string`'s `{{` is written
  /// `\u007b{` (`JSONWriter`). So `{{` in a file batchspec writes is always a placeholder it made,
  /// never the user's text, and `submit.sh` fills only those.
  case placeholders(String)
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
  package var stringValue: String? {
    switch self {
    case .string(let s), .placeholders(let s): s
    default: nil
    }
  }
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
}
