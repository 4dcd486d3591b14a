// The schema-driven half of the Azure target: every attribute and block the schema maps to a REST
// property (`RestMapping.property`) is written here, from its checked value, with no code of its
// own. What needs judgment (storage URLs, image references, retries a job passes on) is written by
// the target's hand-written code around it.

import BatchSpecCore

/// Writes checked blocks into REST bodies by the schema's mapping.
enum RestLowering {
  /// Writes `block`'s label (when its kind maps one), every written attribute mapped to a REST
  /// property, and every child block whose kind is mapped to one, into `object`. Labels of child
  /// blocks are resolved against `variables` (`"${i}"`).
  static func write(_ block: BlockInstance, variables: [String: Value], into object: inout JSONObject) {
    let schema = block.schema
    if let key = schema.labelRest, let label = block.label {
      object[key] = .string(LabelText.resolve(label, variables: variables))
    }
    // Each written attribute's JSON, and the objects their paths go through: a default is sent
    // where its object is written (below).
    var encoded: [JSON?] = []
    encoded.reserveCapacity(schema.attributes.count)
    var writtenObjects: Set<ArraySlice<String>> = []
    for attribute in schema.attributes {
      let json = attribute.codec.flatMap { codec in block.attributes[attribute].flatMap { codec.encode($0.value) } }
      if json != nil, let path = attribute.restPath, path.count > 1 {
        for end in 1..<path.count { writtenObjects.insert(path[..<end]) }
      }
      encoded.append(json)
    }
    // In the schema's order, not as written: the same spec with its attributes reordered gives
    // the same bytes, so a diff of the payloads shows only what changed. An attribute not written
    // whose REST member is required where its object is written is sent at its default.
    for (index, attribute) in schema.attributes.enumerated() {
      guard let path = attribute.restPath else { continue }
      if let json = encoded[index] {
        object.set(path[...], json)
      } else if attribute.sendsDefault != .never, block.attributes[attribute] == nil,
        let codec = attribute.codec, let value = attribute.defaultValue, let json = codec.encode(value),
        attribute.sendsDefault == .always || path.count == 1 || writtenObjects.contains(path.dropLast())
          || object[path: path.dropLast()] != nil
      {
        object.set(path[...], json)
      }
    }
    for child in inSchemaOrder(block.children, of: schema) {
      guard let mapping = schema.childRest[child.kind], let place = Placement(mapping) else { continue }
      var inner = JSONObject()
      write(child, variables: variables, into: &inner)
      place.put(inner.json, into: &object)
    }
  }

  /// `children` in `schema.childRank`'s order, stably: the body's members do not depend on which
  /// block is written first, and an array keeps its order.
  private static func inSchemaOrder(_ children: [BlockInstance], of schema: BlockSchema) -> [BlockInstance] {
    guard children.count > 1 else { return children }
    let rank = schema.childRank
    return children.enumerated().sorted { a, b in
      (rank[a.element.kind] ?? .max, a.offset) < (rank[b.element.kind] ?? .max, b.offset)
    }.map(\.element)
  }

  /// The body of one block alone: its label, attributes and mapped children.
  static func object(_ block: BlockInstance, variables: [String: Value]) -> JSONObject {
    var object = JSONObject()
    write(block, variables: variables, into: &object)
    return object
  }

  /// Where a mapped block goes in its parent's object: `startTask`, `userAccounts[]`,
  /// `mountConfiguration[].nfsMountConfiguration`.
  struct Placement {
    /// The path of the member (an object, or the array for a repeatable block).
    var path: [String]
    /// Whether the member is an array the block is appended to.
    var isArray: Bool
    /// The key each array element wraps the block's object in, if any.
    var elementKey: String?

    init?(_ mapping: RestMapping) {
      guard case .property(let text) = mapping else { return nil }
      if let marker = text.firstRange(of: "[]") {
        path = text[..<marker.lowerBound].split(separator: ".").map(String.init)
        isArray = true
        let rest = text[marker.upperBound...].drop { $0 == "." }
        elementKey = rest.isEmpty ? nil : String(rest)
      } else {
        path = text.split(separator: ".").map(String.init)
        isArray = false
      }
    }

    func put(_ value: JSON, into object: inout JSONObject) {
      let element = elementKey.map { JSON.object([($0, value)]) } ?? value
      if isArray {
        object.append(path[...], element)
      } else if let existing = JSONObject(object[path: path[...]]), let added = JSONObject(value) {
        var merged = existing
        for (key, member) in added.members { merged[key] = member }
        object.set(path[...], merged.json)
      } else {
        object.set(path[...], value)
      }
    }
  }
}
