// BS5012: a job with `uses_task_dependencies = false` whose tasks have `depends_on`.

/// Flags a job that turns task dependencies off while its tasks use them.
package struct DependenciesDisabled: ValidationRule {
  package let code = DiagnosticCode(
    "BS5012", "dependencies-disabled", .error,
    "A job with `uses_task_dependencies = false` whose tasks have `depends_on`.")

  package let documentation = """
    ## What it does
    Flags `uses_task_dependencies = false` on a job where some task has `depends_on`. When the
    attribute is left out, the compiler sets `usesTaskDependencies` whenever a task has
    `depends_on`, so nothing needs to be written.

    ## Why is this bad?
    Batch refuses tasks with dependencies in a job that does not enable them.

    ## Example
    ```
    job j {
      uses_task_dependencies = false
      task a { command = "..." }
      task b { command = "...", depends_on = [a] }
    }
    ```

    ## Use instead
    Remove `uses_task_dependencies` (the compiler sets it) or set it to `true`.

    ## Azure limit
    A task's `dependsOn` requires the job's `usesTaskDependencies` to be true.
    """

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for job in context.project.jobs {
      guard let attribute = job.written(\.usesTaskDependencies), !attribute.value,
        let dependent = job.children(\.task).first(where: { !($0[\.dependsOn]?.isEmpty ?? true) }),
        let dependsOn = dependent.written(\.dependsOn)
      else { continue }
      context.report(
        self, at: attribute.location,
        "job `\(job.label ?? "")` turns task dependencies off, but task `\(dependent.label ?? "")` has `depends_on`: remove `uses_task_dependencies` (the compiler sets it) or set it to `true`",
        notes: [Note("`depends_on` is here", at: dependsOn.location)],
        fixIts: [context.replace("set it to `true`", attribute.valueLocation, with: "true", safe: true)])
    }
  }
}
