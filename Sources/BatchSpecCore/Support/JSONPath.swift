// Places in a JSON document, and the error that names one: what the decoder and the schema
// validator report, so a message says where (`$.jobs[0].tasks[3].uploadCondition`).

/// Where a value sits in a JSON document, written `$.jobs[0].tasks[3].uploadCondition`.
package struct JSONPath: Sendable, Hashable, CustomStringConvertible {
  /// One step: a member of an object or an element of an array.
  package enum Step: Sendable, Hashable {
    case key(String)
    case index(Int)
  }

  /// The steps from the document's root.
  package var steps: [Step]

  /// The document itself, `$`.
  package static let root = JSONPath(steps: [])

  /// A path of `steps`.
  package init(steps: [Step]) { self.steps = steps }

  /// This path and then the member `key`.
  package func appending(_ key: String) -> JSONPath { JSONPath(steps: steps + [.key(key)]) }

  /// This path and then the element `index`.
  package func appending(_ index: Int) -> JSONPath { JSONPath(steps: steps + [.index(index)]) }

  /// `$`, then `.name` for each member (`["a name"]` when it is not a plain name) and `[i]` for
  /// each element.
  package var description: String {
    var text = "$"
    for step in steps {
      switch step {
      case .index(let i): text += "[\(i)]"
      case .key(let key) where Self.isPlainName(key): text += "." + key
      case .key(let key):
        text += "["
        JSON.writeString(key, to: &text)
        text += "]"
      }
    }
    return text
  }

  private static func isPlainName(_ key: String) -> Bool {
    guard let first = key.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
    return key.utf8.allSatisfy { byte in
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
        true
      default: false
      }
    }
  }
}

/// A JSON value that is not what was expected, and where: `$.version must be an integer, not "1"`.
package struct JSONPathError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Where the value is.
  package var path: JSONPath
  /// What is wrong, phrased to follow the path: `must be an integer, not "1"`.
  package var message: String

  /// An error at `path`.
  package init(_ path: JSONPath, _ message: String) {
    self.path = path
    self.message = message
  }

  /// The path, then the message.
  package var description: String { "\(path) \(message)" }
}

extension JSON {
  /// What a message calls this value: the JSON text of a string, number, boolean or null, and
  /// "an array" or "an object" for the others.
  package var shortDescription: String {
    switch self {
    case .array: "an array"
    case .object: "an object"
    case .string(let s) where s.count > 60: JSON.string(s.prefix(57) + "…").serialized()
    default: serialized()
    }
  }
}
