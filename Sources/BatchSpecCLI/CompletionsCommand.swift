// `batchspec completions SHELL`: prints a completion script generated from the command table.

/// The `completions` subcommand.
enum CompletionsCommand {
  static let spec = CommandSpec(
    name: "completions", arguments: "SHELL",
    summary: "Print a shell completion script: bash, zsh or fish.",
    usage: ["completions bash|zsh|fish"],
    description: """
      Prints a script completing batchspec's commands, options and their values, generated from
      the table `--help` prints. Load it for this shell with:

        bash   source <(batchspec completions bash)     (in ~/.bashrc)
        zsh    source <(batchspec completions zsh)      (in ~/.zshrc, after compinit)
        fish   batchspec completions fish | source      (in ~/.config/fish/config.fish)
      """,
    options: [], positionals: .words(ShellCompletion.shells),
    epilogue: """
      EXIT STATUS:
        0 printed, 2 no shell or another shell.
      """)

  @Sendable static func run(_ arguments: [String], console: inout Console) throws(UsageError) -> Int32 {
    let parsed = try Arguments(arguments, spec)
    if parsed.wantsHelp {
      console.stdout += spec.help + "\n"
      return 0
    }
    let shells = ShellCompletion.shells.map { "`\($0)`" }.joined(separator: ", ")
    guard parsed.positionals.count == 1, let shell = parsed.positionals.first,
      let script = ShellCompletion.script(
        for: shell, commands: BatchSpecCommand.subcommands.map(\.spec), options: BatchSpecCommand.options)
    else {
      throw UsageError("`completions` takes one shell: \(shells)")
    }
    console.stdout += script
    return 0
  }
}
