// The schema of jobs, tasks and task files.

extension Schema {
  /// `job`: tasks that run on one pool.
  package enum Job: BlockKind {
    package static let pool = AttributeKey<Reference>(
      "pool", .reference(.pool), required: true, rest: .custom("poolInfo.poolId", names: ["poolInfo.poolId"]),
      "The pool the tasks run on.")
    package static let displayName = Schema.displayName
    package static let priority = AttributeKey<Int64>(
      "priority", default: 0, rest: "priority", "From -1000 (lowest) to 1000 (highest).")
    package static let maxParallelTasks = AttributeKey<Int64>(
      "max_parallel_tasks", default: -1, rest: "maxParallelTasks",
      "How many tasks may run at once: `-1` for no limit, else at least 1.")
    package static let maxWallClock = Schema.maxWallClock(
      "The longest the job may run, counted from its creation; after that, Batch terminates it and its running tasks. Unlimited when not set."
    )
    package static let retries = Schema.retries()
    package static let onAllTasksComplete = AttributeKey<OnAllTasksComplete>(
      "on_all_tasks_complete", default: .noAction, rest: "onAllTasksComplete",
      "What happens when every task has completed.")
    package static let onTaskFailure = AttributeKey<OnTaskFailure>(
      "on_task_failure", default: .noAction, rest: "onTaskFailure",
      "What happens when a task fails: nothing, or the job action of its exit conditions.")
    package static let usesTaskDependencies = AttributeKey<Bool>(
      "uses_task_dependencies",
      rest: .custom(
        "usesTaskDependencies, set when a task has depends_on or a dependency_action", names: ["usesTaskDependencies"]),
      "Whether tasks may depend on others. Set by the compiler when any task has `depends_on` or a `dependency_action`."
    )
    package static let environment = AttributeKey<TextMap>(
      "environment", rest: "commonEnvironmentSettings", "Environment variables set for every task of the job.")
    package static let allowPreemption = AttributeKey<Bool>(
      "allow_preemption", rest: "allowTaskPreemption",
      "Whether the job's tasks may be preempted by tasks of higher-priority jobs.")
    package static let subnet = AttributeKey<String>(
      "subnet", rest: "networkConfiguration.subnetId",
      "The resource ID of the subnet the job's tasks run in (pools with `dynamic_vnet_scope = job`).")
    package static let skipWithdrawFromVNet = AttributeKey<Bool>(
      "skip_withdraw_from_vnet", rest: "networkConfiguration.skipWithdrawFromVNet",
      "Whether nodes stay in the job's subnet after it ends.")
    package static let metadata = Schema.metadata

    package static let prepare = Child<Prepare>()
    package static let release = Child<Release>()
    package static let manager = Child<Manager>()
    package static let task = Child<Task>()

    package static let schema = BlockSchema(
      "job", label: .resourceID(.job), repeatable: true,
      rest: .custom("the add-job body, BatchJobCreateOptions", names: []),
      children: [prepare, release, manager, task],
      "A job: tasks that run on one pool. The label is the job ID: up to 64 letters, digits, hyphens and underscores.",
      attributes: [
        pool.schema, displayName.schema, priority.schema, maxParallelTasks.schema, maxWallClock.schema,
        retries.schema, onAllTasksComplete.schema, onTaskFailure.schema, usesTaskDependencies.schema,
        environment.schema, allowPreemption.schema, subnet.schema, skipWithdrawFromVNet.schema, metadata.schema,
      ])
  }

  /// `prepare`: the job preparation task.
  package enum Prepare: CommandKind {
    package static let id = AttributeKey<String>(
      "id", rest: "id", "The preparation task's ID on the nodes (`jobpreparation` when not set).")
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
    package static let container = Child<TaskContainer>()

    package static let schema = BlockSchema(
      "prepare", label: .none, rest: "jobPreparationTask", children: [input, container],
      atMostOneOf: [[runAs.schema, elevation.schema]],
      "The job preparation task: runs on a node before the job's first task there.",
      attributes: [
        id.schema, command.schema, environment.schema, elevation.schema, runAs.schema, waitForSuccess.schema,
        rerunOnReboot.schema, maxWallClock.schema, retention.schema, retries.schema,
      ])
  }

  /// `release`: the job release task.
  package enum Release: CommandKind {
    package static let id = AttributeKey<String>(
      "id", rest: "id", "The release task's ID on the nodes (`jobrelease` when not set).")
    package static let command = Schema.command()
    package static let environment = Schema.environment
    package static let elevation = Schema.elevation
    package static let runAs = Schema.runAs
    package static let maxWallClock = Schema.maxWallClock(default: .minutes(15), rest: "maxWallClockTime")
    package static let retention = Schema.retention(rest: "retentionTime")

    package static let input = Child<Input>()
    package static let container = Child<TaskContainer>()

    package static let schema = BlockSchema(
      "release", label: .none, rest: "jobReleaseTask", children: [input, container],
      atMostOneOf: [[runAs.schema, elevation.schema]],
      "The job release task: runs when the job ends, on every node that ran the preparation task. Needs a `prepare` block.",
      attributes: [
        id.schema, command.schema, environment.schema, elevation.schema, runAs.schema, maxWallClock.schema,
        retention.schema,
      ])
  }

  /// `task`: one command line of a job, or a sweep of them.
  package enum Task: CommandKind {
    package static let id = AttributeKey<String>(
      "id", rest: .custom("id of each sweep member", names: ["id"]),
      "In a sweep, the ID pattern of each task, such as `\"frame-${i}\"`. Defaults to `label-value`.")
    package static let command = Schema.command()
    package static let displayName = Schema.displayName
    package static let environment = Schema.environment
    package static let dependsOn = AttributeKey<[Reference]>(
      "depends_on", .list(.reference(.task)),
      rest: .custom(
        "dependsOn.taskIds, and taskIdRanges for numeric IDs that follow each other",
        names: ["dependsOn.taskIds", "dependsOn.taskIdRanges"]),
      "Tasks of the same job that must succeed first: `[prepare-data]`, a whole sweep `[frame]`, one of it `[frame[3]]`, a range of it `[frame[1..10]]`, or a task whose ID is no name by its ID in quotes `[\"7\"]`."
    )
    package static let maxWallClock = Schema.maxWallClock()
    package static let expectedDuration = AttributeKey<Milliseconds>(
      "expected_duration", rest: .local("how long the task should run, for `batchspec estimate`"),
      "How long the task is expected to run, such as `20m`: what `batchspec estimate` schedules it for (with a local run's measured durations, `--from-run`, taking precedence); a task without one is counted as 0. Not sent to Azure."
    )
    package static let retention = Schema.retention()
    package static let retries = Schema.retries(
      rest: .custom(
        "constraints.maxTaskRetryCount, the job's count when the task sets none",
        names: ["constraints.maxTaskRetryCount"]))
    package static let requiredSlots = AttributeKey<Int64>(
      "required_slots", default: 1, rest: "requiredSlots",
      "How many task slots of a node the task takes; at most the pool's `task_slots_per_node`.")
    package static let elevation = Schema.elevation
    package static let scope = Schema.scope
    package static let runAs = Schema.runAs
    package static let applications = Schema.applications
    package static let affinity = AttributeKey<String>(
      "affinity", rest: "affinityInfo.affinityId",
      "The affinity ID of a node (or a previous task) the task should run on if it is free.")

    package static let input = Child<Input>()
    package static let output = Child<Output>()
    package static let exit = Child<ExitCondition>()
    package static let multiInstance = Child<MultiInstance>()
    package static let container = Child<TaskContainer>()

    package static let schema = BlockSchema(
      "task", label: .resourceID(.task), sweep: true, repeatable: true,
      rest: .custom("a task of an add-task-collection body, BatchTaskCreateOptions", names: []),
      children: [input, output, exit, multiInstance, container],
      atMostOneOf: [[runAs.schema, elevation.schema], [runAs.schema, scope.schema]],
      "A task: one command line. The label is the task ID. `task frame for i in 1..10 { }` is a sweep: one task per value, with IDs `frame-1` ... unless `id` says otherwise.",
      attributes: [
        id.schema, command.schema, displayName.schema, environment.schema, dependsOn.schema, maxWallClock.schema,
        expectedDuration.schema, retention.schema, retries.schema, requiredSlots.schema, elevation.schema,
        scope.schema, runAs.schema, applications.schema, affinity.schema,
      ])
  }

  /// `multi_instance`: runs a task on several nodes at once.
  package enum MultiInstance: BlockKind {
    package static let instances = AttributeKey<Int64>(
      "instances", required: true, bounds: 1...Int64.max, rest: "numberOfInstances", "How many nodes the task uses.")
    package static let coordinationCommand = AttributeKey<String>(
      "coordination_command", rest: "coordinationCommandLine",
      "Runs on every node before the main command, to set up the MPI environment. Its `input` blocks are downloaded on every node."
    )

    package static let input = Child<Input>(rest: .custom("commonResourceFiles[]", names: ["commonResourceFiles[]"]))

    package static let schema = BlockSchema(
      "multi_instance", label: .none, rest: "multiInstanceSettings", children: [input],
      "Runs the task on several nodes at once (MPI); the pool needs `inter_node_communication`.",
      attributes: [instances.schema, coordinationCommand.schema])
  }

  /// `exit`: what to do when a task ends a certain way.
  package enum ExitCondition: BlockKind {
    package static let codes = AttributeKey<[Int64]>(
      "codes", rest: .custom("exitCodes[].code", names: ["exitCodes[].code"]), "The exit codes this applies to.")
    package static let range = AttributeKey<IntegerRange>(
      "range", rest: .custom("exitCodeRanges[]", names: ["exitCodeRanges[]"]),
      "An inclusive range of exit codes: `10..20`.")
    package static let error = AttributeKey<ExitError>(
      "error", rest: .custom("preProcessingError | fileUploadError", names: ["preProcessingError", "fileUploadError"]),
      "A failure to start (`pre_processing`) or to upload outputs (`file_upload`).")
    package static let jobAction = AttributeKey<JobAction>(
      "job_action", rest: .custom("exitOptions.jobAction", names: ["exitOptions.jobAction"]),
      "What happens to the job (needs the job's `on_task_failure = perform_exit_options_job_action`). Batch's default: `none` for exit code 0 alone, `terminate` for every other exit."
    )
    package static let dependencyAction = AttributeKey<DependencyAction>(
      "dependency_action", rest: .custom("exitOptions.dependencyAction", names: ["exitOptions.dependencyAction"]),
      "Whether tasks that depend on this one may run (`satisfy`) or not (`block`).")

    package static let schema = BlockSchema(
      "exit", label: .none, repeatable: true, rest: .custom("exitConditions", names: ["exitConditions"]),
      atMostOneOf: [[codes.schema, range.schema, error.schema]],
      "What to do when the task ends with certain exit codes, or fails before or after running. With no selector it is the default for all other exits.",
      attributes: [codes.schema, range.schema, error.schema, jobAction.schema, dependencyAction.schema])
  }

  /// `input`: a file or directory downloaded before a command runs.
  package enum Input: BlockKind {
    package static let blob = AttributeKey<BlobReference>(
      "blob", rest: .custom("httpUrl (a blob URL)", names: ["httpUrl"]), "One blob: `data.scenes[\"scene.blend\"]`.")
    package static let container = AttributeKey<ContainerReference>(
      "container",
      rest: .custom(
        "autoStorageContainerName | storageContainerUrl", names: ["autoStorageContainerName", "storageContainerUrl"]),
      "A whole container (or the part under `prefix`): `data.scenes`.")
    package static let prefix = AttributeKey<String>(
      "prefix", rest: "blobPrefix", "With `container` or `container_url`, only blobs whose names start with this.")
    package static let url = AttributeKey<String>("url", rest: "httpUrl", "An HTTP(S) URL to download.")
    package static let containerURL = AttributeKey<String>(
      "container_url", rest: "storageContainerUrl",
      "A whole container by its URL, for a container outside the project's storage accounts (a public one, or one whose URL carries its own access)."
    )
    package static let fileMode = AttributeKey<String>(
      "file_mode", rest: "fileMode", "The Linux file mode in octal, such as `\"0755\"`.")

    package static let schema = BlockSchema(
      "input", label: .text("destination path in the working directory", required: false), repeatable: true,
      rest: .custom("resourceFiles[]", names: ["resourceFiles[]"]),
      exactlyOneOf: [[blob.schema, container.schema, url.schema, containerURL.schema]],
      "A file or directory downloaded to the node before the command runs. The label is where it goes, relative to the working directory.",
      attributes: [blob.schema, container.schema, prefix.schema, url.schema, containerURL.schema, fileMode.schema])
  }

  /// `output`: files uploaded after a task ends.
  package enum Output: BlockKind {
    package static let container = AttributeKey<ContainerReference>(
      "container", required: true,
      rest: .custom("destination.container.containerUrl", names: ["destination.container.containerUrl"]),
      "Where to upload: `data.frames`.")
    package static let path = AttributeKey<String>(
      "path", rest: "destination.container.path", "The blob name, or the virtual directory for a pattern.")
    package static let when = AttributeKey<UploadCondition>(
      "when", default: .success, sendDefault: .always, rest: "uploadOptions.uploadCondition",
      "Upload after the task succeeds, fails, or in either case.")
    package static let headers = AttributeKey<TextMap>(
      "headers", rest: "destination.container.uploadHeaders",
      "HTTP headers stored with the uploaded blobs, such as `{ \"Content-Type\" = \"image/png\" }`.")

    package static let schema = BlockSchema(
      "output", label: .text("file pattern, such as `\"out/*.png\"`", required: true), repeatable: true,
      rest: .custom("outputFiles[]", names: ["outputFiles[]"]),
      "Files uploaded after the command ends. The label is a pattern relative to the working directory (`*`, `**`, `?`).",
      attributes: [container.schema, path.schema, when.schema, headers.schema])
  }
}

extension Schema {
  /// `manager`: the job manager task, started first, which runs the job.
  package enum Manager: CommandKind {
    package static let command = Schema.command()
    package static let displayName = Schema.displayName
    package static let environment = Schema.environment
    package static let maxWallClock = Schema.maxWallClock()
    package static let retention = Schema.retention()
    package static let retries = Schema.retries()
    package static let requiredSlots = AttributeKey<Int64>(
      "required_slots", default: 1, rest: "requiredSlots", "How many task slots of a node the manager takes.")
    package static let killJobOnCompletion = AttributeKey<Bool>(
      "kill_job_on_completion", default: true, rest: "killJobOnCompletion",
      "Whether the job ends when the manager does: set it to `false` when the manager only adds tasks.")
    package static let runExclusive = AttributeKey<Bool>(
      "run_exclusive", default: true, rest: "runExclusive",
      "Whether the manager has its node to itself (no other task runs there while it does).")
    package static let allowSpot = AttributeKey<Bool>(
      "allow_spot", default: true, rest: "allowLowPriorityNode", "Whether the manager may run on a spot node.")
    package static let elevation = Schema.elevation
    package static let scope = Schema.scope
    package static let runAs = Schema.runAs
    package static let applications = Schema.applications
    package static let expectedDuration = Task.expectedDuration

    package static let input = Child<Input>()
    package static let output = Child<Output>()
    package static let container = Child<TaskContainer>()

    package static let schema = BlockSchema(
      "manager", label: .resourceID(.task), rest: "jobManagerTask", labelRest: "id",
      children: [input, output, container],
      atMostOneOf: [[runAs.schema, elevation.schema], [runAs.schema, scope.schema]],
      "The job manager task: runs when the job starts, and typically adds the job's tasks. The label is its task ID. With `kill_job_on_completion` (the default) the job ends when it does.",
      attributes: [
        command.schema, displayName.schema, environment.schema, maxWallClock.schema, retention.schema, retries.schema,
        requiredSlots.schema, killJobOnCompletion.schema, runExclusive.schema, allowSpot.schema, elevation.schema,
        scope.schema, runAs.schema, applications.schema, expectedDuration.schema,
      ])
  }

  /// `container`: the container a task's command runs in.
  package enum TaskContainer: BlockKind {
    package static let image = AttributeKey<String>(
      "image", required: true, rest: "imageName", "The image, such as `\"myregistry.azurecr.io/render:2.1\"`.")
    package static let options = AttributeKey<String>(
      "options", rest: "containerRunOptions", "Extra `docker create` options, such as `\"--rm --shm-size=1g\"`.")
    package static let workingDirectory = AttributeKey<ContainerWorkingDirectory>(
      "working_directory", default: .taskWorkingDirectory, rest: "workingDirectory",
      "Where the command starts: the task's working directory (`task_working_directory`) or the image's (`container_image_default`)."
    )
    package static let mounts = AttributeKey<[ContainerHostPath]>(
      "mounts",
      rest: .custom("containerHostBatchBindMounts[] with isReadOnly false", names: ["containerHostBatchBindMounts[]"]),
      "Node directories bound into the container: `shared`, `startup`, `vfs_mounts`, `task`, `job_prep`, `applications`. Without it, Batch binds the whole node root directory (`AZ_BATCH_NODE_ROOT_DIR`) at the same path."
    )
    package static let readOnlyMounts = AttributeKey<[ContainerHostPath]>(
      "read_only_mounts",
      rest: .custom("containerHostBatchBindMounts[] with isReadOnly true", names: ["containerHostBatchBindMounts[]"]),
      "Node directories bound into the container read-only.")

    package static let registry = Child<Registry>()

    package static let schema = BlockSchema(
      "container", label: .none, rest: "containerSettings", children: [registry],
      "Runs the command in a container of `image` (the pool needs a `containers` block). The command line is passed to the container as is.",
      attributes: [image.schema, options.schema, workingDirectory.schema, mounts.schema, readOnlyMounts.schema])
  }
}
