// Building the Azure payloads: ordered JSON objects that skip absent members (Core's
// `JSON.pretty()` prints them, the same bytes on every platform).

package import BatchSpecCore

/// A JSON object under construction: members keep the order they are set in; nil values are
/// left out, so optional properties need no `if`.
package struct JSONObject: Sendable {
  /// The members, in order.
  package private(set) var members: [(String, JSON)] = []

  /// An empty object.
  package init() {}

  /// Sets `key` (appending it, or replacing an earlier value in place); nil removes nothing and
  /// adds nothing.
  package subscript(key: String) -> JSON? {
    get { members.first { $0.0 == key }?.1 }
    set {
      guard let newValue else { return }
      if let index = members.firstIndex(where: { $0.0 == key }) {
        members[index].1 = newValue
      } else {
        members.append((key, newValue))
      }
    }
  }

  /// The members named in `order` first, in that order, then the others as they were: for an
  /// object whose members come from both the schema's mapping and hand-written code, so that its
  /// bytes do not depend on which of them wrote a member.
  package func ordered(by order: [String]) -> JSONObject {
    var result = JSONObject()
    result.members.reserveCapacity(members.count)
    for key in order { result[key] = self[key] }
    result.members += members.filter { member in !order.contains(member.0) }
    return result
  }

  /// Removes member `key`, if it is set.
  package mutating func remove(_ key: String) { members.removeAll { $0.0 == key } }

  /// Whether no member is set.
  package var isEmpty: Bool { members.isEmpty }

  /// The object as a JSON value.
  package var json: JSON { .object(members) }

  /// The object as a JSON value, or nil when it has no members.
  package var nonEmpty: JSON? { members.isEmpty ? nil : .object(members) }
}

extension JSON {
  /// A string value, or nil for nil.
  static func string(_ value: String?) -> JSON? { value.map { .string($0) } }
  /// A number value, or nil for nil.
  static func number(_ value: Int?) -> JSON? { value.map { .integer($0) } }
  /// An array, or nil when empty.
  static func nonEmptyArray(_ items: [JSON]) -> JSON? { items.isEmpty ? nil : .array(items) }

  /// `[{"name": …, "value": …}]` sorted by name (environment settings, metadata), or nil if empty.
  static func nameValueList(_ map: [String: String]) -> JSON? {
    nonEmptyArray(map.keys.sorted().map { .object([("name", .string($0)), ("value", .string(map[$0] ?? ""))]) })
  }
}

extension JSONObject {
  /// Sets the member at `path`, making the objects on the way or extending those already there:
  /// `set(["startTask", "resourceFiles"], files)` keeps what `startTask` holds.
  package mutating func set(_ path: ArraySlice<String>, _ value: JSON?) {
    guard let value, let first = path.first else { return }
    if path.count == 1 {
      self[first] = value
      return
    }
    var inner = JSONObject(self[first]) ?? JSONObject()
    inner.set(path.dropFirst(), value)
    self[first] = inner.json
  }

  /// Appends `value` to the array at `path`, making the array (and the objects on the way).
  package mutating func append(_ path: ArraySlice<String>, _ value: JSON) {
    guard let first = path.first else { return }
    if path.count == 1 {
      self[first] = .array((self[first]?.arrayValue ?? []) + [value])
      return
    }
    var inner = JSONObject(self[first]) ?? JSONObject()
    inner.append(path.dropFirst(), value)
    self[first] = inner.json
  }

  /// The member at `path`, if there is one.
  package subscript(path path: ArraySlice<String>) -> JSON? {
    guard let first = path.first else { return nil }
    guard let value = self[first] else { return nil }
    return path.count == 1 ? value : JSONObject(value)?[path: path.dropFirst()]
  }

  /// The object `json` is, or nil when it is another value.
  package init?(_ json: JSON?) {
    guard case .object(let members)? = json else { return nil }
    self.init()
    for (key, value) in members { self[key] = value }
  }
}
