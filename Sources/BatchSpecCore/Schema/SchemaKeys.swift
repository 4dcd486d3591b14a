// Typed schema keys: every block kind is a type whose attributes and child blocks are static
// members, so `pool[\.vmSize]` compiles and `pool[\.priority]` does not. A key is declared once,
// in `Schema/`; the checker, the validator, the compiler, the Azure target and import read
// attributes through keys, never through names.

/// A block kind as a type. Its attributes (`Attribute`) and children (`Child`) are its static
/// members; `schema` is the kind's row of the schema table.
package protocol BlockKind: Sendable {
  /// The kind's schema: label, attributes, children, documentation.
  static var schema: BlockSchema { get }
}

/// An attribute of a block kind, read as `Wrapped` (`String`, `Int64`, `Milliseconds`, an enum
/// such as `NodeFill`, a list of those, a `Reference`, ...).
///
/// `Wrapped` is constrained by the initializer, not by the type: a constraint on the type is a
/// requirement the runtime checks, by scanning every conformance record of the process, the first
/// time each `AttributeKey<X>` is made from its mangled name (the schema's tables make some fifty
/// at start-up).
package struct AttributeKey<Wrapped: Sendable>: Sendable {
  /// The attribute's row: name, type, documentation, REST property.
  package let schema: AttributeSchema
  /// The value used when it is not written.
  package let defaultValue: Wrapped?

  /// The attribute's name in `.batch` files.
  package var name: String { schema.name }
  /// The REST property's name (the last component of its path).
  package var restName: String { schema.restName }
}

extension AttributeKey where Wrapped: SchemaValue {

  /// Declares an attribute. `type` is the value's type in `.batch` files, by default the one
  /// `Wrapped` reads; it must be one that `Wrapped` can read.
  /// With `sendDefault`, the default is written to REST bodies that the REST spec says must hold
  /// the member. An integer attribute's `bounds` are the values it takes whatever else is written
  /// (the checker reports others, BS2021); one that goes to a REST property is also held to the
  /// service's 32-bit integers (`targetDedicatedNodes = 3000000000` is refused there).
  package init(
    _ name: String, _ type: ValueType = Wrapped.schemaType, required: Bool = false,
    default defaultValue: Wrapped? = nil, sendDefault: SendDefault = .never, bounds: ClosedRange<Int64>? = nil,
    rest: RestMapping, _ documentation: String
  ) {
    precondition(sendDefault == .never || defaultValue != nil, "`\(name)` sends a default it does not have")
    precondition(bounds == nil || type == .integer, "`\(name)` has bounds but is no integer")
    precondition(Wrapped.reads(type), "`\(name)` is declared as \(type), which \(Wrapped.self) cannot read")
    var codec: RestCodec?
    var bounds = bounds
    if case .property = rest, type == .integer {
      let own = bounds ?? Int64.min...Int64.max
      bounds = max(own.lowerBound, Int64(Int32.min))...min(own.upperBound, Int64(Int32.max))
    }
    if case .property = rest {
      guard let restType = Wrapped.self as? any RestValue.Type else {
        preconditionFailure("`\(name)` maps to a REST property, but \(Wrapped.self) has no REST form")
      }
      codec = RestCodec(restType, type)
    }
    self.defaultValue = defaultValue
    self.schema = AttributeSchema(
      name, type, required: required, default: defaultValue.map(\.literal),
      defaultValue: defaultValue.map(\.schemaValue), rest: rest, codec: codec, sendsDefault: sendDefault,
      bounds: bounds, documentation)
  }
}

/// A kind of child block of a block kind: `Schema.Pool.startTask` is a `Child<Schema.StartTask>`.
///
/// `Kind` is constrained where it is used, not by the type (see `AttributeKey`).
package struct Child<Kind>: Sendable {
  /// Where the child goes in this parent's REST body, when not where its kind says (a `registry`
  /// is one of a pool's `containerRegistries[]` but a task container's `registry`).
  package let rest: RestMapping?

  /// Declares the child kind, placed in REST bodies as its kind says or as `rest` says.
  package init(rest: RestMapping? = nil) { self.rest = rest }
}

/// A child declaration with its kind erased, for `BlockSchema`'s list of children.
package protocol AnyChild: Sendable {
  /// The child's kind.
  var kind: any BlockKind.Type { get }
  /// Its placement in this parent, when not its kind's.
  var rest: RestMapping? { get }
}

extension Child: AnyChild where Kind: BlockKind {
  package var kind: any BlockKind.Type { Kind.self }
}

/// An attribute as written in a checked block: its value and where it is.
/// (`Wrapped` is any value: see `AttributeKey` on constraints of the type.)
package struct Written<Wrapped: Sendable>: Sendable {
  /// The value.
  package var value: Wrapped
  /// The whole `name = value`.
  package var location: Location
  /// The value expression alone.
  package var valueLocation: Location
}

/// An attribute key of `Kind`, taken out of its key path once (`KindKey(\.command)`), for reading
/// many blocks of that kind: `block[key]` as `block[\.command]`, without projecting the key path.
package struct KindKey<Kind: BlockKind, Wrapped: SchemaValue>: Sendable {
  /// The attribute.
  package let attribute: AttributeKey<Wrapped>

  /// The key `path` names.
  package init(_ path: KeyPath<Kind.Type, AttributeKey<Wrapped>>) { attribute = Kind.self[keyPath: path] }
}

/// A checked block of a known kind: its attributes are read through the kind's keys.
///
/// A view over a `BlockInstance` (which it forwards `label`, `location` and the like to), costing
/// nothing to make. Built by the checker, which knows each block's kind.
///
/// (`Kind` is constrained by the extension below, not by the type: see `AttributeKey`.)
@dynamicMemberLookup
package struct Checked<Kind>: Sendable {
  /// The block, with its attributes by schema row.
  package let instance: BlockInstance

  package subscript<T>(dynamicMember path: KeyPath<BlockInstance, T>) -> T { instance[keyPath: path] }
}

extension Checked where Kind: BlockKind {

  /// Views `instance`, which must be a block of `Kind`.
  package init(_ instance: BlockInstance) {
    assert(instance.schema === Kind.schema, "a `\(instance.kind)` block viewed as `\(Kind.schema.kind)`")
    self.instance = instance
  }

  /// Views `instance` if it is a block of `Kind`.
  package init?(ifKind instance: BlockInstance) {
    guard instance.schema === Kind.schema else { return nil }
    self.instance = instance
  }

  // The members every rule and index reads, forwarded directly: through `dynamicMember`, each read
  // of `\.location` in a generic context instantiated a key path at run time.

  /// The label: the resource ID.
  package var label: String? { instance.label }
  /// Where the label (or, without one, the kind) is written.
  package var nameLocation: Location { instance.nameLocation }
  /// The whole block.
  package var location: Location { instance.location }
  /// Attributes that were set and evaluated without error.
  package var attributes: AttributeTable { instance.attributes }
  /// Checked child blocks, in source order.
  package var children: [BlockInstance] { instance.children }

  /// The attribute's value as written, or else its default (nil when it has none).
  package subscript<Wrapped: SchemaValue>(_ key: KeyPath<Kind.Type, AttributeKey<Wrapped>>) -> Wrapped? {
    let attribute = Kind.self[keyPath: key]
    if let written = instance.attributes[attribute.schema] { return Wrapped(schemaValue: written.value) }
    return attribute.defaultValue
  }

  /// The attribute's value as written, or else its default, through a key taken out of its key
  /// path beforehand: for loops over many blocks of one kind (the compiler's 100,000 tasks of a
  /// sweep), where projecting the key path at each read was most of the cost.
  package subscript<Wrapped>(_ key: KindKey<Kind, Wrapped>) -> Wrapped? {
    if let written = instance.attributes[key.attribute.schema] { return Wrapped(schemaValue: written.value) }
    return key.attribute.defaultValue
  }

  /// The attribute as written, with where, through a key taken out of its key path beforehand.
  package func written<Wrapped>(_ key: KindKey<Kind, Wrapped>) -> Written<Wrapped>? {
    guard let written = instance.attributes[key.attribute.schema], let value = Wrapped(schemaValue: written.value)
    else { return nil }
    return Written(value: value, location: written.location, valueLocation: written.valueLocation)
  }

  /// The attribute as written, with where; nil when it is not written (defaults do not count).
  package func written<Wrapped: SchemaValue>(_ key: KeyPath<Kind.Type, AttributeKey<Wrapped>>) -> Written<Wrapped>? {
    guard let written = instance.attributes[Kind.self[keyPath: key].schema],
      let value = Wrapped(schemaValue: written.value)
    else { return nil }
    return Written(value: value, location: written.location, valueLocation: written.valueLocation)
  }

  /// Whether the attribute is written.
  package func has<Wrapped>(_ key: KeyPath<Kind.Type, AttributeKey<Wrapped>>) -> Bool {
    instance.attributes[Kind.self[keyPath: key].schema] != nil
  }

  /// The child blocks of one kind, in source order.
  package func children<ChildKind: BlockKind>(_ key: KeyPath<Kind.Type, Child<ChildKind>>) -> [Checked<ChildKind>] {
    var result: [Checked<ChildKind>] = []
    for child in instance.children where child.schema === ChildKind.schema { result.append(Checked<ChildKind>(child)) }
    return result
  }

  /// The first child block of one kind.
  package func child<ChildKind: BlockKind>(_ key: KeyPath<Kind.Type, Child<ChildKind>>) -> Checked<ChildKind>? {
    for child in instance.children where child.schema === ChildKind.schema { return Checked<ChildKind>(child) }
    return nil
  }
}
