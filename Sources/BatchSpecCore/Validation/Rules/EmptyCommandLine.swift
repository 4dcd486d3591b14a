// BS5035: a command line that is empty or only blanks.

/// Flags a task's, start task's, manager's or job preparation or release task's `command` that
/// holds nothing to run, once params and sweep values are filled in.
package struct EmptyCommandLine: ValidationRule {
  package let code = DiagnosticCode(
    "BS5035", "empty-command-line", .error, "A `command` that is empty or only spaces, once params are filled in.")

  package let documentation = """
    ## What it does
    Checks the `command` of every task, start task, job manager, and job preparation and release
    task, after params and sweep values are filled in, and flags one with nothing but spaces, tabs
    and line breaks.

    ## Why is this bad?
    Batch refuses a task or pool whose command line is empty; a local run refuses the task. A
    param left empty (`--param tool=`) is the usual cause.

    ## Example
    ```
    param tool: string = ""
    task t { command = "${tool}" }
    ```

    ## Use instead
    ```
    param tool: string = "/opt/tool/run"
    task t { command = "${tool}" }
    ```

    ## Azure limit
    `commandLine` is required and must not be empty.
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for command in context.commandBlocks {
      // Read as written, byte by byte: a command's first byte is almost always no blank.
      guard let written = command.block.attributes[command.kind.command.schema],
        case .string(let text) = written.value,
        text.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D })
      else { continue }
      context.report(
        self, at: written.valueLocation,
        "\(command.title) has an empty command line: Batch refuses it; give the program to run")
    }
  }
}
