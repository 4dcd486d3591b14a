// grammar/plan.schema.json and the plan model agree: every property the schema declares is one
// the decoder reads, with the same kind, enum words and requiredness, and the other way round; the
// copy compiled into `Plan.read` is the file.

import BatchSpecCore
import Foundation
import Testing

import BatchSpecPlan

/// What a `Decodable` type reads, found by decoding it from `ShapeProbe`.
indirect enum Shape: Equatable, CustomStringConvertible {
  case string, integer, boolean
  case enumeration([String])
  case array(Shape)
  /// An object with any keys and values of one shape (`[String: String]`).
  case map(Shape)
  /// Members by key, each with its shape and whether it must be present.
  case object([String: Member])

  struct Member: Equatable {
    var shape: Shape
    var required: Bool
  }

  var description: String {
    switch self {
    case .string: "string"
    case .integer: "integer"
    case .boolean: "boolean"
    case .enumeration(let words): "enum \(words)"
    case .array(let element): "array of \(element)"
    case .map(let value): "map of \(value)"
    case .object(let members): "object with \(members.keys.sorted())"
    }
  }
}

/// A decoder that answers every question, recording what the type asks: members (required, or
/// optional through `decodeIfPresent`), their kinds, enums' words, arrays' elements and maps.
final class ShapeProbe: Decoder {
  /// The members a keyed container was asked for; a dictionary asks for `allKeys` first.
  final class Object {
    var members: [String: Shape.Member] = [:]
    var isMap = false
  }

  private enum State {
    case unasked
    case scalar(Shape)
    case object(Object)
    case array(Shape)
  }

  private var state = State.unasked
  var codingPath: [any CodingKey] { [] }
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  /// A value of `type` and the shape decoding it read.
  static func probe<T: Decodable>(_ type: T.Type) throws -> (T, Shape) {
    if let enumType = type as? any (CaseIterable & RawRepresentable).Type, let (first, words) = cases(enumType),
      let value = first as? T
    {
      return (value, .enumeration(words))
    }
    let probe = ShapeProbe()
    let value = try T(from: probe)
    return (value, probe.shape)
  }

  private static func cases<E: CaseIterable & RawRepresentable>(_ type: E.Type) -> (E, [String])? {
    guard let first = E.allCases.first else { return nil }
    return (first, E.allCases.compactMap { $0.rawValue as? String })
  }

  private var shape: Shape {
    switch state {
    case .unasked: .object([:])
    case .scalar(let shape): shape
    case .array(let element): .array(element)
    case .object(let object):
      object.isMap ? .map(object.members.first?.value.shape ?? .string) : .object(object.members)
    }
  }

  func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
    let object = Object()
    state = .object(object)
    return KeyedDecodingContainer(Keyed<Key>(object: object))
  }

  func unkeyedContainer() throws -> any UnkeyedDecodingContainer { Unkeyed(probe: self) }
  func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(probe: self) }

  private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: Object
    var codingPath: [any CodingKey] { [] }

    /// One key, so that a dictionary decodes one value and its shape is seen.
    var allKeys: [Key] {
      object.isMap = true
      return Key(stringValue: "key").map { [$0] } ?? []
    }
    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { false }

    private func read<T: Decodable>(_ type: T.Type, _ key: Key, required: Bool) throws -> T {
      let (value, shape) = try ShapeProbe.probe(type)
      object.members[key.stringValue] = Shape.Member(shape: shape, required: required)
      return value
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try read(type, key, required: true) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try read(type, key, required: true) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try read(type, key, required: true) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try read(type, key, required: true) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try read(type, key, required: true) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try read(type, key, required: true) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try read(type, key, required: true) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try read(type, key, required: true) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try read(type, key, required: true) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try read(type, key, required: true) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try read(type, key, required: true) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try read(type, key, required: true) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try read(type, key, required: true) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try read(type, key, required: true) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try read(type, key, required: true) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try read(type, key, required: false) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
      try read(type, key, required: false)
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try read(type, key, required: false) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try read(type, key, required: false) }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
      try read(type, key, required: false)
    }
    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
      -> KeyedDecodingContainer<NestedKey>
    { throw CocoaError(.coderReadCorrupt) }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
      throw CocoaError(.coderReadCorrupt)
    }
    func superDecoder() throws -> any Decoder { throw CocoaError(.coderReadCorrupt) }
    func superDecoder(forKey key: Key) throws -> any Decoder { throw CocoaError(.coderReadCorrupt) }
  }

  /// An array of one element, whose shape is the array's.
  private struct Unkeyed: UnkeyedDecodingContainer {
    let probe: ShapeProbe
    var codingPath: [any CodingKey] { [] }
    var count: Int? { 1 }
    var isAtEnd: Bool { currentIndex > 0 }
    var currentIndex = 0

    private mutating func element<T: Decodable>(_ type: T.Type) throws -> T {
      let (value, shape) = try ShapeProbe.probe(type)
      probe.state = .array(shape)
      currentIndex += 1
      return value
    }

    mutating func decodeNil() throws -> Bool { false }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try element(type) }
    mutating func decode(_ type: String.Type) throws -> String { try element(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try element(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try element(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try element(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try element(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try element(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try element(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try element(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try element(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try element(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try element(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try element(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try element(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try element(type) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
      -> KeyedDecodingContainer<NestedKey>
    { throw CocoaError(.coderReadCorrupt) }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
      throw CocoaError(.coderReadCorrupt)
    }
    mutating func superDecoder() throws -> any Decoder { throw CocoaError(.coderReadCorrupt) }
  }

  /// A scalar: strings, integers and booleans are what plans hold (a plan has no other numbers).
  private struct Single: SingleValueDecodingContainer {
    let probe: ShapeProbe
    var codingPath: [any CodingKey] { [] }

    private func scalar<T>(_ shape: Shape, _ value: T) -> T {
      probe.state = .scalar(shape)
      return value
    }

    func decodeNil() -> Bool { false }
    func decode(_ type: Bool.Type) throws -> Bool { scalar(.boolean, false) }
    func decode(_ type: String.Type) throws -> String { scalar(.string, "") }
    func decode(_ type: Double.Type) throws -> Double { throw CocoaError(.coderReadCorrupt) }
    func decode(_ type: Float.Type) throws -> Float { throw CocoaError(.coderReadCorrupt) }
    func decode(_ type: Int.Type) throws -> Int { scalar(.integer, 0) }
    func decode(_ type: Int8.Type) throws -> Int8 { scalar(.integer, 0) }
    func decode(_ type: Int16.Type) throws -> Int16 { scalar(.integer, 0) }
    func decode(_ type: Int32.Type) throws -> Int32 { scalar(.integer, 0) }
    func decode(_ type: Int64.Type) throws -> Int64 { scalar(.integer, 0) }
    func decode(_ type: UInt.Type) throws -> UInt { scalar(.integer, 0) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { scalar(.integer, 0) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { scalar(.integer, 0) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { scalar(.integer, 0) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { scalar(.integer, 0) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: probe) }
  }
}

@Suite struct PlanSchemaTests {
  static let schemaPath = PlanSamples.repository.appendingPathComponent("grammar/plan.schema.json").path

  static func schema() throws -> JSON {
    try JSONParser.parse([UInt8](try #require(FileManager.default.contents(atPath: schemaPath))))
  }

  /// Compares the schema at `node` with `shape`, resolving `$ref`s; the disagreements, by path.
  func disagreements(_ node: JSON, _ shape: Shape, at path: String, root: JSON) -> [String] {
    var node = node
    if let reference = node["$ref"]?.stringValue, let name = reference.split(separator: "/").last {
      node = root["$defs"]?[String(name)] ?? .null
    }
    // `allOf` of one reference: that definition's members, then the node's own (`required`).
    if let parts = node["allOf"]?.arrayValue, parts.count == 1, case .object(let own) = node,
      let reference = parts[0]["$ref"]?.stringValue, let name = reference.split(separator: "/").last,
      case .object(let base)? = root["$defs"]?[String(name)]
    {
      node = .object(base.filter { key, _ in !own.contains { $0.0 == key } } + own.filter { $0.0 != "allOf" })
    }
    let type = node["type"]?.stringValue
    func expect(_ condition: Bool, _ what: String) -> [String] { condition ? [] : ["\(path): \(what)"] }
    switch shape {
    case .string: return expect(type == "string", "the model reads a string; the schema says \(node)")
    case .integer: return expect(type == "integer", "the model reads an integer; the schema says \(node)")
    case .boolean: return expect(type == "boolean", "the model reads true or false; the schema says \(node)")
    case .enumeration(let words):
      let choices = node["enum"]?.arrayValue?.compactMap(\.stringValue) ?? []
      return expect(Set(choices) == Set(words), "the model's words are \(words); the schema's \(choices)")
    case .array(let element):
      guard type == "array", var items = node["items"] else { return ["\(path): the model reads an array"] }
      if let name = Self.wholeItems[path] { items = .object([("$ref", .string("#/$defs/" + name))]) }
      return disagreements(items, element, at: path + "[]", root: root)
    case .map(let value):
      guard type == "object", node["properties"] == nil, let values = node["additionalProperties"], values.isObject
      else { return ["\(path): the model reads a map of \(value); the schema says \(node)"] }
      return disagreements(values, value, at: path + ".*", root: root)
    case .object(let members):
      guard type == "object", case .object(let properties)? = node["properties"] else {
        return ["\(path): the model reads an object; the schema says \(node)"]
      }
      var problems = expect(node["additionalProperties"] == .bool(false), "the schema allows other members")
      let declared = Set(properties.map(\.0))
      for key in declared.subtracting(members.keys).sorted() where !Self.readBeforeDecoding.contains(path + "." + key) {
        problems.append("\(path).\(key): in the schema, but the model does not read it")
      }
      for key in Set(members.keys).subtracting(declared).sorted() {
        problems.append("\(path).\(key): read by the model, but not in the schema")
      }
      let required = Set(node["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
      let modelRequired = Set(members.filter(\.value.required).keys)
      problems += expect(
        required == modelRequired,
        "required in the schema: \(required.sorted()); in the model: \(modelRequired.sorted())")
      for (key, property) in properties {
        if let member = members[key] {
          problems += disagreements(property, member.shape, at: path + "." + key, root: root)
        }
      }
      return problems
    }
  }

  /// Members of the format that `Plan.read` takes out before decoding (and `Plan.json` writes),
  /// so no model type reads them.
  static let readBeforeDecoding: Set<String> = ["$.jobs[].taskDefaults"]
  /// Arrays whose elements the schema allows to be partial (`taskEntry`: a job's `taskDefaults`
  /// fill them in before decoding), with the definition of the whole element the model reads.
  static let wholeItems: [String: String] = ["$.jobs[].tasks": "task"]

  @Test func theSchemaDeclaresExactlyWhatTheDecoderReads() throws {
    let shape = try ShapeProbe.probe(Plan.self).1
    guard case .object(let members) = shape else { return #expect(Bool(false), "\(shape)") }
    #expect(members.count == 5, "\(shape)")
    let schema = try Self.schema()
    let problems = disagreements(schema, shape, at: "$", root: schema)
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
  }

  @Test func theComparisonNoticesADifference() throws {
    // A schema that lost a property, gained one, and changed an enum, a kind and a requirement.
    var schema = try Self.schema()
    guard case .object(var root) = schema, case .object(var defs)? = schema["$defs"],
      case .object(var output)? = defs.first(where: { $0.0 == "output" })?.1,
      case .object(var properties)? = output.first(where: { $0.0 == "properties" })?.1
    else { return #expect(Bool(false)) }
    properties.removeAll { $0.0 == "path" }
    properties.append(("colour", .object([("type", .string("string"))])))
    properties = properties.map {
      $0.0 == "uploadCondition" ? ($0.0, .object([("enum", .array([.string("success")]))])) : $0
    }
    properties = properties.map { $0.0 == "container" ? ($0.0, .object([("type", .string("integer"))])) : $0 }
    output = output.map { $0.0 == "properties" ? ($0.0, .object(properties)) : $0 }
    output = output.map { $0.0 == "required" ? ($0.0, .array([.string("pattern")])) : $0 }
    defs = defs.map { $0.0 == "output" ? ($0.0, .object(output)) : $0 }
    root = root.map { $0.0 == "$defs" ? ($0.0, .object(defs)) : $0 }
    schema = .object(root)
    let problems = disagreements(schema, try ShapeProbe.probe(Plan.self).1, at: "$", root: schema)
    #expect(problems.contains("$.jobs[].tasks[].outputs[].colour: in the schema, but the model does not read it"))
    #expect(problems.contains("$.jobs[].tasks[].outputs[].path: read by the model, but not in the schema"))
    #expect(problems.contains { $0.hasPrefix("$.jobs[].tasks[].outputs[].uploadCondition: the model's words") })
    #expect(problems.contains { $0.hasPrefix("$.jobs[].tasks[].outputs[].container: the model reads a string") })
    #expect(problems.contains { $0.hasPrefix("$.jobs[].tasks[].outputs[]: required in the schema") }, "\(problems)")
  }

  @Test func theCompiledInSchemaIsTheFile() throws {
    let file = try String(contentsOfFile: Self.schemaPath, encoding: .utf8)
    let source = PlanSamples.repository.appendingPathComponent("Sources/BatchSpecPlan/PlanSchema.swift").path
    if ProcessInfo.processInfo.environment["BATCHSPEC_UPDATE_GOLDEN"] == "1" {
      let swift = try String(contentsOfFile: source, encoding: .utf8)
      let open = try #require(swift.range(of: "#\"\"\"\n"))
      let close = try #require(swift.range(of: "\n    \"\"\"#"))
      let body = file.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        .map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n")
      try (swift[..<open.upperBound] + body + swift[close.lowerBound...]).write(
        toFile: source, atomically: true, encoding: .utf8)
      return
    }
    #expect(
      PlanSchema.text + "\n" == file, "PlanSchema.swift differs from the schema (BATCHSPEC_UPDATE_GOLDEN=1 rewrites it)"
    )
    #expect(PlanSchema.compiled != nil)
  }
}
