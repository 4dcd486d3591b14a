// Evaluated attribute values: what the checker hands to the validator and the compiler.

/// One entry of a map value.
package struct MapItem: Sendable, Equatable {
  /// The key.
  package var key: String
  /// The value.
  package var value: Value
  /// Creates an entry.
  package init(_ key: String, _ value: Value) {
    self.key = key
    self.value = value
  }
}

/// A fully evaluated value: no params, sweep variables or interpolations left.
///
/// Strings, numbers and words are stored inline (lists and maps are arrays, which box their
/// elements already); the rarer multi-string cases are `indirect`, which keeps every value small.
package enum Value: Sendable, Equatable, CustomStringConvertible {
  case string(String)
  case integer(Int64)
  case boolean(Bool)
  /// Milliseconds.
  case duration(Int64)
  /// An enum word such as `admin`.
  case word(String)
  case list([Value])
  case map([MapItem])
  /// A resource ID and its kind, inline: a project holds one for every `pool =` and every task a
  /// `depends_on` names, and a box for each was 1.5 MB of the language server's 23 MB heap at 50k
  /// lines. (The ID comes first so that the kind fills the byte after it: a value stays 24 bytes.)
  case reference(String, ResourceKind)
  /// A resource ID of the kind and the member it names: an application version
  /// (`blender["4.0"]`). Rare, so boxed (see `reference(_:_:member:)`).
  indirect case memberReference(ResourceKind, String, member: String)
  indirect case container(storage: String, name: String)
  indirect case blob(storage: String, container: String, name: String)
  /// A secret read from this environment variable at run time.
  case secret(environmentVariable: String)
  /// An inclusive range.
  case range(Int64, Int64)

  /// A reference to `id`, and to its `member` when given: the one way references are made, so
  /// that a reference naming no member is always `.reference`.
  package static func reference(_ kind: ResourceKind, _ id: String, member: String?) -> Value {
    guard let member else { return .reference(id, kind) }
    return .memberReference(kind, id, member: member)
  }

  /// The kind, ID and member (nil for none) of a reference; nil for any other value.
  package var referenced: (kind: ResourceKind, id: String, member: String?)? {
    switch self {
    case .reference(let id, let kind): (kind, id, nil)
    case .memberReference(let kind, let id, let member): (kind, id, member)
    default: nil
    }
  }

  /// The value as text, the way `${...}` renders it into a string.
  package var description: String {
    switch self {
    case .string(let s): s
    case .integer(let i): String(i)
    case .boolean(let b): b ? "true" : "false"
    case .duration(let ms): Value.formatDuration(ms)
    case .word(let w): w
    case .list(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
    case .map(let items): "{" + items.map { "\($0.key) = \($0.value)" }.joined(separator: ", ") + "}"
    case .reference(let id, _): id
    case .memberReference(_, let id, let member): "\(id)[\(member)]"
    case .container(let storage, let name): "\(storage).\(name)"
    case .blob(let storage, let container, let name): "\(storage).\(container)[\"\(name)\"]"
    case .secret(let name): "env(\"\(name)\")"
    case .range(let lo, let hi): "\(lo)..\(hi)"
    }
  }

  /// Formats milliseconds as a duration literal: `1h30m`, `45s`, `500ms`.
  package static func formatDuration(_ milliseconds: Int64) -> String {
    if milliseconds == 0 { return "0s" }
    var rest = milliseconds
    var text = ""
    for (unit, size) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1)] {
      let count = rest / size
      if count != 0 {
        text += "\(count)\(unit)"
        rest -= count * size
      }
    }
    return text
  }

  /// The integer, if this is one.
  package var integerValue: Int64? { if case .integer(let i) = self { i } else { nil } }
  /// The string or enum word, if this is one.
  package var stringValue: String? {
    switch self {
    case .string(let s), .word(let s): s
    default: nil
    }
  }
  /// The boolean, if this is one.
  package var booleanValue: Bool? { if case .boolean(let b) = self { b } else { nil } }
  /// The list's items (a single value counts as a one-item list).
  package var listValue: [Value] { if case .list(let items) = self { items } else { [self] } }
}
