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
      // Here a blocked task ends "not run"; on Batch it stays active, and the job never completes.
      let blocked = job.reason == nil ? job.tasks.count { $0.status == .blocked } : 0
      if blocked > 0 && stopSignal == nil {
        lines.append(
          "job \(job.id): on Azure Batch it would not end: its \(blocked) blocked task\(blocked == 1 ? "" : "s") stay\(blocked == 1 ? "s" : "") active, so `on_all_tasks_complete`, the release task and the pool's nodes wait until the job is terminated; end it on the failure with `on_task_failure = perform_exit_options_job_action`, or let the dependants run with `exit { dependency_action = satisfy }`"
        )
      }
      for task in job.tasks where task.status == .interrupted && !task.plan.outputs.isEmpty {
        unuploaded.append("\(job.id)/\(task.plan.id)")
      }
      for task in job.tasks where task.status == .failed {
        let detail =
          task.exitCode.map { "exit code \($0)" + (task.message.map { ", " + $0 } ?? "") }
          ?? task.message ?? "failed"
        let attempts = task.attempts > 1 ? " after \(task.attempts) attempts" : ""
        let path = stderrPath(of: task)
        // Only the first 20 are shown: only their files are read.
        let ends =
          failed.count < 20 ? path.flatMap(Self.lastLine(of:)).map { "; its standard error ends: " + $0 } ?? "" : ""
        failed.append("  \(job.id)/\(task.plan.id): \(detail)\(attempts)\(ends)" + (path.map { "\n    \($0)" } ?? ""))
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
    lines += failedWorkNotes()
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
    let infrastructureFailed = !failedWork.isEmpty || notes.contains { $0.hasPrefix("the ") }
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

  /// The notes on failed start, preparation and release tasks: one for each way a task failed on
  /// one pool, naming its nodes, with the first node's standard error and the line it ends with.
  /// Fourteen nodes whose start task failed alike are one note, not fourteen.
  func failedWorkNotes() -> [String] {
    var groups: [[FailedWork]] = []
    for work in failedWork {
      if let index = groups.firstIndex(where: { $0[0].isAlike(work) }) {
        groups[index].append(work)
      } else {
        groups.append([work])
      }
    }
    return groups.map { group in
      let first = group[0]
      let ends = Self.lastLine(of: first.stderr)
      guard group.count > 1 else {
        return "note: \(first.what) failed on \(nodes[first.node].id) (\(first.reason)): \(first.stderr)"
          + (first.takesNoTasks ? "; the node takes no tasks" : "")
          + (ends.map { "\n    its standard error ends: " + $0 } ?? "")
      }
      let names = group.map(\.node).sorted().map { nodes[$0].id }
      let shown = names.prefix(3).joined(separator: ", ") + (names.count > 3 ? " and \(names.count - 3) more" : "")
      return "note: \(first.what) failed on \(group.count) nodes of \(first.of) (\(first.reason)): \(shown)"
        + (first.takesNoTasks ? "; the nodes take no tasks" : "")
        + "\n    \(nodes[first.node].id): \(first.stderr)" + (ends.map { "; its standard error ends: " + $0 } ?? "")
    }
  }

  /// The last line of the file at `path` that holds more than white space, trimmed and cut to
  /// 200 characters (`…` where it was cut); nil when there is none or the file cannot be read.
  /// Reads at most its last 4 KB: a task's standard error may be large.
  static func lastLine(of path: String) -> String? {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    let size = lseek(descriptor, 0, SEEK_END)
    guard size > 0 else { return nil }
    let count = Int(min(size, 4096))
    var bytes = [UInt8](repeating: 0, count: count)
    let read = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, size - off_t(count)) }
    guard read > 0 else { return nil }
    // A window that starts inside the file may start inside a character: from the next one.
    var first = 0
    if count < size { while first < read && bytes[first] & 0xC0 == 0x80 { first += 1 } }
    let text = String(decoding: bytes[first..<read], as: UTF8.self)
    let lines = text.split(whereSeparator: \.isNewline)
    guard let index = lines.lastIndex(where: { !$0.allSatisfy(\.isWhitespace) }) else { return nil }
    var line = lines[index].drop(while: \.isWhitespace)
    while line.last?.isWhitespace == true { line = line.dropLast() }
    // The window began in this line: its start is not shown.
    let cutAtStart = index == lines.startIndex && count < size && bytes[first] != UInt8(ascii: "\n")
    // Printed to a terminal: a control character (an escape sequence a program wrote) or a format
    // character (a bidirectional override) is shown as `?`, not obeyed.
    var shown = cutAtStart ? "…" : ""
    var scalars = 0
    for scalar in line.unicodeScalars {
      if scalars == 200 {
        shown += "…"
        break
      }
      let isControl =
        scalar.value < 0x20 && scalar != "\t" || (0x7F...0x9F).contains(scalar.value)
        || scalar.properties.generalCategory == .format
      shown.unicodeScalars.append(isControl ? "?" : scalar)
      scalars += 1
    }
    return shown
  }
}

/// A start, preparation or release task that failed on a node.
struct FailedWork {
  /// "the start task", "the job preparation task of `render`".
  var what: String
  /// The pool: "pool `render`".
  var of: String
  /// The node's index.
  var node: Int
  /// "exit code 100", or why it could not start.
  var reason: String
  /// Its standard error file.
  var stderr: String
  /// Whether the node takes no tasks for it (a start task with `wait_for_success`).
  var takesNoTasks = false

  /// Whether `other` is the same task failing the same way on the same pool.
  func isAlike(_ other: FailedWork) -> Bool {
    what == other.what && of == other.of && reason == other.reason && takesNoTasks == other.takesNoTasks
  }
}
