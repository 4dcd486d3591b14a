// The schema of jobs, tasks and task files.

extension Schema {
  static let job = BlockSchema(
    "job", label: .resourceID(.job), repeatable: true, rest: "JobAddParameter",
    children: ["prepare", "release", "task"],
    "A job: tasks that run on one pool. The label is the job ID: up to 64 letters, digits, hyphens and underscores.",
    attributes: [
      AttributeSchema("pool", .reference(.pool), required: true, rest: "poolInfo.poolId", "The pool the tasks run on."),
      displayName,
      AttributeSchema(
        "priority", .integer, default: "0", rest: "priority", "From -1000 (lowest) to 1000 (highest)."),
      AttributeSchema(
        "max_parallel_tasks", .integer, default: "-1", rest: "maxParallelTasks",
        "How many tasks may run at once: `-1` for no limit, else at least 1."),
      maxWallClock(),
      retries(),
      AttributeSchema(
        "on_all_tasks_complete", .enumeration(["no_action", "terminate_job"]), default: "no_action",
        rest: "onAllTasksComplete", "What happens when every task has completed."),
      AttributeSchema(
        "on_task_failure", .enumeration(["no_action", "perform_exit_options_job_action"]), default: "no_action",
        rest: "onTaskFailure", "What happens when a task fails: nothing, or the job action of its exit conditions."),
      AttributeSchema(
        "uses_task_dependencies", .boolean, rest: "usesTaskDependencies",
        "Whether tasks may depend on others. Set by the compiler when any task has `depends_on`."),
      AttributeSchema(
        "environment", .map(.scalarText), rest: "commonEnvironmentSettings",
        "Environment variables set for every task of the job."),
      metadata,
    ])

  static let prepare = BlockSchema(
    "prepare", label: .none, rest: "jobPreparationTask", children: ["input"],
    atMostOneOf: [["run_as", "elevation"]],
    "The job preparation task: runs on a node before the job's first task there.",
    attributes: [
      command(), environment, elevation, runAs,
      AttributeSchema(
        "wait_for_success", .boolean, default: "true", rest: "waitForSuccess",
        "Whether the job's tasks wait on a node until preparation succeeds there."),
      AttributeSchema(
        "rerun_on_reboot", .boolean, default: "true", rest: "rerunOnNodeRebootAfterSuccess",
        "Whether preparation runs again after the node reboots."),
      maxWallClock(), retention(), retries(),
    ])

  static let release = BlockSchema(
    "release", label: .none, rest: "jobReleaseTask", children: ["input"],
    atMostOneOf: [["run_as", "elevation"]],
    "The job release task: runs when the job ends, on every node that ran the preparation task. Needs a `prepare` block.",
    attributes: [
      command(), environment, elevation, runAs,
      maxWallClock(default: "15m", rest: "maxWallClockTime"), retention(rest: "retentionTime"),
    ])

  static let task = BlockSchema(
    "task", label: .resourceID(.task), sweep: true, repeatable: true, rest: "TaskAddParameter",
    children: ["input", "output", "exit", "multi_instance"],
    atMostOneOf: [["run_as", "elevation"], ["run_as", "scope"]],
    "A task: one command line. The label is the task ID. `task frame for i in 1..10 { }` is a sweep: one task per value, with IDs `frame-1` ... unless `id` says otherwise.",
    attributes: [
      AttributeSchema(
        "id", .string, rest: "id",
        "In a sweep, the ID pattern of each task, such as `\"frame-${i}\"`. Defaults to `label-value`."),
      command(), displayName, environment,
      AttributeSchema(
        "depends_on", .list(.reference(.task)), rest: "dependsOn.taskIds",
        "Tasks of the same job that must succeed first: `[prepare-data]`, a whole sweep `[frame]`, one of it `[frame[3]]` or a range of it `[frame[1..10]]`."
      ),
      maxWallClock(), retention(), retries(),
      AttributeSchema(
        "required_slots", .integer, default: "1", rest: "requiredSlots",
        "How many task slots of a node the task takes; at most the pool's `task_slots_per_node`."),
      elevation, scope, runAs, applications,
    ])

  static let multiInstance = BlockSchema(
    "multi_instance", label: .none, rest: "multiInstanceSettings",
    "Runs the task on several nodes at once (MPI); the pool needs `inter_node_communication`.",
    attributes: [
      AttributeSchema(
        "instances", .integer, required: true, rest: "numberOfInstances", "How many nodes the task uses."),
      AttributeSchema(
        "coordination_command", .string, rest: "coordinationCommandLine",
        "Runs on every node before the main command, to set up the MPI environment."),
    ])

  static let exitCondition = BlockSchema(
    "exit", label: .none, repeatable: true, rest: "exitConditions", atMostOneOf: [["codes", "range", "error"]],
    "What to do when the task ends with certain exit codes, or fails before or after running. With no selector it is the default for all other exits.",
    attributes: [
      AttributeSchema("codes", .list(.integer), rest: "exitCodes[].code", "The exit codes this applies to."),
      AttributeSchema("range", .integerRange, rest: "exitCodeRanges[]", "An inclusive range of exit codes: `10..20`."),
      AttributeSchema(
        "error", .enumeration(["pre_processing", "file_upload"]), rest: "preProcessingError | fileUploadError",
        "A failure to start (`pre_processing`) or to upload outputs (`file_upload`)."),
      AttributeSchema(
        "job_action", .enumeration(["none", "disable", "terminate"]), default: "none", rest: "exitOptions.jobAction",
        "What happens to the job (needs the job's `on_task_failure = perform_exit_options_job_action`)."),
      AttributeSchema(
        "dependency_action", .enumeration(["satisfy", "block"]), rest: "exitOptions.dependencyAction",
        "Whether tasks that depend on this one may run (`satisfy`) or not (`block`)."),
    ])

  static let input = BlockSchema(
    "input", label: .text("destination path in the working directory", required: false), repeatable: true,
    rest: "resourceFiles", exactlyOneOf: [["blob", "container", "url"]],
    "A file or directory downloaded to the node before the command runs. The label is where it goes, relative to the working directory.",
    attributes: [
      AttributeSchema(
        "blob", .blob, rest: "storageContainerUrl + blobPrefix", "One blob: `data.scenes[\"scene.blend\"]`."),
      AttributeSchema(
        "container", .container, rest: "autoStorageContainerName | storageContainerUrl",
        "A whole container (or the part under `prefix`): `data.scenes`."),
      AttributeSchema(
        "prefix", .string, rest: "blobPrefix", "With `container`, only blobs whose names start with this."),
      AttributeSchema("url", .string, rest: "httpUrl", "An HTTP(S) URL to download."),
      AttributeSchema("file_mode", .string, rest: "fileMode", "The Linux file mode in octal, such as `\"0755\"`."),
    ])

  static let output = BlockSchema(
    "output", label: .text("file pattern, such as `\"out/*.png\"`", required: true), repeatable: true,
    rest: "outputFiles",
    "Files uploaded after the command ends. The label is a pattern relative to the working directory (`*`, `**`, `?`).",
    attributes: [
      AttributeSchema(
        "container", .container, required: true, rest: "destination.container.containerUrl",
        "Where to upload: `data.frames`."),
      AttributeSchema(
        "path", .string, rest: "destination.container.path", "The blob name, or the virtual directory for a pattern."),
      AttributeSchema(
        "when", .enumeration(["success", "failure", "completion"]), default: "success",
        rest: "uploadOptions.uploadCondition", "Upload after the task succeeds, fails, or in either case."),
    ])
}
