// `JSON` to `Decodable` values: models keep their derived `Codable` conformances and are read
// through Core's JSON. Strict, and every error names its JSON path.

extension JSON {
  /// Decodes a `T` from this value through its `Decodable` conformance.
  ///
  /// Strict: a member the type has no key for, a member given twice, a missing member, a value of
  /// the wrong kind, a fraction or an out-of-range number where an integer goes, and a word that
  /// is not one of an enum's cases are errors, each naming its path (`$.jobs[0].pool`).
  package func decode<T: Decodable>(_ type: T.Type) throws(JSONPathError) -> T {
    let decoder = ValueDecoder(self, parent: nil, step: nil)
    do {
      return try decoder.decode(type)
    } catch let error as JSONPathError {
      throw error
    } catch let error as DecodingError {
      throw JSONPathError(error)
    } catch {
      throw JSONPathError(.root, "could not be decoded: \(error)")
    }
  }
}

extension JSONPathError {
  /// The error a type's own `init(from:)` threw, at the path it gives.
  fileprivate init(_ error: DecodingError) {
    let context: DecodingError.Context
    switch error {
    case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c): context = c
    @unknown default: context = DecodingError.Context(codingPath: [], debugDescription: "\(error)")
    }
    self.init(JSONPath(steps: context.codingPath.map(JSONPath.Step.init)), "is wrong: \(context.debugDescription)")
  }
}

private final class ValueDecoder: Decoder, JSONPathNode {
  let value: JSON
  let parent: ValueDecoder?
  let step: JSONPath.Step?

  init(_ value: JSON, parent: ValueDecoder?, step: JSONPath.Step?) {
    self.value = value
    self.parent = parent
    self.step = step
  }

  func path(_ step: JSONPath.Step) -> JSONPath { JSONPath(steps: path.steps + [step]) }

  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
    guard case .object(let members) = value else { throw mismatch("an object", value, at: path) }
    return KeyedDecodingContainer(try KeyedDecoder<Key>(decoder: self, members: members))
  }

  func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
    guard case .array(let items) = value else { throw mismatch("an array", value, at: path) }
    return UnkeyedDecoder(decoder: self, items: items)
  }

  func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleValueDecoder(decoder: self) }

  /// Decodes `type` from this decoder's value, naming an enum's cases when a word is not one.
  func decode<T: Decodable>(_ type: T.Type) throws -> T {
    do {
      return try T(from: self)
    } catch let error as DecodingError {
      // A string enum refusing a word: say which words it takes.
      guard case .string = value, case .dataCorrupted(let context) = error,
        context.codingPath.count == path.steps.count,
        let words = Self.words(of: T.self)
      else { throw error }
      let list = words.map { JSON.string($0).serialized() }.joined(separator: ", ")
      throw JSONPathError(path, "must be one of \(list), not \(value.shortDescription)")
    }
  }

  /// Decodes `type` from `value`, one step below this decoder.
  func decode<T: Decodable>(_ type: T.Type, from value: JSON, at step: JSONPath.Step) throws -> T {
    try ValueDecoder(value, parent: self, step: step).decode(type)
  }

  private static func words<T>(of type: T.Type) -> [String]? {
    guard let enumType = type as? any (CaseIterable & RawRepresentable).Type else { return nil }
    return words(enumType)
  }

  private static func words<E: CaseIterable & RawRepresentable>(_ type: E.Type) -> [String]? {
    let words = E.allCases.compactMap { $0.rawValue as? String }
    return words.isEmpty ? nil : words
  }
}

/// The error for a value of the wrong kind.
private func mismatch(_ expected: String, _ value: JSON, at path: JSONPath) -> JSONPathError {
  JSONPathError(path, "must be \(expected), not \(value.shortDescription)")
}

/// Reads the scalars every container reads, with the same checks and messages.
private enum Scalar {
  static func string(_ value: JSON, at path: @autoclosure () -> JSONPath) throws -> String {
    guard case .string(let s) = value else { throw mismatch("a string", value, at: path()) }
    return s
  }

  static func bool(_ value: JSON, at path: @autoclosure () -> JSONPath) throws -> Bool {
    guard case .bool(let b) = value else { throw mismatch("true or false", value, at: path()) }
    return b
  }

  static func integer<T: FixedWidthInteger>(_ value: JSON, at path: @autoclosure () -> JSONPath) throws -> T {
    switch value {
    case .integer(let i):
      if let result = T(exactly: i) { return result }
    case .double(let d) where d.rounded() == d:
      if let result = T(exactly: d) { return result }
    default:
      throw mismatch("an integer", value, at: path())
    }
    throw JSONPathError(path(), "must be an integer from \(T.min) to \(T.max), not \(value.shortDescription)")
  }

  static func double(_ value: JSON, at path: @autoclosure () -> JSONPath) throws -> Double {
    switch value {
    case .integer(let i): return Double(i)
    case .double(let d): return d
    default: throw mismatch("a number", value, at: path())
    }
  }
}

private struct KeyedDecoder<Key: CodingKey>: KeyedDecodingContainerProtocol {
  let decoder: ValueDecoder
  let members: [(String, JSON)]
  /// Member positions by key, for objects too large to search.
  let positions: [String: Int]?

  init(decoder: ValueDecoder, members: [(String, JSON)]) throws {
    self.decoder = decoder
    self.members = members
    var positions: [String: Int]? = members.count > 12 ? [:] : nil
    for (i, (key, _)) in members.enumerated() {
      guard Key(stringValue: key) != nil else {
        throw JSONPathError(decoder.path, "has an unknown member \(JSON.string(key).serialized())")
      }
      let repeated: Bool
      if positions != nil {
        repeated = positions?.updateValue(i, forKey: key) != nil
      } else {
        repeated = members[..<i].contains { $0.0 == key }
      }
      if repeated { throw JSONPathError(decoder.path, "has the member \(JSON.string(key).serialized()) twice") }
    }
    self.positions = positions
  }

  var codingPath: [any CodingKey] { decoder.codingPath }
  var allKeys: [Key] { members.compactMap { Key(stringValue: $0.0) } }

  private func member(_ key: Key) -> JSON? {
    let name = key.stringValue
    if let positions { return positions[name].map { members[$0].1 } }
    return members.first { $0.0 == name }?.1
  }

  private func required(_ key: Key) throws -> JSON {
    guard let value = member(key) else {
      throw JSONPathError(decoder.path, "has no member \(JSON.string(key.stringValue).serialized())")
    }
    return value
  }

  private func path(_ key: Key) -> JSONPath { decoder.path(.key(key.stringValue)) }

  func contains(_ key: Key) -> Bool { member(key) != nil }

  func decodeNil(forKey key: Key) throws -> Bool {
    if case .null = try required(key) { return true }
    return false
  }

  func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try scalar(key, Scalar.bool) }
  func decode(_ type: String.Type, forKey key: Key) throws -> String { try scalar(key, Scalar.string) }
  func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try scalar(key, Scalar.double) }
  func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try scalar(key, Scalar.double)) }
  func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try scalar(key, Scalar.integer) }
  func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try scalar(key, Scalar.integer) }
  func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try scalar(key, Scalar.integer) }
  func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try scalar(key, Scalar.integer) }
  func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try scalar(key, Scalar.integer) }
  func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try scalar(key, Scalar.integer) }
  func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try scalar(key, Scalar.integer) }
  func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try scalar(key, Scalar.integer) }
  func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try scalar(key, Scalar.integer) }
  func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try scalar(key, Scalar.integer) }

  /// Reads the member `key` with `read`, which gets its path only if it fails.
  private func scalar<T>(_ key: Key, _ read: (JSON, @autoclosure () -> JSONPath) throws -> T) throws -> T {
    try read(try required(key), path(key))
  }

  func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
    try decoder.decode(type, from: try required(key), at: .key(key.stringValue))
  }

  // The common optionals, read with one lookup: absent or null is nil.
  func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
    try present(key).map { try Scalar.string($0, at: path(key)) }
  }
  func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
    try present(key).map { try Scalar.integer($0, at: path(key)) }
  }
  func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
    try present(key).map { try Scalar.integer($0, at: path(key)) }
  }
  func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
    try present(key).map { try Scalar.bool($0, at: path(key)) }
  }
  func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
    try present(key).map { try decoder.decode(type, from: $0, at: .key(key.stringValue)) }
  }

  private func present(_ key: Key) -> JSON? {
    guard let value = member(key) else { return nil }
    if case .null = value { return nil }
    return value
  }

  func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
    -> KeyedDecodingContainer<NestedKey>
  {
    try ValueDecoder(try required(key), parent: decoder, step: .key(key.stringValue)).container(keyedBy: type)
  }

  func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
    try ValueDecoder(try required(key), parent: decoder, step: .key(key.stringValue)).unkeyedContainer()
  }

  func superDecoder() throws -> any Decoder {
    ValueDecoder(members.first { $0.0 == "super" }?.1 ?? .null, parent: decoder, step: .key("super"))
  }

  func superDecoder(forKey key: Key) throws -> any Decoder {
    ValueDecoder(member(key) ?? .null, parent: decoder, step: .key(key.stringValue))
  }
}

private struct UnkeyedDecoder: UnkeyedDecodingContainer {
  let decoder: ValueDecoder
  let items: [JSON]
  var currentIndex = 0

  init(decoder: ValueDecoder, items: [JSON]) {
    self.decoder = decoder
    self.items = items
  }

  var codingPath: [any CodingKey] { decoder.codingPath }
  var count: Int? { items.count }
  var isAtEnd: Bool { currentIndex >= items.count }

  /// The next element, moving past it.
  private mutating func next() throws -> JSON {
    guard currentIndex < items.count else {
      throw JSONPathError(decoder.path, "has \(items.count) elements; more were expected")
    }
    defer { currentIndex += 1 }
    return items[currentIndex]
  }

  mutating func decodeNil() throws -> Bool {
    guard currentIndex < items.count, case .null = items[currentIndex] else { return false }
    currentIndex += 1
    return true
  }

  mutating func decode(_ type: Bool.Type) throws -> Bool { try scalar(Scalar.bool) }
  mutating func decode(_ type: String.Type) throws -> String { try scalar(Scalar.string) }
  mutating func decode(_ type: Double.Type) throws -> Double { try scalar(Scalar.double) }
  mutating func decode(_ type: Float.Type) throws -> Float { Float(try scalar(Scalar.double)) }
  mutating func decode(_ type: Int.Type) throws -> Int { try scalar(Scalar.integer) }
  mutating func decode(_ type: Int8.Type) throws -> Int8 { try scalar(Scalar.integer) }
  mutating func decode(_ type: Int16.Type) throws -> Int16 { try scalar(Scalar.integer) }
  mutating func decode(_ type: Int32.Type) throws -> Int32 { try scalar(Scalar.integer) }
  mutating func decode(_ type: Int64.Type) throws -> Int64 { try scalar(Scalar.integer) }
  mutating func decode(_ type: UInt.Type) throws -> UInt { try scalar(Scalar.integer) }
  mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try scalar(Scalar.integer) }
  mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try scalar(Scalar.integer) }
  mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try scalar(Scalar.integer) }
  mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try scalar(Scalar.integer) }

  /// Reads the next element with `read`, which gets its path only if it fails.
  private mutating func scalar<T>(_ read: (JSON, @autoclosure () -> JSONPath) throws -> T) throws -> T {
    let index = currentIndex
    let decoder = decoder
    return try read(try next(), decoder.path(.index(index)))
  }

  mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
    let index = currentIndex
    return try decoder.decode(type, from: try next(), at: .index(index))
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
    -> KeyedDecodingContainer<NestedKey>
  {
    let index = currentIndex
    return try ValueDecoder(try next(), parent: decoder, step: .index(index)).container(keyedBy: type)
  }

  mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
    let index = currentIndex
    return try ValueDecoder(try next(), parent: decoder, step: .index(index)).unkeyedContainer()
  }

  mutating func superDecoder() throws -> any Decoder {
    let index = currentIndex
    return ValueDecoder(try next(), parent: decoder, step: .index(index))
  }
}

private struct SingleValueDecoder: SingleValueDecodingContainer {
  let decoder: ValueDecoder

  var codingPath: [any CodingKey] { decoder.codingPath }

  private var value: JSON { decoder.value }

  func decodeNil() -> Bool {
    if case .null = value { return true }
    return false
  }

  func decode(_ type: Bool.Type) throws -> Bool { try scalar(Scalar.bool) }
  func decode(_ type: String.Type) throws -> String { try scalar(Scalar.string) }
  func decode(_ type: Double.Type) throws -> Double { try scalar(Scalar.double) }
  func decode(_ type: Float.Type) throws -> Float { Float(try scalar(Scalar.double)) }
  func decode(_ type: Int.Type) throws -> Int { try scalar(Scalar.integer) }
  func decode(_ type: Int8.Type) throws -> Int8 { try scalar(Scalar.integer) }
  func decode(_ type: Int16.Type) throws -> Int16 { try scalar(Scalar.integer) }
  func decode(_ type: Int32.Type) throws -> Int32 { try scalar(Scalar.integer) }
  func decode(_ type: Int64.Type) throws -> Int64 { try scalar(Scalar.integer) }
  func decode(_ type: UInt.Type) throws -> UInt { try scalar(Scalar.integer) }
  func decode(_ type: UInt8.Type) throws -> UInt8 { try scalar(Scalar.integer) }
  func decode(_ type: UInt16.Type) throws -> UInt16 { try scalar(Scalar.integer) }
  func decode(_ type: UInt32.Type) throws -> UInt32 { try scalar(Scalar.integer) }
  func decode(_ type: UInt64.Type) throws -> UInt64 { try scalar(Scalar.integer) }

  private func scalar<T>(_ read: (JSON, @autoclosure () -> JSONPath) throws -> T) throws -> T {
    try read(decoder.value, decoder.path)
  }

  func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decode(type) }
}
