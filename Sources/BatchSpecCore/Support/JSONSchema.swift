// JSON Schema (draft 2020-12) validation of `JSON` values, for the keywords batchspec's schemas
// use; a schema with any other keyword is refused rather than half-checked. Violations name the
// JSON path and say what was expected and what was found.

/// A compiled JSON Schema.
///
/// Keywords: `type`, `const`, `enum`, `required`, `properties`, `additionalProperties`,
/// `propertyNames`, `items`, `uniqueItems`, `minimum`, `maximum`, `minLength`, `maxLength`,
/// `pattern` (see `JSONPattern` for the syntax), `$ref` to `#/$defs/...`, `allOf`, `if`, `then`,
/// `else`; `$schema`, `$id`, `$comment`, `title` and `description` are annotations (a
/// `description` is quoted in messages about patterns). An `integer` is a number without a
/// fraction that fits in 64 bits, which is what the decoder can read.
package struct JSONSchema: Sendable {
  private var nodes: [SchemaNode] = []
  /// The node of each of `$defs`, by name.
  private var definitions: [String: Int] = [:]

  /// Compiles `document`, refusing keywords and patterns this validator does not know, and
  /// references to definitions that do not exist (the error's path is in the schema).
  package init(_ document: JSON) throws(JSONPathError) {
    var compiler = SchemaCompiler(document: document)
    nodes = try compiler.compileRoot()
    definitions = compiler.definitions
  }

  /// The ways `value` breaks the schema, in document order; at most `limit`.
  package func violations(of value: JSON, limit: Int = 20) -> [JSONPathError] {
    var validation = SchemaValidation(nodes: nodes, limit: limit)
    validation.check(value, against: 0)
    return validation.errors
  }

  /// The ways `value`, found at `path` of a document, breaks the schema's definition `name`
  /// (`#/$defs/name`); nil when the schema has no such definition. For documents checked a piece
  /// at a time.
  package func violations(of value: JSON, definition name: String, at path: JSONPath, limit: Int = 20)
    -> [JSONPathError]?
  {
    guard let index = definitions[name] else { return nil }
    var validation = SchemaValidation(nodes: nodes, limit: limit)
    validation.steps = path.steps
    validation.check(value, against: index)
    return validation.errors
  }
}

/// The JSON kinds `type` names.
private enum Kind: String, Sendable {
  case object, array, string, integer, number, boolean, null

  var noun: String {
    switch self {
    case .object: "an object"
    case .array: "an array"
    case .string: "a string"
    case .integer: "an integer"
    case .number: "a number"
    case .boolean: "true or false"
    case .null: "null"
    }
  }
}

private struct SchemaNode: Sendable {
  var kinds: [Kind]?
  var constant: JSON?
  var choices: [JSON]?
  var required: [String] = []
  var properties: [(String, Int)] = []
  /// `additionalProperties`: nil allows anything, -1 nothing, otherwise the members' schema.
  var additional: Int?
  var propertyNames: Int?
  var items: Int?
  var uniqueItems = false
  var minimum: Double?
  var maximum: Double?
  var minLength: Int?
  var maxLength: Int?
  var pattern: JSONPattern?
  var reference: Int?
  var allOf: [Int] = []
  var condition: (test: Int, then: Int?, otherwise: Int?)?
  var description: String?
}

private struct SchemaCompiler {
  let document: JSON
  var nodes: [SchemaNode] = []
  var definitions: [String: Int] = [:]

  static let annotations: Set<String> = ["$schema", "$id", "$comment", "title", "description", "$defs"]

  init(document: JSON) { self.document = document }

  mutating func compileRoot() throws(JSONPathError) -> [SchemaNode] {
    nodes.append(SchemaNode())
    var bodies: [(String, JSON)] = []
    if let defs = document["$defs"] {
      guard case .object(let members) = defs else { throw JSONPathError(.root.appending("$defs"), "must be an object") }
      for (name, body) in members {
        definitions[name] = nodes.count
        nodes.append(SchemaNode())
        bodies.append((name, body))
      }
    }
    for (name, body) in bodies {
      let slot = definitions[name] ?? 0
      nodes[slot] = try node(body, at: JSONPath.root.appending("$defs").appending(name))
    }
    nodes[0] = try node(document, at: .root)
    return nodes
  }

  private mutating func compile(_ schema: JSON, at path: JSONPath) throws(JSONPathError) -> Int {
    let compiled = try node(schema, at: path)
    nodes.append(compiled)
    return nodes.count - 1
  }

  private mutating func node(_ schema: JSON, at path: JSONPath) throws(JSONPathError) -> SchemaNode {
    guard case .object(let members) = schema else { throw JSONPathError(path, "must be a schema object") }
    var node = SchemaNode()
    for (keyword, value) in members {
      let here = path.appending(keyword)
      switch keyword {
      case "type":
        let names = value.arrayValue?.compactMap(\.stringValue) ?? value.stringValue.map { [$0] } ?? []
        let kinds = names.compactMap(Kind.init(rawValue:))
        guard !kinds.isEmpty, kinds.count == names.count, value.arrayValue?.count ?? 1 == names.count else {
          throw JSONPathError(here, "must name JSON types")
        }
        node.kinds = kinds
      case "const": node.constant = value
      case "enum":
        guard let choices = value.arrayValue else { throw JSONPathError(here, "must be an array") }
        node.choices = choices
      case "required":
        guard let names = value.arrayValue?.compactMap(\.stringValue), names.count == value.arrayValue?.count else {
          throw JSONPathError(here, "must be an array of strings")
        }
        node.required = names
      case "properties":
        guard case .object(let properties) = value else { throw JSONPathError(here, "must be an object") }
        for (name, property) in properties {
          node.properties.append((name, try compile(property, at: here.appending(name))))
        }
      case "additionalProperties":
        if case .bool(let allowed) = value {
          node.additional = allowed ? nil : -1
        } else {
          node.additional = try compile(value, at: here)
        }
      case "propertyNames": node.propertyNames = try compile(value, at: here)
      case "items": node.items = try compile(value, at: here)
      case "uniqueItems": node.uniqueItems = value.boolValue ?? false
      case "minimum", "maximum":
        guard let bound = Self.number(value) else { throw JSONPathError(here, "must be a number") }
        if keyword == "minimum" { node.minimum = bound } else { node.maximum = bound }
      case "minLength", "maxLength":
        guard let length = value.intValue, length >= 0 else { throw JSONPathError(here, "must be a count") }
        if keyword == "minLength" { node.minLength = length } else { node.maxLength = length }
      case "pattern":
        guard let text = value.stringValue, let pattern = JSONPattern(text) else {
          throw JSONPathError(here, "must be a pattern of classes and counts (see `JSONPattern`)")
        }
        node.pattern = pattern
      case "$ref":
        let prefix = "#/$defs/"
        guard let text = value.stringValue, text.hasPrefix(prefix),
          let target = definitions[String(text.dropFirst(prefix.count))]
        else { throw JSONPathError(here, "must name one of the document's `$defs`") }
        node.reference = target
      case "allOf":
        guard let parts = value.arrayValue else { throw JSONPathError(here, "must be an array") }
        for (i, part) in parts.enumerated() { node.allOf.append(try compile(part, at: here.appending(i))) }
      case "if":
        let test = try compile(value, at: here)
        var then: Int?
        var otherwise: Int?
        if let body = schema["then"] { then = try compile(body, at: path.appending("then")) }
        if let body = schema["else"] { otherwise = try compile(body, at: path.appending("else")) }
        node.condition = (test, then, otherwise)
      case "then", "else":
        guard schema["if"] != nil else { throw JSONPathError(here, "needs an `if`") }
      case "description":
        node.description = value.stringValue
      case _ where Self.annotations.contains(keyword):
        continue
      default:
        throw JSONPathError(here, "is a keyword this validator does not know")
      }
    }
    return node
  }

  private static func number(_ value: JSON) -> Double? {
    switch value {
    case .integer(let i): Double(i)
    case .double(let d): d
    default: nil
    }
  }
}

private struct SchemaValidation {
  let nodes: [SchemaNode]
  let limit: Int
  var errors: [JSONPathError] = []
  var steps: [JSONPath.Step] = []

  init(nodes: [SchemaNode], limit: Int) {
    self.nodes = nodes
    self.limit = limit
  }

  private mutating func report(_ message: String) {
    if errors.count < limit { errors.append(JSONPathError(JSONPath(steps: steps), message)) }
  }

  /// Whether `value` passes `index`, reporting nothing.
  private func passes(_ value: JSON, _ index: Int) -> Bool {
    var probe = SchemaValidation(nodes: nodes, limit: 1)
    probe.check(value, against: index)
    return probe.errors.isEmpty
  }

  mutating func check(_ value: JSON, against index: Int) {
    guard errors.count < limit else { return }
    let node = nodes[index]
    if let reference = node.reference { check(value, against: reference) }
    if let kinds = node.kinds, let problem = Self.kindProblem(value, kinds) {
      report(problem)
      return
    }
    if let constant = node.constant, !Self.same(value, constant) {
      report("must be \(constant.shortDescription), not \(value.shortDescription)")
    }
    if let choices = node.choices, !choices.contains(where: { Self.same(value, $0) }) {
      let list = choices.map(\.shortDescription).joined(separator: ", ")
      report("must be one of \(list), not \(value.shortDescription)")
    }
    switch value {
    case .object(let members): checkObject(members, node)
    case .array(let items): checkArray(items, node)
    case .string(let s), .placeholders(let s): checkString(s, node)
    case .integer(let i): checkNumber(Double(i), value, node)
    case .double(let d): checkNumber(d, value, node)
    case .bool, .null: break
    }
    for part in node.allOf { check(value, against: part) }
    if let condition = node.condition {
      if passes(value, condition.test) {
        if let then = condition.then { check(value, against: then) }
      } else if let otherwise = condition.otherwise {
        check(value, against: otherwise)
      }
    }
  }

  private mutating func checkObject(_ members: [(String, JSON)], _ node: SchemaNode) {
    for name in node.required where !members.contains(where: { $0.0 == name }) {
      report("has no member \(JSON.string(name).serialized())")
    }
    for (key, member) in members {
      if let names = node.propertyNames, !passes(.string(key), names) {
        report("has the name \(JSON.string(key).serialized()), which does not " + Self.expectation(nodes[names]))
      }
      let schema = node.properties.first { $0.0 == key }?.1 ?? node.additional
      if schema == -1 {
        report("has an unknown member \(JSON.string(key).serialized())")
      } else if let schema {
        steps.append(.key(key))
        check(member, against: schema)
        steps.removeLast()
      }
    }
  }

  private mutating func checkArray(_ items: [JSON], _ node: SchemaNode) {
    if let schema = node.items {
      for (i, item) in items.enumerated() {
        steps.append(.index(i))
        check(item, against: schema)
        steps.removeLast()
      }
    }
    if node.uniqueItems, let repeated = Self.firstRepeated(items) {
      report("lists \(repeated.shortDescription) more than once")
    }
  }

  private mutating func checkString(_ s: String, _ node: SchemaNode) {
    if let minLength = node.minLength, s.unicodeScalars.count < minLength {
      report(minLength == 1 ? "must not be empty" : "must be at least \(minLength) characters long")
    }
    if let maxLength = node.maxLength, s.unicodeScalars.count > maxLength {
      report("must be at most \(maxLength) characters long")
    }
    if let pattern = node.pattern, !pattern.matches(s) {
      report("must " + Self.expectation(node) + ", not \(JSON.string(s).shortDescription)")
    }
  }

  private mutating func checkNumber(_ number: Double, _ value: JSON, _ node: SchemaNode) {
    if let minimum = node.minimum, number < minimum {
      report("must be at least \(Self.text(minimum)), not \(value.shortDescription)")
    }
    if let maximum = node.maximum, number > maximum {
      report("must be at most \(Self.text(maximum)), not \(value.shortDescription)")
    }
  }

  /// What a pattern (or a name schema with one) asks for: `match ^[0-7]{3,4}$ (a file mode...)`.
  private static func expectation(_ node: SchemaNode) -> String {
    var text = "match \(node.pattern?.source ?? "its schema")"
    if let description = node.description { text += " (\(description))" }
    return text
  }

  /// Why `value` is none of `kinds`, or nil when it is one.
  private static func kindProblem(_ value: JSON, _ kinds: [Kind]) -> String? {
    let fits: Bool
    switch value {
    case .object: fits = kinds.contains(.object)
    case .array: fits = kinds.contains(.array)
    case .string, .placeholders: fits = kinds.contains(.string)
    case .bool: fits = kinds.contains(.boolean)
    case .null: fits = kinds.contains(.null)
    case .integer: fits = kinds.contains(.integer) || kinds.contains(.number)
    case .double(let d):
      if kinds.contains(.number) || (kinds.contains(.integer) && Int(exactly: d) != nil) { return nil }
      if kinds.contains(.integer) && d.rounded() == d {
        return "must be an integer from \(Int.min) to \(Int.max), not \(value.shortDescription)"
      }
      fits = false
    }
    if fits { return nil }
    return "must be \(kinds.map(\.noun).joined(separator: " or ")), not \(value.shortDescription)"
  }

  /// Whether two values are equal as JSON Schema compares them (1 and 1.0 are; member order is not
  /// compared).
  static func same(_ a: JSON, _ b: JSON) -> Bool {
    switch (a, b) {
    case (.integer(let i), .double(let d)), (.double(let d), .integer(let i)): return Double(i) == d
    case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
    case (.object(let x), .object(let y)):
      return x.count == y.count && x.allSatisfy { m in y.contains { $0.0 == m.0 && same($0.1, m.1) } }
    default: return a == b
    }
  }

  /// The first item equal to an earlier one (strings and numbers through a set, so long lists of
  /// task IDs stay fast).
  private static func firstRepeated(_ items: [JSON]) -> JSON? {
    var seen: Set<String> = []
    var containers: [JSON] = []
    for item in items {
      switch item {
      case .array, .object:
        if containers.contains(where: { same($0, item) }) { return item }
        containers.append(item)
      case .double(let d) where Int(exactly: d) != nil:
        if !seen.insert(String(Int(d))).inserted { return item }
      default:
        if !seen.insert(item.serialized()).inserted { return item }
      }
    }
    return nil
  }

  private static func text(_ bound: Double) -> String {
    Int(exactly: bound).map(String.init) ?? String(bound)
  }
}
