// BS5009: `max_parallel_tasks` that is neither -1 nor at least 1.

/// Flags a job's `max_parallel_tasks` of 0 or below -1.
package struct MaxParallelTasksOutOfRange: ValidationRule {
  package let code = DiagnosticCode(
    "BS5009", "max-parallel-tasks-out-of-range", .error, "A job's `max_parallel_tasks` that is 0 or below -1.")

  package let documentation = """
    ## What it does
    Checks `max_parallel_tasks`: `-1` means no limit, otherwise it must be at least 1.

    ## Why is this bad?
    Batch refuses the job; with 0 no task could ever run.

    ## Example
    ```
    job j { max_parallel_tasks = 0 }
    ```

    ## Use instead
    ```
    job j { max_parallel_tasks = 1 }
    ```

    ## Azure limit
    `maxParallelTasks`: -1 (the default, no limit) or at least 1.
    """

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for job in context.project.jobs {
      guard let attribute = job.written(\.maxParallelTasks), case let value = attribute.value, value == 0 || value < -1
      else { continue }
      context.report(
        self, at: attribute.valueLocation,
        "`max_parallel_tasks = \(value)`: use -1 for no limit or a count of at least 1",
        fixIts: [context.replace("use 1", attribute.valueLocation, with: "1", safe: false)])
    }
  }
}
