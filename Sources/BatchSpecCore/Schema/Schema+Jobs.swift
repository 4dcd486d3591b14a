// The schema of jobs, tasks and task files.

extension Schema {
  /// `job`: tasks that run on one pool.
  package enum Job: BlockKind {
    package static let pool = AttributeKey<Reference>(
      "pool", .reference(.pool), required: true, rest: .custom("poolInfo.poolId"), "The pool the tasks run on.")
    package static let displayName = Schema.displayName
    package static let priority = AttributeKey<Int64>(
      "priority", default: 0, rest: "priority", "From -1000 (lowest) to 1000 (highest).")
    package static let maxParallelTasks = AttributeKey<Int64>(
      "max_parallel_tasks", default: -1, rest: "maxParallelTasks",
      "How many tasks may run at once: `-1` for no limit, else at least 1.")
    package static let maxWallClock = Schema.maxWallClock()
    package static let retries = Schema.retries()
    package static let onAllTasksComplete = AttributeKey<OnAllTasksComplete>(
      "on_all_tasks_complete", default: .noAction, rest: "onAllTasksComplete",
      "What happens when every task has completed.")
    package static let onTaskFailure = AttributeKey<OnTaskFailure>(
      "on_task_failure", default: .noAction, rest: "onTaskFailure",
      "What happens when a task fails: nothing, or the job action of its exit conditions.")
    package static let usesTaskDependencies = AttributeKey<Bool>(
      "uses_task_dependencies", rest: .custom("usesTaskDependencies, set when a task has depends_on"),
      "Whether tasks may depend on others. Set by the compiler when any task has `depends_on`.")
    package static let environment = AttributeKey<TextMap>(
      "environment", rest: "commonEnvironmentSettings", "Environment variables set for every task of the job.")
    package static let metadata = Schema.metadata

    package static let prepare = Child<Prepare>()
    package static let release = Child<Release>()
    package static let task = Child<Task>()

    package static let schema = BlockSchema(
      "job", label: .resourceID(.job), repeatable: true, rest: .custom("the add-job body, BatchJobCreateOptions"),
      children: [prepare, release, task],
      "A job: tasks that run on one pool. The label is the job ID: up to 64 letters, digits, hyphens and underscores.",
      attributes: [
        pool.schema, displayName.schema, priority.schema, maxParallelTasks.schema, maxWallClock.schema,
        retries.schema, onAllTasksComplete.schema, onTaskFailure.schema, usesTaskDependencies.schema,
        environment.schema, metadata.schema,
      ])
  }

  /// `prepare`: the job preparation task.
  package enum Prepare: CommandKind {
    package static let command = Schema.command()
    package static let environment = Schema.environment
    package static let elevation = Schema.elevation
    package static let runAs = Schema.runAs
    package static let waitForSuccess = AttributeKey<Bool>(
      "wait_for_success", default: true, rest: "waitForSuccess",
      "Whether the job's tasks wait on a node until preparation succeeds there.")
    package static let rerunOnReboot = AttributeKey<Bool>(
      "rerun_on_reboot", default: true, rest: "rerunOnNodeRebootAfterSuccess",
      "Whether preparation runs again after the node reboots.")
    package static let maxWallClock = Schema.maxWallClock()
    package static let retention = Schema.retention()
    package static let retries = Schema.retries()

    package static let input = Child<Input>()

    package static let schema = BlockSchema(
      "prepare", label: .none, rest: "jobPreparationTask", children: [input],
      atMostOneOf: [[runAs.schema, elevation.schema]],
      "The job preparation task: runs on a node before the job's first task there.",
      attributes: [
        command.schema, environment.schema, elevation.schema, runAs.schema, waitForSuccess.schema,
        rerunOnReboot.schema, maxWallClock.schema, retention.schema, retries.schema,
      ])
  }

  /// `release`: the job release task.
  package enum Release: CommandKind {
    package static let command = Schema.command()
    package static let environment = Schema.environment
    package static let elevation = Schema.elevation
    package static let runAs = Schema.runAs
    package static let maxWallClock = Schema.maxWallClock(default: .minutes(15), rest: "maxWallClockTime")
    package static let retention = Schema.retention(rest: "retentionTime")

    package static let input = Child<Input>()

    package static let schema = BlockSchema(
      "release", label: .none, rest: "jobReleaseTask", children: [input],
      atMostOneOf: [[runAs.schema, elevation.schema]],
      "The job release task: runs when the job ends, on every node that ran the preparation task. Needs a `prepare` block.",
      attributes: [
        command.schema, environment.schema, elevation.schema, runAs.schema, maxWallClock.schema, retention.schema,
      ])
  }

  /// `task`: one command line of a job, or a sweep of them.
  package enum Task: CommandKind {
    package static let id = AttributeKey<String>(
      "id", rest: .custom("id of each sweep member"),
      "In a sweep, the ID pattern of each task, such as `\"frame-${i}\"`. Defaults to `label-value`.")
    package static let command = Schema.command()
    package static let displayName = Schema.displayName
    package static let environment = Schema.environment
    package static let dependsOn = AttributeKey<[Reference]>(
      "depends_on", .list(.reference(.task)), rest: .custom("dependsOn.taskIds"),
      "Tasks of the same job that must succeed first: `[prepare-data]`, a whole sweep `[frame]`, one of it `[frame[3]]` or a range of it `[frame[1..10]]`."
    )
    package static let maxWallClock = Schema.maxWallClock()
    package static let retention = Schema.retention()
    package static let retries = Schema.retries(
      rest: .custom("constraints.maxTaskRetryCount, the job's count when the task sets none"))
    package static let requiredSlots = AttributeKey<Int64>(
      "required_slots", default: 1, rest: "requiredSlots",
      "How many task slots of a node the task takes; at most the pool's `task_slots_per_node`.")
    package static let elevation = Schema.elevation
    package static let scope = Schema.scope
    package static let runAs = Schema.runAs
    package static let applications = Schema.applications

    package static let input = Child<Input>()
    package static let output = Child<Output>()
    package static let exit = Child<ExitCondition>()
    package static let multiInstance = Child<MultiInstance>()

    package static let schema = BlockSchema(
      "task", label: .resourceID(.task), sweep: true, repeatable: true,
      rest: .custom("a task of an add-task-collection body, BatchTaskCreateOptions"),
      children: [input, output, exit, multiInstance],
      atMostOneOf: [[runAs.schema, elevation.schema], [runAs.schema, scope.schema]],
      "A task: one command line. The label is the task ID. `task frame for i in 1..10 { }` is a sweep: one task per value, with IDs `frame-1` ... unless `id` says otherwise.",
      attributes: [
        id.schema, command.schema, displayName.schema, environment.schema, dependsOn.schema, maxWallClock.schema,
        retention.schema, retries.schema, requiredSlots.schema, elevation.schema, scope.schema, runAs.schema,
        applications.schema,
      ])
  }

  /// `multi_instance`: runs a task on several nodes at once.
  package enum MultiInstance: BlockKind {
    package static let instances = AttributeKey<Int64>(
      "instances", required: true, rest: "numberOfInstances", "How many nodes the task uses.")
    package static let coordinationCommand = AttributeKey<String>(
      "coordination_command", rest: "coordinationCommandLine",
      "Runs on every node before the main command, to set up the MPI environment.")

    package static let schema = BlockSchema(
      "multi_instance", label: .none, rest: "multiInstanceSettings",
      "Runs the task on several nodes at once (MPI); the pool needs `inter_node_communication`.",
      attributes: [instances.schema, coordinationCommand.schema])
  }

  /// `exit`: what to do when a task ends a certain way.
  package enum ExitCondition: BlockKind {
    package static let codes = AttributeKey<[Int64]>(
      "codes", rest: .custom("exitCodes[].code"), "The exit codes this applies to.")
    package static let range = AttributeKey<IntegerRange>(
      "range", rest: .custom("exitCodeRanges[]"), "An inclusive range of exit codes: `10..20`.")
    package static let error = AttributeKey<ExitError>(
      "error", rest: .custom("preProcessingError | fileUploadError"),
      "A failure to start (`pre_processing`) or to upload outputs (`file_upload`).")
    package static let jobAction = AttributeKey<JobAction>(
      "job_action", default: JobAction.none, rest: .custom("exitOptions.jobAction"),
      "What happens to the job (needs the job's `on_task_failure = perform_exit_options_job_action`).")
    package static let dependencyAction = AttributeKey<DependencyAction>(
      "dependency_action", rest: .custom("exitOptions.dependencyAction"),
      "Whether tasks that depend on this one may run (`satisfy`) or not (`block`).")

    package static let schema = BlockSchema(
      "exit", label: .none, repeatable: true, rest: .custom("exitConditions"),
      atMostOneOf: [[codes.schema, range.schema, error.schema]],
      "What to do when the task ends with certain exit codes, or fails before or after running. With no selector it is the default for all other exits.",
      attributes: [codes.schema, range.schema, error.schema, jobAction.schema, dependencyAction.schema])
  }

  /// `input`: a file or directory downloaded before a command runs.
  package enum Input: BlockKind {
    package static let blob = AttributeKey<BlobReference>(
      "blob", rest: .custom("httpUrl (a blob URL)"), "One blob: `data.scenes[\"scene.blend\"]`.")
    package static let container = AttributeKey<ContainerReference>(
      "container", rest: .custom("autoStorageContainerName | storageContainerUrl"),
      "A whole container (or the part under `prefix`): `data.scenes`.")
    package static let prefix = AttributeKey<String>(
      "prefix", rest: "blobPrefix", "With `container`, only blobs whose names start with this.")
    package static let url = AttributeKey<String>("url", rest: "httpUrl", "An HTTP(S) URL to download.")
    package static let fileMode = AttributeKey<String>(
      "file_mode", rest: "fileMode", "The Linux file mode in octal, such as `\"0755\"`.")

    package static let schema = BlockSchema(
      "input", label: .text("destination path in the working directory", required: false), repeatable: true,
      rest: .custom("resourceFiles[]"), exactlyOneOf: [[blob.schema, container.schema, url.schema]],
      "A file or directory downloaded to the node before the command runs. The label is where it goes, relative to the working directory.",
      attributes: [blob.schema, container.schema, prefix.schema, url.schema, fileMode.schema])
  }

  /// `output`: files uploaded after a task ends.
  package enum Output: BlockKind {
    package static let container = AttributeKey<ContainerReference>(
      "container", required: true, rest: .custom("destination.container.containerUrl"),
      "Where to upload: `data.frames`.")
    package static let path = AttributeKey<String>(
      "path", rest: "destination.container.path", "The blob name, or the virtual directory for a pattern.")
    package static let when = AttributeKey<UploadCondition>(
      "when", default: .success, rest: "uploadOptions.uploadCondition",
      "Upload after the task succeeds, fails, or in either case.")

    package static let schema = BlockSchema(
      "output", label: .text("file pattern, such as `\"out/*.png\"`", required: true), repeatable: true,
      rest: .custom("outputFiles[]"),
      "Files uploaded after the command ends. The label is a pattern relative to the working directory (`*`, `**`, `?`).",
      attributes: [container.schema, path.schema, when.schema])
  }
}
