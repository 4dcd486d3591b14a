// BS5017: a job release task allowed to run longer than 15 minutes.

/// Flags a `release` block whose `max_wall_clock` exceeds the 15 minutes Batch accepts.
package struct ReleaseTimeoutTooLong: ValidationRule {
  package let code = DiagnosticCode(
    "BS5017", "release-timeout-too-long", .error, "A job release task with a `max_wall_clock` over 15 minutes.")

  package let documentation = """
    ## What it does
    Checks the `max_wall_clock` of each job's `release` block against 15 minutes (the default).

    ## Why is this bad?
    Batch rejects the job with 400 (Bad Request).

    ## Example
    ```
    release { command = "/bin/sh -c 'tar czf logs.tgz logs'", max_wall_clock = 1h }
    ```

    ## Use instead
    ```
    release { command = "/bin/sh -c 'tar czf logs.tgz logs'", max_wall_clock = 15m }
    ```
    Work that takes longer belongs in a task of the job.

    ## Azure limit
    `jobReleaseTask.maxWallClockTime`: 15 minutes by default, and no longer.
    """

  private static let limit: Int64 = 15 * 60_000

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for job in context.project.jobs {
      guard let attribute = job.child(\.release)?.written(\.maxWallClock),
        case let milliseconds = attribute.value.count,
        milliseconds > Self.limit
      else { continue }
      context.report(
        self, at: attribute.valueLocation,
        "the release task of job `\(job.label ?? "")` may run \(Value.formatDuration(milliseconds)); Azure allows at most 15m: use `15m` or less, and move longer work into a task",
        fixIts: [context.replace("use `15m`", attribute.valueLocation, with: "15m", safe: false)])
    }
  }
}
