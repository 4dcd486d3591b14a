// Starting work: start tasks per node, job preparation before a node's first task of a job,
// tasks on the node with room (spread or pack), release tasks when a job ends.

import BatchSpecCore
import BatchSpecPlan
import Foundation
import Glibc

extension Runner {
  /// Creates a node's directories: `startup/`, `shared/`, `applications/`, `workitems/`.
  func prepareNode(_ node: Node) {
    for directory in ["startup", "shared", "applications", "workitems"] {
      try? PathSafety.makeDirectories(node.root + "/" + directory)
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
        let slots = max(task.plan.requiredSlots, 1)
        if slots > pool.taskSlotsPerNode {
          job.readyHead += 1
          fail(
            job, taskIndex, now: now,
            message: "needs \(slots) slots but nodes of pool `\(pool.id)` have \(pool.taskSlotsPerNode)")
          continue
        }
        guard let nodeIndex = pickNode(for: job, slots: slots, fill: pool.nodeFill) else {
          prepareMoreNodes(job)
          break
        }
        job.readyHead += 1
        startTask(job, taskIndex, on: nodeIndex, now: now)
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
  private func pickNode(for job: JobRun, slots: Int, fill: NodeFill) -> Int? {
    let preparation = job.plan.preparationTask
    let waits = preparation?.waitForSuccess ?? false
    var best: Int?
    for index in poolNodes[job.pool] {
      let node = nodes[index]
      guard node.isUsable, node.freeSlots >= slots else { continue }
      let phase = preparation == nil ? .succeeded : node.preparation[job.index] ?? .notRun
      guard phase == .succeeded || !waits else { continue }
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

  /// Starts the job's preparation (when tasks wait for it) on more nodes, as many as there are
  /// ready tasks no prepared node can take now, so nodes are prepared in parallel.
  private func prepareMoreNodes(_ job: JobRun) {
    guard let preparation = job.plan.preparationTask, preparation.waitForSuccess else { return }
    let waiting = job.ready.count - job.readyHead
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
      let placement =
        job.plan.preparationTask != nil && poolNodes[job.pool].contains(where: { nodes[$0].isUsable })
        ? "the job preparation task failed on every node"
        : "no node of pool `\(job.plan.pool)` is usable (its start task failed)"
      for (index, task) in job.tasks.enumerated() where task.status == .ready || task.status == .waiting {
        if task.status == .waiting {
          fail(
            job, index, now: now, message: "not run: its dependencies can never complete (a cycle?)", status: .blocked)
        } else {
          fail(job, index, now: now, message: "not run: \(usable ? "no node could take it" : placement)")
        }
      }
      job.ready.removeAll()
      job.readyHead = 0
    }
  }

  /// Ends jobs whose tasks are all done: runs release tasks on the nodes that ran preparation.
  func finishJobs(_ now: Double) {
    for job in jobs where job.status != .done && job.status != .releasing && job.running == 0 {
      guard job.unfinished == 0 || job.status != .active else { continue }
      // A preparation still running on some node finishes before the release starts there.
      if poolNodes[job.pool].contains(where: { nodes[$0].preparation[job.index] == .running }) { continue }
      for (index, task) in job.tasks.enumerated() where !task.status.isFinal {
        fail(job, index, now: now, message: "not run: \(job.reason ?? "the job ended")", status: .skipped)
      }
      job.status = .releasing
      if let release = job.plan.releaseTask {
        for index in poolNodes[job.pool] where (nodes[index].preparation[job.index] ?? .notRun) != .notRun {
          startRelease(job, release, on: index)
        }
      }
      if job.releasesRunning == 0 { job.status = .done }
      reporter.event(
        "job-end", at: now, [("job", .string(job.plan.id)), ("reason", job.reason.map { .string($0) })])
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
      .start(node: nodeIndex), node: nodeIndex, slots: 0, taskDirectory: directory, clean: true,
      commandLine: start.commandLine, coordination: nil, inputs: start.inputs,
      environment: environment(
        node: node, job: nil, taskID: "starttask", taskDirectory: directory, identity: start.userIdentity,
        extra: start.environment),
      wallClockMs: nil, retries: start.maxTaskRetryCount)
  }

  func startPreparation(_ job: JobRun, _ preparation: PlanPreparationTask, on nodeIndex: Int) {
    let node = nodes[nodeIndex]
    if !preparation.rerunOnNodeRebootAfterSuccess && previous.preparedNodes.contains(Journal.key(job.plan.id, node.id))
    {
      node.preparation[job.index] = .succeeded
      completions += 1  // the node is ready now: schedule again
      return
    }
    node.preparation[job.index] = .running
    let directory = jobDirectory(job, node) + "/jobpreparation"
    launch(
      .preparation(job: job.index, node: nodeIndex), node: nodeIndex, slots: 0, taskDirectory: directory, clean: true,
      commandLine: preparation.commandLine, coordination: nil, inputs: preparation.inputs,
      environment: environment(
        node: node, job: job, taskID: "jobpreparation", taskDirectory: directory, identity: preparation.userIdentity,
        extra: job.plan.environment.merging(preparation.environment) { $1 }),
      wallClockMs: preparation.constraints.maxWallClockMs, retries: preparation.constraints.maxTaskRetryCount)
  }

  func startRelease(_ job: JobRun, _ release: PlanReleaseTask, on nodeIndex: Int) {
    let node = nodes[nodeIndex]
    job.releasesRunning += 1
    let directory = jobDirectory(job, node) + "/jobrelease"
    launch(
      .release(job: job.index, node: nodeIndex), node: nodeIndex, slots: 0, taskDirectory: directory, clean: true,
      commandLine: release.commandLine, coordination: nil, inputs: release.inputs,
      environment: environment(
        node: node, job: job, taskID: "jobrelease", taskDirectory: directory, identity: release.userIdentity,
        extra: job.plan.environment.merging(release.environment) { $1 }),
      wallClockMs: release.constraints.maxWallClockMs, retries: 0)
  }

  func startTask(_ job: JobRun, _ taskIndex: Int, on nodeIndex: Int, now: Double) {
    let node = nodes[nodeIndex]
    let task = job.tasks[taskIndex]
    let directory = jobDirectory(job, node) + "/" + task.plan.id
    task.status = .running
    task.node = node.id
    task.stderrPath = directory + "/stderr.txt"
    job.running += 1
    counts.waiting -= 1
    var extra = job.plan.environment.merging(task.plan.environment) { $1 }
    for application in task.plan.applications {
      let name = application.id + (application.version.map { "_" + $0 } ?? "")
      let path = node.root + "/applications/" + name
      try? PathSafety.makeDirectories(path)
      let variable = "AZ_BATCH_APP_PACKAGE_" + String(name.map { $0.isLetter || $0.isNumber ? $0 : "_" })
      extra[variable] = path
    }
    if let multi = task.plan.multiInstance {
      let hosts = (1...min(max(multi.numberOfInstances, 1), 1_000)).map { "\(plan.pools[job.pool].id)-node-\($0)" }
      extra["AZ_BATCH_HOST_LIST"] = hosts.joined(separator: ",")
      extra["AZ_BATCH_NODE_LIST"] = hosts.joined(separator: ";")
      extra["AZ_BATCH_IS_CURRENT_NODE_MASTER"] = "true"
      extra["AZ_BATCH_MASTER_NODE"] = hosts[0]
    }
    let retries = task.plan.constraints.maxTaskRetryCount
    launch(
      .task(job: job.index, task: taskIndex), node: nodeIndex, slots: max(task.plan.requiredSlots, 1),
      taskDirectory: directory, clean: true, commandLine: task.plan.commandLine,
      coordination: task.plan.multiInstance?.coordinationCommandLine, inputs: task.plan.inputs,
      environment: environment(
        node: node, job: job, taskID: task.plan.id, taskDirectory: directory, identity: task.plan.userIdentity,
        extra: extra),
      wallClockMs: task.plan.constraints.maxWallClockMs, retries: retries)
  }

  func jobDirectory(_ job: JobRun, _ node: Node) -> String { node.root + "/workitems/" + job.plan.id + "/job-1" }

  /// Prepares the directory, stages inputs and spawns the first command; a failure here is a
  /// pre-processing error and completes the work at once.
  private func launch(
    _ work: Work, node nodeIndex: Int, slots: Int, taskDirectory: String, clean: Bool, commandLine: String,
    coordination: String?, inputs: [PlanInput], environment: [String], wallClockMs: Int64?, retries: Int
  ) {
    let node = nodes[nodeIndex]
    node.freeSlots -= slots
    let workingDirectory = taskDirectory + "/wd"
    let execution = Execution(
      work: work, node: nodeIndex, slots: slots, taskDirectory: taskDirectory, workingDirectory: workingDirectory,
      environment: environment, retriesLeft: retries)
    do throws(FileError) {
      if clean, access(taskDirectory, F_OK) == 0 { try? FileManager.default.removeItem(atPath: taskDirectory) }
      try PathSafety.makeDirectories(workingDirectory)
      for input in inputs { try storage.stage(input, into: workingDirectory) }
      var commands: [[String]] = []
      do {
        if let coordination { commands.append(try CommandLineSplitter.split(coordination)) }
        commands.append(try CommandLineSplitter.split(commandLine))
      } catch {
        throw FileError(description: error.description)
      }
      execution.commands = commands
      if let wallClockMs { execution.deadline = Self.now() + Double(wallClockMs) / 1000 }
      try spawn(execution, commands[0])
    } catch {
      appendToStderr(execution, "batchspec: " + error.description + "\n")
      preprocessingFailed(execution, message: error.description)
    }
  }

  /// Spawns one command of `execution` and records it as running.
  func spawn(_ execution: Execution, _ arguments: [String]) throws(FileError) {
    do {
      execution.pid = try ProcessSpawner.spawn(
        arguments, environment: execution.environment, directory: execution.workingDirectory,
        stdoutPath: execution.taskDirectory + "/stdout.txt", stderrPath: execution.taskDirectory + "/stderr.txt")
    } catch {
      throw FileError(description: error.description)
    }
    execution.startedAt = Self.now()
    running[execution.pid] = execution
    began(execution)
  }

  func appendToStderr(_ execution: Execution, _ text: String) {
    let descriptor = open(execution.taskDirectory + "/stderr.txt", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { return }
    text.utf8CString.withUnsafeBufferPointer { _ = write(descriptor, $0.baseAddress, $0.count - 1) }
    close(descriptor)
  }

  /// The environment of a command: a few inherited variables, the `AZ_BATCH_*` variables the
  /// service sets, then the job's and the command's own.
  func environment(
    node: Node, job: JobRun?, taskID: String, taskDirectory: String, identity: PlanUserIdentity,
    extra: [String: String]
  ) -> [String] {
    let pool = plan.pools[node.pool]
    var variables: [String: String] = [
      "AZ_BATCH_POOL_ID": pool.id,
      "AZ_BATCH_NODE_ID": node.id,
      "AZ_BATCH_NODE_IS_DEDICATED": "true",
      "AZ_BATCH_NODE_ROOT_DIR": node.root,
      "AZ_BATCH_NODE_SHARED_DIR": node.root + "/shared",
      "AZ_BATCH_NODE_STARTUP_DIR": node.root + "/startup",
      "AZ_BATCH_TASK_ID": taskID,
      "AZ_BATCH_TASK_DIR": taskDirectory,
      "AZ_BATCH_TASK_WORKING_DIR": taskDirectory + "/wd",
      "AZ_BATCH_TASK_USER": identity.userName ?? (identity.elevation == .admin ? "_azbatch_admin" : "_azbatch"),
      "AZ_BATCH_TASK_USER_IDENTITY": identity.userName
        ?? (identity.scope == .task ? "Task" : "Pool") + (identity.elevation == .admin ? "Admin" : "NonAdmin"),
    ]
    if let accountName = pool.account, let account = plan.accounts.first(where: { $0.name == accountName }) {
      variables["AZ_BATCH_ACCOUNT_NAME"] = account.name
      variables["AZ_BATCH_ACCOUNT_URL"] = account.url
    }
    if let job {
      variables["AZ_BATCH_JOB_ID"] = job.plan.id
      if job.plan.preparationTask != nil {
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
