// What ends a job on Batch once its tasks are done, and the fix that makes a job end: read by
// BS5046 (a release task that waits) and BS5052 (a job schedule that runs once).

extension Checked<Schema.Job> {
  /// Whether something ends the job once its tasks are done: `on_all_tasks_complete =
  /// terminate_job`, a job manager that ends it (`kill_job_on_completion`, the default) or a
  /// `max_wall_clock`. A job nothing ends stays active until someone terminates it.
  package var endsByItself: Bool {
    self[\.onAllTasksComplete] != .noAction || written(\.maxWallClock) != nil
      || child(\.manager).map { $0[\.killJobOnCompletion] != false } ?? false
  }
}

extension ValidationContext {
  /// The unsafe fix setting `on_all_tasks_complete = terminate_job` in `job`: over the `no_action`
  /// written, or as a new attribute after `pool`. None when the value is a param's.
  package func terminateJobFix(_ job: Checked<Schema.Job>) -> [FixIt] {
    let title = "set `on_all_tasks_complete = terminate_job`"
    if let written = job.written(\.onAllTasksComplete)?.valueLocation {
      return isWord(written, "no_action") ? [replace(title, written, with: "terminate_job", safe: false)] : []
    }
    guard let pool = job.written(\.pool) else { return [] }
    return [FixIt(title, edits: [insertion("on_all_tasks_complete = terminate_job", after: pool)], isSafe: false)]
  }

  /// An edit writing `attribute` (`name = value`) after `anchor`, an attribute of the same block:
  /// on the next line, indented alike, when `anchor` has a line of its own (a comment after it
  /// stays there); else after it, with a comma.
  package func insertion<Value>(_ attribute: String, after anchor: Written<Value>) -> TextEdit {
    let file = anchor.location.file
    let bytes = project.project.file(file).bytes
    var lineStart = anchor.location.range.start
    while lineStart > 0, bytes[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
    var indentEnd = lineStart
    while indentEnd < bytes.count, bytes[indentEnd] == 0x20 || bytes[indentEnd] == 0x09 { indentEnd += 1 }
    var rest = anchor.valueLocation.range.end
    while rest < bytes.count, bytes[rest] == 0x20 || bytes[rest] == 0x09 || bytes[rest] == 0x0D { rest += 1 }
    var lineEnd = rest
    while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
    let comment = rest + 1 < bytes.count && bytes[rest] == UInt8(ascii: "/") && bytes[rest + 1] == UInt8(ascii: "/")
    if indentEnd == anchor.location.range.start, lineEnd < bytes.count, rest == lineEnd || comment {
      let newline = lineEnd > 0 && bytes[lineEnd - 1] == 0x0D ? "\r\n" : "\n"
      let indent = String(decoding: bytes[lineStart..<indentEnd], as: UTF8.self)
      return TextEdit(file: file, range: TextRange(lineEnd + 1, lineEnd + 1), replacement: indent + attribute + newline)
    }
    let at = anchor.valueLocation.range.end
    return TextEdit(file: file, range: TextRange(at, at), replacement: ", " + attribute)
  }
}
