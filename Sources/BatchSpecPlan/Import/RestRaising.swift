// The schema-driven half of `import`: every attribute and block the schema maps to a REST
// property is read back here from the body, by the same mapping the Azure target writes by. What
// needs judgment (storage URLs, image references, sweeps) is read by import's own code around it.

import BatchSpecCore

/// Reads REST bodies into imported blocks by the schema's mapping.
enum RestRaising {
  /// A JSON object sent as a map of texts (an extension's `settings`), with what a map of texts
  /// cannot hold reported member by member: a number or a boolean is kept as its text, which
  /// compile sends as a string (an extension that checks its settings' types may refuse it), and
  /// a nested object or array, or null, is left out. The language has no typed or nested values
  /// there. A string holding an object (how API versions before 2024 wrote settings) is read as it.
  static func textSettings(_ raw: JSON, _ owner: JSONReader, _ key: String) -> JSON {
    var value = raw
    if case .string(let text) = raw, let parsed = try? JSONParser.parse(Array(text.utf8)), case .object = parsed {
      value = parsed
    }
    guard case .object(let members) = value else { return raw }
    var kept: [(String, JSON)] = []
    for (name, member) in members {
      let path = "\(owner.path).\(owner.written(key)).\(name)"
      switch member {
      case .string: kept.append((name, member))
      case .integer, .double, .bool:
        let text = member.serialized()
        owner.log.warn(
          owner.file, path,
          "`\(text)` is sent as the string `\"\(text)\"`: batchspec's \(key) hold texts only; check that the extension reads its \(key) from strings"
        )
        kept.append((name, .string(text)))
      default:
        var shape = "a nested object"
        if case .array = member { shape = "a nested array" } else if case .null = member { shape = "null" }
        owner.log.warn(
          owner.file, path,
          "\(shape) cannot be written in batchspec's \(key), which hold texts only (no nested maps or lists); left out: give the extension this setting another way"
        )
      }
    }
    return .object(kept)
  }

  /// A list of `name`/`value` pairs (environment settings, metadata) with each name once, at its
  /// last value: a map cannot hold a name twice (check refuses it, BS2007). Each earlier one is
  /// reported at its path.
  static func withoutRepeatedNames(_ raw: JSON, _ owner: JSONReader, _ key: String) -> JSON {
    guard case .array(let items) = raw else { return raw }
    var last: [String: Int] = [:]
    for (index, item) in items.enumerated() {
      if let name = item["name"]?.stringValue { last[name] = index }
    }
    guard last.count < items.count else { return raw }
    var kept: [JSON] = []
    for (index, item) in items.enumerated() {
      guard let name = item["name"]?.stringValue, let final = last[name], final != index else {
        kept.append(item)
        continue
      }
      owner.log.warn(
        owner.file, "\(owner.path).\(owner.written(key))[\(index)]",
        "`\(name)` is given again, at [\(final)]: a map holds a name once, so the last value is kept and this one left out"
      )
    }
    return .array(kept)
  }

  /// Reads every attribute of `node`'s kind mapped to a REST property from `reader` (following
  /// dotted paths into member objects), and every child block whose kind is mapped to one.
  static func read(_ reader: JSONReader, into node: inout ImportedNode) {
    let schema = node.schema
    for attribute in schema.attributes {
      guard let codec = attribute.codec, let path = attribute.restPath, let key = path.last,
        let owner = descend(reader, path.dropLast())
      else { continue }
      guard var raw = owner.raw(key) else { continue }
      if attribute.type == .duration {
        if let milliseconds = owner.duration(raw, key) {
          node.attributes.append((attribute, Milliseconds(milliseconds).literal))
        }
        continue
      }
      if attribute.type == .integer {
        if let problem = ImportJSON.integerProblem(raw) {
          owner.warn(key, "\(problem); left out")
          continue
        }
        if case .string(let text) = raw, Int64(text) != nil { owner.warn(key, JSONReader.quotedInteger(text)) }
      }
      if attribute.type == .map(.scalarText) { raw = withoutRepeatedNames(textSettings(raw, owner, key), owner, key) }
      if attribute.type != .secret {
        guard let kept = withoutCredentials(raw, owner, key) else { continue }
        raw = kept
      }
      if let literal = codec.importLiteral(raw) {
        node.attributes.append((attribute, literal))
      } else if attribute.type == .secret, case .string = raw {
        let variable = secretVariable(node, attribute)
        owner.warn(key, "a literal \(attribute.name) is not copied into the spec: read from $\(variable)")
        node.attributes.append((attribute, Secret(variable: variable).literal))
      } else {
        let text = raw.stringValue.map(owner.shown) ?? raw.serialized()
        owner.warn(key, "`\(text)` is not \(attribute.type.withArticle) batchspec can express; left out")
      }
    }
    for kind in schema.children {
      guard let childSchema = Schema.block(kind), let mapping = schema.childRest[kind],
        let place = RestLowering.Placement(mapping),
        let owner = descend(reader, place.path.dropLast()), let key = place.path.last
      else { continue }
      let readers = place.isArray ? owner.objects(key) : owner.object(key).map { [$0] } ?? []
      for element in readers {
        guard let body = place.elementKey.map({ element.object($0) }) ?? element else { continue }
        var child = ImportedNode(schema: childSchema)
        if let labelKey = childSchema.labelRest, let label = body.string(labelKey) { child.label = Literal.name(label) }
        read(body, into: &child)
        node.children.append(child)
      }
    }
  }

  /// `raw` without the literal credentials BS6001 flags (`LiteralSecret`: an account key, a SAS
  /// token, a connection string), each reported and left out: a string holding one, or the items
  /// and members of a list or map that hold one (an environment variable, say). The language reads
  /// secrets from the environment only as a `key`, `sas_token` or `password`, so they have no
  /// place here.
  static func withoutCredentials(_ raw: JSON, _ owner: JSONReader, _ key: String) -> JSON? {
    let path = "\(owner.path).\(owner.written(key))"
    func report(_ at: String, _ what: String, _ kind: String) {
      owner.log.warn(
        owner.file, at,
        "\(what) holds \(kind) written literally, which is not copied into the spec: left out; give it to the command another way (a managed identity, Azure Key Vault)"
      )
    }
    switch raw {
    case .string(let text):
      guard let kind = LiteralSecret.credential(inText: text) else { return raw }
      report(path, "`\(key)`", kind)
      return nil
    case .array(let items):
      var kept: [JSON] = []
      for (index, item) in items.enumerated() {
        guard let kind = credential(in: item) else {
          kept.append(item)
          continue
        }
        let name = item.property("name")?.stringValue.map { "`\($0)`" } ?? "item \(index)"
        report("\(path)[\(index)]", name, kind)
      }
      return kept.isEmpty ? nil : .array(kept)
    case .object(let members):
      var kept: [(String, JSON)] = []
      for (name, member) in members {
        guard let kind = credential(in: member) else {
          kept.append((name, member))
          continue
        }
        report("\(path).\(name)", "`\(name)`", kind)
      }
      return kept.isEmpty ? nil : .object(kept)
    default:
      return raw
    }
  }

  /// The kind of the first credential among the strings of `value`, if any.
  private static func credential(in value: JSON) -> String? {
    switch value {
    case .string(let text): return LiteralSecret.credential(inText: text)
    case .array(let items): return items.lazy.compactMap(credential(in:)).first
    case .object(let members): return members.lazy.compactMap { credential(in: $0.1) }.first
    default: return nil
    }
  }

  /// The reader of the object at `path` under `reader`, or nil when one is missing.
  static func descend(_ reader: JSONReader, _ path: ArraySlice<String>) -> JSONReader? {
    var current = reader
    for component in path {
      guard let next = current.object(component) else { return nil }
      current = next
    }
    return current
  }

  /// The environment variable a literal secret is read from instead: `<LABEL>_<ATTRIBUTE>`.
  static func secretVariable(_ node: ImportedNode, _ attribute: AttributeSchema) -> String {
    let owner = (node.label ?? node.schema.kind).filter { $0 != "\"" }
    return (owner + "_" + attribute.name).uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }.reduce(
      into: ""
    ) { $0.append($1) }
  }
}
