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
    // The names are read from the values as written: reading them as `TextMap`s would make every
    // value's text, for every task.
    for command in context.commandBlocks {
      guard let problem = Self.problem(in: command.block.attributes[command.kind.environment.schema]),
        let written = command.written({ $0.environment })
      else { continue }
      context.report(self, at: written.valueLocation, Self.message(problem, in: command.title))
    }
    for job in context.jobs {
      guard let problem = Self.problem(in: job.instance.attributes[Schema.Job.environment.schema]),
        let written = job.written(\.environment)
      else { continue }
      context.report(self, at: written.valueLocation, Self.message(problem, in: "job `\(job.label ?? "")`"))
    }
  }

  /// The first name of an `environment` map that no process can be given.
  private static func problem(in attribute: AttributeValue?) -> String? {
    guard case .map(let items)? = attribute?.value else { return nil }
    for item in items {
      // Names of ASCII letters, digits and `_`, the common case, are decided on their bytes.
      if !item.key.isEmpty && !item.key.utf8.contains(where: { $0 == UInt8(ascii: "=") || $0 == 0 }) { continue }
      return item.key
    }
    return nil
  }

  private static func message(_ name: String, in owner: String) -> String {
    if name.isEmpty { return "\(owner) has an empty name in its `environment`: give the variable a name" }
    if let equals = name.firstIndex(of: "=") {
      return
        "\(owner)'s `environment` names `\(name)`: a variable's name ends at its first `=`, so the command would get `\(name[..<equals])` instead; give the name without `=`"
    }
    return "\(owner)'s `environment` names a variable with a NUL character: remove it"
  }
}
