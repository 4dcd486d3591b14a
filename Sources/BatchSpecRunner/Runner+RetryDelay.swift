// Retrying failed work: the first retries start at once, later ones after a growing delay (up to
// a few seconds), so a command that always fails (`retries = -1`) neither spins nor floods the
// events, and the console says now and then that it keeps failing.

import BatchSpecCore
import BatchSpecPlan

extension Runner {
  /// How many retries start at once, before any delay.
  static let immediateRetries = 3
  /// The longest delay between two attempts, in seconds.
  static let longestRetryDelay = 5.0
  /// How often, in seconds, the console says again that work keeps failing.
  static let failingLineInterval = 60.0

  /// The delay before the retry that follows `failures` failed attempts: none for the first
  /// `immediateRetries`, then a quarter second, doubling up to `longestRetryDelay`.
  static func retryDelay(afterFailures failures: Int) -> Double {
    guard failures > immediateRetries else { return 0 }
    return min(0.25 * Double(1 << min(failures - immediateRetries - 1, 8)), longestRetryDelay)
  }

  /// Retries `execution`, whose attempt failed with `exitCode`: at once, or once its delay has
  /// passed (it keeps its slots meanwhile).
  func retry(_ execution: Execution, exitCode: Int) {
    execution.failures += 1
    let now = Self.now()
    let delay = Self.retryDelay(afterFailures: execution.failures)
    reporter.event(
      "retry", at: now,
      describe(execution.work) + [("exitCode", .integer(exitCode)), ("delay", delay > 0 ? .double(delay) : nil)])
    if delay > 0, execution.saidFailingAt.map({ now - $0 >= Self.failingLineInterval }) ?? true {
      execution.saidFailingAt = now
      let limit =
        execution.retriesLeft < 0
        ? "retried until it succeeds (`retries = -1`; Ctrl-C stops the run)"
        : "\(execution.retriesLeft) retr\(execution.retriesLeft == 1 ? "y" : "ies") left"
      reporter.line(
        "still failing \(label(of: execution.work)): exit code \(exitCode) on attempt \(execution.failures); "
          + "\(limit), up to \(Int(Self.longestRetryDelay))s apart")
    }
    guard delay > 0 else {
      respawn(execution)
      return
    }
    // No process runs for it: a signal sent meanwhile must not reach the group its last one left.
    execution.pid = 0
    execution.retryAt = now + delay
    execution.lastExitCode = exitCode
    delayedRetries.append(execution)
  }

  /// Starts the retries whose delay has passed; ends, as its process would have, a waiting retry
  /// that the run's stop, its job's end or its job's disabling cancelled.
  func startDueRetries(_ now: Double) {
    guard !delayedRetries.isEmpty else { return }
    let waiting = delayedRetries
    delayedRetries = []
    for execution in waiting {
      let cancelled = stopSignal != nil || execution.terminatedBy != nil || execution.requeuedBy != nil
      if !cancelled && now < execution.retryAt ?? 0 {
        delayedRetries.append(execution)
        continue
      }
      execution.retryAt = nil
      execution.pendingSignal = nil
      if cancelled {
        completed(execution, exitCode: execution.lastExitCode, exitedNormally: true)
      } else {
        respawn(execution)
      }
    }
  }

  /// Runs the first command of `execution` again.
  private func respawn(_ execution: Execution) {
    do {
      execution.commandIndex = 0
      try spawn(execution, execution.commands[0])
    } catch {
      couldNotStart(execution, message: error.description)
    }
  }

  /// What the console calls a piece of work: `job/task`, or a start or preparation task and its
  /// node.
  private func label(of work: Work) -> String {
    switch work {
    case .start(let node): "the start task on \(nodes[node].id)"
    case .preparation(let job, let node): "the job preparation task of \(self.job(job).id) on \(nodes[node].id)"
    case .release(let job, let node): "the job release task of \(self.job(job).id) on \(nodes[node].id)"
    case .task(let job, let task): "\(self.job(job).id)/\(self.job(job).tasks[task].plan.id)"
    }
  }
}
