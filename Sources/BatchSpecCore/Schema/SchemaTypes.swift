// The types of the schema table: what block kinds and attributes exist and what they mean.

import Synchronization

/// The kinds of resource a reference can name.
package enum ResourceKind: String, Sendable, CaseIterable {
  case account, storage, application, pool, job, task, schedule
}

/// The type of an attribute's value.
package indirect enum ValueType: Sendable, Equatable, CustomStringConvertible {
  case string
  /// A string, number or boolean, kept as text (environment variable values).
  case scalarText
  case integer
  case boolean
  case duration
  /// One of a fixed set of bare words, such as `admin`.
  case enumeration([String])
  case list(ValueType)
  /// A map from names to values: `{ KEY = "value" }`.
  case map(ValueType)
  /// A bare name of a resource of the kind: `pool = render-pool`.
  case reference(ResourceKind)
  /// A blob container of a storage account: `renderdata.scenes`.
  case container
  /// One blob: `renderdata.scenes["in/scene.blend"]`.
  case blob
  /// A secret read from the environment: `env("NAME")`.
  case secret
  /// An inclusive integer range: `10..20`.
  case integerRange
  /// A string naming an Azure VM size, such as `"Standard_D4s_v3"`.
  case vmSize
  /// A string holding an autoscale formula, checked as a language of its own.
  case autoscaleFormula

  /// The type's name in the plural: "strings", "pool references".
  package var plural: String {
    switch self {
    case .enumeration, .list, .map, .container, .blob, .secret, .integerRange: description
    default: description + "s"
    }
  }

  /// The type with its article, for messages: "an int", "a string".
  package var withArticle: String {
    let text = description
    if text.hasPrefix("one of") { return text }
    return (text.first.map { "aeiou".contains($0) } ?? false ? "an " : "a ") + text
  }

  package var description: String {
    switch self {
    case .string: "string"
    case .scalarText: "string"
    case .integer: "int"
    case .boolean: "bool"
    case .duration: "duration"
    case .enumeration(let words): "one of " + words.map { "`\($0)`" }.joined(separator: ", ")
    case .list(.enumeration(let words)): "list of words (" + words.map { "`\($0)`" }.joined(separator: ", ") + ")"
    case .list(let element): "list of \(element.plural)"
    case .map(let value): "map of \(value.plural)"
    case .reference(let kind): "\(kind.rawValue) reference"
    case .container: "storage container (`account.container`)"
    case .blob: "blob (`account.container[\"name\"]`)"
    case .secret: "secret (`env(\"NAME\")`)"
    case .integerRange: "range (`10..20`)"
    case .vmSize: "VM size string"
    case .autoscaleFormula: "autoscale formula string"
    }
  }
}

/// What a block's label means.
package enum LabelRule: Sendable, Equatable {
  /// The block takes no label.
  case none
  /// The label is the ID of a resource of this kind (required).
  case resourceID(ResourceKind)
  /// The label is free text with this meaning; `required` says whether it must be given.
  case text(String, required: Bool)
}

/// One attribute of a block kind: the untyped row that the checker, completion, hover and the
/// formatter read. Code that reads a checked block's values uses the typed `Attribute` instead.
package final class AttributeSchema: Sendable {
  /// The attribute's name in `.batch` files.
  package let name: String
  /// The type its value must have.
  package let type: ValueType
  /// Whether it must be set.
  package let isRequired: Bool
  /// The value used when it is not set, as it would be written (nil: none, or computed).
  package let defaultText: String?
  /// The value used when it is not set, evaluated.
  package let defaultValue: Value?
  /// What it means, in Markdown: shown by hover and completion.
  package let documentation: String
  /// Where it goes in Azure's REST (or management) body.
  package let rest: RestMapping
  /// `rest.components`, split once: the Azure target writes it for every attribute of every block.
  package let restPath: [String]?
  /// How its value is written to and read from a REST body, for a `.property` mapping.
  package let codec: RestCodec?
  /// When the default is written to REST bodies that do not set the attribute.
  package let sendsDefault: SendDefault
  /// The values an integer attribute takes whatever else is written (nil: any), part of its type.
  package let bounds: ClosedRange<Int64>?

  /// Declares an attribute (through `AttributeKey`, which gives it a Swift type).
  init(
    _ name: String, _ type: ValueType, required: Bool, default defaultText: String?, defaultValue: Value?,
    rest: RestMapping, codec: RestCodec?, sendsDefault: SendDefault, bounds: ClosedRange<Int64>?,
    _ documentation: String
  ) {
    self.sendsDefault = sendsDefault
    self.bounds = bounds
    self.name = name
    self.type = type
    self.isRequired = required
    self.defaultText = defaultText
    self.defaultValue = defaultValue
    self.rest = rest
    self.restPath = rest.components
    self.codec = codec
    self.documentation = documentation
  }

  /// The type, with its bounds: `int, 0 or more`, `int, 0 to 63`.
  package var typeDescription: String {
    // Int32's bounds are the service's integers, said where a value exceeds them (BS2021).
    guard let bounds, bounds != Int64(Int32.min)...Int64(Int32.max) else { return type.description }
    return bounds.upperBound == .max || bounds.upperBound == Int32.max
      ? "\(type), \(bounds.lowerBound) or more" : "\(type), \(bounds.lowerBound) to \(bounds.upperBound)"
  }

  /// The REST property's path or description, as hover shows it.
  package var restProperty: String { rest.description }

  /// The last component of the REST property: `constraints.maxWallClockTime` gives `maxWallClockTime`.
  package var restName: String {
    String(restProperty.split(separator: ".").last ?? Substring(restProperty))
  }
}

/// When an attribute's default is written to a REST body that does not set it: the REST spec
/// requires some members (an output's `uploadOptions.uploadCondition`), or requires them once their
/// object is there (`taskSchedulingPolicy.nodeFillType`).
package enum SendDefault: Sendable, Equatable {
  /// Never: the service has the same default.
  case never
  /// Always, making the objects on the way.
  case always
  /// When the object that holds the member is written for another of its members.
  case withItsObject
}

/// One block kind: its label, attributes, allowed children and documentation.
package final class BlockSchema: Sendable {
  /// The kind as written: `pool`.
  package let kind: String
  /// What the label means.
  package let label: LabelRule
  /// Whether `for x in values` may follow the label.
  package let allowsSweep: Bool
  /// Whether the block may appear more than once in its parent.
  package let isRepeatable: Bool
  /// Whether two blocks of this kind in one parent must have different labels.
  package let hasUniqueLabels: Bool
  /// The attributes, in canonical order (the formatter's and completion's order).
  package let attributes: [AttributeSchema]
  /// The kinds of blocks it may contain.
  package let children: [String]
  /// Groups of attributes of which exactly one must be set.
  package let exactlyOneOf: [[String]]
  /// Groups of attributes of which at most one may be set.
  package let atMostOneOf: [[String]]
  /// What the block means, in Markdown.
  package let documentation: String
  /// The positions in `attributes` of the required ones.
  package let requiredIndices: [Int]
  /// `exactlyOneOf` and `atMostOneOf` as positions in `attributes`.
  package let exactlyOneOfIndices: [[Int]]
  package let atMostOneOfIndices: [[Int]]
  /// Where the block goes in its parent's REST body.
  package let rest: RestMapping
  /// The REST property its label is written to (`name`, `relativeMountPath`), if it has one.
  package let labelRest: String?
  /// Where each kind of child goes in this block's REST body, by kind.
  package let childRest: [String: RestMapping]
  /// The order children are written to the REST body in, by kind: a kind's position in
  /// `children`, or, for kinds written to one array (a pool's mounts), the first one's, so that
  /// such blocks keep the order they are written in.
  package let childRank: [String: Int]
  /// `member(restName:)`'s table, once built.
  private let restMembers = Mutex<[RestMember]?>(nil)

  /// An attribute or child block and the REST members its mapping names.
  private struct RestMember: Sendable {
    let name: String
    let isBlock: Bool
    /// Whether it maps to a plain property (not written by code of its own).
    let isProperty: Bool
    /// The paths of the members its mapping writes, lowercased, an array's without its `[]`.
    let paths: [[String]]
  }

  /// Declares a block kind.
  package init(
    _ kind: String, label: LabelRule, sweep: Bool = false, repeatable: Bool = false, uniqueLabels: Bool = false,
    rest: RestMapping, labelRest: String? = nil,
    children: [any AnyChild] = [], exactlyOneOf: [[AttributeSchema]] = [], atMostOneOf: [[AttributeSchema]] = [],
    _ documentation: String, attributes: [AttributeSchema]
  ) {
    self.kind = kind
    self.label = label
    self.allowsSweep = sweep
    self.isRepeatable = repeatable
    self.hasUniqueLabels = uniqueLabels
    self.rest = rest
    self.labelRest = labelRest
    self.children = children.map { $0.kind.schema.kind }
    var placements: [String: RestMapping] = [:]
    for child in children { placements[child.kind.schema.kind] = child.rest ?? child.kind.schema.rest }
    self.childRest = placements
    var rank: [String: Int] = [:]
    var arrays: [Substring: Int] = [:]
    for (index, kind) in self.children.enumerated() {
      guard case .property(let text)? = placements[kind], let marker = text.firstRange(of: "[]") else {
        rank[kind] = index
        continue
      }
      let array = text[..<marker.lowerBound]
      rank[kind] = arrays[array] ?? index
      arrays[array] = rank[kind]
    }
    self.childRank = rank
    self.exactlyOneOf = exactlyOneOf.map { $0.map(\.name) }
    self.atMostOneOf = atMostOneOf.map { $0.map(\.name) }
    self.documentation = documentation
    self.attributes = attributes
    self.requiredIndices = attributes.indices.filter { attributes[$0].isRequired }
    func positions(_ groups: [[AttributeSchema]]) -> [[Int]] {
      groups.map { group in
        group.map { member in
          guard let index = attributes.firstIndex(where: { $0 === member }) else {
            preconditionFailure("`\(member.name)` is grouped in `\(kind)` but is not one of its attributes")
          }
          return index
        }
      }
    }
    self.exactlyOneOfIndices = positions(exactlyOneOf)
    self.atMostOneOfIndices = positions(atMostOneOf)
  }

  /// The attribute named `name`, if the block has one.
  package func attribute(_ name: String) -> AttributeSchema? {
    attributeIndex(name).map { attributes[$0] }
  }

  /// The position of attribute `name` in `attributes`, if the block has one.
  ///
  /// A linear scan: names are short, mostly inline strings, and a block has a few dozen at most,
  /// which compares faster than hashing the name (this runs once per attribute checked).
  package func attributeIndex(_ name: String) -> Int? {
    let length = name.utf8.count
    return attributes.firstIndex { $0.name.utf8.count == length && $0.name == name }
  }

  /// The REST object it maps to, as hover shows it.
  package var restObject: String { rest.description }

  /// The REST property the block is written to: the last component of its (first) path.
  package var restName: String {
    let last = rest.namedPaths.first?.last ?? restObject
    return last.hasSuffix("[]") ? String(last.dropLast(2)) : last
  }

  /// Whether `attribute` is one of this kind's.
  package func declares(_ attribute: AttributeSchema) -> Bool { attributes.contains { $0 === attribute } }

  /// What a member of this block's REST object is written as here: the attribute or child block
  /// that Azure's REST API names `restName` (`targetDedicatedNodes` is `dedicated_nodes`,
  /// `jobManagerTask` is `manager`), for messages to people who know the JSON. The member is the
  /// last component of a property's path, or failing that any component (`poolInfo` in
  /// `poolInfo.poolId`); nil unless exactly one attribute or block has it. Case is ignored.
  /// `isExact` when the member is the last component of a plain property's path: the attribute
  /// or block is written there as it is, so renaming one to the other keeps its meaning.
  package func member(restName: String) -> (name: String, isBlock: Bool, isExact: Bool)? {
    // `max_tasks_per_node` is Batch's `maxTasksPerNode` written in this language's style, and that
    // is the old name of `taskSlotsPerNode`.
    let folded = restName.lowercased().filter { $0 != "_" }
    if let found = member(folded: folded) { return found }
    return Self.legacyRestNames[folded].flatMap { member(folded: $0.lowercased()) }
  }

  /// Members Batch's REST API renamed, by their old names (lowercased): what `import` reads as
  /// their new names, and what messages about an unknown attribute point to.
  package static let legacyRestNames = [
    "targetdedicated": "targetDedicatedNodes",
    "maxtaskspernode": "taskSlotsPerNode",
  ]

  private func member(folded wanted: String) -> (name: String, isBlock: Bool, isExact: Bool)? {
    let members = restMembers.withLock { table in
      if let table { return table }
      let built = buildRestMembers()
      table = built
      return built
    }
    for isLast in [true, false] {
      let found = members.filter { member in
        member.paths.contains { isLast ? $0.last == wanted : $0.contains(wanted) }
      }
      guard let only = found.first, found.count == 1 else {
        if found.count > 1 { return nil }
        continue
      }
      return (only.name, only.isBlock, isLast && only.isProperty)
    }
    return nil
  }

  /// Each attribute and child block with the REST members its mapping names, lowercased (an
  /// array's without its `[]`): `member(restName:)`'s table, built on its first call, since
  /// only a name the block does not have needs it.
  private func buildRestMembers() -> [RestMember] {
    func member(_ name: String, isBlock: Bool, _ rest: RestMapping) -> RestMember {
      let paths = rest.namedPaths.map { path in
        path.map { ($0.hasSuffix("[]") ? String($0.dropLast(2)) : $0).lowercased() }
      }
      let isProperty = if case .property = rest { true } else { false }
      return RestMember(name: name, isBlock: isBlock, isProperty: isProperty, paths: paths)
    }
    return attributes.map { member($0.name, isBlock: false, $0.rest) }
      + children.compactMap { child in childRest[child].map { member(child, isBlock: true, $0) } }
  }
}
