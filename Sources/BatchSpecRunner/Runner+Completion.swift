// Ending work: retries, outputs uploaded by condition, exit conditions (dependency and job
// actions), the journal's end records, and what a stopped or terminated job leaves.

import BatchSpecCore
import BatchSpecPlan
import FoundationEssentials
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Runner {
  /// Records that a process started: the journal's begin record (tasks), an event, a line.
  func began(_ execution: Execution) {
    let now = execution.startedAt
    if execution.keepsBackgroundProcesses {
      // Its group outlives it until the run ends: a later run stops it if this one is killed.
      journal.append([("record", .string("group")), ("pgid", .integer(Int(execution.pid)))])
    }
    switch execution.work {
    case .task(let jobIndex, let taskIndex):
      let job = job(jobIndex)
      let task = job.tasks[taskIndex]
      // A multi-instance task's main command follows its coordination command in one attempt.
      if execution.commandIndex > 0 { return }
      execution.eventStartedAt = now
      task.attempts += 1
      journal.append([
        ("record", .string("begin")), ("job", .string(job.id)), ("task", .string(task.plan.id)),
        ("attempt", .integer(task.attempts)), ("pgid", .integer(Int(execution.pid))),
      ])
      reporter.event(
        "task-start", at: now,
        [
          ("job", .string(job.id)), ("task", .string(task.plan.id)), ("node", .string(nodes[execution.node].id)),
          ("attempt", .integer(task.attempts)), ("slots", .integer(execution.slots)),
        ])
    default:
      execution.eventStartedAt = now
      reporter.event(kindName(execution.work) + "-start", at: now, describe(execution.work))
    }
  }

  /// The seconds from the start event of `execution` to `now`, for its end event: exact where the
  /// events' times are not (they never go back, `Reporter.event`).
  func duration(of execution: Execution, at now: Double) -> (String, JSON?) {
    ("duration", execution.eventStartedAt.map { .double(max(0, now - $0)) })
  }

  /// A process ended with `exitCode`.
  func completed(_ execution: Execution, exitCode: Int, exitedNormally: Bool) {
    let succeeded = exitCode == 0 && !execution.timedOut && execution.terminatedBy == nil
    let isLast = execution.commandIndex + 1 >= execution.commands.count
    if succeeded, !isLast, stopSignal == nil {
      execution.commandIndex += 1
      do {
        try spawn(execution, execution.commands[execution.commandIndex])
      } catch {
        couldNotStart(execution, message: error.description)
      }
      return
    }
    if stopSignal != nil, !(succeeded && exitedNormally && isLast) {
      interrupted(execution, requeued: nil)
      return
    }
    if let reason = execution.requeuedBy {
      interrupted(execution, requeued: reason)
      return
    }
    if !succeeded, !execution.timedOut, execution.terminatedBy == nil, execution.retriesLeft != 0 {
      if execution.retriesLeft > 0 { execution.retriesLeft -= 1 }
      retry(execution, exitCode: exitCode)
      return
    }
    var failure: TaskFailure?
    var message: String?
    if let reason = execution.terminatedBy {
      failure = .terminated
      message = "terminated: \(reason)"
    } else if execution.timedOut {
      failure = .timeout
      message = "killed after its max_wall_clock of \(Reporter.seconds(execution.wallClock ?? 0))s"
    } else if !isLast {
      message = "from the coordination command; the main command did not run"
    }
    finished(execution, exitCode: failure == nil ? exitCode : nil, failure: failure, message: message)
  }

  /// Work that could not start (a missing input, an unsplittable command line, no executable).
  func preprocessingFailed(_ execution: Execution, message: String) {
    finished(execution, exitCode: nil, failure: .preProcessing, message: message)
  }

  /// Gives back the slots `execution` held, on its node and a multi-instance task's other nodes.
  private func freeSlots(of execution: Execution) {
    for index in [execution.node] + execution.subtaskNodes { nodes[index].freeSlots += execution.slots }
  }

  /// Final bookkeeping for any kind of work.
  private func finished(_ execution: Execution, exitCode: Int?, failure: TaskFailure?, message: String?) {
    defer { execution.closeDirectories() }
    let node = nodes[execution.node]
    freeSlots(of: execution)
    completions += 1
    let now = Self.now()
    let success = failure == nil && exitCode == 0
    // Why a start, preparation or release task failed: made only for one that did.
    var reason: String { message ?? "exit code \(exitCode ?? -1)" }
    switch execution.work {
    case .start:
      node.start = success ? .succeeded : .failed
      let waits = plan.pools[node.pool].startTask?.waitForSuccess ?? false
      node.isUsable = success || !waits
      journal.append([
        ("record", .string("start")), ("pool", .string(plan.pools[node.pool].id)), ("node", .string(node.id)),
        ("state", .string(success ? "succeeded" : "failed")),
      ])
      if !success {
        failedWork.append(
          FailedWork(
            what: "the start task", of: "pool `\(plan.pools[node.pool].id)`", node: execution.node, reason: reason,
            stderr: execution.taskDirectory + "/stderr.txt", takesNoTasks: waits))
        reporter.line("start task failed on \(node.id): \(reason)")
      }
      reporter.event(
        "start-task-end", at: now,
        describe(execution.work) + end(success, exitCode, message) + [duration(of: execution, at: now)])
    case .preparation(let jobIndex, _):
      let job = job(jobIndex)
      node.preparation[jobIndex] = success ? .succeeded : .failed
      if success {
        journal.append([("record", .string("prepared")), ("job", .string(job.id)), ("node", .string(node.id))])
      } else {
        journal.append([
          ("record", .string("preparation")), ("job", .string(job.id)), ("node", .string(node.id)),
          ("state", .string("failed")),
        ])
        failedWork.append(
          FailedWork(
            what: "the job preparation task of `\(job.id)`", of: "pool `\(plan.pools[node.pool].id)`",
            node: execution.node, reason: reason, stderr: execution.taskDirectory + "/stderr.txt"))
        reporter.line("job preparation of \(job.id) failed on \(node.id): \(reason)")
      }
      reporter.event(
        "preparation-end", at: now,
        describe(execution.work) + end(success, exitCode, message) + [duration(of: execution, at: now)])
    case .release(let jobIndex, _):
      let job = job(jobIndex)
      job.releasesRunning -= 1
      if job.releasesRunning == 0 && job.status == .releasing { job.status = .done }
      // A failure is retried by the next run, as the summary says.
      journal.append([
        ("record", .string("release")), ("job", .string(job.id)), ("node", .string(node.id)),
        ("state", .string(success ? "succeeded" : "failed")),
      ])
      if !success {
        failedWork.append(
          FailedWork(
            what: "the job release task of `\(job.id)`", of: "pool `\(plan.pools[node.pool].id)`",
            node: execution.node, reason: reason, stderr: execution.taskDirectory + "/stderr.txt"))
      }
      reporter.event(
        "release-end", at: now,
        describe(execution.work) + end(success, exitCode, message) + [duration(of: execution, at: now)])
    case .task(let jobIndex, let taskIndex):
      finishTask(job(jobIndex), taskIndex, execution, exitCode: exitCode, failure: failure, message: message, now: now)
    }
  }

  private func finishTask(
    _ job: JobRun, _ taskIndex: Int, _ execution: Execution, exitCode: Int?, failure: TaskFailure?, message: String?,
    now: Double
  ) {
    let task = job.tasks[taskIndex]
    var failure = failure
    var message = message
    var success = failure == nil && exitCode == 0
    var uploaded: [String] = []
    // The same blobs as `account/container/name`: the journal's, so a resumed run sees one is gone.
    var uploadedBlobs: [String] = []
    // The patterns of outputs uploaded that matched no file: no error on Batch either, but said.
    var unmatched: [String] = []
    if failure != .preProcessing && failure != .terminated {
      // Each output is uploaded on its own, as Batch does: one that fails does not cost the others.
      var problems: [String] = []
      for output in task.plan.outputs
      where output.uploadCondition == .completion || output.uploadCondition == (success ? .success : .failure) {
        do {
          let upload = try storage.upload(output, taskDirectory: execution.taskDescriptor)
          uploaded += upload.written
          uploadedBlobs += upload.written.map { "\(output.storageAccount)/\(output.container)/\($0)" }
          if upload.written.isEmpty && upload.refusedLinks.isEmpty && upload.unnamed.isEmpty {
            unmatched.append(output.pattern)
          }
          for name in upload.unnamed {
            problems.append(
              "`\(name)` matches output `\(output.pattern)` but its name is not valid UTF-8, as a blob's name must be; "
                + "it is not uploaded")
          }
          for link in upload.refusedLinks {
            problems.append(
              "\(link) matches output `\(output.pattern)` but leads outside the task directory, to nothing or "
                + "through another link; it is not followed")
          }
        } catch {
          problems.append(error.description)
        }
      }
      if let first = problems.first {
        // As Batch's node agent does, beside the task's logs; the task's own stderr.txt is left alone.
        append(execution, "fileuploaderr.txt", problems.map { $0 + "\n" }.joined())
        let more = problems.count > 1 ? " (and \(problems.count - 1) more, in fileuploaderr.txt)" : ""
        let others =
          uploaded.isEmpty ? "" : "; \(uploaded.count) other file\(uploaded.count == 1 ? " was" : "s were") uploaded"
        message = "upload failed: \(first)\(more)\(others)"
        failure = .fileUpload
        success = false
      }
    }
    let notUploaded = failure == .terminated ? outputsATerminatedTaskKeeps(task.plan) : []
    if !notUploaded.isEmpty, let said = message {
      message = said + "; " + Self.notUploadedNote(notUploaded.count)
    }
    // The matching condition's actions, else Batch's defaults: none and satisfy for exit code 0,
    // terminate and block for every other exit.
    let condition = exitCondition(task.plan, exitCode: exitCode, failure: failure)
    let dependencyAction = condition?.dependencyAction ?? (success ? .satisfy : .block)
    let jobAction = condition?.jobAction ?? (success ? JobAction.none : .terminate)
    task.status = success ? .succeeded : .failed
    if success { tidy(execution) }
    task.exitCode = exitCode
    task.message = message
    if success { counts.succeeded += 1 } else { counts.failed += 1 }
    job.running -= 1
    job.unfinished -= 1
    journal.append([
      ("record", .string("end")), ("job", .string(job.id)), ("task", .string(task.plan.id)),
      ("state", .string(success ? "succeeded" : "failed")), ("exitCode", exitCode.map { .integer($0) }),
      ("dependencyAction", .string(dependencyAction.rawValue)), ("fingerprint", .string(task.fingerprint)),
      ("inputs", success ? execution.inputStamp.map { .string($0) } : nil),
      ("uploaded", success ? .array(uploadedBlobs.map { .string($0) }) : nil),
    ])
    reporter.event(
      "task-end", at: now,
      [
        ("job", .string(job.id)), ("task", .string(task.plan.id)), ("node", .string(nodes[execution.node].id)),
        ("state", .string(success ? "succeeded" : "failed")), ("exitCode", exitCode.map { .integer($0) }),
        ("attempts", .integer(task.attempts)), duration(of: execution, at: now),
        ("failure", failure.map { .string($0.rawValue) }),
        ("message", message.map { .string($0) }), ("uploaded", .integer(uploaded.count)),
        ("unmatchedOutputs", unmatched.isEmpty ? nil : .array(unmatched.map { .string($0) })),
        ("notUploadedOutputs", notUploaded.isEmpty ? nil : .array(notUploaded.map { .string($0) })),
        ("dependencyAction", .string(dependencyAction.rawValue)),
      ])
    let duration = Reporter.seconds(now - execution.startedAt)
    if success {
      let attempts = task.attempts > 1 ? " after \(task.attempts) attempts" : ""
      let nothing =
        unmatched.isEmpty ? "" : "  (no file matched output \(unmatched.map { "`\($0)`" }.joined(separator: ", ")))"
      if !options.isTerminal {
        reporter.line("ok      \(job.id)/\(task.plan.id)  \(duration)s\(attempts)\(nothing)")
      }
    } else {
      let code = exitCode.flatMap { $0 == 0 ? nil : "exit code \($0)" }
      let parts = [code, message].compactMap { $0 }
      let detail = parts.isEmpty ? "failed" : parts.joined(separator: ", ")
      let attempts = task.attempts > 1 ? " after \(task.attempts) attempts" : ""
      reporter.line(
        "FAILED  \(job.id)/\(task.plan.id)  \(detail)\(attempts)\(stderrPath(of: task).map { "  (\($0))" } ?? "")")
    }
    settleDependents(job, taskIndex, satisfied: dependencyAction == .satisfy, now: now)
    if task.isManager, job.plan.manager?.killJobOnCompletion == true {
      complete(job, reason: "its manager `\(task.plan.id)` completed (kill_job_on_completion)", now: now)
    }
    if job.plan.onTaskFailure == .performExitOptionsJobAction, jobAction != .none, failure != .terminated {
      let how = condition == nil ? "and Batch's default for a failure is" : "and its exit condition says"
      let reason =
        "task `\(task.plan.id)` \(success ? "exited with 0" : "failed") \(how) `job_action = \(jobAction.rawValue)`"
      if jobAction == .terminate { terminate(job, reason: reason, now: now) }
      if jobAction == .disable { disable(job, reason: reason, now: now) }
    }
  }

  /// The patterns of `task`'s outputs that a failed task would upload (`completion` and `failure`)
  /// and that a task killed because its job ended does not: the Batch documentation says what the
  /// service does with them only for a process that exits, so the runner keeps uploading nothing
  /// and says so (grammar/runner-semantics.md).
  private func outputsATerminatedTaskKeeps(_ task: PlanTask) -> [String] {
    task.outputs.filter { $0.uploadCondition != .success }.map(\.pattern)
  }

  /// What the console and the task's `task-end` message add when `count` outputs of a task that
  /// its job's end killed were not uploaded.
  private static func notUploadedNote(_ count: Int) -> String {
    "\(count) output\(count == 1 ? "" : "s") not uploaded (a task killed because its job ended uploads nothing)"
  }

  /// The exit condition that applies, as Batch chooses it: a pre-processing or upload error's own
  /// condition (an upload error after an exit code that has its own condition takes that code's),
  /// else the exit code's, else for a failure the default condition; nil when none applies.
  private func exitCondition(_ task: PlanTask, exitCode: Int?, failure: TaskFailure?) -> PlanExitCondition? {
    let conditions = task.exitConditions
    let byCode = exitCode.flatMap { code in
      conditions.first {
        ($0.codes?.contains(code) ?? false) || ($0.range.map { $0.start <= code && code <= $0.end } ?? false)
      }
    }
    if failure == .fileUpload, let byCode { return byCode }
    if let error = failure?.exitError {
      return conditions.first { $0.error == error } ?? conditions.first(where: \.isDefault)
    }
    if let byCode { return byCode }
    let failed = failure != nil || exitCode != 0
    return failed ? conditions.first(where: \.isDefault) : nil
  }

  /// Dependents of a task that completed: one step closer to running, or blocked for good.
  private func settleDependents(_ job: JobRun, _ taskIndex: Int, satisfied: Bool, now: Double) {
    let task = job.tasks[taskIndex]
    for dependent in task.dependents {
      let other = job.tasks[dependent]
      guard other.status == .waiting || other.status == .ready else { continue }
      if satisfied {
        other.unmetDependencies -= 1
        if other.unmetDependencies == 0 && other.status == .waiting && job.isAcceptingTasks {
          other.status = .ready
          job.ready.append(dependent)
        }
      } else {
        let why =
          switch task.status {
          case .succeeded: "`\(task.plan.id)` succeeded, but its exit condition blocks its dependants"
          case .blocked: "`\(task.plan.id)` was blocked"
          case .skipped: "`\(task.plan.id)` did not run"
          default: "`\(task.plan.id)` did not succeed"
          }
        fail(job, dependent, now: now, message: "blocked: \(why)", status: .blocked)
      }
    }
  }

  /// Ends a task that never ran: blocked by a dependency, skipped, or impossible to place.
  func fail(_ job: JobRun, _ taskIndex: Int, now: Double, message: String, status: TaskStatus = .failed) {
    let task = job.tasks[taskIndex]
    guard !task.status.isFinal, task.status != .running else { return }
    task.status = status
    task.message = message
    counts.waiting -= 1
    if status == .failed { counts.failed += 1 } else { counts.skipped += 1 }
    job.unfinished -= 1
    reporter.event(
      "task-end", at: now,
      [
        ("job", .string(job.id)), ("task", .string(task.plan.id)), ("state", .string(statusName(status))),
        ("message", .string(message)),
      ])
    if status == .failed || !options.isTerminal {
      reporter.line("\(status == .failed ? "FAILED " : "not run") \(job.id)/\(task.plan.id)  \(message)")
    }
    settleDependents(job, taskIndex, satisfied: false, now: now)
  }

  /// Job action `terminate` (or the job's own wall clock): kill its running tasks, run no more.
  func terminate(_ job: JobRun, reason: String, now: Double) { end(job, reason: "job terminated: " + reason, now: now) }

  /// The job completes before its tasks do (its manager ended it): as `terminate`, but the job
  /// completed rather than failed.
  func complete(_ job: JobRun, reason: String, now: Double) { end(job, reason: "job completed: " + reason, now: now) }

  private func end(_ job: JobRun, reason: String, now: Double) {
    guard job.status == .active || job.status == .disabled else { return }
    job.status = .terminating
    job.reason = reason
    for execution in executions {
      if case .task(let jobIndex, _) = execution.work, jobIndex == job.index {
        execution.terminatedBy = job.reason
        signal(execution, SIGKILL)
      }
    }
    skipPending(job, now: now)
  }

  /// Job action `disable`: as Batch's disable with `requeue`, running tasks are stopped and go back
  /// to the queue, and none starts while the job is disabled (here, until the run ends: a later run
  /// runs them).
  func disable(_ job: JobRun, reason: String, now: Double) {
    guard job.status == .active else { return }
    job.status = .disabled
    job.reason = "job disabled: " + reason
    for execution in executions {
      if case .task(let jobIndex, _) = execution.work, jobIndex == job.index {
        execution.requeuedBy = job.reason
        signal(execution, SIGKILL)
      }
    }
    skipPending(job, now: now)
  }

  private func skipPending(_ job: JobRun, now: Double) {
    for (index, task) in job.tasks.enumerated() where task.status == .waiting || task.status == .ready {
      fail(job, index, now: now, message: "not run: \(job.reason ?? "the job ended")", status: .skipped)
    }
    job.ready.removeAll()
    job.readyHead = 0
  }

  /// A process stopped by SIGINT or SIGTERM, or requeued by a disabled job: no end record, so the
  /// next run runs it again.
  private func interrupted(_ execution: Execution, requeued: String?) {
    defer { execution.closeDirectories() }
    freeSlots(of: execution)
    completions += 1
    if case .task(let jobIndex, let taskIndex) = execution.work {
      let job = job(jobIndex)
      let task = job.tasks[taskIndex]
      let now = Self.now()
      job.running -= 1
      task.message = requeued.map { "requeued: \($0)" } ?? "interrupted"
      if requeued != nil {
        task.status = .skipped
        counts.skipped += 1
        job.unfinished -= 1
      } else {
        task.status = .interrupted
        counts.interrupted += 1
      }
      reporter.event(
        "task-end", at: now,
        [
          ("job", .string(job.id)), ("task", .string(task.plan.id)),
          ("state", .string(statusName(task.status))), duration(of: execution, at: now),
          ("message", requeued.map { .string($0) }),
        ])
      if let requeued {
        let uploads = task.plan.outputs.isEmpty ? "" : "its outputs were not uploaded, and "
        // A later run retries the failed task that disabled the job first: if it fails so again,
        // these stay requeued (on Batch it stays completed, and enabling the job runs them).
        reporter.line(
          "not run \(job.id)/\(task.plan.id)  requeued: \(requeued); \(uploads)"
            + "it runs in a later run once the task that disabled the job no longer fails so")
      }
    }
  }

  func job(_ index: Int) -> JobRun { jobRuns[index] }

  private func kindName(_ work: Work) -> String {
    switch work {
    case .start: "start-task"
    case .preparation: "preparation"
    case .release: "release"
    case .task: "task"
    }
  }

  func describe(_ work: Work) -> [(String, JSON?)] {
    switch work {
    case .start(let node): [("node", .string(nodes[node].id))]
    case .preparation(let job, let node), .release(let job, let node):
      [("job", .string(self.job(job).id)), ("node", .string(nodes[node].id))]
    case .task(let job, let task):
      [("job", .string(self.job(job).id)), ("task", .string(self.job(job).tasks[task].plan.id))]
    }
  }

  private func end(_ success: Bool, _ exitCode: Int?, _ message: String?) -> [(String, JSON?)] {
    [
      ("state", .string(success ? "succeeded" : "failed")), ("exitCode", exitCode.map { .integer($0) }),
      ("message", message.map { .string($0) }),
    ]
  }

  func statusName(_ status: TaskStatus) -> String {
    switch status {
    case .waiting: "waiting"
    case .ready: "ready"
    case .running: "running"
    case .succeeded: "succeeded"
    case .failed: "failed"
    case .blocked: "blocked"
    case .skipped: "skipped"
    case .interrupted: "interrupted"
    case .reused: "reused"
    }
  }
}
