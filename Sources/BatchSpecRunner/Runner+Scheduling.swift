// Starting work: start tasks per node, job preparation before a node's first task of a job,
// tasks on the node with room (spread or pack), release tasks when a job ends.

import BatchSpecCore
import BatchSpecPlan
import FoundationEssentials
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Runner {
  /// Creates a node's directories (`startup/`, `shared/`, `applications/`, `fsmounts/`,
  /// `workitems/`) and its pool's mounts. A blobfuse mount of a storage container is a link to
  /// that container's directory; a mount the runner cannot make leaves the node unusable, as a
  /// failed mount does on Batch.
  func prepareNode(_ node: Node) {
    do throws(FileError) {
      let root = try openWork(node.root, create: true)
      defer { close(root) }
      for directory in ["startup", "shared", "applications", "workitems"] {
        close(try SafeFiles.openDirectory(root, [directory], create: true, what: "node directory"))
      }
      let mounts = try SafeFiles.openDirectory(root, ["fsmounts"], create: true, what: "node directory")
      defer { close(mounts) }
      for mount in plan.pools[node.pool].mounts ?? [] { try storage.mount(mount, under: mounts) }
    } catch {
      node.unusableReason = error.description
      node.isUsable = false
      notes.append("the node \(node.id) is unusable: \(error.description)")
    }
  }

  /// Starts what may start now.
  func schedule(_ now: Double) {
    for job in jobs where job.isAcceptingTasks && job.hasReady {
      let limit = job.plan.maxParallelTasks
      let pool = plan.pools[job.pool]
      while job.hasReady, job.isAcceptingTasks, limit < 0 || job.running < limit {
        let taskIndex = job.ready[job.readyHead]
        let task = job.tasks[taskIndex]
        let slots = slotsTaken(by: task, of: job)
        if slots > pool.taskSlotsPerNode {
          job.readyHead += 1
          fail(
            job, taskIndex, now: now,
            message: "needs \(slots) slots but nodes of pool `\(pool.id)` have \(pool.taskSlotsPerNode)")
          continue
        }
        let dedicatedOnly = task.isManager && job.plan.manager?.allowLowPriorityNode == false
        if dedicatedOnly && !poolNodes[job.pool].contains(where: { nodes[$0].isDedicated }) {
          job.readyHead += 1
          fail(
            job, taskIndex, now: now,
            message:
              "not run: it may not run on a spot node and the pool has no other (on Batch it would wait, queued)",
            status: .skipped)
          continue
        }
        let instances = max(task.plan.multiInstance?.numberOfInstances ?? 1, 1)
        if instances > poolNodes[job.pool].count {
          job.readyHead += 1
          fail(
            job, taskIndex, now: now,
            message:
              "needs \(instances) nodes at once (`multi_instance`) but pool `\(pool.id)` has \(poolNodes[job.pool].count) here"
          )
          continue
        }
        guard let nodeIndex = pickNode(for: job, slots: slots, fill: pool.nodeFill, dedicatedOnly: dedicatedOnly),
          let subtaskNodes = subtaskNodes(for: job, besides: nodeIndex, count: instances - 1, slots: slots)
        else {
          // A multi-instance task needs nodes prepared for it besides those that can take it now.
          let missing =
            instances > 1
            ? instances - poolNodes[job.pool].filter { canTake(job, slots: slots, on: nodes[$0]) }.count : 0
          prepareMoreNodes(job, atLeast: missing)
          break
        }
        job.readyHead += 1
        startTask(job, taskIndex, on: nodeIndex, subtaskNodes: subtaskNodes, now: now)
      }
      if job.readyHead > 1024 && job.readyHead * 2 > job.ready.count {
        job.ready.removeFirst(job.readyHead)
        job.readyHead = 0
      }
    }
  }

  /// The node to run a task of `job` on: the one with the most free slots (`spread`) or the
  /// fewest that still fit (`pack`) among nodes ready for the job (its preparation succeeded, or
  /// need not be waited for: then it starts here first). Nil when no node can take it now.
  private func pickNode(for job: JobRun, slots: Int, fill: NodeFill, dedicatedOnly: Bool) -> Int? {
    let preparation = job.plan.preparationTask
    var best: Int?
    for index in poolNodes[job.pool] {
      let node = nodes[index]
      guard canTake(job, slots: slots, on: node), node.isDedicated || !dedicatedOnly else { continue }
      if let current = best {
        if fill.prefers(freeSlots: node.freeSlots, over: nodes[current].freeSlots) { best = index }
      } else {
        best = index
      }
    }
    if let best, let preparation, (nodes[best].preparation[job.index] ?? .notRun) == .notRun {
      startPreparation(job, preparation, on: best)
    }
    return best
  }

  /// Whether `node` can take a task of `job` that needs `slots` now: it is usable, has the slots
  /// free, and the job's preparation succeeded there or need not be waited for.
  private func canTake(_ job: JobRun, slots: Int, on node: Node) -> Bool {
    guard node.isUsable, node.freeSlots >= slots else { return false }
    guard let preparation = job.plan.preparationTask, preparation.waitForSuccess else { return true }
    return node.preparation[job.index] == .succeeded
  }

  /// The nodes of a multi-instance task's subtasks besides its primary's: `count` other nodes of
  /// the job's pool that can take `slots` now, each reserved for the whole task as Batch does
  /// (preparation starts where it has not run); nil when fewer can.
  private func subtaskNodes(for job: JobRun, besides primary: Int, count: Int, slots: Int) -> [Int]? {
    guard count > 0 else { return [] }
    let chosen = Array(
      poolNodes[job.pool].lazy.filter { $0 != primary && self.canTake(job, slots: slots, on: self.nodes[$0]) }
        .prefix(count))
    guard chosen.count == count else { return nil }
    if let preparation = job.plan.preparationTask {
      for index in chosen where (nodes[index].preparation[job.index] ?? .notRun) == .notRun {
        startPreparation(job, preparation, on: index)
      }
    }
    return chosen
  }

  /// The slots a task takes on its node: its `required_slots`, or all of them for a manager that
  /// runs exclusively (no other task runs on its node while it does).
  func slotsTaken(by task: TaskRun, of job: JobRun) -> Int {
    if task.isManager, job.plan.manager?.runExclusive == true { return max(plan.pools[job.pool].taskSlotsPerNode, 1) }
    return max(task.plan.requiredSlots, 1)
  }

  /// Starts the job's preparation (when tasks wait for it) on more nodes, as many as there are
  /// ready tasks no prepared node can take now, or the `atLeast` nodes the next one needs at once
  /// (a multi-instance task's), so nodes are prepared in parallel.
  private func prepareMoreNodes(_ job: JobRun, atLeast: Int) {
    guard let preparation = job.plan.preparationTask, preparation.waitForSuccess else { return }
    let waiting = max(job.ready.count - job.readyHead, atLeast)
    var preparing = poolNodes[job.pool].filter { nodes[$0].preparation[job.index] == .running }.count
    for index in poolNodes[job.pool] where preparing < waiting {
      let node = nodes[index]
      guard node.isUsable, (node.preparation[job.index] ?? .notRun) == .notRun else { continue }
      startPreparation(job, preparation, on: index)
      preparing += 1
    }
  }

  /// Tasks that can never start (no usable node, waiting on dependencies that cannot complete)
  /// fail once nothing is running.
  func failUnschedulable(_ now: Double) {
    for job in jobs where job.isAcceptingTasks && job.unfinished > 0 {
      let usable = poolNodes[job.pool].contains { index in
        nodes[index].isUsable
          && (job.plan.preparationTask.map { !$0.waitForSuccess || nodes[index].preparation[job.index] != .failed }
            ?? true)
      }
      let reason = poolNodes[job.pool].lazy.compactMap { self.nodes[$0].unusableReason }.first
      let placement =
        job.plan.preparationTask != nil && poolNodes[job.pool].contains(where: { nodes[$0].isUsable })
        ? "the job preparation task failed on every node"
        : "no node of pool `\(job.plan.pool)` is usable (\(reason ?? "its start task failed"))"
      for (index, task) in job.tasks.enumerated() where task.status == .ready || task.status == .waiting {
        if task.status == .waiting {
          fail(
            job, index, now: now, message: "not run: its dependencies can never complete (a cycle?)", status: .blocked)
        } else {
          // On Batch such a task stays queued, waiting for a node: it never started, so it did not fail.
          fail(
            job, index, now: now,
            message: "not run: \(usable ? "no node could take it" : placement) (on Batch it would wait, queued)",
            status: .skipped)
        }
      }
      job.ready.removeAll()
      job.readyHead = 0
    }
  }

  /// Ends jobs whose tasks are all done: runs release tasks on the nodes that ran preparation and
  /// then a task of the job, as Batch does, or whose preparation succeeded (it ran ahead of a task
  /// another node took; its work is undone). Not where a failed preparation kept the job's tasks
  /// away: Batch runs no release there.
  func finishJobs(_ now: Double) {
    for job in jobs where job.status != .done && job.status != .releasing && job.running == 0 {
      guard job.unfinished == 0 || job.status != .active else { continue }
      if retryEarlierPreparations(job) { continue }
      // A preparation still running on some node finishes before the release starts there.
      if poolNodes[job.pool].contains(where: { nodes[$0].preparation[job.index] == .running }) { continue }
      for (index, task) in job.tasks.enumerated() where !task.status.isFinal {
        fail(job, index, now: now, message: "not run: \(job.reason ?? "the job ended")", status: .skipped)
      }
      job.status = .releasing
      if let release = job.plan.releaseTask {
        for index in poolNodes[job.pool]
        where nodes[index].preparation[job.index] == .succeeded
          || (nodes[index].preparation[job.index] == .failed && nodes[index].jobsRun.contains(job.index))
          || retriesRelease(job, on: nodes[index])
        {
          startRelease(job, release, on: index)
        }
      }
      if job.releasesRunning == 0 { job.status = .done }
      reporter.event(
        "job-end", at: now, [("job", .string(job.id)), ("reason", job.reason.map { .string($0) })])
    }
  }

  /// Terminates jobs past their own wall-clock limit.
  func checkJobDeadlines(_ now: Double) {
    for job in jobs where job.status == .active || job.status == .disabled {
      if let deadline = job.deadline, now >= deadline, job.unfinished > 0 {
        terminate(job, reason: "the job exceeded its max_wall_clock", now: now)
      }
    }
  }

  // MARK: Starting processes

  func startStartTask(_ nodeIndex: Int) {
    let node = nodes[nodeIndex]
    guard let start = plan.pools[node.pool].startTask else { return }
    node.start = .running
    let directory = node.root + "/startup"
    launch(
      .start(node: nodeIndex), node: nodeIndex, slots: 0, taskDirectory: directory,
      command: Command(
        line: start.commandLine, identity: start.userIdentity, container: start.container,
        environment: environment(
          node: node, job: nil, taskID: nil, taskDirectory: directory, identity: start.userIdentity,
          extra: start.environment)),
      inputs: start.inputs, job: nil, wallClockMs: nil, retries: start.maxTaskRetryCount)
  }

  func startPreparation(_ job: JobRun, _ preparation: PlanPreparationTask, on nodeIndex: Int) {
    let node = nodes[nodeIndex]
    if !preparation.rerunOnNodeRebootAfterSuccess && previous.preparedNodes.contains(Journal.key(job.id, node.id)) {
      node.preparation[job.index] = .succeeded
      completions += 1  // the node is ready now: schedule again
      return
    }
    node.preparation[job.index] = .running
    let directory = jobDirectory(job, node) + "/jobpreparation"
    launch(
      .preparation(job: job.index, node: nodeIndex), node: nodeIndex, slots: 0, taskDirectory: directory,
      command: Command(
        line: preparation.commandLine, identity: preparation.userIdentity, container: preparation.container,
        environment: environment(
          node: node, job: job, taskID: "jobpreparation", taskDirectory: directory,
          identity: preparation.userIdentity, extra: job.plan.environment.merging(preparation.environment) { $1 },
          isPreparation: true)),
      inputs: preparation.inputs, job: job, wallClockMs: preparation.constraints.maxWallClockMs,
      retries: preparation.constraints.maxTaskRetryCount)
  }

  func startRelease(_ job: JobRun, _ release: PlanReleaseTask, on nodeIndex: Int) {
    let node = nodes[nodeIndex]
    job.releasesRunning += 1
    let directory = jobDirectory(job, node) + "/jobrelease"
    launch(
      .release(job: job.index, node: nodeIndex), node: nodeIndex, slots: 0, taskDirectory: directory,
      command: Command(
        line: release.commandLine, identity: release.userIdentity, container: release.container,
        environment: environment(
          node: node, job: job, taskID: "jobrelease", taskDirectory: directory, identity: release.userIdentity,
          extra: job.plan.environment.merging(release.environment) { $1 })),
      inputs: release.inputs, job: job, wallClockMs: release.constraints.maxWallClockMs, retries: 0)
  }

  /// Starts a task on `nodeIndex`; a multi-instance task's `subtaskNodes` are reserved with it
  /// and named in its variables.
  func startTask(_ job: JobRun, _ taskIndex: Int, on nodeIndex: Int, subtaskNodes: [Int] = [], now: Double) {
    let node = nodes[nodeIndex]
    let task = job.tasks[taskIndex]
    let directory = jobDirectory(job, node) + "/" + task.plan.id
    task.status = .running
    task.node = nodeIndex
    for index in [nodeIndex] + subtaskNodes { nodes[index].jobsRun.insert(job.index) }
    job.running += 1
    counts.waiting -= 1
    var extra = applicationVariables(task.plan.applications, on: node)
    if task.plan.multiInstance != nil {
      let hosts = ([nodeIndex] + subtaskNodes).map { nodes[$0] }
      extra["AZ_BATCH_HOST_LIST"] = hosts.map(\.id).joined(separator: ",")
      extra["AZ_BATCH_NODE_LIST"] = hosts.map(\.id).joined(separator: ";")
      extra["AZ_BATCH_IS_CURRENT_NODE_MASTER"] = "true"
      extra["AZ_BATCH_MASTER_NODE"] = node.id
      extra["AZ_BATCH_TASK_SHARED_DIR"] = directory
      // `numNodes node1 cores1 node2 cores2 ...`: a local node's cores are its task slots.
      extra["CCP_NODES"] = ([String(hosts.count)] + hosts.flatMap { [$0.id, String($0.slots)] }).joined(separator: " ")
    }
    extra.merge(job.plan.environment) { $1 }
    extra.merge(task.plan.environment) { $1 }
    launch(
      .task(job: job.index, task: taskIndex), node: nodeIndex, slots: slotsTaken(by: task, of: job),
      taskDirectory: directory,
      command: Command(
        line: task.plan.commandLine, identity: task.plan.userIdentity, container: task.plan.container,
        coordination: task.plan.multiInstance?.coordinationCommandLine,
        environment: environment(
          node: node, job: job, taskID: task.plan.id, taskDirectory: directory, identity: task.plan.userIdentity,
          extra: extra)),
      inputs: task.plan.inputs, commonInputs: task.plan.multiInstance?.commonInputs ?? [], subtaskNodes: subtaskNodes,
      job: job, wallClockMs: task.plan.constraints.maxWallClockMs, retries: task.plan.constraints.maxTaskRetryCount)
  }

  /// The variables of application packages on `node`, as Batch names them on Linux:
  /// `AZ_BATCH_APP_PACKAGE_<id>_<version>`, or `AZ_BATCH_APP_PACKAGE_<id>` for the default version,
  /// lower-cased with every other character than a letter or digit as `_`. Each names an empty
  /// directory of the node's `applications`.
  func applicationVariables(_ applications: [PlanApplication], on node: Node) -> [String: String] {
    var variables: [String: String] = [:]
    for application in applications {
      let name = application.id + (application.version.map { "_" + $0 } ?? "")
      let path = node.root + "/applications/" + name
      if let directory = try? openWork(path, create: true) { close(directory) }
      let safe = name.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" }
      variables["AZ_BATCH_APP_PACKAGE_" + String(safe)] = path
    }
    return variables
  }

  func jobDirectory(_ job: JobRun, _ node: Node) -> String { node.root + "/workitems/" + job.workitem + "/job-1" }

  /// Where the task's standard error is, once it has started and the file was made (a task that
  /// failed before its command, on a missing input, has none): made when asked, not kept for each
  /// of 100,000 tasks.
  func stderrPath(of task: TaskRun) -> String? {
    guard let node = task.node else { return nil }
    let path = jobDirectory(task.job, nodes[node]) + "/" + task.plan.id + "/stderr.txt"
    return access(path, F_OK) == 0 ? path : nil
  }

  /// What a piece of work runs: its command line (and a multi-instance task's coordination
  /// command, run first), who it runs as, its container and its environment.
  struct Command {
    var line: String
    var identity: PlanUserIdentity
    var container: PlanContainer?
    var coordination: String? = nil
    var environment: [String]
  }

  /// Prepares the directory, stages inputs and spawns the first command; a failure here is a
  /// pre-processing error and completes the work at once. `commonInputs`, a multi-instance task's
  /// common resource files, go into the task directory, as Batch downloads them (one level above
  /// the working directory, where `AZ_BATCH_TASK_SHARED_DIR` points); `inputs` into `wd`.
  private func launch(
    _ work: Work, node nodeIndex: Int, slots: Int, taskDirectory: String, command: Command, inputs: [PlanInput],
    commonInputs: [PlanInput] = [], subtaskNodes: [Int] = [], job: JobRun?, wallClockMs: Int64?, retries: Int
  ) {
    let node = nodes[nodeIndex]
    for index in [nodeIndex] + subtaskNodes { nodes[index].freeSlots -= slots }
    let workingDirectory = taskDirectory + "/wd"
    let execution = Execution(
      work: work, node: nodeIndex, slots: slots, taskDirectory: taskDirectory, workingDirectory: workingDirectory,
      environment: command.environment, retriesLeft: retries)
    execution.subtaskNodes = subtaskNodes
    do throws(FileError) {
      // A directory an earlier attempt or run left is removed (links in it are removed, never
      // followed), and the task's directory and working directory are opened for the run.
      try openTaskDirectory(execution, taskDirectory)
      if let container = command.container {
        execution.container = try containerLaunch(
          container, node: node, taskDirectory: taskDirectory, job: job, identity: command.identity)
      }
      if case .task = work { execution.inputStamp = storage.stamp(of: commonInputs + inputs) }
      for input in commonInputs { try storage.stage(input, into: execution.taskDescriptor) }
      for input in inputs { try storage.stage(input, into: execution.workingDescriptor) }
      var commands: [[String]] = []
      do {
        if let coordination = command.coordination { commands.append(try CommandLineSplitter.split(coordination)) }
        commands.append(try CommandLineSplitter.split(command.line))
      } catch {
        throw FileError(description: error.description)
      }
      execution.commands = commands
      execution.wallClock = wallClockMs.map { Double($0) / 1000 }
      try spawn(execution, commands[0])
    } catch {
      couldNotStart(execution, message: error.description)
    }
  }

  /// How a container command starts on `node`, or why it cannot: the pool runs no containers, or
  /// no container tool works here.
  private func containerLaunch(
    _ container: PlanContainer, node: Node, taskDirectory: String, job: JobRun?, identity: PlanUserIdentity
  ) throws(FileError) -> ContainerLaunch {
    let pool = plan.pools[node.pool]
    guard pool.containers != nil else {
      throw FileError(
        description:
          "it runs in a container (image `\(container.image)`) but pool `\(pool.id)` has no `containers` block, so Batch would refuse it"
      )
    }
    guard let runtime = containers, runtime.tool != nil else {
      throw FileError(
        description:
          "it runs in a container (image `\(container.image)`), and container tasks cannot run here: \(containers?.problem ?? "no container tool was looked for"); install Docker or Podman, or run it on Azure Batch"
      )
    }
    var options: [String] = []
    do throws(CommandLineSplitter.SplitError) {
      if let runOptions = container.runOptions, !runOptions.allSatisfy(\.isWhitespace) {
        options = try CommandLineSplitter.split(runOptions)
      }
    } catch {
      throw FileError(description: "its container options cannot be split: \(error.description)")
    }
    let layout = ContainerRuntime.Layout(
      nodeRoot: node.root, taskDirectory: taskDirectory,
      jobPreparationDirectory: job.flatMap { job in
        job.plan.preparationTask == nil ? nil : jobDirectory(job, node) + "/jobpreparation"
      },
      mountedContainers: (pool.mounts ?? []).compactMap { try? storage.mountedDirectory($0) })
    return ContainerLaunch(
      settings: container, layout: layout, admin: identity.userName == nil && identity.elevation == .admin,
      options: options)
  }

  /// Spawns one command of `execution` and records it as running; a container command runs
  /// through the container tool, in a container named for the attempt.
  func spawn(_ execution: Execution, _ arguments: [String]) throws(FileError) {
    var arguments = arguments
    var environment = execution.environment
    execution.containerName = nil
    if let launch = execution.container, let runtime = containers {
      containerCount += 1
      let (owner, command) = names(of: execution.work)
      let name = ContainerRuntime.name(run: runToken, job: owner, task: command, attempt: containerCount)
      // The command's own variables go into the container; those inherited from this process
      // (PATH, HOME, ...) are the host's and stay out.
      let own = execution.environment.filter { !baseEnvironment.contains($0) }
      arguments = runtime.arguments(launch, command: arguments, name: name, variables: own)
      environment =
        execution.environment
        + toolEnvironment.filter { entry in
          !execution.environment.contains { $0.prefix { $0 != "=" } == entry.prefix { $0 != "=" } }
        }
      execution.containerName = name
      journal.append([("record", .string("container")), ("name", .string(name))])
    }
    let flags = O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC
    let stdout = openat(execution.taskDescriptor, "stdout.txt", flags, 0o644)
    let stderr = openat(execution.taskDescriptor, "stderr.txt", flags, 0o644)
    let start: ProcessSpawner.TaskStart
    do throws(FileError) {
      guard stdout >= 0, stderr >= 0 else {
        throw FileError(description: "cannot open the task's stdout.txt and stderr.txt: \(SafeFiles.errorText())")
      }
      do {
        start = try ProcessSpawner.prepareTask(
          arguments, environment: environment + [sentinel], directory: execution.workingDescriptor,
          path: execution.workingDirectory, stdout: stdout, stderr: stderr)
      } catch {
        throw FileError(description: error.description)
      }
    } catch {
      if stdout >= 0 { close(stdout) }
      if stderr >= 0 { close(stderr) }
      throw error
    }
    if let spawner {
      // A helper thread starts it; `collectStarts` takes it from there.
      spawnSerial += 1
      execution.pid = 0
      execution.startingOutputs = (stdout, stderr)
      starting[spawnSerial] = execution
      spawner.submit(SpawnQueue.Request(serial: spawnSerial, task: start))
      return
    }
    defer {
      close(stdout)
      close(stderr)
    }
    do {
      let startedAt = Self.now()
      started(execution, pid: try ProcessSpawner.start(start), at: startedAt)
    } catch {
      throw FileError(description: error.description)
    }
  }

  /// Records that the process of `execution` started as `pid` at `startedAt` (just before it was
  /// spawned: on a busy machine the child may run a while before the spawn returns, and the
  /// task's time and wall clock count from its start): it runs, its wall clock counts, the
  /// journal says it began; a signal sent while it was being started is sent now.
  func started(_ execution: Execution, pid: pid_t, at startedAt: Double) {
    execution.pid = pid
    execution.startedAt = startedAt
    // Batch counts the limit from the command's start: staging inputs comes first and does not
    // count. A multi-instance task's main command keeps its coordination
    // command's deadline; a retry has a deadline of its own.
    if execution.commandIndex == 0, let limit = execution.wallClock { execution.deadline = execution.startedAt + limit }
    running[pid] = execution
    began(execution)
    if let pending = execution.pendingSignal {
      execution.pendingSignal = nil
      signal(execution, pending)
    }
  }

  /// Work whose command could not start: it fails as Batch's pre-processing errors do, its error
  /// in the events and on the console (as Batch's in the task's failure information), not in the
  /// task's own stderr.txt.
  func couldNotStart(_ execution: Execution, message: String) {
    preprocessingFailed(execution, message: message)
  }

  /// The job (or node) and the task a piece of work belongs to, for container names.
  func names(of work: Work) -> (String, String) {
    switch work {
    case .start(let node): (nodes[node].id, "starttask")
    case .preparation(let job, let node): (self.job(job).id, "jobpreparation-" + nodes[node].id)
    case .release(let job, let node): (self.job(job).id, "jobrelease-" + nodes[node].id)
    case .task(let job, let task): (self.job(job).id, self.job(job).tasks[task].plan.id)
    }
  }

  /// Ends an execution's processes with `signal` (its process group, and its container, which
  /// runs on in the container engine when its client is killed).
  func signal(_ execution: Execution, _ signal: Int32) {
    guard execution.pid > 0 else {
      // Still being started: sent once it has.
      if execution.pendingSignal != SIGKILL { execution.pendingSignal = signal }
      return
    }
    kill(-execution.pid, signal)
    if signal == SIGKILL, let name = execution.containerName { containers?.kill(name, environment: toolEnvironment) }
  }

  /// Appends `text` to the file `name` of the execution's task directory (`fileuploaderr.txt`).
  func append(_ execution: Execution, _ name: String, _ text: String) {
    guard execution.taskDescriptor >= 0 else { return }
    let flags = O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC
    let descriptor = openat(execution.taskDescriptor, name, flags, 0o644)
    guard descriptor >= 0 else { return }
    text.utf8CString.withUnsafeBufferPointer { _ = write(descriptor, $0.baseAddress, $0.count - 1) }
    close(descriptor)
  }

  /// The environment of a command, as Batch sets it on a Linux node: a few inherited variables,
  /// the `AZ_BATCH_*` variables for its kind of task, then the job's and the command's own. A
  /// start task has no job or task ID; a preparation task no preparation directories.
  func environment(
    node: Node, job: JobRun?, taskID: String?, taskDirectory: String, identity: PlanUserIdentity,
    extra: [String: String], isPreparation: Bool = false
  ) -> [String] {
    let pool = plan.pools[node.pool]
    var variables: [String: String] = [
      "AZ_BATCH_POOL_ID": pool.id,
      "AZ_BATCH_NODE_ID": node.id,
      "AZ_BATCH_NODE_IS_DEDICATED": node.isDedicated ? "true" : "false",
      "AZ_BATCH_NODE_ROOT_DIR": node.root,
      "AZ_BATCH_NODE_SHARED_DIR": node.root + "/shared",
      "AZ_BATCH_NODE_STARTUP_DIR": node.root + "/startup",
      "AZ_BATCH_NODE_MOUNTS_DIR": node.root + "/fsmounts",
      "AZ_BATCH_TASK_DIR": taskDirectory,
      "AZ_BATCH_TASK_WORKING_DIR": taskDirectory + "/wd",
      "AZ_BATCH_TASK_USER": identity.userName ?? (identity.elevation == .admin ? "_azbatch_admin" : "_azbatch"),
      "AZ_BATCH_TASK_USER_IDENTITY": identity.userName
        ?? (identity.scope == .task ? "Task" : "Pool") + (identity.elevation == .admin ? "Admin" : "NonAdmin"),
    ]
    if let taskID { variables["AZ_BATCH_TASK_ID"] = taskID }
    // Certificates left Batch (and the language); the variable still names its directory. No
    // local node is ever marked DiskFull: the threshold is 0.
    variables["AZ_BATCH_CERTIFICATES_DIR"] = taskDirectory + "/certs"
    variables["AZ_BATCH_TASK_RESERVED_EPHEMERAL_DISK_SPACE_BYTES"] = "0"
    variables.merge(applicationVariables(pool.applications, on: node)) { $1 }
    if let accountName = pool.account, let account = plan.accounts.first(where: { $0.name == accountName }) {
      variables["AZ_BATCH_ACCOUNT_NAME"] = account.name
      variables["AZ_BATCH_ACCOUNT_URL"] = account.url
    }
    if let job {
      variables["AZ_BATCH_JOB_ID"] = job.id
      if job.plan.preparationTask != nil && !isPreparation {
        let preparation = jobDirectory(job, node) + "/jobpreparation"
        variables["AZ_BATCH_JOB_PREP_DIR"] = preparation
        variables["AZ_BATCH_JOB_PREP_WORKING_DIR"] = preparation + "/wd"
      }
    }
    for (name, value) in extra { variables[name] = value }
    return baseEnvironment.filter { entry in !variables.keys.contains { entry.hasPrefix($0 + "=") } }
      + variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
  }
}
