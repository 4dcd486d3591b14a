// The execution plan: what the compiler produces and the runner reads (the Azure target reads it
// too, beside the checked project). Fully expanded and resolved: no params, sweeps or references left. Versioned JSON. Closed
// sets are the schema's enums (`NodeFill`, `UploadCondition`, ...), written as the language's words.

package import BatchSpecCore

/// A compiled project: every pool and job, with every task resolved.
package struct Plan: Codable, Sendable, Equatable {
  /// The plan format's version; readers refuse versions they do not know.
  package static let currentVersion = 1

  /// The format version, `1`.
  package var version: Int
  /// The Batch accounts that own the pools.
  package var accounts: [PlanAccount]
  /// Pools, in source order.
  package var pools: [PlanPool]
  /// Jobs, in source order.
  package var jobs: [PlanJob]
  /// Job schedules, in source order; nil when the project has none. Each names a job of `jobs`,
  /// which the service creates at every recurrence (and never on its own).
  package var schedules: [PlanSchedule]?

  /// Creates a plan of the current version.
  package init(
    accounts: [PlanAccount] = [], pools: [PlanPool] = [], jobs: [PlanJob] = [], schedules: [PlanSchedule]? = nil
  ) {
    self.version = Plan.currentVersion
    self.accounts = accounts
    self.pools = pools
    self.jobs = jobs
    self.schedules = schedules
  }

  /// The pool with ID `id` (IDs compare without regard to case, as Azure compares them).
  package func pool(_ id: String) -> PlanPool? {
    pools.first { $0.id.lowercased() == id.lowercased() }
  }
}

/// A Batch account: its name and region, which make its URL.
package struct PlanAccount: Codable, Sendable, Equatable {
  /// The account name.
  package var name: String
  /// The Azure region.
  package var location: String

  /// The account's data-plane URL, `https://<name>.<location>.batch.azure.com`.
  package var url: String { "https://\(name).\(location).batch.azure.com" }

  /// Creates a value with every property given (optional ones default to empty).
  package init(name: String, location: String) {
    self.name = name
    self.location = location
  }
}

/// A pool of nodes.
package struct PlanPool: Codable, Sendable, Equatable {
  package var id: String
  /// The owning Batch account's name, when known.
  package var account: String?
  package var displayName: String?
  package var vmSize: String
  /// A marketplace image `publisher/offer/sku[/version]`, or nil with a custom image.
  package var image: String?
  package var customImage: String?
  package var nodeAgent: String
  package var dedicatedNodes: Int
  package var spotNodes: Int
  /// Dedicated plus spot nodes: how many nodes the pool has (0 for an autoscaled pool).
  package var nodeCount: Int
  package var autoscale: PlanAutoscale?
  package var taskSlotsPerNode: Int
  package var nodeFill: NodeFill
  package var interNodeCommunication: Bool
  package var startTask: PlanStartTask?
  package var users: [PlanUser]
  package var applications: [PlanApplication]
  package var metadata: [String: String]
  /// Set when the pool runs container tasks.
  package var containers: PlanContainerConfiguration?
  /// File systems mounted on every node; nil when there are none.
  package var mounts: [PlanMount]?
  /// The resource IDs of the user-assigned managed identities every node holds; nil when there
  /// are none. A local run does not emulate them.
  package var identities: [String]?

  /// Creates a value with every property given (optional ones default to empty).
  package init(
    id: String, account: String? = nil, displayName: String? = nil, vmSize: String, image: String? = nil,
    customImage: String? = nil, nodeAgent: String, dedicatedNodes: Int, spotNodes: Int, nodeCount: Int,
    autoscale: PlanAutoscale? = nil, taskSlotsPerNode: Int, nodeFill: NodeFill, interNodeCommunication: Bool,
    startTask: PlanStartTask? = nil, users: [PlanUser] = [], applications: [PlanApplication] = [],
    metadata: [String: String] = [:], containers: PlanContainerConfiguration? = nil, mounts: [PlanMount]? = nil,
    identities: [String]? = nil
  ) {
    self.id = id
    self.account = account
    self.displayName = displayName
    self.vmSize = vmSize
    self.image = image
    self.customImage = customImage
    self.nodeAgent = nodeAgent
    self.dedicatedNodes = dedicatedNodes
    self.spotNodes = spotNodes
    self.nodeCount = nodeCount
    self.autoscale = autoscale
    self.taskSlotsPerNode = taskSlotsPerNode
    self.nodeFill = nodeFill
    self.interNodeCommunication = interNodeCommunication
    self.startTask = startTask
    self.users = users
    self.applications = applications
    self.metadata = metadata
    self.containers = containers
    self.mounts = mounts
    self.identities = identities
  }
}

/// An autoscale formula and how often it is evaluated.
package struct PlanAutoscale: Codable, Sendable, Equatable {
  package var formula: String
  package var intervalMs: Int64

  /// Creates a value with every property given (optional ones default to empty).
  package init(formula: String, intervalMs: Int64) {
    self.formula = formula
    self.intervalMs = intervalMs
  }
}

/// A named user account of a pool (its password is never part of a plan).
package struct PlanUser: Codable, Sendable, Equatable {
  package var name: String
  package var elevation: Elevation

  /// Creates a value with every property given (optional ones default to empty).
  package init(name: String, elevation: Elevation) {
    self.name = name
    self.elevation = elevation
  }
}

/// An application package reference; `version` nil means the application's default.
package struct PlanApplication: Codable, Sendable, Equatable {
  package var id: String
  package var version: String?

  /// Creates a value with every property given (optional ones default to empty).
  package init(id: String, version: String? = nil) {
    self.id = id
    self.version = version
  }
}

/// Who a command runs as: a named user, or the automatic user of a scope and elevation.
package struct PlanUserIdentity: Codable, Sendable, Equatable {
  package var userName: String?
  /// The automatic user's scope (nil for a named user, or a kind without scopes).
  package var scope: AutoUserScope?
  /// The automatic user's elevation (nil for a named user).
  package var elevation: Elevation?

  /// Creates a value with every property given (optional ones default to empty).
  package init(userName: String? = nil, scope: AutoUserScope? = nil, elevation: Elevation? = nil) {
    self.userName = userName
    self.scope = scope
    self.elevation = elevation
  }
}

/// Limits on a command.
package struct PlanConstraints: Codable, Sendable, Equatable {
  /// The longest one attempt may run, in milliseconds; nil for no limit.
  package var maxWallClockMs: Int64?
  /// How long the working directory is kept, in milliseconds.
  package var retentionMs: Int64?
  /// Retries after a failure: 0 for none, -1 for no limit.
  package var maxTaskRetryCount: Int

  /// Creates a value with every property given (optional ones default to empty).
  package init(maxWallClockMs: Int64? = nil, retentionMs: Int64? = nil, maxTaskRetryCount: Int) {
    self.maxWallClockMs = maxWallClockMs
    self.retentionMs = retentionMs
    self.maxTaskRetryCount = maxTaskRetryCount
  }
}

/// The start task of a pool: runs on each node when it joins.
package struct PlanStartTask: Codable, Sendable, Equatable {
  package var commandLine: String
  package var environment: [String: String]
  package var inputs: [PlanInput]
  package var userIdentity: PlanUserIdentity
  package var waitForSuccess: Bool
  package var maxTaskRetryCount: Int
  package var container: PlanContainer?

  /// Creates a value with every property given (optional ones default to empty).
  package init(
    commandLine: String, environment: [String: String] = [:], inputs: [PlanInput] = [], userIdentity: PlanUserIdentity,
    waitForSuccess: Bool, maxTaskRetryCount: Int, container: PlanContainer? = nil
  ) {
    self.commandLine = commandLine
    self.environment = environment
    self.inputs = inputs
    self.userIdentity = userIdentity
    self.waitForSuccess = waitForSuccess
    self.maxTaskRetryCount = maxTaskRetryCount
    self.container = container
  }
}

/// A job schedule: the service creates a job from `job` at every recurrence.
package struct PlanSchedule: Codable, Sendable, Equatable {
  package var id: String
  package var displayName: String?
  /// The ID of the job (of the plan's `jobs`) each recurrence creates.
  package var job: String
  /// How often a job is created; nil for once.
  package var recurrenceIntervalMs: Int64?
  /// How late a job may be created after its due time.
  package var startWindowMs: Int64?
  /// The earliest and latest times a job is created, UTC ISO 8601, as written.
  package var doNotRunUntil: String?
  package var doNotRunAfter: String?
  package var metadata: [String: String]

  /// Creates a value with every property given (optional ones default to empty).
  package init(
    id: String, displayName: String? = nil, job: String, recurrenceIntervalMs: Int64? = nil,
    startWindowMs: Int64? = nil, doNotRunUntil: String? = nil, doNotRunAfter: String? = nil,
    metadata: [String: String] = [:]
  ) {
    self.id = id
    self.displayName = displayName
    self.job = job
    self.recurrenceIntervalMs = recurrenceIntervalMs
    self.startWindowMs = startWindowMs
    self.doNotRunUntil = doNotRunUntil
    self.doNotRunAfter = doNotRunAfter
    self.metadata = metadata
  }

  /// The ID of the `number`th job the schedule creates, as Batch names it: `<schedule>:job-<number>`.
  package func jobID(_ number: Int) -> String { "\(id):job-\(number)" }
}
