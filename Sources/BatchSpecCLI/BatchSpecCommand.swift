// The `batchspec` command: dispatches subcommands through the command table, prints the help,
// the version and the completion scripts it generates, turns usage errors into exit status 2.

import BatchSpecBuildInfo
import BatchSpecCore

/// A subcommand: its entry in the command table and what runs it.
package struct Subcommand: Sendable {
  /// What help, the parser and the completions know of it.
  package var spec: CommandSpec
  /// Runs it with the arguments after its name; returns the exit status.
  var run: @Sendable ([String], inout Console) throws(UsageError) -> Int32
}

/// The top-level command.
package enum BatchSpecCommand {
  /// The version printed by `--version`, in SARIF, and given to the wheel (`.packaging/build-wheel`).
  package static let version = "0.1.0"

  /// The commit the binary was built from, or `unknown` (a plain `swift build`).
  package static var commit: String { String(cString: batchspec_build_commit()) }

  /// What `--version` prints: the version and the commit it was built from.
  package static var versionLine: String { "batchspec \(version) (commit \(commit))" }

  /// Every subcommand, in the order help lists them: the one table that help, dispatch and the
  /// completion scripts read.
  package static let subcommands: [Subcommand] = [
    Subcommand(spec: CheckCommand.spec, run: CheckCommand.run),
    Subcommand(spec: LintCommand.spec, run: LintCommand.run),
    Subcommand(spec: ExplainCommand.spec, run: ExplainCommand.run),
    Subcommand(spec: FmtCommand.spec, run: FmtCommand.run),
    Subcommand(spec: CompileCommand.spec, run: CompileCommand.run),
    Subcommand(spec: ImportCommand.spec, run: ImportCommand.run),
    Subcommand(spec: RunCommand.spec, run: RunCommand.run),
    Subcommand(spec: AutoscaleCommand.spec, run: AutoscaleCommand.run),
    Subcommand(spec: GraphCommand.spec, run: GraphCommand.run),
    Subcommand(spec: EstimateCommand.spec, run: EstimateCommand.run),
    Subcommand(spec: LspCommand.spec, run: LspCommand.run),
    Subcommand(spec: helpSpec, run: runHelp),
    Subcommand(spec: CompletionsCommand.spec, run: CompletionsCommand.run),
  ]

  /// The options `batchspec` takes before a command.
  package static let options: [OptionSpec] = [
    .flag("version", help: "Print the version and the commit it was built from."),
    .help,
  ]

  static let helpSpec = CommandSpec(
    name: "help", arguments: "[COMMAND]",
    summary: "Show this help, or a command's: `help lint` is `lint --help`.",
    usage: ["help [COMMAND]"],
    description: "Prints the list of commands, or COMMAND's help (what `batchspec COMMAND --help` prints).",
    options: [], positionals: .commands,
    epilogue: "")

  /// The list of commands and options: what `batchspec --help` prints.
  static var help: String {
    let width = subcommands.map { ($0.spec.name + " " + $0.spec.arguments).count }.max() ?? 0
    let commands = subcommands.map {
      let label = $0.spec.arguments.isEmpty ? $0.spec.name : $0.spec.name + " " + $0.spec.arguments
      return "  " + label + String(repeating: " ", count: width + 2 - label.count) + $0.spec.summary
    }
    return """
      batchspec: a language and tools for Azure Batch job definitions.

      USAGE: batchspec <command> [options]

      COMMANDS:
      \(commands.joined(separator: "\n"))

      OPTIONS:
      \(CommandSpec.optionLines(options))

      Run `batchspec <command> --help` for a command's options.
      """
  }

  /// The subcommand named `name`.
  static func subcommand(_ name: String) -> Subcommand? { subcommands.first { $0.spec.name == name } }

  /// Runs the command line `arguments` (without the program name); returns the exit status.
  package static func run(_ arguments: [String], console: inout Console) -> Int32 {
    guard let command = arguments.first else {
      console.stderr += help + "\n"
      return 2
    }
    do throws(UsageError) {
      switch command {
      case "-h", "--help":
        // `batchspec --help check` is `batchspec help check`.
        return try runHelp(Array(arguments.dropFirst()), console: &console)
      case "--version", "version":
        if arguments.count > 1 { throw UsageError("`\(command)` takes nothing after it; got `\(arguments[1])`") }
        console.stdout += versionLine + "\n"
        return 0
      default:
        guard let subcommand = subcommand(command) else {
          throw unknownCommand("unknown command `\(command)`", command, listedBy: "batchspec --help")
        }
        return try subcommand.run(Array(arguments.dropFirst()), &console)
      }
    } catch {
      console.stderr += "error: \(error.message)\n"
      return 2
    }
  }

  /// `batchspec help [COMMAND]`: the command list, or COMMAND's help.
  @Sendable static func runHelp(_ arguments: [String], console: inout Console) throws(UsageError) -> Int32 {
    let parsed = try Arguments(arguments, helpSpec)
    if parsed.wantsHelp {
      console.stdout += helpSpec.help + "\n"
      return 0
    }
    guard let name = parsed.positionals.first else {
      console.stdout += help + "\n"
      return 0
    }
    guard parsed.positionals.count == 1 else {
      throw UsageError("`help` takes one command name, such as `batchspec help lint`")
    }
    guard let subcommand = subcommand(name) else {
      throw unknownCommand("no command `\(name)`", name, listedBy: "batchspec help")
    }
    console.stdout += subcommand.spec.help + "\n"
    return 0
  }

  /// `message`, then the command nearest `name` or, with none near, the command that lists them all.
  private static func unknownCommand(_ message: String, _ name: String, listedBy list: String) -> UsageError {
    let suggestion = Suggestions.closest(to: name, in: subcommands.map(\.spec.name))
    return UsageError(
      message + (suggestion != nil ? Suggestions.didYouMean(suggestion) : "; run `\(list)` for the list"))
  }
}
