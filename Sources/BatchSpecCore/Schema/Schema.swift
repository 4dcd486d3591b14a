// The one schema table: every block kind and attribute of the language. The checker, completion,
// hover, the formatter's ordering and the compiler all read it; nothing else lists attributes.

/// The schema of the `.batch` language.
package enum Schema {
  /// Block kinds allowed at the top level of a file.
  package static let topLevelKinds = ["account", "storage", "application", "pool", "job"]

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

  /// Every block kind, in documentation order.
  package static let allBlocks: [BlockSchema] = [
    account, quota, family, storage, application, pool, autoscale, startTask, user, remoteAccess,
    job, prepare, release, task, multiInstance, exitCondition, input, output,
  ]

  // MARK: Shared attributes

  static func command(_ rest: String = "commandLine") -> AttributeSchema {
    AttributeSchema(
      "command", .string, required: true, rest: rest,
      "The command line. It does not run under a shell: use `/bin/sh -c '...'` (Linux) or `cmd /c ...` (Windows) for pipes and variable expansion."
    )
  }
  static let environment = AttributeSchema(
    "environment", .map(.scalarText), rest: "environmentSettings",
    "Environment variables set for the command: `{ NAME = \"value\" }`.")
  static let elevation = AttributeSchema(
    "elevation", .enumeration(["nonadmin", "admin"]), default: "nonadmin", rest: "userIdentity.autoUser.elevationLevel",
    "Whether the automatic user runs elevated (`admin`) or not (`nonadmin`).")
  static let scope = AttributeSchema(
    "scope", .enumeration(["task", "pool"]), default: "pool", rest: "userIdentity.autoUser.scope",
    "Whether the automatic user is shared by the pool's tasks (`pool`) or made for this task alone (`task`).")
  static let runAs = AttributeSchema(
    "run_as", .string, rest: "userIdentity.username",
    "Run as this named user account of the pool instead of the automatic user. Excludes `elevation` and `scope`.")
  static func maxWallClock(default value: String? = nil, rest: String = "constraints.maxWallClockTime")
    -> AttributeSchema
  {
    AttributeSchema(
      "max_wall_clock", .duration, default: value, rest: rest,
      "The longest the command may run, counted from its start; it is ended after that. Unlimited when not set.")
  }
  static func retention(rest: String = "constraints.retentionTime") -> AttributeSchema {
    AttributeSchema(
      "retention", .duration, default: "7d", rest: rest,
      "How long the working directory and its files are kept on the node after the command ends.")
  }
  static func retries(rest: String = "constraints.maxTaskRetryCount") -> AttributeSchema {
    AttributeSchema(
      "retries", .integer, default: "0", rest: rest,
      "How many times a failed command is retried: `0` for none, `-1` for no limit.")
  }
  static let displayName = AttributeSchema(
    "display_name", .string, rest: "displayName", "A name for people; need not be unique, up to 1024 characters.")
  static let metadata = AttributeSchema(
    "metadata", .map(.scalarText), rest: "metadata",
    "Name-value pairs stored with the resource; Batch gives them no meaning.")
  static let applications = AttributeSchema(
    "applications", .list(.reference(.application)), rest: "applicationPackageReferences",
    "Application packages to deploy: `[blender]` uses the default version, `[blender[\"3.6\"]]` a given one.")
  static let ownerAccount = AttributeSchema(
    "account", .reference(.account), rest: "(the Batch account that owns it)",
    "The Batch account it belongs to. May be left out when the project declares exactly one account.")
}
