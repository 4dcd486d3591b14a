// BS5030: an exit condition's job action in a job that does not perform exit options' job actions.

/// Flags an `exit` block's `job_action` other than `none` in a job whose `on_task_failure` is
/// `no_action`.
package struct JobActionWithoutExitOptions: ValidationRule {
  package let code = DiagnosticCode(
    "BS5030", "job-action-without-exit-options", .error,
    "A `job_action` in a job whose `on_task_failure` is not `perform_exit_options_job_action`.")

  package let documentation = """
    ## What it does
    Flags an `exit` block whose `job_action` is `disable` or `terminate` in a job whose
    `on_task_failure` is `no_action` (the default).

    ## Why is this bad?
    Batch refuses the task with 400 (Bad Request): a job action is allowed only when the job
    performs exit options' job actions. Leaving it out of the request instead would silently drop
    what the spec asks for, so batchspec makes you choose.

    ## Example
    ```
    job nightly {
      pool = p
      task load { command = "load.sh", exit { codes = [3], job_action = terminate } }
    }
    ```

    ## Use instead
    ```
    job nightly {
      pool = p
      on_task_failure = perform_exit_options_job_action
      task load { command = "load.sh", exit { codes = [3], job_action = terminate } }
    }
    ```
    With it, a task of the job that fails without a matching `exit` block terminates the job, as
    Batch's default job action for a non-zero exit is `terminate`. Or remove the `job_action`.

    ## Azure limit
    Batch REST API 2025-06-01, `ExitOptions.jobAction`: "An action to take on the Job containing the
    Task, if the Task completes with the given exit condition and the Job's onTaskFailed property is
    'performExitOptionsJobAction'. The default is none for exit code 0 and terminate for all other
    exit conditions. If the Job's onTaskFailed property is noaction, then specifying this property
    returns an error and the add Task request fails with an invalid property value error; if you are
    calling the REST API directly, the HTTP status code is 400 (Bad Request)."
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for job in context.jobs where job[\.onTaskFailure] != .performExitOptionsJobAction {
      // Through the blocks in place: most tasks have no `exit` block, and no list is made for them.
      for task in job.instance.children where task.is(Schema.Task.self) {
        for exit in task.children where exit.is(Schema.ExitCondition.self) {
          guard let action = exit.written(Schema.ExitCondition.jobAction), action.value != .none else { continue }
          report(action, of: Checked(task), in: job, &context)
        }
      }
    }
  }

  private func report(
    _ action: Written<JobAction>, of task: Checked<Schema.Task>, in job: Checked<Schema.Job>,
    _ context: inout ValidationContext
  ) {
    let setting = "on_task_failure = \(OnTaskFailure.performExitOptionsJobAction.rawValue)"
    let title = "set the job's `\(setting)`"
    var notes: [Note] = []
    var fixIts: [FixIt] = []
    if let written = job.written(\.onTaskFailure) {
      notes.append(
        Note("job `\(job.label ?? "")` sets `on_task_failure = \(written.value.rawValue)` here", at: written.location))
      fixIts.append(
        context.replace(
          title, written.valueLocation, with: OnTaskFailure.performExitOptionsJobAction.rawValue, safe: false))
    } else if let pool = job.written(\.pool) {
      // After the job's required `pool`: a comma ends a statement on any line.
      let end = Location(pool.location.file, TextRange.empty(at: pool.location.range.end))
      fixIts.append(context.replace(title, end, with: ", \(setting)", safe: false))
    }
    context.report(
      self, at: action.valueLocation,
      "`job_action = \(action.value.rawValue)` in task `\(task.label ?? "")` needs its job's `\(setting)`; job `\(job.label ?? "")` has `no_action`\(job.has(\.onTaskFailure) ? "" : " (the default)"), so Azure refuses the task: set it on the job, or remove the `job_action`",
      notes: notes, fixIts: fixIts)
  }
}
