// BS5037: an environment variable name no process can be given: empty, or holding `=` or NUL.

/// Flags a name in a command's or a job's `environment` that is empty or holds `=` or a NUL.
package struct InvalidEnvironmentName: ValidationRule {
  package let code = DiagnosticCode(
    "BS5037", "invalid-environment-name", .error,
    "An environment variable name that is empty or holds `=`: no process can be given it.")

  package let documentation = """
    ## What it does
    Checks the names in every `environment` (of a task, start task, job manager, preparation and
    release task, and a job's common one): a name must not be empty, nor hold `=` or a NUL.

    ## Why is this bad?
    A process's environment is a list of `NAME=value` strings: the first `=` ends the name. A
    name holding `=` reaches the command as another variable (`"WITH=EQ" = "x"` sets `WITH` to
    `EQ=x`), and an empty one is refused by the node.

    ## Example
    ```
    task t { command = "run", environment = { "MODE=FAST" = "1" } }
    ```

    ## Use instead
    ```
    task t { command = "run", environment = { MODE = "FAST" } }
    ```

    ## Azure limit
    `environmentSettings[].name` (Batch REST API 2025-06-01) is the variable's name, set in the
    task's process environment on Linux and Windows nodes alike.
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for command in context.commandBlocks {
      if let written = command.written({ $0.environment }) { check(written, in: command.title, &context) }
    }
    for job in context.jobs {
      if let written = job.written(\.environment) { check(written, in: "job `\(job.label ?? "")`", &context) }
    }
  }

  private func check(_ environment: Written<TextMap>, in owner: String, _ context: inout ValidationContext) {
    for (name, _) in environment.value.entries {
      let message: String
      if name.isEmpty {
        message = "\(owner) has an empty name in its `environment`: give the variable a name"
      } else if let equals = name.firstIndex(of: "=") {
        message =
          "\(owner)'s `environment` names `\(name)`: a variable's name ends at its first `=`, so the command would get `\(name[..<equals])` instead; give the name without `=`"
      } else if name.contains("\0") {
        message = "\(owner)'s `environment` names a variable with a NUL character: remove it"
      } else {
        continue
      }
      context.report(self, at: environment.valueLocation, message)
    }
  }
}
