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

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    let limit = context.configuration.maxEnvironmentSettings
    for command in context.commandBlocks {
      // Counted on the values as written: reading them as `TextMap`s would make every value's text.
      let ownCount = Self.entryCount(command.block.attributes[command.kind.environment.schema])
      let common = Self.entryCount(command.job?.instance.attributes[Schema.Job.environment.schema])
      guard ownCount + common > limit else { continue }
      let location = command.written { $0.environment }?.valueLocation ?? command.block.nameLocation
      context.report(
        self, at: location,
        "\(command.title) gets \(ownCount + common) environment variables (\(ownCount) own, \(common) from its job), more than \(limit): move configuration into an input file"
      )
    }
  }

  /// How many entries an `environment` holds as `TextMap` reads it: 0 when it is not a map.
  private static func entryCount(_ attribute: AttributeValue?) -> Int {
    guard case .map(let items)? = attribute?.value else { return 0 }
    return items.count
  }
}
