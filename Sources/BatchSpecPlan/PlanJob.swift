// Jobs, their preparation and release tasks, and their tasks, as the plan holds them.

package import BatchSpecCore

/// Where an input comes from.
package enum InputSource: String, Codable, Sendable, CaseIterable {
  /// One blob of a storage container.
  case blob
  /// A whole storage container, or the blobs under a prefix.
  case container
  /// An HTTP(S) URL.
  case url
  /// A whole storage container (or the blobs under a prefix) by its URL.
  case containerURL = "containerUrl"
}

/// A job: tasks that run on one pool.
package struct PlanJob: Codable, Sendable, Equatable {
  package var id: String
  package var displayName: String?
  package var pool: String
  package var priority: Int
  /// -1 for no limit.
  package var maxParallelTasks: Int
  /// The job's wall-clock limit and the default retry count of its tasks.
  package var constraints: PlanConstraints
  package var onAllTasksComplete: OnAllTasksComplete
  package var onTaskFailure: OnTaskFailure
  package var usesTaskDependencies: Bool
  /// Set for every task of the job; a task's own environment wins.
  package var environment: [String: String]
  package var metadata: [String: String]
  package var preparationTask: PlanPreparationTask?
  package var releaseTask: PlanReleaseTask?
  /// The job manager task, started before the job's other tasks.
  package var manager: PlanManagerTask?
  /// Tasks in source order, sweeps expanded.
  package var tasks: [PlanTask]

  /// Creates a value with every property given (optional ones default to empty).
  package init(
    id: String, displayName: String? = nil, pool: String, priority: Int, maxParallelTasks: Int,
    constraints: PlanConstraints, onAllTasksComplete: OnAllTasksComplete, onTaskFailure: OnTaskFailure,
    usesTaskDependencies: Bool,
    environment: [String: String] = [:], metadata: [String: String] = [:], preparationTask: PlanPreparationTask? = nil,
    releaseTask: PlanReleaseTask? = nil, manager: PlanManagerTask? = nil, tasks: [PlanTask] = []
  ) {
    self.id = id
    self.displayName = displayName
    self.pool = pool
    self.priority = priority
    self.maxParallelTasks = maxParallelTasks
    self.constraints = constraints
    self.onAllTasksComplete = onAllTasksComplete
    self.onTaskFailure = onTaskFailure
    self.usesTaskDependencies = usesTaskDependencies
    self.environment = environment
    self.metadata = metadata
    self.preparationTask = preparationTask
    self.releaseTask = releaseTask
    self.manager = manager
    self.tasks = tasks
  }
}

/// The job preparation task: runs on a node before the job's first task there.
package struct PlanPreparationTask: Codable, Sendable, Equatable {
  package var commandLine: String
  package var environment: [String: String]
  package var inputs: [PlanInput]
  package var userIdentity: PlanUserIdentity
  package var waitForSuccess: Bool
  package var rerunOnNodeRebootAfterSuccess: Bool
  package var constraints: PlanConstraints
  package var container: PlanContainer?

  /// Creates a value with every property given (optional ones default to empty).
  package init(
    commandLine: String, environment: [String: String] = [:], inputs: [PlanInput] = [], userIdentity: PlanUserIdentity,
    waitForSuccess: Bool, rerunOnNodeRebootAfterSuccess: Bool, constraints: PlanConstraints,
    container: PlanContainer? = nil
  ) {
    self.commandLine = commandLine
    self.environment = environment
    self.inputs = inputs
    self.userIdentity = userIdentity
    self.waitForSuccess = waitForSuccess
    self.rerunOnNodeRebootAfterSuccess = rerunOnNodeRebootAfterSuccess
    self.constraints = constraints
    self.container = container
  }
}

/// The job release task: runs when the job ends on every node that ran preparation.
package struct PlanReleaseTask: Codable, Sendable, Equatable {
  package var commandLine: String
  package var environment: [String: String]
  package var inputs: [PlanInput]
  package var userIdentity: PlanUserIdentity
  package var constraints: PlanConstraints
  package var container: PlanContainer?

  /// Creates a value with every property given (optional ones default to empty).
  package init(
    commandLine: String, environment: [String: String] = [:], inputs: [PlanInput] = [], userIdentity: PlanUserIdentity,
    constraints: PlanConstraints, container: PlanContainer? = nil
  ) {
    self.commandLine = commandLine
    self.environment = environment
    self.inputs = inputs
    self.userIdentity = userIdentity
    self.constraints = constraints
    self.container = container
  }
}

/// One task: a command line with its files, limits, dependencies and exit conditions.
package struct PlanTask: Codable, Sendable, Equatable {
  package var id: String
  package var displayName: String?
  package var commandLine: String
  package var environment: [String: String]
  package var inputs: [PlanInput]
  package var outputs: [PlanOutput]
  package var constraints: PlanConstraints
  package var requiredSlots: Int
  /// IDs of tasks of the same job that must complete (and satisfy) first; sweeps expanded.
  package var dependsOn: [String]
  /// In order; the first that matches wins, the one without a selector is the default.
  package var exitConditions: [PlanExitCondition]
  package var userIdentity: PlanUserIdentity
  package var applications: [PlanApplication]
  package var multiInstance: PlanMultiInstance?
  package var container: PlanContainer?
  /// How long the task is expected to run, in milliseconds (`expected_duration`): for estimates only.
  package var expectedDurationMs: Int64?

  /// Creates a value with every property given (optional ones default to empty).
  package init(
    id: String, displayName: String? = nil, commandLine: String, environment: [String: String] = [:],
    inputs: [PlanInput] = [], outputs: [PlanOutput] = [], constraints: PlanConstraints, requiredSlots: Int,
    dependsOn: [String] = [], exitConditions: [PlanExitCondition] = [], userIdentity: PlanUserIdentity,
    applications: [PlanApplication] = [], multiInstance: PlanMultiInstance? = nil, container: PlanContainer? = nil,
    expectedDurationMs: Int64? = nil
  ) {
    self.expectedDurationMs = expectedDurationMs
    self.id = id
    self.displayName = displayName
    self.commandLine = commandLine
    self.environment = environment
    self.inputs = inputs
    self.outputs = outputs
    self.constraints = constraints
    self.requiredSlots = requiredSlots
    self.dependsOn = dependsOn
    self.exitConditions = exitConditions
    self.userIdentity = userIdentity
    self.applications = applications
    self.multiInstance = multiInstance
    self.container = container
  }
}

/// The job manager task: started when the job starts, before its other tasks; with
/// `killJobOnCompletion` its end is the job's end.
package struct PlanManagerTask: Codable, Sendable, Equatable {
  /// Its task ID in the job.
  package var id: String
  package var displayName: String?
  package var commandLine: String
  package var environment: [String: String]
  package var inputs: [PlanInput]
  package var outputs: [PlanOutput]
  package var constraints: PlanConstraints
  package var requiredSlots: Int
  /// Whether the job ends (its running tasks terminated) when the manager completes.
  package var killJobOnCompletion: Bool
  /// Whether the manager has its node to itself while it runs.
  package var runExclusive: Bool
  /// Whether it may run on a spot node.
  package var allowLowPriorityNode: Bool
  package var userIdentity: PlanUserIdentity
  package var applications: [PlanApplication]
  package var container: PlanContainer?
  /// How long the manager is expected to run, in milliseconds (`expected_duration`): for estimates only.
  package var expectedDurationMs: Int64?

  /// Creates a value with every property given (optional ones default to empty).
  package init(
    id: String, displayName: String? = nil, commandLine: String, environment: [String: String] = [:],
    inputs: [PlanInput] = [], outputs: [PlanOutput] = [], constraints: PlanConstraints, requiredSlots: Int,
    killJobOnCompletion: Bool, runExclusive: Bool, allowLowPriorityNode: Bool, userIdentity: PlanUserIdentity,
    applications: [PlanApplication] = [], container: PlanContainer? = nil, expectedDurationMs: Int64? = nil
  ) {
    self.expectedDurationMs = expectedDurationMs
    self.id = id
    self.displayName = displayName
    self.commandLine = commandLine
    self.environment = environment
    self.inputs = inputs
    self.outputs = outputs
    self.constraints = constraints
    self.requiredSlots = requiredSlots
    self.killJobOnCompletion = killJobOnCompletion
    self.runExclusive = runExclusive
    self.allowLowPriorityNode = allowLowPriorityNode
    self.userIdentity = userIdentity
    self.applications = applications
    self.container = container
  }

  /// The manager as a task of its job, as the runner schedules, journals and reports it.
  package var task: PlanTask {
    PlanTask(
      id: id, displayName: displayName, commandLine: commandLine, environment: environment, inputs: inputs,
      outputs: outputs, constraints: constraints, requiredSlots: requiredSlots, userIdentity: userIdentity,
      applications: applications, container: container, expectedDurationMs: expectedDurationMs)
  }
}

/// A file or directory downloaded into the working directory before the command runs.
package struct PlanInput: Codable, Sendable, Equatable {
  /// Where it goes, relative to the working directory. For `container` inputs a directory:
  /// each blob lands at `path/<blob name>`.
  package var path: String
  package var source: InputSource
  package var storageAccount: String?
  package var container: String?
  /// The blob name (`blob` inputs).
  package var blob: String?
  /// Only blobs starting with this (`container` and `containerUrl` inputs).
  package var prefix: String?
  package var url: String?
  /// Linux file mode in octal, such as `0755`.
  package var fileMode: String?

  /// Creates a value with every property given (optional ones default to empty).
  package init(
    path: String, source: InputSource, storageAccount: String? = nil, container: String? = nil, blob: String? = nil,
    prefix: String? = nil, url: String? = nil, fileMode: String? = nil
  ) {
    self.path = path
    self.source = source
    self.storageAccount = storageAccount
    self.container = container
    self.blob = blob
    self.prefix = prefix
    self.url = url
    self.fileMode = fileMode
  }
}

/// Files uploaded after the command ends.
package struct PlanOutput: Codable, Sendable, Equatable {
  /// Relative to the working directory; `*`, `**` and `?` are wildcards.
  package var pattern: String
  package var storageAccount: String
  package var container: String
  /// The blob name for a single file, or the virtual directory files go under for a pattern.
  package var path: String?
  package var uploadCondition: UploadCondition

  /// Creates a value with every property given (optional ones default to empty).
  package init(
    pattern: String, storageAccount: String, container: String, path: String? = nil,
    uploadCondition: UploadCondition
  ) {
    self.pattern = pattern
    self.storageAccount = storageAccount
    self.container = container
    self.path = path
    self.uploadCondition = uploadCondition
  }
}

/// What an exit means for the job and for dependent tasks.
package struct PlanExitCondition: Codable, Sendable, Equatable {
  package var codes: [Int]?
  package var range: PlanRange?
  package var error: ExitError?
  package var jobAction: JobAction
  package var dependencyAction: DependencyAction

  /// Whether this is the default condition (no selector).
  package var isDefault: Bool { codes == nil && range == nil && error == nil }

  /// Creates a value with every property given (optional ones default to empty).
  package init(
    codes: [Int]? = nil, range: PlanRange? = nil, error: ExitError? = nil, jobAction: JobAction,
    dependencyAction: DependencyAction
  ) {
    self.codes = codes
    self.range = range
    self.error = error
    self.jobAction = jobAction
    self.dependencyAction = dependencyAction
  }
}

/// An inclusive range of exit codes.
package struct PlanRange: Codable, Sendable, Equatable {
  package var start: Int
  package var end: Int

  /// Creates a value with every property given (optional ones default to empty).
  package init(start: Int, end: Int) {
    self.start = start
    self.end = end
  }
}

/// A multi-instance (MPI) task's settings.
package struct PlanMultiInstance: Codable, Sendable, Equatable {
  package var numberOfInstances: Int
  package var coordinationCommandLine: String?
  /// The common resource files (`multi_instance { input ... }`): downloaded on every node of the
  /// task, primary and subtasks, into the task directory (the parent of its working directory,
  /// `AZ_BATCH_TASK_DIR`), before the coordination command runs. Nil when there are none.
  package var commonInputs: [PlanInput]?

  /// Creates a value with every property given (optional ones default to empty).
  package init(numberOfInstances: Int, coordinationCommandLine: String? = nil, commonInputs: [PlanInput]? = nil) {
    self.numberOfInstances = numberOfInstances
    self.coordinationCommandLine = coordinationCommandLine
    self.commonInputs = commonInputs
  }
}
