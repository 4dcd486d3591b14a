// The `batchspec` command: dispatches subcommands, turns usage errors into exit status 2.

import BatchSpecCore

/// The top-level command.
package enum BatchSpecCommand {
  /// The version printed by `--version`.
  package static let version = "0.1.0"

  static let help = """
    batchspec: a language and tools for Azure Batch job definitions.

    USAGE: batchspec <command> [options]

    COMMANDS:
      check [PATH...]    Parse, type-check and validate specs, compiler-style (`--no-validate`: fast).
      lint [PATH...]     The same findings for people or CI (SARIF, GitHub, JUnit...); safe fixes.
      explain CODE       Explain a diagnostic code; `explain --list` lists them.
      fmt [PATH...]      Format specs in the canonical layout.
      compile PATH       Write a project's execution plan (JSON), or its Azure Batch payloads.
      import FILE...     Turn Azure Batch JSON into a .batch project.
      run PATH|PLAN      Run a project or plan on this machine, as Azure Batch would.
      lsp                Run the language server on stdio (for editors).

    Run `batchspec <command> --help` for a command's options.
    """

  /// Runs the command line `arguments` (without the program name); returns the exit status.
  package static func run(_ arguments: [String], console: inout Console) -> Int32 {
    guard let command = arguments.first else {
      console.stderr += help + "\n"
      return 2
    }
    let rest = Array(arguments.dropFirst())
    do {
      switch command {
      case "check": return try CheckCommand.run(rest, console: &console)
      case "lint": return try LintCommand.run(rest, console: &console)
      case "explain": return try ExplainCommand.run(rest, console: &console)
      case "fmt": return try FmtCommand.run(rest, console: &console)
      case "compile": return try CompileCommand.run(rest, console: &console)
      case "run": return try RunCommand.run(rest, console: &console)
      case "import": return try ImportCommand.run(rest, console: &console)
      case "lsp": return try LspCommand.run(rest, console: &console)
      case "-h", "--help", "help":
        console.stdout += help + "\n"
        return 0
      case "--version", "version":
        console.stdout += "batchspec \(version)\n"
        return 0
      default:
        throw UsageError("unknown command `\(command)`; run `batchspec --help` for the list")
      }
    } catch let error as UsageError {
      console.stderr += "error: \(error.message)\n"
      return 2
    } catch {
      console.stderr += "error: \(error)\n"
      return 2
    }
  }
}
