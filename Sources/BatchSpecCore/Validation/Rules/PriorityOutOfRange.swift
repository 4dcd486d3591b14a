// BS5007: a job priority outside -1000...1000.

/// Flags a job `priority` outside the range Batch accepts.
package struct PriorityOutOfRange: ValidationRule {
  package let code = DiagnosticCode(
    "BS5007", "priority-out-of-range", .error, "A job `priority` outside -1000 to 1000.")

  package let documentation = """
    ## What it does
    Checks each job's `priority` against -1000 (lowest) ... 1000 (highest).

    ## Why is this bad?
    Batch refuses the job.

    ## Example
    ```
    job urgent { priority = 5000 }
    ```

    ## Use instead
    ```
    job urgent { priority = 1000 }
    ```

    ## Azure limit
    Job `priority`: -1000 to 1000; the default is 0.
    """

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for job in context.project.jobs {
      guard let attribute = job.written(\.priority), case let priority = attribute.value,
        priority < -1000 || priority > 1000
      else { continue }
      let clamped = min(max(priority, -1000), 1000)
      context.report(
        self, at: attribute.valueLocation,
        "priority \(priority) is outside -1000 to 1000: use \(clamped), the \(priority > 0 ? "highest" : "lowest")",
        fixIts: [context.replace("use \(clamped)", attribute.valueLocation, with: "\(clamped)", safe: false)])
    }
  }
}
