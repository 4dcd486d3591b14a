// BS5046: a release task in a job that never ends by itself.

/// Flags a job with a `release` task that nothing ends: `on_all_tasks_complete` is `no_action`
/// and no job manager or `max_wall_clock` ends it, so on Batch the release task waits until
/// someone terminates the job.
package struct ReleaseNeverRuns: ValidationRule {
  package let code = DiagnosticCode(
    "BS5046", "release-never-runs", .warning,
    "A job with a `release` task that never ends by itself, so the release task waits for someone to end it.")

  package let documentation = """
    ## What it does
    Flags a job with a `release` task whose `on_all_tasks_complete` is `no_action` (the default),
    with no job manager that ends it (`kill_job_on_completion`, the default) and no
    `max_wall_clock`. An unsafe fix sets `on_all_tasks_complete = terminate_job`.

    ## Why is this bad?
    Batch runs a job's release task on each node when the job ends, and such a job stays active
    once its tasks are done: the release task (uploading logs, cleaning the nodes) waits until
    someone terminates or deletes the job, and the job counts against the active job quota. A
    local run always ends when its tasks do and runs the release task then, so it does not show
    the difference.

    ## Example
    ```
    job j {
      pool = p
      prepare { command = "/bin/sh -c 'mkdir -p $AZ_BATCH_NODE_SHARED_DIR/cache'" }
      release { command = "/bin/sh -c 'rm -rf $AZ_BATCH_NODE_SHARED_DIR/cache'" }
      task t { command = "run.sh" }
    }
    ```

    ## Use instead
    ```
    job j {
      pool                  = p
      on_all_tasks_complete = terminate_job
      prepare { command = "/bin/sh -c 'mkdir -p $AZ_BATCH_NODE_SHARED_DIR/cache'" }
      release { command = "/bin/sh -c 'rm -rf $AZ_BATCH_NODE_SHARED_DIR/cache'" }
      task t { command = "run.sh" }
    }
    ```

    ## Azure limit
    "When a job is being terminated, the job release task is run on each of the pool nodes where a
    job preparation task was run"; `onAllTasksComplete` defaults to `noaction`.
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for job in context.jobs {
      guard let release = job.child(\.release), job[\.onAllTasksComplete] == .noAction,
        job.written(\.maxWallClock) == nil,
        job.child(\.manager).map({ $0[\.killJobOnCompletion] == false }) ?? true
      else { continue }
      let written = job.written(\.onAllTasksComplete)
      context.report(
        self, at: release.nameLocation,
        "the `release` task of job `\(job.label ?? "")` runs when the job ends, but nothing ends it: "
          + "`on_all_tasks_complete` is `no_action`, so on Batch the job stays active once its tasks are done and the "
          + "release task waits until someone terminates it; set `on_all_tasks_complete = terminate_job`",
        notes: written.map { [Note("`on_all_tasks_complete` is set here", at: $0.valueLocation)] } ?? [],
        fixIts: fix(job, written: written?.valueLocation, context))
    }
  }

  /// Writes `terminate_job` over the value written, or the attribute after `pool`.
  private func fix(_ job: Checked<Schema.Job>, written: Location?, _ context: ValidationContext) -> [FixIt] {
    let title = "set `on_all_tasks_complete = terminate_job`"
    if let written {
      return context.isStringLiteral(written) || !isWord(written, context)
        ? [] : [context.replace(title, written, with: "terminate_job", safe: false)]
    }
    guard let pool = job.written(\.pool) else { return [] }
    let file = pool.location.file
    let bytes = context.project.project.file(file).bytes
    var lineStart = pool.location.range.start
    while lineStart > 0, bytes[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
    var indentEnd = lineStart
    while indentEnd < bytes.count, bytes[indentEnd] == 0x20 || bytes[indentEnd] == 0x09 { indentEnd += 1 }
    var rest = pool.valueLocation.range.end
    while rest < bytes.count, bytes[rest] == 0x20 || bytes[rest] == 0x09 || bytes[rest] == 0x0D { rest += 1 }
    var lineEnd = rest
    while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
    let comment = rest + 1 < bytes.count && bytes[rest] == UInt8(ascii: "/") && bytes[rest + 1] == UInt8(ascii: "/")
    let edit: TextEdit
    if indentEnd == pool.location.range.start, lineEnd < bytes.count, rest == lineEnd || comment {
      // `pool` has a line of its own: the new attribute takes the next, indented alike.
      let newline = lineEnd > 0 && bytes[lineEnd - 1] == 0x0D ? "\r\n" : "\n"
      let indent = String(decoding: bytes[lineStart..<indentEnd], as: UTF8.self)
      edit = TextEdit(
        file: file, range: TextRange(lineEnd + 1, lineEnd + 1),
        replacement: indent + "on_all_tasks_complete = terminate_job" + newline)
    } else {
      let at = pool.valueLocation.range.end
      edit = TextEdit(file: file, range: TextRange(at, at), replacement: ", on_all_tasks_complete = terminate_job")
    }
    return [FixIt(title, edits: [edit], isSafe: false)]
  }

  /// Whether the value at `location` is a bare word (`no_action`), not a param's value.
  private func isWord(_ location: Location, _ context: ValidationContext) -> Bool {
    let bytes = context.project.project.file(location.file).bytes
    return bytes[location.range.start..<location.range.end].elementsEqual("no_action".utf8)
  }
}
