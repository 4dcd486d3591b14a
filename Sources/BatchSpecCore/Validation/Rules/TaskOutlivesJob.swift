// BS5023: a task allowed to run longer than its job, or than Batch lets any task live.

/// Flags a task or preparation task whose `max_wall_clock` exceeds its job's, or 180 days.
package struct TaskOutlivesJob: ValidationRule {
  package let code = DiagnosticCode(
    "BS5023", "task-outlives-job", .warning,
    "A task whose `max_wall_clock` is longer than its job's, or than the 180 days a task may live.")

  package let documentation = """
    ## What it does
    Compares the `max_wall_clock` of each task and job preparation task with its job's
    `max_wall_clock`, and with the 180 days after which Batch ends any task.

    ## Why is this bad?
    The longer limit never applies: the job (or the service) ends the task first, so a run that was
    meant to be allowed its full time is cut short, and the spec misleads its reader.

    ## Example
    ```
    job nightly {
      max_wall_clock = 4h
      task train { command = "...", max_wall_clock = 12h }
    }
    ```

    ## Use instead
    ```
    job nightly {
      max_wall_clock = 14h
      task train { command = "...", max_wall_clock = 12h }
    }
    ```

    ## Azure limit
    A job's `maxWallClockTime` ends the job and its running tasks; a task lives at most 180 days from
    when it is added.
    """

  private static let lifetime: Int64 = 180 * 86_400_000

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for job in context.jobs {
      let jobLimit = job.written(\.maxWallClock)
      for child in job.instance.children {
        let isTask = child.is(Schema.Task.self)
        guard
          let attribute = isTask
            ? child.written(Schema.Task.maxWallClock)
            : child.is(Schema.Prepare.self) ? child.written(Schema.Prepare.maxWallClock) : nil
        else { continue }
        let limit = attribute.value.count
        let name = isTask ? "task `\(child.label ?? "")`" : "the `prepare` task of job `\(job.label ?? "")`"
        if let jobLimit, case let jobMilliseconds = jobLimit.value.count, limit > jobMilliseconds {
          context.report(
            self, at: attribute.valueLocation,
            "\(name) may run \(Value.formatDuration(limit)), but job `\(job.label ?? "")` ends after \(Value.formatDuration(jobMilliseconds)): lower the task's `max_wall_clock` or raise the job's",
            notes: [Note("the job's `max_wall_clock` is set here", at: jobLimit.location)])
        } else if limit > Self.lifetime {
          context.report(
            self, at: attribute.valueLocation,
            "\(name) may run \(Value.formatDuration(limit)), but Batch ends every task 180 days after it is added: use at most `180d`"
          )
        }
      }
    }
  }
}
