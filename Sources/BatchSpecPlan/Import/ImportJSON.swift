// Reads the Batch JSON that `batchspec import` takes, with the project's one JSON parser
// (`JSONParser` in BatchSpecCore: member order kept, booleans apart from numbers, errors instead
// of traps), into `JSON` values whose numbers are integers.

package import BatchSpecCore

/// Why a JSON text could not be read.
package struct JSONParseError: Error, Sendable, CustomStringConvertible {
  /// The message, with the byte offset where the parser knows it.
  package var description: String
}

/// The JSON reader of `batchspec import`.
package enum ImportJSON {
  /// The value of `text`. Numbers must be integers: no Batch property takes a fraction.
  package static func parse(_ text: String) throws(JSONParseError) -> JSON {
    var bytes = Array(text.utf8)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }  // a byte order mark, as Windows editors write
    let value: JSONValue
    do {
      value = try JSONParser.parse(bytes)
    } catch {
      throw JSONParseError(description: error.message)
    }
    return try integral(value)
  }

  private static func integral(_ value: JSONValue) throws(JSONParseError) -> JSON {
    switch value {
    case .null: return .null
    case .bool(let b): return .bool(b)
    case .integer(let i): return .number(i)
    case .double(let d):
      throw JSONParseError(description: "a fractional number (\(d)): Batch properties take integers")
    case .string(let s): return .string(s)
    case .array(let items):
      var converted: [JSON] = []
      converted.reserveCapacity(items.count)
      for item in items { converted.append(try integral(item)) }
      return .array(converted)
    case .object(let members):
      var converted: [(String, JSON)] = []
      converted.reserveCapacity(members.count)
      for (key, member) in members { converted.append((key, try integral(member))) }
      return .object(converted)
    }
  }
}
