// Reads the Batch JSON that `batchspec import` takes, with the project's one JSON parser
// (`JSONParser` in BatchSpecCore: member order kept, booleans apart from numbers, errors instead
// of traps); Batch JSON holds no fractional numbers, so one is refused.

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
    bytes.removeFirst(SourceFile.byteOrderMarkLength(bytes))  // a byte order mark, as Windows editors write
    let value: JSON
    do {
      value = try JSONParser.parse(bytes)
    } catch {
      throw JSONParseError(description: error.message)
    }
    try rejectFractions(value)
    return value
  }

  private static func rejectFractions(_ value: JSON) throws(JSONParseError) {
    switch value {
    case .double(let d):
      throw JSONParseError(description: "a fractional number (\(d)): Batch properties take integers")
    case .array(let items):
      for item in items { try rejectFractions(item) }
    case .object(let members):
      for (_, member) in members { try rejectFractions(member) }
    case .null, .bool, .integer, .string:
      return
    }
  }
}
