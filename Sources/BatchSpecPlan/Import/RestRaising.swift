// The schema-driven half of `import`: every attribute and block the schema maps to a REST
// property is read back here from the body, by the same mapping the Azure target writes by. What
// needs judgment (storage URLs, image references, sweeps) is read by import's own code around it.

import BatchSpecCore

/// Reads REST bodies into imported blocks by the schema's mapping.
enum RestRaising {
  /// Reads every attribute of `node`'s kind mapped to a REST property from `reader` (following
  /// dotted paths into member objects), and every child block whose kind is mapped to one.
  static func read(_ reader: JSONReader, into node: inout ImportedNode) {
    let schema = node.schema
    for attribute in schema.attributes {
      guard let codec = attribute.codec, let path = attribute.rest.components, let key = path.last,
        let owner = descend(reader, path.dropLast())
      else { continue }
      guard let raw = owner.raw(key) else { continue }
      if let literal = codec.importLiteral(raw) {
        node.attributes.append((attribute, literal))
      } else if attribute.type == .secret, case .string = raw {
        let variable = secretVariable(node, attribute)
        owner.warn(key, "a literal \(attribute.name) is not copied into the spec: read from $\(variable)")
        node.attributes.append((attribute, Secret(variable: variable).literal))
      } else {
        let text = raw.stringValue ?? raw.serialized()
        owner.warn(key, "`\(text)` is not \(attribute.type.withArticle) batchspec can express; left out")
      }
    }
    for kind in schema.children {
      guard let childSchema = Schema.block(kind), let place = RestLowering.Placement(childSchema.rest),
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
