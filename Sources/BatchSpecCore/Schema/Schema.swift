// The one schema table: every block kind and attribute of the language. The checker, completion,
// hover, the formatter's ordering and the compiler all read it; nothing else lists attributes.
// Each kind is a type (`Schema.Pool`) whose static members are its typed keys.

/// The schema of the `.batch` language.
package enum Schema {
  /// Block kinds allowed at the top level of a file.
  package static let topLevelKinds = [
    "account", "storage", "application", "pool", "existing_pool", "job", "schedule",
  ]

  /// Every block kind, by name.
  package static let blocks: [String: BlockSchema] = {
    var table: [String: BlockSchema] = [:]
    for block in allBlocks { table[block.kind] = block }
    return table
  }()

  /// The schema of `kind`, if it exists.
  package static func block(_ kind: String) -> BlockSchema? { blocks[kind] }

  /// The block kinds whose schema lists `kind` as a child (for "belongs inside" messages).
  package static func parents(of kind: String) -> [String] {
    allBlocks.filter { $0.children.contains(kind) }.map(\.kind) + (topLevelKinds.contains(kind) ? ["(top level)"] : [])
  }

  /// The block kinds that have an attribute `name`: those inside `schema` (its children, their
  /// children...) in the order met, then every other kind (the blocks `schema` sits in first), and
  /// whether those are near enough to `schema` to be what was meant, for "belongs in" messages.
  package static func homes(ofAttribute name: String, around schema: BlockSchema) -> (
    inside: [String], elsewhere: [String], isNear: Bool
  ) {
    var inside: [String] = []
    var seen: Set<String> = [schema.kind]
    var level = schema.children
    while !level.isEmpty {
      var next: [String] = []
      for kind in level where seen.insert(kind).inserted {
        guard let child = block(kind) else { continue }
        if child.attribute(name) != nil { inside.append(kind) }
        next += child.children
      }
      level = next
    }
    // The blocks `schema` sits in come first: a task's `priority` is its job's before a network rule's.
    var ancestors: [String] = []
    var frontier = [schema.kind]
    while let kind = frontier.popLast() {
      for parent in parents(of: kind) where !ancestors.contains(parent) {
        ancestors.append(parent)
        frontier.append(parent)
      }
    }
    let elsewhere = allBlocks.filter { !seen.contains($0.kind) && $0.attribute(name) != nil }.map(\.kind)
      .sorted { (ancestors.firstIndex(of: $0) ?? Int.max) < (ancestors.firstIndex(of: $1) ?? Int.max) }
    // Near: a block this one sits in, or a resource, among one or two homes; a word many blocks
    // use (`account`, `mode`) is not.
    let isNear =
      elsewhere.count <= 2 && elsewhere.first.map { ancestors.contains($0) || topLevelKinds.contains($0) } ?? false
    return (inside, elsewhere, isNear)
  }

  /// The attributes that take a secret (`env("NAME")`), by name, each once: `key`, `sas_token`...
  package static let secretAttributeNames: [String] = {
    var names: [String] = []
    for block in allBlocks {
      for attribute in block.attributes where attribute.type == .secret && !names.contains(attribute.name) {
        names.append(attribute.name)
      }
    }
    return names
  }()

  /// `secretAttributeNames` as a message lists them: "`key`, `sas_token`, ...".
  package static let secretAttributeList =
    secretAttributeNames.dropLast().map { "`\($0)`" }.joined(separator: ", ") + " and `\(secretAttributeNames.last!)`"

  /// Every block kind, in documentation order.
  package static let allKinds: [any BlockKind.Type] = [
    Account.self, Quota.self, Family.self, Storage.self, Application.self, Pool.self, Autoscale.self,
    StartTask.self, User.self, RemoteAccess.self, InboundNAT.self, NetworkRule.self, Containers.self, Registry.self,
    BlobfuseMount.self,
    NFSMount.self, CIFSMount.self, AzureFilesMount.self, Extension.self, OSDisk.self, DataDisk.self,
    Security.self, UpgradePolicy.self, RollingUpgrade.self, AutoPool.self, ExistingPool.self, Job.self,
    Prepare.self, Release.self, Manager.self, Task.self, TaskContainer.self, MultiInstance.self,
    ExitCondition.self, Input.self, Output.self, Schedule.self,
  ]

  /// Every block kind's schema, in documentation order.
  package static let allBlocks: [BlockSchema] = allKinds.map { $0.schema }

  /// Every block kind that runs a command line, in documentation order.
  ///
  /// Listed rather than found with `as? any CommandKind.Type` over `allKinds`: each such cast looks
  /// the conformance up in every conformance record of the process, and those 37 lookups were a
  /// fifth of the instructions of `batchspec check` on a small spec. A test holds the two equal.
  package static let commandKinds: [any CommandKind.Type] = [
    StartTask.self, Prepare.self, Release.self, Manager.self, Task.self,
  ]

  // MARK: Shared attributes

  static func command(_ rest: RestMapping = "commandLine") -> AttributeKey<String> {
    AttributeKey(
      "command", required: true, rest: rest,
      "The command line. It does not run under a shell: use `/bin/sh -c '...'` (Linux) or `cmd /c ...` (Windows) for pipes and variable expansion."
    )
  }
  static let environment = AttributeKey<TextMap>(
    "environment", rest: "environmentSettings", "Environment variables set for the command: `{ NAME = \"value\" }`.")
  static let elevation = AttributeKey<Elevation>(
    "elevation", default: .nonadmin, rest: "userIdentity.autoUser.elevationLevel",
    "Whether the automatic user runs elevated (`admin`) or not (`nonadmin`).")
  static let scope = AttributeKey<AutoUserScope>(
    "scope", default: .pool, rest: "userIdentity.autoUser.scope",
    "Whether the automatic user is shared by the pool's tasks (`pool`) or made for this task alone (`task`).")
  static let runAs = AttributeKey<String>(
    "run_as", rest: "userIdentity.username",
    "Run as this named user account of the pool instead of the automatic user. Excludes `elevation` and `scope`.")
  static func maxWallClock(
    default value: Milliseconds? = nil, rest: RestMapping = "constraints.maxWallClockTime",
    _ description: String =
      "The longest the command may run, counted from its start; it is ended after that. Unlimited when not set."
  ) -> AttributeKey<Milliseconds> {
    AttributeKey("max_wall_clock", default: value, rest: rest, description)
  }
  static func retention(rest: RestMapping = "constraints.retentionTime") -> AttributeKey<Milliseconds> {
    AttributeKey(
      "retention", default: .days(7), rest: rest,
      "How long the working directory and its files are kept on the node after the command ends.")
  }
  static func retries(rest: RestMapping = "constraints.maxTaskRetryCount") -> AttributeKey<Int64> {
    AttributeKey(
      "retries", default: 0, rest: rest, "How many times a failed command is retried: `0` for none, `-1` for no limit.")
  }
  static let displayName = AttributeKey<String>(
    "display_name", rest: "displayName", "A name for people; need not be unique, up to 1024 characters.")
  static let metadata = AttributeKey<TextMap>(
    "metadata", rest: "metadata", "Name-value pairs stored with the resource; Batch gives them no meaning.")
  static let applications = AttributeKey<[Reference]>(
    "applications", .list(.reference(.application)),
    rest: .custom(
      "applicationPackageReferences: applicationId and version (the default version resolved)",
      names: ["applicationPackageReferences[]"]),
    "Application packages to deploy: `[blender]` uses the default version, `[blender[\"3.6\"]]` a given one.")
  static let ownerAccount = AttributeKey<Reference>(
    "account", .reference(.account), rest: .local("the Batch account that owns it"),
    "The Batch account it belongs to. May be left out when the project declares exactly one account.")
}

/// Block kinds that run a command line: tasks, start tasks, job preparation and release tasks.
package protocol CommandKind: BlockKind {
  /// The command line.
  static var command: AttributeKey<String> { get }
  /// The command's environment variables.
  static var environment: AttributeKey<TextMap> { get }
  /// The automatic user's elevation.
  static var elevation: AttributeKey<Elevation> { get }
  /// The named user the command runs as.
  static var runAs: AttributeKey<String> { get }
  /// Files downloaded before the command runs.
  static var input: Child<Schema.Input> { get }
}
