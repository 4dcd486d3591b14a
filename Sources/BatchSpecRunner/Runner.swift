// The local runner: executes a plan with Azure Batch's semantics on this machine. Pools become
// node directories, storage a directory tree, tasks processes started without a shell. One
// thread runs a loop that starts what may start and waits (poll) for a child, a signal or a
// deadline.

import BatchSpecCore
package import BatchSpecPlan
import Foundation
import Glibc

/// Runs plans locally.
package final class Runner {
  let plan: Plan
  let options: RunOptions
  let workDirectory: String
  let storage: LocalStorage
  let journal: Journal
  let reporter: Reporter
  let signals: SignalPipe
  let previous: JournalState
  let baseEnvironment: [String]
  let runStart: Double

  var nodes: [Node] = []
  /// Node indices of each pool.
  var poolNodes: [[Int]] = []
  var jobs: [JobRun] = []
  var running: [pid_t: Execution] = [:]
  var counts = RunCounts()
  var stopSignal: Int32?
  var stopDeadline: Double?
  var notes: [String] = []
  /// The most local nodes of one pool (Azure's own limit for a pool is 2,000 dedicated nodes).
  static let nodeLimit = 2_000
  /// How many pieces of work have finished; tells the loop whether scheduling changed anything.
  var completions = 0

  /// Runs `plan`; `write` prints progress and the summary. Returns the exit status: 0 when every
  /// task succeeded, 1 when any did not, 128 + the signal when stopped by SIGINT, SIGTERM or SIGHUP.
  package static func run(_ plan: Plan, options: RunOptions, write: @escaping (String) -> Void) throws(RunSetupError)
    -> Int32
  {
    let runner = try Runner(plan: plan, options: options, write: write)
    defer { runner.signals.close() }
    return runner.execute()
  }

  private init(plan: Plan, options: RunOptions, write: @escaping (String) -> Void) throws(RunSetupError) {
    self.plan = plan
    self.options = options
    runStart = Self.now()
    do {
      try PathSafety.makeDirectories(options.workDirectory)
      try PathSafety.makeDirectories(options.storageDirectory)
      workDirectory = Self.absolute(options.workDirectory)
      storage = LocalStorage(root: Self.absolute(options.storageDirectory))
      try Self.lock(workDirectory)
      let journalPath = workDirectory + "/journal.jsonl"
      previous = Journal.read(journalPath)
      let stopped = Self.stopLeftovers(groups: Set(previous.orphanGroups), under: workDirectory)
      if stopped > 0 {
        notes.append("stopped \(stopped) process\(stopped == 1 ? "" : "es") an earlier, killed run left behind")
      }
      // Keep the journal from growing without bound over many runs.
      if previous.records > 2 * (previous.succeeded.count + previous.preparedNodes.count) + 1_000 {
        Journal.compact(journalPath, previous)
      }
      journal = try Journal(path: journalPath)
      reporter = try Reporter(
        write: write, isTerminal: options.isTerminal, eventsPath: options.eventsPath, started: runStart)
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
    let descriptor = open(directory + "/lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0, flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
      throw FileError(
        description:
          "another run is using the work directory \(directory); wait for it or choose another with --workdir")
    }
    // The descriptor stays open (and the lock held) until the process exits.
  }

  /// Sets up nodes, jobs and task states; reuses what the journal says already succeeded.
  private func build() throws(RunSetupError) {
    let names =
      plan.pools.map { ("pool", $0.id) } + plan.jobs.map { ("job", $0.id) }
      + plan.jobs.flatMap { job in job.tasks.map { ("task", $0.id) } }
    if let (kind, id) = names.first(where: { !PathSafety.isPlainName($0.1) }) {
      throw RunSetupError(
        description: "\(kind) ID `\(id)` is not a plain Batch ID (letters, digits, `-` and `_`); the plan is refused")
    }
    var usedPools = Set<Int>()
    for (index, job) in plan.jobs.enumerated() {
      guard let poolIndex = plan.pools.firstIndex(where: { $0.id.lowercased() == job.pool.lowercased() }) else {
        throw RunSetupError(description: "job `\(job.id)` runs on pool `\(job.pool)`, which the plan does not have")
      }
      let run = JobRun(index: index, plan: job, pool: poolIndex)
      var byID: [String: Int] = [:]
      for (taskIndex, task) in job.tasks.enumerated() {
        let fingerprint = Fingerprint.of(task, job: job)
        let state = TaskRun(plan: task, fingerprint: fingerprint)
        if previous.succeeded[Journal.key(job.id, task.id)] == fingerprint { state.status = .reused }
        guard byID.updateValue(taskIndex, forKey: task.id.lowercased()) == nil else {
          throw RunSetupError(description: "job `\(job.id)` has two tasks with the ID `\(task.id)`")
        }
        run.tasks.append(state)
      }
      for (taskIndex, state) in run.tasks.enumerated() {
        for dependency in state.plan.dependsOn {
          guard let target = byID[dependency.lowercased()] else {
            throw RunSetupError(
              description:
                "task `\(state.plan.id)` of job `\(job.id)` depends on `\(dependency)`, which the job does not have")
          }
          run.tasks[target].dependents.append(taskIndex)
          if run.tasks[target].status != .reused { state.unmetDependencies += 1 }
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
      if run.unfinished > 0 { usedPools.insert(poolIndex) }
      jobs.append(run)
    }
    // Higher priority first; plan order among equals.
    jobs.sort { $0.plan.priority != $1.plan.priority ? $0.plan.priority > $1.plan.priority : $0.index < $1.index }
    for (poolIndex, pool) in plan.pools.enumerated() {
      var indices: [Int] = []
      if usedPools.contains(poolIndex) {
        var count = max(pool.nodeCount, 1)
        if pool.nodeCount == 0 {
          notes.append("pool `\(pool.id)` has no fixed node count (autoscale or 0 nodes): running it on 1 local node")
        }
        if let limit = options.maxNodes { count = min(count, max(limit, 1)) }
        if count > Self.nodeLimit {
          notes.append("pool `\(pool.id)` has \(count) nodes: running \(Self.nodeLimit) here (see --max-nodes)")
          count = Self.nodeLimit
        }
        for n in 1...count {
          let root = "\(workDirectory)/nodes/\(pool.id)/node-\(n)"
          let waits = pool.startTask?.waitForSuccess ?? false
          indices.append(nodes.count)
          nodes.append(
            Node(
              pool: poolIndex, id: "\(pool.id)-node-\(n)", root: root, slots: max(pool.taskSlotsPerNode, 1),
              isUsable: !waits))
        }
      }
      poolNodes.append(indices)
    }
  }

  /// Kills the processes of `groups` whose working directory is inside `directory`: tasks a
  /// killed runner left running. The directory check keeps a reused group ID from hitting an
  /// unrelated process.
  static func stopLeftovers(groups: Set<pid_t>, under directory: String) -> Int {
    guard !groups.isEmpty, let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else {
      return 0
    }
    var stopped = 0
    for entry in entries {
      guard let pid = pid_t(entry), pid > 1, groups.contains(getpgid(pid)),
        let cwd = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(entry)/cwd"),
        cwd.hasPrefix(directory + "/")
      else { continue }
      if kill(pid, SIGKILL) == 0 { stopped += 1 }
    }
    return stopped
  }

  /// The main loop.
  private func execute() -> Int32 {
    reporter.event(
      "run-start", at: runStart,
      [
        ("startedAt", .string(ISO8601DateFormatter().string(from: Date()))), ("workdir", .string(workDirectory)),
        ("tasks", .integer(counts.waiting + counts.reused)),
      ])
    for note in notes { reporter.line("note: " + note) }
    if counts.reused > 0 {
      reporter.line(
        "resuming: \(counts.reused) task\(counts.reused == 1 ? "" : "s") already succeeded in an earlier run")
    }
    for (index, node) in nodes.enumerated() {
      prepareNode(node)
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
        if running.isEmpty {
          failUnschedulable(now)
          finishJobs(now)
          if running.isEmpty { break }
        }
      } else if running.isEmpty {
        break
      }
      reporter.status(currentCounts(), now: now)
      let signals = signals.wait(timeout: waitTimeout(now))
      for signal in signals where signal == SIGINT || signal == SIGTERM || signal == SIGHUP { stop(signal) }
      reap()
      enforceDeadlines(Self.now())
    }
    return finish()
  }

  /// How long to wait: until the next deadline, and at most a tenth of a second on a terminal.
  private func waitTimeout(_ now: Double) -> Double {
    var timeout = options.isTerminal ? 0.1 : 1.0
    for execution in running.values {
      if let deadline = execution.deadline { timeout = min(timeout, deadline - now) }
    }
    for job in jobs { if let deadline = job.deadline, job.status == .active { timeout = min(timeout, deadline - now) } }
    if let stopDeadline { timeout = min(timeout, stopDeadline - now) }
    return max(timeout, 0)
  }

  func currentCounts() -> RunCounts {
    var current = counts
    current.running = running.values.filter { if case .task = $0.work { true } else { false } }.count
    return current
  }

  /// SIGINT, SIGTERM or SIGHUP: terminate every running process group, then kill what is left after the
  /// grace period; a second signal kills at once.
  private func stop(_ signal: Int32) {
    if stopSignal != nil {
      for execution in running.values { kill(-execution.pid, SIGKILL) }
      return
    }
    stopSignal = signal
    stopDeadline = Self.now() + options.stopGraceSeconds
    reporter.line(
      "stopping: \(signal == SIGINT ? "interrupted" : signal == SIGHUP ? "hung up" : "terminated"); ending \(running.count) running process\(running.count == 1 ? "" : "es")"
    )
    reporter.event("stop", at: Self.now(), [("signal", .integer(Int(signal)))])
    for execution in running.values { kill(-execution.pid, SIGTERM) }
  }

  /// Kills processes past their wall-clock limit (with their whole process group).
  private func enforceDeadlines(_ now: Double) {
    for execution in running.values {
      if let deadline = execution.deadline, now >= deadline, !execution.timedOut {
        execution.timedOut = true
        kill(-execution.pid, SIGKILL)
      }
    }
    if let stopDeadline, now >= stopDeadline {
      for execution in running.values { kill(-execution.pid, SIGKILL) }
      self.stopDeadline = nil
    }
  }

  /// Collects every child that ended.
  private func reap() {
    while true {
      var status: Int32 = 0
      let pid = waitpid(-1, &status, WNOHANG)
      if pid <= 0 { break }
      guard let execution = running.removeValue(forKey: pid) else { continue }
      // The group leader is gone; make sure nothing it started outlives it.
      kill(-pid, SIGKILL)
      let exited = (status & 0x7f) == 0
      let code = exited ? Int((status >> 8) & 0xff) : 128 + Int(status & 0x7f)
      completed(execution, exitCode: code, exitedNormally: exited)
    }
  }
}
