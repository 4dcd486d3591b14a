// The `.batch` text `batchspec import` writes: blocks of attributes whose values are already
// rendered as literals. Blocks are built through the schema's typed keys, which also name the
// JSON member each attribute is read from; the CLI runs the result through `Formatter`.

import BatchSpecCore

/// A block of the project being imported, with its attributes rendered: what the sweep detector
/// rewrites and what is printed.
struct ImportedNode {
  /// The block's kind.
  var schema: BlockSchema
  /// The label as written: a bare ID or a string literal.
  var label: String?
  /// Attributes and their values as literals, in the order they were read.
  var attributes: [(key: AttributeSchema, literal: String)] = []
  var children: [ImportedNode] = []

  /// The literal written for `attribute`, if it is set.
  func literal(of attribute: AttributeSchema) -> String? {
    attributes.first { $0.key === attribute }?.literal
  }

  /// Whether this is a block of `kind`.
  func `is`<Kind: BlockKind>(_ kind: Kind.Type) -> Bool { schema === Kind.schema }

  /// The block as text, indented by `depth` levels.
  func render(depth: Int = 0) -> String {
    let indent = String(repeating: "  ", count: depth)
    var text = indent + schema.kind + (label.map { " " + $0 } ?? "") + " {\n"
    for (key, literal) in attributes { text += indent + "  \(key.name) = \(literal)\n" }
    for (index, child) in children.enumerated() {
      // Tasks of a job stand apart; other children stay together.
      if child.is(Schema.Task.self) && (index > 0 || !attributes.isEmpty) { text += "\n" }
      text += child.render(depth: depth + 1)
    }
    return text + indent + "}\n"
  }
}

/// A block of `Kind` being imported: attributes are set through the kind's keys.
struct ImportedBlock<Kind: BlockKind> {
  /// The block as it is printed.
  private(set) var node: ImportedNode

  /// An empty block with `label` (a bare ID or a string literal).
  init(label: String? = nil) { node = ImportedNode(schema: Kind.schema, label: label) }

  /// The label as written.
  var label: String? { node.label }

  /// Sets the attribute to `value`; nil sets nothing.
  mutating func set<Wrapped: SchemaValue>(_ key: KeyPath<Kind.Type, AttributeKey<Wrapped>>, _ value: Wrapped?) {
    guard let value else { return }
    node.attributes.append((Kind.self[keyPath: key].schema, value.literal))
  }

  /// Sets the attribute to a literal written by the caller (a list of references, say); nil
  /// sets nothing.
  mutating func set<Wrapped>(_ key: KeyPath<Kind.Type, AttributeKey<Wrapped>>, literal: String?) {
    guard let literal else { return }
    node.attributes.append((Kind.self[keyPath: key].schema, literal))
  }

  /// Reads the attribute from the JSON member its schema names (the last component of its REST
  /// property), in `reader`: the one table compile writes by and import reads by.
  mutating func read<Wrapped: ImportableValue>(
    _ key: KeyPath<Kind.Type, AttributeKey<Wrapped>>, from reader: JSONReader
  ) {
    set(key, Wrapped.read(reader, Kind.self[keyPath: key].restName))
  }

  /// Reads every attribute and child block the schema maps to a REST property (`RestRaising`).
  mutating func readMapped(from reader: JSONReader) { RestRaising.read(reader, into: &node) }

  /// Adds attributes read into another block of this kind.
  mutating func add(mapped attributes: [(key: AttributeSchema, literal: String)]) {
    node.attributes += attributes
  }

  /// Removes the attribute, if set.
  mutating func unset<Wrapped>(_ key: KeyPath<Kind.Type, AttributeKey<Wrapped>>) {
    let attribute = Kind.self[keyPath: key].schema
    node.attributes.removeAll { $0.key === attribute }
  }

  /// Whether the attribute is set.
  func has<Wrapped>(_ key: KeyPath<Kind.Type, AttributeKey<Wrapped>>) -> Bool { literal(key) != nil }

  /// The literal set for an attribute, if any.
  func literal<Wrapped>(_ key: KeyPath<Kind.Type, AttributeKey<Wrapped>>) -> String? {
    node.literal(of: Kind.self[keyPath: key].schema)
  }

  /// Calls `body` on each child block of one kind (those `readMapped` read, say), to add to it.
  mutating func updateChildren<ChildKind: BlockKind>(
    _ key: KeyPath<Kind.Type, Child<ChildKind>>, _ body: (inout ImportedBlock<ChildKind>) -> Void
  ) {
    for index in node.children.indices where node.children[index].is(ChildKind.self) {
      var child = ImportedBlock<ChildKind>(node: node.children[index])
      body(&child)
      node.children[index] = child.node
    }
  }

  /// Calls `body` on each child block of `kind`, which must be one of this kind's children (for
  /// code shared by several kinds, such as a command's `container`).
  mutating func updateChildren<ChildKind: BlockKind>(
    _ kind: ChildKind.Type, _ body: (inout ImportedBlock<ChildKind>) -> Void
  ) {
    assert(
      Kind.schema.children.contains(ChildKind.schema.kind), "`\(Kind.schema.kind)` holds no `\(ChildKind.schema.kind)`")
    for index in node.children.indices where node.children[index].is(ChildKind.self) {
      var child = ImportedBlock<ChildKind>(node: node.children[index])
      body(&child)
      node.children[index] = child.node
    }
  }

  private init(node: ImportedNode) { self.node = node }

  /// Removes the child blocks of one kind.
  mutating func removeChildren<ChildKind: BlockKind>(_ key: KeyPath<Kind.Type, Child<ChildKind>>) {
    node.children.removeAll { $0.is(ChildKind.self) }
  }

  /// Adds a child block.
  mutating func add<ChildKind>(_ key: KeyPath<Kind.Type, Child<ChildKind>>, _ child: ImportedBlock<ChildKind>) {
    node.children.append(child.node)
  }

  /// Adds child blocks.
  mutating func add<ChildKind>(_ key: KeyPath<Kind.Type, Child<ChildKind>>, _ children: [ImportedBlock<ChildKind>]) {
    node.children += children.map(\.node)
  }
}

/// An attribute's Swift type, read from the JSON of a REST body.
protocol ImportableValue: SchemaValue {
  /// The value of member `key`, or nil when it is absent (or unreadable, which `reader` reports).
  static func read(_ reader: JSONReader, _ key: String) -> Self?
}

extension String: ImportableValue {
  static func read(_ reader: JSONReader, _ key: String) -> String? { reader.string(key) }
}

extension Int64: ImportableValue {
  static func read(_ reader: JSONReader, _ key: String) -> Int64? { reader.int(key).map(Int64.init) }
}

extension Bool: ImportableValue {
  static func read(_ reader: JSONReader, _ key: String) -> Bool? { reader.bool(key) }
}

extension Milliseconds: ImportableValue {
  static func read(_ reader: JSONReader, _ key: String) -> Milliseconds? { reader.duration(key).map(Milliseconds.init) }
}

extension TextMap: ImportableValue {
  /// `[{"name": …, "value": …}]`; an empty list reads as absent.
  static func read(_ reader: JSONReader, _ key: String) -> TextMap? {
    let pairs = reader.nameValues(key)
    return pairs.isEmpty ? nil : TextMap(pairs.map { (name: $0.0, value: $0.1) })
  }
}

extension Array: ImportableValue where Element == String {
  static func read(_ reader: JSONReader, _ key: String) -> [String]? {
    reader.has(key) ? reader.strings(key) : nil
  }
}

extension ImportableValue where Self: SchemaEnum {
  /// Azure's spelling, compared without regard to case; another word is reported and left out.
  static func read(_ reader: JSONReader, _ key: String) -> Self? { reader.word(key, Self.self) }
}

extension Elevation: ImportableValue {}
extension AutoUserScope: ImportableValue {}
extension NodeFill: ImportableValue {}
extension OnAllTasksComplete: ImportableValue {}
extension OnTaskFailure: ImportableValue {}
extension JobAction: ImportableValue {}
extension DependencyAction: ImportableValue {}
extension UploadCondition: ImportableValue {}
extension AllocationMode: ImportableValue {}
extension StorageAuthentication: ImportableValue {}
extension PublicNetworkAccess: ImportableValue {}
extension StorageKind: ImportableValue {}
