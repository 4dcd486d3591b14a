// `batchspec lsp`: the language server over stdio.

import BatchSpecLSP

/// The `lsp` subcommand.
enum LspCommand {
  static let spec = CommandSpec(
    name: "lsp", arguments: "",
    summary: "Run the language server on stdio (for editors).",
    usage: ["lsp [--stdio]"],
    description: """
      Runs the language server on standard input and output (JSON-RPC 2.0 with Content-Length
      framing, LSP 3.17). Logs go to standard error. Editors start it; see editors/.
      """,
    options: [.flag("stdio", help: "Talk over standard input and output (the only transport; editors pass it).")],
    positionals: .text,
    epilogue: """
      EXIT STATUS:
        0 after `shutdown` then `exit`, 1 when `exit` comes without `shutdown` or input ends.
      """)

  static func run(_ arguments: [String], console: inout Console) throws(UsageError) -> Int32 {
    let parsed = try Arguments(arguments, spec)
    if parsed.wantsHelp {
      console.stdout += spec.help + "\n"
      return 0
    }
    if let unknown = parsed.positionals.first { throw UsageError("`lsp` takes no argument `\(unknown)`") }
    return StdioTransport.run()
  }
}
