// The Swift types attributes are read as: each knows which schema types it reads, how to read an
// evaluated `Value`, and how its value is written in a spec (for defaults in hover and docs).

/// A Swift type an attribute's value is read as.
package protocol SchemaValue: Sendable {
  /// The schema type of attributes read as this type, unless a declaration names another.
  static var schemaType: ValueType { get }
  /// Whether attributes of `type` can be read as this type.
  static func reads(_ type: ValueType) -> Bool
  /// Reads an evaluated value; nil when it is of another type (never for a checked block).
  init?(schemaValue: Value)
  /// The value as the checker would have evaluated it.
  var schemaValue: Value { get }
  /// The value as it is written in a spec: `15m`, `"spread"`, `true`.
  var literal: String { get }
}

extension SchemaValue {
  package static func reads(_ type: ValueType) -> Bool { type == schemaType }
  package var literal: String { schemaValue.description }
}

extension String: SchemaValue {
  package static var schemaType: ValueType { .string }
  package static func reads(_ type: ValueType) -> Bool {
    type == .string || type == .vmSize || type == .autoscaleFormula
  }
  package init?(schemaValue: Value) {
    guard case .string(let text) = schemaValue else { return nil }
    self = text
  }
  package var schemaValue: Value { .string(self) }
  package var literal: String { Literal.string(self) }
}

extension Int64: SchemaValue {
  package static var schemaType: ValueType { .integer }
  package init?(schemaValue: Value) {
    guard case .integer(let number) = schemaValue else { return nil }
    self = number
  }
  package var schemaValue: Value { .integer(self) }
}

extension Bool: SchemaValue {
  package static var schemaType: ValueType { .boolean }
  package init?(schemaValue: Value) {
    guard case .boolean(let flag) = schemaValue else { return nil }
    self = flag
  }
  package var schemaValue: Value { .boolean(self) }
}

/// A duration, in milliseconds.
package struct Milliseconds: SchemaValue, Hashable, Comparable {
  /// The number of milliseconds.
  package var count: Int64
  /// A duration of `count` milliseconds.
  package init(_ count: Int64) { self.count = count }
  /// A duration of `minutes` minutes.
  package static func minutes(_ minutes: Int64) -> Milliseconds { Milliseconds(minutes * 60_000) }
  /// A duration of `days` days.
  package static func days(_ days: Int64) -> Milliseconds { Milliseconds(days * 86_400_000) }

  package static var schemaType: ValueType { .duration }
  package init?(schemaValue: Value) {
    guard case .duration(let count) = schemaValue else { return nil }
    self.count = count
  }
  package var schemaValue: Value { .duration(count) }
  package static func < (a: Milliseconds, b: Milliseconds) -> Bool { a.count < b.count }
}

/// A reference to a resource: `pool = render-pool`, `depends_on = [frame[3]]`, `blender["3.6"]`.
package struct Reference: SchemaValue, Hashable {
  /// The kind of resource named.
  package var kind: ResourceKind
  /// The resource's ID as written.
  package var id: String
  /// A sweep member's task ID, or an application version.
  package var member: String?

  /// A reference to `id` of `kind`.
  package init(_ kind: ResourceKind, _ id: String, member: String? = nil) {
    self.kind = kind
    self.id = id
    self.member = member
  }

  /// The ID lowercased, the key Azure compares IDs by.
  package var key: String { id.lowercasedKey }

  package static var schemaType: ValueType { .reference(.pool) }
  package static func reads(_ type: ValueType) -> Bool {
    if case .reference = type { return true }
    return false
  }
  package init?(schemaValue: Value) {
    guard let (kind, id, member) = schemaValue.referenced else { return nil }
    self.init(kind, id, member: member)
  }
  package var schemaValue: Value { .reference(kind, id, member: member) }
  package var literal: String { id + (member.map { "[\(Literal.string($0))]" } ?? "") }
}

/// A blob container of a storage account: `renderdata.scenes`.
package struct ContainerReference: SchemaValue, Hashable {
  /// The storage account's ID as written.
  package var storage: String
  /// The container's name.
  package var name: String

  /// The container `name` of `storage`.
  package init(storage: String, name: String) {
    self.storage = storage
    self.name = name
  }

  package static var schemaType: ValueType { .container }
  package init?(schemaValue: Value) {
    guard case .container(let storage, let name) = schemaValue else { return nil }
    self.storage = storage
    self.name = name
  }
  package var schemaValue: Value { .container(storage: storage, name: name) }
}

/// One blob: `renderdata.scenes["in/scene.blend"]`.
package struct BlobReference: SchemaValue, Hashable {
  /// The storage account's ID as written.
  package var storage: String
  /// The container's name.
  package var container: String
  /// The blob's name.
  package var name: String

  /// The blob `name` of `container` in `storage`.
  package init(storage: String, container: String, name: String) {
    self.storage = storage
    self.container = container
    self.name = name
  }

  package static var schemaType: ValueType { .blob }
  package init?(schemaValue: Value) {
    guard case .blob(let storage, let container, let name) = schemaValue else { return nil }
    self.storage = storage
    self.container = container
    self.name = name
  }
  package var schemaValue: Value { .blob(storage: storage, container: container, name: name) }
  package var literal: String { "\(storage).\(container)[\(Literal.string(name))]" }
}

/// A secret read from the environment at run time: `env("BATCH_KEY")`.
package struct Secret: SchemaValue, Hashable {
  /// The environment variable that holds it.
  package var variable: String

  /// The secret in environment variable `variable`.
  package init(variable: String) { self.variable = variable }

  package static var schemaType: ValueType { .secret }
  package init?(schemaValue: Value) {
    guard case .secret(let variable) = schemaValue else { return nil }
    self.variable = variable
  }
  package var schemaValue: Value { .secret(environmentVariable: variable) }
  package var literal: String { "env(\(Literal.string(variable)))" }
}

/// An inclusive integer range: `10..20`.
package struct IntegerRange: SchemaValue, Hashable {
  /// The first number.
  package var lower: Int64
  /// The last number.
  package var upper: Int64

  /// The range `lower...upper`.
  package init(_ lower: Int64, _ upper: Int64) {
    self.lower = lower
    self.upper = upper
  }

  package static var schemaType: ValueType { .integerRange }
  package init?(schemaValue: Value) {
    guard case .range(let lower, let upper) = schemaValue else { return nil }
    self.lower = lower
    self.upper = upper
  }
  package var schemaValue: Value { .range(lower, upper) }
}

/// A map of names to texts, in written order: `environment = { NAME = "value" }`.
package struct TextMap: SchemaValue, Sendable {
  /// The entries, in written order; numbers and booleans as their text.
  package var entries: [(name: String, value: String)]

  /// A map of `entries`.
  package init(_ entries: [(name: String, value: String)]) { self.entries = entries }

  /// The entries as a dictionary (a later entry wins over an earlier one of the same name).
  package var dictionary: [String: String] {
    var result: [String: String] = [:]
    for entry in entries { result[entry.name] = entry.value }
    return result
  }

  package static var schemaType: ValueType { .map(.scalarText) }
  package init?(schemaValue: Value) {
    guard case .map(let items) = schemaValue else { return nil }
    entries = items.map { ($0.key, $0.value.description) }
  }
  package var schemaValue: Value { .map(entries.map { MapItem($0.name, .string($0.value)) }) }
  package var literal: String { Literal.map(entries.map { ($0.name, $0.value) }) }
}

extension Array: SchemaValue where Element: SchemaValue {
  package static var schemaType: ValueType { .list(Element.schemaType) }
  package static func reads(_ type: ValueType) -> Bool {
    if case .list(let element) = type { return Element.reads(element) }
    return false
  }
  /// A list's items; a single value counts as a one-item list.
  package init?(schemaValue: Value) {
    switch schemaValue {
    case .list(let items): self = items.compactMap(Element.init(schemaValue:))
    default:
      guard let item = Element(schemaValue: schemaValue) else { return nil }
      self = [item]
    }
  }
  package var schemaValue: Value { .list(map(\.schemaValue)) }
  package var literal: String { Literal.list(map(\.literal)) }
}

/// A closed set of words an attribute takes (`spread`, `pack`), one Swift enum from the checker
/// to the plan, the runner, the Azure target and import.
///
/// The raw value is the word as `.batch` files and plans write it; `restWord` is how Azure spells
/// it. The compiler reads that table forward and import reads it backward (`init(restWord:)`), so
/// the two cannot disagree.
package protocol SchemaEnum: SchemaValue, CaseIterable, Hashable, Codable, RawRepresentable
where RawValue == String {
  /// How Azure's REST API (or, for accounts, Azure Resource Manager) spells the case.
  var restWord: String { get }
}

extension SchemaEnum {
  package static var schemaType: ValueType { .enumeration(allCases.map(\.rawValue)) }
  package init?(schemaValue: Value) {
    guard case .word(let word) = schemaValue else { return nil }
    self.init(rawValue: word)
  }
  package var schemaValue: Value { .word(rawValue) }
  package var literal: String { rawValue }

  /// The case Azure spells `word`, compared without regard to case as the service reads them.
  package init?(restWord word: String) {
    let key = word.lowercased()
    guard let match = Self.allCases.first(where: { $0.restWord.lowercased() == key }) else { return nil }
    self = match
  }
}
