// BS5012: a job with `uses_task_dependencies = false` whose tasks have `depends_on` or a
// `dependency_action`.

/// Flags a job that turns task dependencies off while its tasks use them.
package struct DependenciesDisabled: ValidationRule {
  package let code = DiagnosticCode(
    "BS5012", "dependencies-disabled", .error,
    "A job with `uses_task_dependencies = false` whose tasks have `depends_on` or a `dependency_action`.")

  package let documentation = """
    ## What it does
    Flags `uses_task_dependencies = false` on a job where some task has `depends_on`, or an exit
    condition with a `dependency_action`. When the attribute is left out, the compiler sets
    `usesTaskDependencies` whenever a task has either, so nothing needs to be written.

    ## Why is this bad?
    Batch refuses tasks with dependencies, or with a dependency action in their exit options, in a
    job that does not enable them.

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
    A task's `dependsOn` requires the job's `usesTaskDependencies` to be true. .NET
    `ExitOptions.DependencyAction`: "If the job's UsesTaskDependencies is false, you cannot add a
    task with this property set."
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for job in context.jobs {
      guard let attribute = job.written(\.usesTaskDependencies), !attribute.value else { continue }
      var use: (task: Checked<Schema.Task>, what: String, at: Location)?
      for task in job.children(\.task) {
        if let dependsOn = task.written(\.dependsOn), !dependsOn.value.isEmpty {
          use = (task, "`depends_on`", dependsOn.location)
        } else if let action = task.dependencyAction {
          use = (task, "a `dependency_action`", action.location)
        }
        if use != nil { break }
      }
      guard let use else { continue }
      context.report(
        self, at: attribute.location,
        "job `\(job.label ?? "")` turns task dependencies off, but task `\(use.task.label ?? "")` has \(use.what): remove `uses_task_dependencies` (the compiler sets it) or set it to `true`",
        notes: [Note("\(use.what) is here", at: use.at)],
        fixIts: [context.replace("set it to `true`", attribute.valueLocation, with: "true", safe: true)])
    }
  }
}
