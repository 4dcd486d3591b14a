// Reads the Batch JSON that `batchspec import` takes, with the project's one JSON parser
// (`JSONParser` in BatchSpecCore: member order kept, booleans apart from numbers, errors instead
// of traps), then reads it as the service does: a member given twice is its last value, a null
// member is absent, and a number with no fraction (`3.0`) is an integer.

package import BatchSpecCore

/// Why a JSON text could not be read.
package struct JSONParseError: Error, Sendable, CustomStringConvertible {
  /// The message, with the byte offset where the parser knows it.
  package var description: String
}

/// The JSON reader of `batchspec import`.
package enum ImportJSON {
  /// The value of `bytes`, and the JSON paths of the members given more than once (the last is
  /// kept, as the service keeps it).
  package static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> (value: JSON, duplicates: [String]) {
    if let offset = firstInvalidUTF8(bytes) {
      throw JSONParseError(description: "not UTF-8 (a file saved in another encoding?) at byte \(offset)")
    }
    let start = SourceFile.byteOrderMarkLength(bytes)  // a byte order mark, as Windows editors write
    let value: JSON
    do {
      value = try JSONParser.parse(Array(bytes[start...]))
    } catch {
      throw JSONParseError(description: error.message)
    }
    var duplicates: [String] = []
    return (normalized(value, path: "$", duplicates: &duplicates), duplicates)
  }

  /// The value of `text`.
  package static func parse(_ text: String) throws(JSONParseError) -> (value: JSON, duplicates: [String]) {
    try parse(Array(text.utf8))
  }

  /// The offset of the first byte of `bytes` that is not part of valid UTF-8, if any.
  static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = bytes.makeIterator()
    var offset = 0
    while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let scalar): offset += scalar.count
      case .error: return offset
      case .emptyInput: return nil
      }
    }
  }

  /// `value` with each object's members unique (the last of a name kept, in the place of the
  /// first), null members left out, and numbers without a fraction as integers.
  private static func normalized(_ value: JSON, path: String, duplicates: inout [String]) -> JSON {
    switch value {
    case .array(let items):
      return .array(items.enumerated().map { normalized($1, path: "\(path)[\($0)]", duplicates: &duplicates) })
    case .object(let members):
      var result: [(String, JSON)] = []
      var index: [String: Int] = [:]
      for (key, member) in members {
        let member = normalized(member, path: "\(path).\(key)", duplicates: &duplicates)
        if let known = index[key] {
          duplicates.append("\(path).\(key)")
          result[known].1 = member
        } else {
          index[key] = result.count
          result.append((key, member))
        }
      }
      return .object(result.filter { if case .null = $0.1 { false } else { true } })
    case .double(let number) where number.rounded() == number && abs(number) < 9.2e18:
      return .integer(Int(number))
    default:
      return value
    }
  }

  /// What is wrong with `value` where an integer is expected, if it is a number: too large, or a
  /// fraction.
  static func integerProblem(_ value: JSON) -> String? {
    guard case .double(let number) = value else { return nil }
    if number.rounded() == number || !number.isFinite {
      return "a number out of range for an integer (about \(number.isFinite ? "\(number)" : "±1e308 or more"))"
    }
    return "`\(number)` is a fraction: an integer is expected"
  }
}

extension JSON {
  /// The member whose name is `key` without regard to case, as the service reads names.
  func property(_ key: String) -> JSON? {
    guard case .object(let members) = self else { return nil }
    let lowered = key.lowercased()
    return members.last { $0.0.lowercased() == lowered }?.1
  }

  /// The members, if this is an object; none otherwise.
  var objectMembers: [(String, JSON)] { if case .object(let members) = self { members } else { [] } }

  /// Whether this is an object with a member named `key` without regard to case.
  func hasProperty(_ key: String) -> Bool { property(key) != nil }
}
