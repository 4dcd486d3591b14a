// BS5008: a retry count below -1.

/// Flags `retries` below -1 on jobs, tasks, start tasks and preparation tasks.
package struct RetriesOutOfRange: ValidationRule {
  package let code = DiagnosticCode(
    "BS5008", "retries-out-of-range", .error, "A `retries` count below -1.")

  package let documentation = """
    ## What it does
    Checks `retries` (`maxTaskRetryCount`) on jobs, tasks, start tasks and preparation tasks: `0`
    means no retry, `-1` retry without limit, any other value must be positive. It also warns about
    `-1` on a start task, which can retry a broken node setup for ever.

    ## Why is this bad?
    Batch refuses a count below -1. A start task retried without limit keeps a node busy and
    unusable instead of failing visibly.

    ## Example
    ```
    task t { command = "...", retries = -3 }
    ```

    ## Use instead
    ```
    task t { command = "...", retries = 3 }
    ```

    ## Azure limit
    `maxTaskRetryCount`: -1 (no limit), 0 (no retry, the default) or a positive count; Azure
    advises against -1 for start tasks.
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for job in context.jobs { check(job.written(\.retries), isStartTask: false, &context) }
    for command in context.commandBlocks {
      let block = command.block
      if block.is(Schema.Task.self) {
        check(block.written(Schema.Task.retries), isStartTask: false, &context)
      } else if block.is(Schema.Prepare.self) {
        check(block.written(Schema.Prepare.retries), isStartTask: false, &context)
      } else if block.is(Schema.StartTask.self) {
        check(block.written(Schema.StartTask.retries), isStartTask: true, &context)
      }
    }
  }

  private func check(_ attribute: Written<Int64>?, isStartTask: Bool, _ context: inout ValidationContext) {
    guard let attribute else { return }
    let retries = attribute.value
    if retries < -1 {
      context.report(
        self, at: attribute.valueLocation,
        "`retries = \(retries)` is not a retry count: use 0 for none, a positive count, or -1 for no limit",
        fixIts: [
          context.replace(
            "use \(retries.magnitude)", attribute.valueLocation, with: "\(retries.magnitude)", safe: false)
        ])
    } else if retries == -1 && isStartTask {
      context.report(
        self, at: attribute.valueLocation,
        "a start task retried without limit keeps a broken node busy for ever: give `retries` a count, such as 3",
        severity: .warning)
    }
  }
}
