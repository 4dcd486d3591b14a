// BS5014: a task with more environment settings than batchspec allows.

/// Flags a task whose environment (its own plus its job's) holds too many variables.
package struct TooManyEnvironmentSettings: ValidationRule {
  package let code = DiagnosticCode(
    "BS5014", "too-many-environment-settings", .warning,
    "A task whose environment settings, with its job's, are more than the limit.")

  package let documentation = """
    ## What it does
    Counts the `environment` entries of each task, start task and job preparation or release task,
    plus its job's common `environment`, and flags more than the configured maximum (100 by default).

    ## Why is this bad?
    Environment settings travel in every task's request body; long lists make requests too large and
    every task pays for them. Configuration that big belongs in a file.

    ## Example
    ```
    task t { environment = { V1 = "1", V2 = "2", ... V150 = "150" } }
    ```

    ## Use instead
    ```
    task t { environment = { CONFIG = "settings.json" }, input "settings.json" { blob = data.cfg["run.json"] } }
    ```

    ## Azure limit
    The request body of an add-task call is limited in size, and `environmentSettings` and
    `commonEnvironmentSettings` count against it.
    """

  package init() {}

  package func check(_ context: inout ValidationContext) {
    let limit = context.configuration.maxEnvironmentSettings
    for command in context.facts.commandBlocks {
      let own = command.written { $0.environment }
      let ownCount = own?.value.entries.count ?? 0
      let common = command.job?[\.environment]?.entries.count ?? 0
      guard ownCount + common > limit else { continue }
      let location = own?.valueLocation ?? command.block.nameLocation
      context.report(
        self, at: location,
        "\(command.title) gets \(ownCount + common) environment variables (\(ownCount) own, \(common) from its job), more than \(limit): move configuration into an input file"
      )
    }
  }
}
