// Where attributes and blocks go in Azure Batch's REST bodies, and how values are written there:
// the one table the Azure target lowers by and `import` reads back by. An attribute mapped to a
// `.property` needs no code of its own in either direction.

/// Where an attribute or block is written in an Azure Batch REST body.
package enum RestMapping: Sendable, ExpressibleByStringLiteral {
  /// A member at a dotted path of the block's object (`constraints.maxWallClockTime`), written
  /// from the value's Swift type. For a block, the path of its object in its parent's object;
  /// `[]` marks an array (`resourceFiles[]`), and a key after it wraps each element
  /// (`mountConfiguration[].nfsMountConfiguration`).
  case property(String)
  /// Written and read by code of its own, which `text` describes: storage URLs, image
  /// references. `names` are the paths of the REST members it writes, as `.property` gives one
  /// (`["preProcessingError", "fileUploadError"]`); none for what is no member, such as a whole
  /// request body.
  case custom(String, names: [String])
  /// Not sent to Azure (a client setting, or what the project declares for checking only).
  case local(String)

  package init(stringLiteral path: String) { self = .property(path) }

  /// The path or description, as hover and the documentation show it.
  package var description: String {
    switch self {
    case .property(let path), .custom(let path, _), .local(let path): path
    }
  }

  /// The path's components, for a `.property`: `["constraints", "maxWallClockTime"]`.
  package var components: [String]? {
    guard case .property(let path) = self else { return nil }
    return path.split(separator: ".").map(String.init)
  }

  /// The REST members the mapping writes, each path as its components, for messages and
  /// completion: a `.property`'s path, or a `.custom`'s `names`.
  package var namedPaths: [[String]] {
    switch self {
    case .property: [components ?? []]
    case .custom(_, let names): names.map { $0.split(separator: ".").map(String.init) }
    case .local: []
    }
  }
}

/// A value type written to and read from REST bodies by the schema's mapping.
package protocol RestValue: SchemaValue {
  /// The value as Azure's REST API writes it.
  var restJSON: JSON { get }
  /// Reads a REST body's member as an attribute of `type`; nil when it is not such a value.
  init?(restJSON json: JSON, type: ValueType)
}

/// An attribute's REST conversions with its Swift type erased, kept on its `AttributeSchema`.
package struct RestCodec: Sendable {
  /// The REST form of an evaluated value.
  package let encode: @Sendable (Value) -> JSON?
  /// The `.batch` literal of a REST member, or nil when it is not of the attribute's type.
  package let importLiteral: @Sendable (JSON) -> String?

  init<Wrapped: RestValue>(_ type: Wrapped.Type, _ valueType: ValueType) {
    encode = { Wrapped(schemaValue: $0)?.restJSON }
    importLiteral = { Wrapped(restJSON: $0, type: valueType)?.literal }
  }
}

extension String: RestValue {
  package var restJSON: JSON { .string(self) }
  package init?(restJSON json: JSON, type: ValueType) {
    guard case .string(let text) = json else { return nil }
    self = text
  }
}

extension Int64: RestValue {
  package var restJSON: JSON { .integer(Int(self)) }
  /// A number, or a string holding one (the Batch CLI extension's templates write `"1"`).
  package init?(restJSON json: JSON, type: ValueType) {
    if case .string(let text) = json, let number = Int64(text) {
      self = number
      return
    }
    guard let number = json.intValue else { return nil }
    self = Int64(number)
  }
}

extension Bool: RestValue {
  package var restJSON: JSON { .bool(self) }
  package init?(restJSON json: JSON, type: ValueType) {
    guard case .bool(let flag) = json else { return nil }
    self = flag
  }
}

extension Milliseconds: RestValue {
  /// An ISO 8601 duration: `PT30M`.
  package var restJSON: JSON { .string(ISODuration.format(count)) }
  package init?(restJSON json: JSON, type: ValueType) {
    guard case .string(let text) = json, let count = ISODuration.parse(text) else { return nil }
    self.init(count)
  }
}

extension Reference: RestValue {
  /// The resource's ID.
  package var restJSON: JSON { .string(id) }
  package init?(restJSON json: JSON, type: ValueType) {
    guard case .string(let id) = json, case .reference(let kind) = type else { return nil }
    self.init(kind, id)
  }
}

extension Secret: RestValue {
  /// The `{{VARIABLE}}` placeholder `submit.sh` fills from the environment: no secret is written.
  package var restJSON: JSON { .placeholders("{{\(variable)}}") }
  /// Reads a placeholder only: a literal secret is never copied into a spec.
  package init?(restJSON json: JSON, type: ValueType) {
    guard case .string(let text) = json, let variable = Secret.placeholderVariable(text) else { return nil }
    self.init(variable: variable)
  }

  /// `VARIABLE` of a `{{VARIABLE}}` placeholder.
  package static func placeholderVariable(_ text: String) -> String? {
    guard text.hasPrefix("{{"), text.hasSuffix("}}"), text.count > 4 else { return nil }
    let name = text.dropFirst(2).dropLast(2)
    return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") } ? String(name) : nil
  }
}

extension TextMap: RestValue {
  /// `[{"name": …, "value": …}]`, in written order.
  package var restJSON: JSON {
    .array(entries.map { .object([("name", .string($0.name)), ("value", .string($0.value))]) })
  }
  package init?(restJSON json: JSON, type: ValueType) {
    guard case .array(let items) = json else { return nil }
    var entries: [(name: String, value: String)] = []
    for item in items {
      guard let name = item["name"]?.stringValue else { return nil }
      entries.append((name, item["value"]?.stringValue ?? ""))
    }
    self.init(entries)
  }
}

/// A map written in the language as `{ name = "text" }` and sent in a shape of Azure's own: the
/// schema side is `TextMap`'s, the REST side each type's.
package protocol TextPairs: SchemaValue, RestValue {
  var entries: [(name: String, value: String)] { get set }
  init(_ entries: [(name: String, value: String)])
}

extension TextPairs {
  package static var schemaType: ValueType { .map(.scalarText) }
  package init?(schemaValue: Value) {
    guard let map = TextMap(schemaValue: schemaValue) else { return nil }
    self.init(map.entries)
  }
  package var schemaValue: Value { TextMap(entries).schemaValue }
  package var literal: String { TextMap(entries).literal }
}

/// A map of IP tag types to tags, written as Azure's `[{"ipTagType": …, "tag": …}]`.
package struct IPTagMap: TextPairs, Sendable {
  /// The entries, in written order.
  package var entries: [(name: String, value: String)]

  /// A map of `entries`.
  package init(_ entries: [(name: String, value: String)]) { self.entries = entries }

  package var restJSON: JSON {
    .array(entries.map { .object([("ipTagType", .string($0.name)), ("tag", .string($0.value))]) })
  }
  package init?(restJSON json: JSON, type: ValueType) {
    guard case .array(let items) = json else { return nil }
    var entries: [(name: String, value: String)] = []
    for item in items {
      guard let name = item["ipTagType"]?.stringValue, let tag = item["tag"]?.stringValue else { return nil }
      entries.append((name, tag))
    }
    self.init(entries)
  }
}

/// A map of names to texts written as a JSON object (`"settings": {"key": "value"}`), where
/// `TextMap` is a list of name-value pairs.
package struct ObjectMap: TextPairs, Sendable {
  /// The entries, in written order.
  package var entries: [(name: String, value: String)]

  /// A map of `entries`.
  package init(_ entries: [(name: String, value: String)]) { self.entries = entries }

  package var restJSON: JSON { .object(entries.map { ($0.name, .string($0.value)) }) }
  /// An object, or (as API versions before 2024 wrote extension settings) a string holding one.
  package init?(restJSON json: JSON, type: ValueType) {
    var json = json
    if case .string(let text) = json, let parsed = try? JSONParser.parse(Array(text.utf8)) { json = parsed }
    guard case .object(let members) = json else { return nil }
    var entries: [(name: String, value: String)] = []
    for (name, value) in members {
      switch value {
      case .string(let text): entries.append((name, text))
      case .integer(let number): entries.append((name, String(number)))
      case .bool(let flag): entries.append((name, flag ? "true" : "false"))
      default: return nil
      }
    }
    self.init(entries)
  }
}

extension Array: RestValue where Element: RestValue {
  package var restJSON: JSON { .array(map(\.restJSON)) }
  package init?(restJSON json: JSON, type: ValueType) {
    guard case .array(let items) = json, case .list(let elementType) = type else { return nil }
    var result: [Element] = []
    for item in items {
      guard let element = Element(restJSON: item, type: elementType) else { return nil }
      result.append(element)
    }
    self = result
  }
}

extension RestValue where Self: SchemaEnum {
  /// The case's Azure spelling.
  package var restJSON: JSON { .string(restWord) }
  /// Azure's spelling, compared without regard to case as the service compares it.
  package init?(restJSON json: JSON, type: ValueType) {
    guard case .string(let word) = json else { return nil }
    self.init(restWord: word)
  }
}

extension Elevation: RestValue {}
extension AutoUserScope: RestValue {}
extension NodeFill: RestValue {}
extension RemoteProtocol: RestValue {}
extension OnAllTasksComplete: RestValue {}
extension OnTaskFailure: RestValue {}
extension ExitError: RestValue {}
extension JobAction: RestValue {}
extension DependencyAction: RestValue {}
extension UploadCondition: RestValue {}
extension AllocationMode: RestValue {}
extension StorageAuthentication: RestValue {}
extension PublicNetworkAccess: RestValue {}
extension AuthenticationMode: RestValue {}
extension StorageKind: RestValue {}
extension ContainerType: RestValue {}
extension ContainerWorkingDirectory: RestValue {}
extension ContainerHostPath: RestValue {}
extension LicenseType: RestValue {}
extension NodePlacement: RestValue {}
extension DiskEncryptionTarget: RestValue {}
extension DynamicVNetScope: RestValue {}
extension PublicIPProvisioning: RestValue {}
extension JobDefaultOrder: RestValue {}
extension DiskCaching: RestValue {}
extension DiskStorageType: RestValue {}
extension EphemeralPlacement: RestValue {}
extension SecurityType: RestValue {}
extension UpgradeMode: RestValue {}
extension LoginMode: RestValue {}
extension PoolLifetime: RestValue {}
extension InboundProtocol: RestValue {}
extension RuleAccess: RestValue {}
extension SecurityEncryption: RestValue {}
extension IPFamily: RestValue {}
