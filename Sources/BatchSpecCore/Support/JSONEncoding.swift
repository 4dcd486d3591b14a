// `Encodable` values to `JSON`: models keep their derived `Codable` conformances and are written
// through Core's JSON, with objects' members sorted so that neither declaration order nor a
// dictionary's order ever changes the bytes.

extension JSON {
  /// The JSON of `value`, through its `Encodable` conformance.
  ///
  /// Objects' members are sorted by key in UTF-8 byte order (what Foundation's `.sortedKeys`
  /// gives, so plans written before keep their bytes); a key encoded twice keeps its last value;
  /// nil optionals are left out. A number JSON cannot hold (not finite, or an unsigned integer
  /// over `Int.max`) is an error naming its path.
  package init(encoding value: some Encodable) throws(JSONPathError) {
    let encoder = ValueEncoder(parent: nil, step: nil)
    do {
      try value.encode(to: encoder)
    } catch let error as JSONPathError {
      throw error
    } catch {
      throw JSONPathError(.root, "could not be encoded: \(error)")
    }
    self = encoder.slot.resolved()
  }
}

/// A coding key for array elements and paths: a name or an index.
struct JSONCodingKey: CodingKey {
  var stringValue: String
  var intValue: Int?

  init(stringValue: String) { self.stringValue = stringValue }
  init(intValue: Int) {
    self.stringValue = "Index \(intValue)"
    self.intValue = intValue
  }

  init(_ step: JSONPath.Step) {
    switch step {
    case .key(let key): self.init(stringValue: key)
    case .index(let index): self.init(intValue: index)
    }
  }
}

/// An encoder or decoder one step below its parent: its path is found by walking up, only when
/// asked (for an error), so nothing is allocated for paths as values are read or written.
protocol JSONPathNode: AnyObject {
  var parent: Self? { get }
  var step: JSONPath.Step? { get }
}

extension JSONPathNode {
  /// The path from the root value.
  var path: JSONPath {
    var steps: [JSONPath.Step] = []
    var node: Self? = self
    while let current = node, let step = current.step {
      steps.append(step)
      node = current.parent
    }
    return JSONPath(steps: steps.reversed())
  }

  /// The path as `Codable` spells it.
  var codingPath: [any CodingKey] { path.steps.map(JSONCodingKey.init) }
}

extension JSONPath.Step {
  /// The step a coding key stands for: an index when it has one and is not a name.
  init(_ key: any CodingKey) {
    if let index = key.intValue, key.stringValue == "Index \(index)" {
      self = .index(index)
    } else {
      self = .key(key.stringValue)
    }
  }
}

/// What an encoder holds: a value, an object or array still being filled, or an encoder handed
/// out by `superEncoder` and filled later.
private enum Slot {
  case empty
  case value(JSON)
  case object(ObjectBuilder)
  case array(ArrayBuilder)
  case deferred(ValueEncoder)

  func resolved() -> JSON {
    switch self {
    case .empty: return .object([])
    case .value(let value): return value
    case .array(let builder): return .array(builder.items.map { $0.resolved() })
    case .deferred(let encoder): return encoder.slot.resolved()
    case .object(let builder):
      var members = builder.members
      members.sort { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
      let repeats = zip(members, members.dropFirst()).contains { $0.0.utf8.elementsEqual($1.0.utf8) }
      if repeats {
        // A key encoded twice keeps its last value: sort again, stably, and keep the last of each.
        members = builder.members.enumerated().sorted { a, b in
          a.element.0.utf8.elementsEqual(b.element.0.utf8)
            ? a.offset < b.offset : a.element.0.utf8.lexicographicallyPrecedes(b.element.0.utf8)
        }.map(\.element)
        members = members.enumerated().filter { i, member in
          i + 1 == members.count || !members[i + 1].0.utf8.elementsEqual(member.0.utf8)
        }.map(\.element)
      }
      return .object(members.map { ($0.0, $0.1.resolved()) })
    }
  }
}

private final class ObjectBuilder {
  var members: [(String, Slot)] = []
}

private final class ArrayBuilder {
  var items: [Slot] = []
}

private final class ValueEncoder: Encoder, JSONPathNode {
  var slot = Slot.empty
  let parent: ValueEncoder?
  let step: JSONPath.Step?

  init(parent: ValueEncoder?, step: JSONPath.Step?) {
    self.parent = parent
    self.step = step
  }

  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    KeyedEncodingContainer(KeyedEncoder<Key>(encoder: self, builder: objectBuilder()))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    UnkeyedEncoder(encoder: self, builder: arrayBuilder())
  }

  func singleValueContainer() -> any SingleValueEncodingContainer { SingleValueEncoder(encoder: self) }

  private func objectBuilder() -> ObjectBuilder {
    if case .object(let builder) = slot { return builder }
    let builder = ObjectBuilder()
    slot = .object(builder)
    return builder
  }

  private func arrayBuilder() -> ArrayBuilder {
    if case .array(let builder) = slot { return builder }
    let builder = ArrayBuilder()
    slot = .array(builder)
    return builder
  }

  /// Encodes `value` one step below this encoder. Its encoding is complete when `encode(to:)`
  /// returns (containers it asked for are not filled later), so it becomes a `JSON` at once and
  /// the builders are freed while the rest is encoded.
  func child(_ value: some Encodable, at step: JSONPath.Step) throws -> Slot {
    let child = ValueEncoder(parent: self, step: step)
    try value.encode(to: child)
    if case .value = child.slot { return child.slot }
    return .value(child.slot.resolved())
  }

  /// An empty object or array one step below, to be filled through the returned builder.
  func nestedObject(at step: JSONPath.Step) -> (Slot, ValueEncoder) {
    let child = ValueEncoder(parent: self, step: step)
    return (.deferred(child), child)
  }

  func number(_ value: Double, at step: JSONPath.Step?) throws -> JSON {
    guard value.isFinite else { throw JSONPathError(path(step), "is \(value), which JSON cannot hold") }
    return .double(value)
  }

  func number(_ value: some FixedWidthInteger, at step: JSONPath.Step?) throws -> JSON {
    guard let integer = Int(exactly: value) else { throw JSONPathError(path(step), "is \(value), over \(Int.max)") }
    return .integer(integer)
  }

  private func path(_ step: JSONPath.Step?) -> JSONPath {
    guard let step else { return path }
    return JSONPath(steps: path.steps + [step])
  }
}

private struct KeyedEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
  let encoder: ValueEncoder
  let builder: ObjectBuilder

  var codingPath: [any CodingKey] { encoder.codingPath }

  private func add(_ key: Key, _ value: JSON) { builder.members.append((key.stringValue, .value(value))) }
  private func step(_ key: Key) -> JSONPath.Step { .key(key.stringValue) }

  mutating func encodeNil(forKey key: Key) { add(key, .null) }
  mutating func encode(_ value: Bool, forKey key: Key) { add(key, .bool(value)) }
  mutating func encode(_ value: String, forKey key: Key) { add(key, .string(value)) }
  mutating func encode(_ value: Double, forKey key: Key) throws { add(key, try encoder.number(value, at: step(key))) }
  mutating func encode(_ value: Float, forKey key: Key) throws {
    add(key, try encoder.number(Double("\(value)") ?? Double(value), at: step(key)))
  }
  mutating func encode(_ value: Int, forKey key: Key) { add(key, .integer(value)) }
  mutating func encode(_ value: Int8, forKey key: Key) { add(key, .integer(Int(value))) }
  mutating func encode(_ value: Int16, forKey key: Key) { add(key, .integer(Int(value))) }
  mutating func encode(_ value: Int32, forKey key: Key) { add(key, .integer(Int(value))) }
  mutating func encode(_ value: Int64, forKey key: Key) throws { add(key, try encoder.number(value, at: step(key))) }
  mutating func encode(_ value: UInt, forKey key: Key) throws { add(key, try encoder.number(value, at: step(key))) }
  mutating func encode(_ value: UInt8, forKey key: Key) { add(key, .integer(Int(value))) }
  mutating func encode(_ value: UInt16, forKey key: Key) { add(key, .integer(Int(value))) }
  mutating func encode(_ value: UInt32, forKey key: Key) throws { add(key, try encoder.number(value, at: step(key))) }
  mutating func encode(_ value: UInt64, forKey key: Key) throws { add(key, try encoder.number(value, at: step(key))) }

  mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
    builder.members.append((key.stringValue, try encoder.child(value, at: step(key))))
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
    -> KeyedEncodingContainer<NestedKey>
  {
    let (slot, child) = encoder.nestedObject(at: step(key))
    builder.members.append((key.stringValue, slot))
    return child.container(keyedBy: keyType)
  }

  mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
    let (slot, child) = encoder.nestedObject(at: step(key))
    builder.members.append((key.stringValue, slot))
    return child.unkeyedContainer()
  }

  mutating func superEncoder() -> any Encoder { superEncoder(named: "super") }
  mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue) }

  private func superEncoder(named name: String) -> any Encoder {
    let (slot, child) = encoder.nestedObject(at: .key(name))
    builder.members.append((name, slot))
    return child
  }
}

private struct UnkeyedEncoder: UnkeyedEncodingContainer {
  let encoder: ValueEncoder
  let builder: ArrayBuilder

  var codingPath: [any CodingKey] { encoder.codingPath }
  var count: Int { builder.items.count }

  private func add(_ value: JSON) { builder.items.append(.value(value)) }
  private var step: JSONPath.Step { .index(builder.items.count) }

  mutating func encodeNil() { add(.null) }
  mutating func encode(_ value: Bool) { add(.bool(value)) }
  mutating func encode(_ value: String) { add(.string(value)) }
  mutating func encode(_ value: Double) throws { add(try encoder.number(value, at: step)) }
  mutating func encode(_ value: Float) throws { add(try encoder.number(Double("\(value)") ?? Double(value), at: step)) }
  mutating func encode(_ value: Int) { add(.integer(value)) }
  mutating func encode(_ value: Int8) { add(.integer(Int(value))) }
  mutating func encode(_ value: Int16) { add(.integer(Int(value))) }
  mutating func encode(_ value: Int32) { add(.integer(Int(value))) }
  mutating func encode(_ value: Int64) throws { add(try encoder.number(value, at: step)) }
  mutating func encode(_ value: UInt) throws { add(try encoder.number(value, at: step)) }
  mutating func encode(_ value: UInt8) { add(.integer(Int(value))) }
  mutating func encode(_ value: UInt16) { add(.integer(Int(value))) }
  mutating func encode(_ value: UInt32) throws { add(try encoder.number(value, at: step)) }
  mutating func encode(_ value: UInt64) throws { add(try encoder.number(value, at: step)) }

  mutating func encode<T: Encodable>(_ value: T) throws { builder.items.append(try encoder.child(value, at: step)) }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
    -> KeyedEncodingContainer<NestedKey>
  {
    let (slot, child) = encoder.nestedObject(at: step)
    builder.items.append(slot)
    return child.container(keyedBy: keyType)
  }

  mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
    let (slot, child) = encoder.nestedObject(at: step)
    builder.items.append(slot)
    return child.unkeyedContainer()
  }

  mutating func superEncoder() -> any Encoder {
    let (slot, child) = encoder.nestedObject(at: step)
    builder.items.append(slot)
    return child
  }
}

private struct SingleValueEncoder: SingleValueEncodingContainer {
  let encoder: ValueEncoder

  var codingPath: [any CodingKey] { encoder.codingPath }

  private func set(_ value: JSON) { encoder.slot = .value(value) }

  mutating func encodeNil() { set(.null) }
  mutating func encode(_ value: Bool) { set(.bool(value)) }
  mutating func encode(_ value: String) { set(.string(value)) }
  mutating func encode(_ value: Double) throws { set(try encoder.number(value, at: nil)) }
  mutating func encode(_ value: Float) throws { set(try encoder.number(Double("\(value)") ?? Double(value), at: nil)) }
  mutating func encode(_ value: Int) { set(.integer(value)) }
  mutating func encode(_ value: Int8) { set(.integer(Int(value))) }
  mutating func encode(_ value: Int16) { set(.integer(Int(value))) }
  mutating func encode(_ value: Int32) { set(.integer(Int(value))) }
  mutating func encode(_ value: Int64) throws { set(try encoder.number(value, at: nil)) }
  mutating func encode(_ value: UInt) throws { set(try encoder.number(value, at: nil)) }
  mutating func encode(_ value: UInt8) { set(.integer(Int(value))) }
  mutating func encode(_ value: UInt16) { set(.integer(Int(value))) }
  mutating func encode(_ value: UInt32) throws { set(try encoder.number(value, at: nil)) }
  mutating func encode(_ value: UInt64) throws { set(try encoder.number(value, at: nil)) }
  mutating func encode<T: Encodable>(_ value: T) throws { try value.encode(to: encoder) }
}
