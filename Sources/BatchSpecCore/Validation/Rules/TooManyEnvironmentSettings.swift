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
      let own = count(command.block.value("environment"))
      let common = command.job.map { count($0.value("environment")) } ?? 0
      guard own + common > limit else { continue }
      let location = command.block.attributes["environment"]?.valueLocation ?? command.block.nameLocation
      context.report(
        self, at: location,
        "\(command.title) gets \(own + common) environment variables (\(own) own, \(common) from its job), more than \(limit): move configuration into an input file"
      )
    }
  }

  private func count(_ value: Value?) -> Int {
    if case .map(let items)? = value { return items.count }
    return 0
  }
}
