// The local runner: executes a plan with Azure Batch's semantics on this machine. Pools become
// node directories, storage a directory tree, tasks processes started without a shell. One
// thread runs a loop that starts what may start and waits (poll) for a child, a signal, a
// finished start (`SpawnQueue`'s threads make the processes) or a deadline.

import BatchSpecCore
package import BatchSpecPlan
import FoundationEssentials
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs plans locally.
package final class Runner {
  /// The plan, its jobs' tasks taken out once set up: each task's `TaskRun` holds it.
  private(set) var plan: Plan
  let options: RunOptions
  let workDirectory: String
  let storage: LocalStorage
  /// The work directory, open: every path below it is walked from here without following links.
  let workRoot: Int32
  let journal: Journal
  let reporter: Reporter
  let signals: SignalPipe
  let previous: JournalState
  /// Tasks an earlier run finished that run again: their inputs changed, or a blob they uploaded
  /// is gone (or a task before them runs again for such a reason).
  var staleTasks = 0
  let baseEnvironment: [String]
  let runStart: Double

  var nodes: [Node] = []
  /// Node indices of each pool.
  var poolNodes: [[Int]] = []
  /// Every job of the run, by `JobRun.index`: a plan's job, or one per schedule that creates it.
  var jobRuns: [JobRun] = []
  /// The same jobs in the order they are scheduled: higher priority first.
  var jobs: [JobRun] = []
  /// The tool container commands run with; nil when the plan has none.
  var containers: ContainerRuntime?
  /// `BATCHSPEC_WORK=<id of the work directory>`, in the environment of every process a task
  /// starts: a later run finds what a killed one left by it, wherever those processes went.
  var sentinel: String { "BATCHSPEC_WORK=" + Fingerprint.ofText(workDirectory) }
  /// Unique to this run: part of its containers' names.
  let runToken = String(UInt32.random(in: 0x1000_0000...UInt32.max), radix: 16)
  var running: [pid_t: Execution] = [:]
  /// Work that failed and waits to be retried (`Runner+RetryDelay`): it keeps its slots.
  var delayedRetries: [Execution] = []
  /// The process groups (and sessions) of start tasks and coordination commands that ended: what
  /// they started in the background runs until the run ends (`stopBackgroundProcesses`).
  var backgroundGroups: [pid_t] = []
  /// Starts tasks from helper threads; nil where the runner must start them itself
  /// (`ProcessSpawner.startsFromThreads`).
  var spawner: SpawnQueue?
  /// Work whose process a `spawner` thread is starting, by the request's serial number.
  var starting: [Int: Execution] = [:]
  /// The serial number of the last request to `spawner`.
  var spawnSerial = 0
  /// Children reaped while starts were under way, before any execution had their PID.
  var earlyExits = EarlyExits()
  var counts = RunCounts()
  var stopSignal: Int32?
  var stopDeadline: Double?
  var notes: [String] = []
  /// Start, preparation and release tasks that failed, in the order they did: the summary tells
  /// of those that failed alike together.
  var failedWork: [FailedWork] = []
  /// The most local nodes of one pool (Azure's own limit for a pool is 2,000 dedicated nodes).
  static let nodeLimit = 2_000
  /// How many pieces of work have finished; tells the loop whether scheduling changed anything.
  var completions = 0
  /// Job directories on nodes (and node roots), open, by path.
  var openParents: [String: Int32] = [:]
  /// How many spare task directories each job directory holds, by path (`Runner+TaskDirectories`).
  var spares: [String: Int] = [:]
  /// How many containers this run has started (part of their names).
  var containerCount = 0

  /// Runs `plan`; `write` prints progress and the summary. Returns the exit status: 0 when every
  /// task succeeded, 1 when any did not, 128 + the signal when stopped by SIGINT, SIGTERM or SIGHUP.
  package static func run(
    _ plan: consuming Plan, options: RunOptions, write: @escaping (String) -> Void
  ) throws(RunSetupError) -> Int32 {
    let runner = try Runner(plan: plan, options: options, write: write)
    defer {
      runner.signals.close()
      runner.spawner?.close()
    }
    return runner.execute()
  }

  private init(plan: consuming Plan, options: RunOptions, write: @escaping (String) -> Void) throws(RunSetupError) {
    self.plan = plan
    self.options = options
    runStart = Self.now()
    do {
      try PathSafety.makeDirectories(options.workDirectory)
      try PathSafety.makeDirectories(options.storageDirectory)
      workDirectory = Self.absolute(options.workDirectory)
      storage = try LocalStorage(root: Self.absolute(options.storageDirectory))
      workRoot = try SafeFiles.openRoot(workDirectory)
      try Self.lock(workDirectory)
      let journalPath = workDirectory + "/journal.jsonl"
      previous = Journal.read(journalPath)
      let stopped = Self.stopLeftovers(
        groups: Set(previous.orphanGroups), under: workDirectory,
        sentinel: "BATCHSPEC_WORK=" + Fingerprint.ofText(workDirectory))
      if stopped > 0 {
        notes.append("stopped \(stopped) process\(stopped == 1 ? "" : "es") an earlier, killed run left behind")
      }
      // Keep the journal from growing without bound over many runs.
      let kept =
        previous.succeeded.count + previous.preparedNodes.count + previous.failedStarts.count
        + previous.failedPreparations.count + previous.failedReleases.count
      if previous.records > 2 * kept + 1_000 {
        Journal.compact(journalPath, previous)
      }
      journal = try Journal(path: journalPath)
      // A run that resumes earlier ones keeps their events: the measurements of the tasks it
      // reuses are theirs.
      reporter = try Reporter(
        write: write, isTerminal: options.isTerminal, eventsPath: options.eventsPath, appending: previous.records > 0,
        started: runStart)
      signals = try SignalPipe()
    } catch {
      throw RunSetupError(description: error.description)
    }
    let inherited = ProcessInfo.processInfo.environment
    baseEnvironment =
      ["PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "TZ", "TMPDIR", "SHELL"].compactMap { name in
        inherited[name].map { "\(name)=\($0)" }
      } + (inherited["PATH"] == nil ? ["PATH=/usr/local/bin:/usr/bin:/bin"] : [])
    try build()
    notes += missingInputNotes()
    notes += blobNameNotes()
    notes += raceNotes()
    notes += inputCollisionNotes()
    if ProcessSpawner.startsFromThreads {
      do throws(FileError) {
        // Two threads per slot at most: a start waits for its child's exec, rarely for longer.
        spawner = try SpawnQueue(threads: min(nodes.reduce(0) { $0 + $1.slots }, 8))
      } catch {
        throw RunSetupError(description: error.description)
      }
    }
    if self.plan.usesContainers {
      let path = baseEnvironment.first { $0.hasPrefix("PATH=") }.map { String($0.dropFirst(5)) } ?? ""
      containers = ContainerRuntime.find(path: path, environment: toolEnvironment)
    }
    // Each task is held once, by its job's `JobRun` (100,000 tasks are 35 MB a copy).
    for index in self.plan.jobs.indices { self.plan.jobs[index].tasks = [] }
    // Reading the plan freed its text and JSON tree; give those pages back rather than keep them
    // for the whole run.
    _ = Self.mallocTrim?(0)
    if !previous.orphanContainers.isEmpty, let containers, containers.tool != nil {
      containers.remove(previous.orphanContainers, environment: toolEnvironment)
      let count = previous.orphanContainers.count
      notes.append("removed \(count) container\(count == 1 ? "" : "s") an earlier, killed run left behind")
    }
  }

  /// glibc's `malloc_trim`, which Swift's Glibc module does not export.
  private static let mallocTrim: (@convention(c) (Int) -> Int32)? = dlsym(nil, "malloc_trim").map {
    unsafeBitCast($0, to: (@convention(c) (Int) -> Int32).self)
  }

  /// The environment of the container tool itself: the runner's base variables and those the tool
  /// reads (`DOCKER_HOST`, `XDG_RUNTIME_DIR`, ...).
  var toolEnvironment: [String] {
    baseEnvironment
      + ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }.filter { entry in
        ContainerRuntime.toolVariables.contains { entry.hasPrefix($0) }
      }.sorted()
  }

  /// Opens the directory `path` below the work directory (creating it when `create`), refusing
  /// any symbolic link on the way.
  func openWork(_ path: String, create: Bool) throws(FileError) -> Int32 {
    guard let segments = SafeFiles.segments(of: path, under: workDirectory) else {
      throw FileError(description: "\(path) is not inside the work directory \(workDirectory)")
    }
    return try SafeFiles.openDirectory(workRoot, segments, create: create, what: "work directory path \(path)")
  }

  /// Seconds on a monotonic clock.
  static func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }

  private static func absolute(_ path: String) -> String {
    guard let resolved = realpath(path, nil) else { return path }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// Holds an exclusive lock on the work directory for the life of the process.
  private static func lock(_ directory: String) throws(FileError) {
    let descriptor = open(directory + "/lock", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
    guard descriptor >= 0, flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
      throw FileError(
        description:
          "another run is using the work directory \(directory); wait for it or choose another with --workdir")
    }
    // The descriptor stays open (and the lock held) until the process exits.
  }

  /// Sets up nodes, jobs and task states; reuses what the journal says already succeeded. A job
  /// that schedules create runs once per schedule, as the schedule's first job; the manager task
  /// is the first of its job's tasks.
  private func build() throws(RunSetupError) {
    let schedules = plan.schedules ?? []
    let names =
      plan.pools.map { ("pool", $0.id) } + plan.jobs.map { ("job", $0.id) } + schedules.map { ("schedule", $0.id) }
      + plan.jobs.flatMap { job in
        (job.manager.map { [$0.id] } ?? []).map { ("task", $0) } + job.tasks.map { ("task", $0.id) }
      }
    if let (kind, id) = names.first(where: { !PathSafety.isPlainName($0.1) }) {
      throw RunSetupError(
        description: "\(kind) ID `\(id)` is not a plain Batch ID (letters, digits, `-` and `_`); the plan is refused")
    }
    for schedule in schedules where !plan.jobs.contains(where: { $0.id.lowercased() == schedule.job.lowercased() }) {
      throw RunSetupError(
        description: "schedule `\(schedule.id)` creates job `\(schedule.job)`, which the plan does not have")
    }
    var usedPools = Set<Int>()
    for job in plan.jobs {
      guard let poolIndex = plan.pools.firstIndex(where: { $0.id.lowercased() == job.pool.lowercased() }) else {
        throw RunSetupError(description: "job `\(job.id)` runs on pool `\(job.pool)`, which the plan does not have")
      }
      let creators = schedules.filter { $0.job.lowercased() == job.id.lowercased() }
      let identities = creators.isEmpty ? [(job.id, job.id)] : creators.map { ($0.jobID(1), $0.id) }
      for (id, workitem) in identities {
        let run = try jobRun(job, id: id, workitem: workitem, pool: poolIndex)
        if run.unfinished > 0 || retriesEarlierFailures(run) { usedPools.insert(poolIndex) }
        jobRuns.append(run)
      }
    }
    for schedule in schedules {
      notes.append(
        "schedule `\(schedule.id)` creates its job once here, as `\(schedule.jobID(1))` (recurrence and time window are not emulated)"
      )
    }
    let identityPools = plan.pools.filter { !($0.identities ?? []).isEmpty }.map { "`\($0.id)`" }
    if !identityPools.isEmpty {
      let one = identityPools.count == 1
      notes.append(
        "pool\(one ? "" : "s") \(identityPools.joined(separator: ", ")): \(one ? "its" : "their") managed identities "
          + "are not emulated; tasks reach the emulated storage, and containers their registries, as you")
    }
    // Higher priority first; plan order among equals.
    jobs = jobRuns.sorted {
      $0.plan.priority != $1.plan.priority ? $0.plan.priority > $1.plan.priority : $0.index < $1.index
    }
    for (poolIndex, pool) in plan.pools.enumerated() where pool.startTask != nil && !usedPools.contains(poolIndex) {
      // A start task that failed in an earlier run runs again, as on a rebooted node, though no
      // task is left: the run that failed said "run again to retry".
      let failed = previous.failedStarts.filter { $0.hasPrefix(pool.id + "/") }.sorted()
      if !failed.isEmpty {
        usedPools.insert(poolIndex)
        let nodes = failed.map { String($0.dropFirst(pool.id.count + 1)) }.joined(separator: ", ")
        notes.append("retrying the start task of pool `\(pool.id)`, which failed on \(nodes) in an earlier run")
      }
    }
    for (poolIndex, pool) in plan.pools.enumerated() {
      var indices: [Int] = []
      if usedPools.contains(poolIndex) {
        if pool.nodeCount == 0 {
          notes.append("pool `\(pool.id)` has no fixed node count (autoscale or 0 nodes): running it on 1 local node")
        }
        let count = localNodeCount(pool)
        if count.asked > count.run {
          notes.append("pool `\(pool.id)` has \(count.asked) nodes: running \(count.run) here (see --max-nodes)")
        }
        for n in 1...count.run {
          let root = "\(workDirectory)/nodes/\(pool.id)/node-\(n)"
          let waits = pool.startTask?.waitForSuccess ?? false
          indices.append(nodes.count)
          nodes.append(
            Node(
              pool: poolIndex, id: "\(pool.id)-node-\(n)", root: root, slots: max(pool.taskSlotsPerNode, 1),
              isDedicated: n <= pool.dedicatedNodes || pool.nodeCount == 0, isUsable: !waits))
        }
      }
      poolNodes.append(indices)
    }
  }

  /// How many nodes `pool` has once `--max-nodes` applies (1 without a fixed count), and how many
  /// of them run here, within the node limit.
  func localNodeCount(_ pool: PlanPool) -> (asked: Int, run: Int) {
    var count = max(pool.nodeCount, 1)
    if let limit = options.maxNodes { count = min(count, max(limit, 1)) }
    return (count, min(count, Self.nodeLimit))
  }

  /// The run of `job` as the job `id`: its manager and tasks, their dependencies, and which tasks
  /// an earlier run finished.
  private func jobRun(_ job: PlanJob, id: String, workitem: String, pool: Int) throws(RunSetupError) -> JobRun {
    let run = JobRun(index: jobRuns.count, id: id, workitem: workitem, plan: job, pool: pool)
    var byID: [String: Int] = [:]
    for (index, task) in run.planTasks.enumerated() {
      guard byID.updateValue(index, forKey: task.id.lowercased()) == nil else {
        throw RunSetupError(description: "job `\(id)` has two tasks with the ID `\(task.id)`")
      }
    }
    let fingerprints = Fingerprint.withDependencies(run.planTasks, job: job, byID: byID)
    run.tasks.reserveCapacity(run.planTasks.count)
    // Tasks the same definition finished before, but whose inputs changed since or one of whose
    // uploaded blobs is gone: they run again, and so does every task after them.
    var stale: [Int] = []
    // Each container's blobs, listed once for every task that reads it (100,000 tasks may).
    var listings: [String: [String]] = [:]
    for (index, task) in run.planTasks.enumerated() {
      let state = TaskRun(job: run, index: index, fingerprint: fingerprints[index])
      state.isManager = index == 0 && job.manager != nil
      let key = Journal.key(id, task.id)
      if previous.succeeded[key] == fingerprints[index] {
        let inputs = task.inputs + (task.multiInstance?.commonInputs ?? [])
        let changed = previous.inputStamps[key].map { $0 != storage.stamp(of: inputs, listings: &listings) } ?? false
        let gone = previous.uploads[key]?.contains { !storage.hasBlob($0) } ?? false
        if changed || gone { stale.append(index) } else { state.status = .reused }
      }
      run.tasks.append(state)
    }
    for (taskIndex, state) in run.tasks.enumerated() {
      for dependency in state.plan.dependsOn {
        guard let target = byID[dependency.lowercased()] else {
          throw RunSetupError(
            description:
              "task `\(state.plan.id)` of job `\(id)` depends on `\(dependency)`, which the job does not have")
        }
        run.tasks[target].dependents.append(taskIndex)
      }
    }
    staleTasks += stale.count
    while let index = stale.popLast() {
      for dependent in run.tasks[index].dependents where run.tasks[dependent].status == .reused {
        run.tasks[dependent].status = .waiting
        staleTasks += 1
        stale.append(dependent)
      }
    }
    for state in run.tasks {
      for dependency in state.plan.dependsOn {
        if let target = byID[dependency.lowercased()], run.tasks[target].status != .reused {
          state.unmetDependencies += 1
        }
      }
    }
    for (taskIndex, state) in run.tasks.enumerated() {
      if state.status == .reused {
        counts.reused += 1
      } else {
        run.unfinished += 1
        counts.waiting += 1
        if state.unmetDependencies == 0 {
          state.status = .ready
          run.ready.append(taskIndex)
        }
      }
    }
    if let limit = job.constraints.maxWallClockMs { run.deadline = runStart + Double(limit) / 1000 }
    return run
  }

  /// Kills what a killed runner left running: every process whose environment carries this work
  /// directory's `sentinel` (wherever it moved, whatever group or session it made), and the
  /// sessions and process groups of tasks the journal says began and never ended, when their
  /// working directory is still inside the work directory (a reused ID must not hit an unrelated
  /// process; this finds tasks of runs from before the sentinel). Repeats until nothing is left,
  /// as a dying process may have started another. Returns how many it killed.
  static func stopLeftovers(groups: Set<pid_t>, under directory: String, sentinel: String) -> Int {
    let own = getpid()
    var stopped = 0
    for _ in 0..<10 {
      var killed = 0
      for (pid, workingDirectory) in Platform.processes() {
        guard pid > 1, pid != own else { continue }
        var matches = Platform.environment(of: pid).contains(sentinel)
        if !matches, !groups.isEmpty, groups.contains(getsid(pid)) || groups.contains(getpgid(pid)),
          let cwd = workingDirectory(), cwd.hasPrefix(directory + "/")
        {
          matches = true
        }
        if matches, kill(pid, SIGKILL) == 0 { killed += 1 }
      }
      stopped += killed
      if killed == 0 { break }
      usleep(20_000)
    }
    return stopped
  }

  /// The main loop.
  private func execute() -> Int32 {
    reporter.event(
      "run-start", at: runStart,
      [
        ("startedAt", .string(Date().formatted(.iso8601))), ("workdir", .string(workDirectory)),
        ("tasks", .integer(counts.waiting + counts.reused)), ("reused", .integer(counts.reused)),
      ])
    for note in notes { reporter.line("note: " + note) }
    if counts.reused > 0 || staleTasks > 0 {
      let again =
        staleTasks == 0
        ? ""
        : "; \(staleTasks) that succeeded run again: their inputs changed, a blob they uploaded is gone, or a task before them runs again"
      reporter.line(
        "resuming: \(counts.reused) task\(counts.reused == 1 ? "" : "s") already succeeded in an earlier run\(again)")
    }
    for job in jobRuns {
      if let manager = job.manager, manager.status == .reused, job.plan.manager?.killJobOnCompletion == true {
        complete(job, reason: "its manager `\(manager.plan.id)` completed in an earlier run", now: runStart)
      }
    }
    for (index, node) in nodes.enumerated() {
      prepareNode(node)
      if node.unusableReason != nil { continue }
      if plan.pools[node.pool].startTask != nil { startStartTask(index) } else { node.start = .succeeded }
    }
    while true {
      let now = Self.now()
      if stopSignal == nil {
        checkJobDeadlines(now)
        // Work that fails before it starts (a missing input) frees its node at once: schedule
        // again until nothing changes.
        var before = -1
        while before != completions {
          before = completions
          schedule(now)
        }
        // A job whose tasks are all done ends now (its release tasks run), whatever else runs.
        finishJobs(now)
        if isIdle {
          failUnschedulable(now)
          finishJobs(now)
          if isIdle { break }
        }
      } else if isIdle {
        break
      }
      reporter.status(currentCounts(), now: now)
      let signals = signals.wait(timeout: waitTimeout(now), alsoWatching: spawner?.readEnd)
      for signal in signals where signal == SIGINT || signal == SIGTERM || signal == SIGHUP { stop(signal) }
      reap()
      collectStarts()
      enforceDeadlines(Self.now())
      startDueRetries(Self.now())
    }
    stopBackgroundProcesses()
    return finish()
  }

  /// Ends, as the run does, every process it started that is still running: the services start
  /// tasks and coordination commands left in their process groups and sessions, and anything a
  /// command started in a session of its own (`setsid`, a daemon), which still carries the work
  /// directory's mark. Nothing outlives the run; the journal says the groups are gone.
  private func stopBackgroundProcesses() {
    // Each group kept still had members when its command ended (`ended(_:status:)`); then what
    // left its group: by session and working directory, or by mark.
    for group in backgroundGroups { kill(-group, SIGKILL) }
    let stopped = Self.stopLeftovers(groups: Set(backgroundGroups), under: workDirectory, sentinel: sentinel)
    for group in backgroundGroups {
      journal.append([("record", .string("group-end")), ("pgid", .integer(Int(group)))])
    }
    backgroundGroups = []
    if stopped > 0 {
      reporter.line(
        "stopped \(stopped) process\(stopped == 1 ? "" : "es") the tasks had started in sessions of their own")
    }
  }

  /// How long to wait: until the next deadline, and at most a tenth of a second on a terminal.
  private func waitTimeout(_ now: Double) -> Double {
    var timeout = options.isTerminal ? 0.1 : 1.0
    for execution in running.values {
      if let deadline = execution.deadline { timeout = min(timeout, deadline - now) }
    }
    for job in jobs { if let deadline = job.deadline, job.status == .active { timeout = min(timeout, deadline - now) } }
    if let stopDeadline { timeout = min(timeout, stopDeadline - now) }
    for execution in delayedRetries { if let retryAt = execution.retryAt { timeout = min(timeout, retryAt - now) } }
    return max(timeout, 0)
  }

  /// Whether no process runs, none is being started and none waits to be retried.
  var isIdle: Bool { running.isEmpty && starting.isEmpty && delayedRetries.isEmpty }

  /// Every piece of work whose process runs, is being started or waits to be retried.
  var executions: [Execution] { Array(running.values) + Array(starting.values) + delayedRetries }

  func currentCounts() -> RunCounts {
    var current = counts
    current.running = executions.filter { if case .task = $0.work { true } else { false } }.count
    return current
  }

  /// SIGINT, SIGTERM or SIGHUP: terminate every running process group, then kill what is left after the
  /// grace period; a second signal kills at once.
  private func stop(_ signal: Int32) {
    if stopSignal != nil {
      for execution in executions { self.signal(execution, SIGKILL) }
      return
    }
    stopSignal = signal
    stopDeadline = Self.now() + options.stopGraceSeconds
    for group in backgroundGroups { kill(-group, SIGTERM) }
    reporter.line(
      "stopping: \(signal == SIGINT ? "interrupted" : signal == SIGHUP ? "hung up" : "terminated"); ending \(executions.count) running process\(executions.count == 1 ? "" : "es")"
    )
    reporter.event("stop", at: Self.now(), [("signal", .integer(Int(signal)))])
    for execution in executions { self.signal(execution, SIGTERM) }
  }

  /// Kills processes past their wall-clock limit (with their whole process group).
  private func enforceDeadlines(_ now: Double) {
    for execution in running.values {
      if let deadline = execution.deadline, now >= deadline, !execution.timedOut {
        execution.timedOut = true
        signal(execution, SIGKILL)
      }
    }
    if let stopDeadline, now >= stopDeadline {
      for execution in executions { signal(execution, SIGKILL) }
      self.stopDeadline = nil
    }
  }

  /// Collects every child that ended.
  private func reap() {
    while true {
      var status: Int32 = 0
      let pid = waitpid(-1, &status, WNOHANG)
      if pid <= 0 { break }
      if running[pid] == nil {
        // A task that ended before its start was reported, or a container tool's `kill`.
        if !starting.isEmpty { earlyExits.record(pid, status: status, lastSerial: spawnSerial) }
        continue
      }
      ended(pid, status: status)
    }
  }

  /// Takes the starts the spawner's threads finished: a started process is tracked (and
  /// completed at once when it was reaped already); a start that failed fails its work as one
  /// that could not start.
  private func collectStarts() {
    guard let spawner else { return }
    for outcome in spawner.finished() {
      guard let execution = starting.removeValue(forKey: outcome.serial) else { continue }
      if let (stdout, stderr) = execution.startingOutputs {
        close(stdout)
        close(stderr)
        execution.startingOutputs = nil
      }
      switch outcome.result {
      case .success(let pid):
        started(execution, pid: pid, at: outcome.startedAt)
        if let status = earlyExits.claim(pid, serial: outcome.serial) { ended(pid, status: status) }
      case .failure(let error):
        couldNotStart(execution, message: error.description)
      }
    }
    if !earlyExits.isEmpty { earlyExits.forget(before: starting.keys.min() ?? Int.max) }
  }

  /// The process `pid`, which an execution runs, ended with wait status `status`.
  private func ended(_ pid: pid_t, status: Int32) {
    guard let execution = running.removeValue(forKey: pid) else { return }
    if execution.keepsBackgroundProcesses {
      // A start task or coordination command launches services: they run on until the run ends.
      // Only a group that still has a member is kept: while it has one, the system gives no new
      // process its number, so the group is signalled at the end without hitting another's. (A
      // group that empties later could be reused; services mostly run until the end.)
      if kill(-pid, 0) == 0 {
        backgroundGroups.append(pid)
      } else {
        journal.append([("record", .string("group-end")), ("pgid", .integer(Int(pid)))])
      }
    } else {
      // The group leader is gone; make sure nothing it started outlives it.
      kill(-pid, SIGKILL)
    }
    if let name = execution.containerName {
      journal.append([("record", .string("container-end")), ("name", .string(name))])
    }
    let exited = (status & 0x7f) == 0
    let code = exited ? Int((status >> 8) & 0xff) : 128 + Int(status & 0x7f)
    completed(execution, exitCode: code, exitedNormally: exited)
  }
}
