// The end of a run: the summary people read and the exit status scripts read.

import BatchSpecCore
import BatchSpecPlan
import FoundationEssentials
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Runner {
  /// Prints the summary and returns the exit status.
  func finish() -> Int32 {
    reporter.clearStatus()
    removeSpares()
    let now = Self.now()
    let elapsed = Reporter.seconds(now - runStart)
    let total = jobs.reduce(0) { $0 + $1.tasks.count }
    var lines: [String] = []
    // Every other task did not run: skipped or blocked, or (in a stopped run) never started.
    let notRun = total - counts.succeeded - counts.reused - counts.failed - counts.interrupted
    var parts = ["\(counts.succeeded) succeeded"]
    if counts.reused > 0 { parts.append("\(counts.reused) already done") }
    if counts.failed > 0 { parts.append("\(counts.failed) failed") }
    if counts.interrupted > 0 { parts.append("\(counts.interrupted) interrupted") }
    if notRun > 0 { parts.append("\(notRun) not run") }
    lines.append("\(total) task\(total == 1 ? "" : "s"): \(parts.joined(separator: ", ")) in \(elapsed)s")
    var failed: [String] = []
    // A stopped task's process was killed: it ran no upload, and runs again from the start.
    var unuploaded: [String] = []
    for job in jobs.sorted(by: { $0.index < $1.index }) {
      if let reason = job.reason { lines.append("job \(job.id): \(reason)") }
      for task in job.tasks where task.status == .interrupted && !task.plan.outputs.isEmpty {
        unuploaded.append("\(job.id)/\(task.plan.id)")
      }
      for task in job.tasks where task.status == .failed {
        let detail =
          task.exitCode.map { "exit code \($0)" + (task.message.map { ", " + $0 } ?? "") }
          ?? task.message ?? "failed"
        let attempts = task.attempts > 1 ? " after \(task.attempts) attempts" : ""
        failed.append(
          "  \(job.id)/\(task.plan.id): \(detail)\(attempts)" + (stderrPath(of: task).map { "\n    \($0)" } ?? ""))
      }
    }
    if !failed.isEmpty {
      lines.append("failed:")
      lines += failed.prefix(20)
      if failed.count > 20 {
        lines.append("  ... and \(failed.count - 20) more (see \(options.eventsPath ?? "--events"))")
      }
    }
    if !unuploaded.isEmpty {
      let shown =
        unuploaded.prefix(5).joined(separator: ", ") + (unuploaded.count > 5 ? " and \(unuploaded.count - 5) more" : "")
      lines.append(
        "not uploaded: the outputs of \(unuploaded.count) interrupted task\(unuploaded.count == 1 ? "" : "s") (\(shown)); each runs again, from the start, when the run resumes"
      )
    }
    for note in notes where note.hasPrefix("the ") { lines.append("note: " + note) }
    lines.append("work directory: \(workDirectory)")
    reporter.event(
      "run-end", at: now,
      [
        ("succeeded", .integer(counts.succeeded)), ("failed", .integer(counts.failed)),
        ("interrupted", .integer(counts.interrupted)), ("notRun", .integer(notRun)),
        ("reused", .integer(counts.reused)), ("stopped", stopSignal.map { .integer(Int($0)) }),
      ])
    if let stopSignal {
      lines.append("stopped before the end; run the same command again to resume (finished tasks are kept)")
      for line in lines { reporter.line(line) }
      return 128 + stopSignal
    }
    let infrastructureFailed = notes.contains { $0.hasPrefix("the ") }
    let allGood = counts.failed == 0 && notRun == 0 && !infrastructureFailed
    let kept = counts.succeeded + counts.reused
    if !allGood && kept > 0 {
      lines.append(
        "run the same command again to retry: the \(kept) task\(kept == 1 ? "" : "s") that succeeded will not run again"
      )
    }
    for line in lines { reporter.line(line) }
    return allGood ? 0 : 1
  }
}
