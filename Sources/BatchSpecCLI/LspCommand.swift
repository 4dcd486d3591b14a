// `batchspec lsp`: the language server over stdio.

import BatchSpecLSP

/// The `lsp` subcommand.
enum LspCommand {
  static let help = """
    USAGE: batchspec lsp

    Runs the language server on standard input and output (JSON-RPC 2.0 with Content-Length
    framing, LSP 3.17). Logs go to standard error. Editors start it; see editors/.

    EXIT STATUS:
      0 after `shutdown` then `exit`, 1 when `exit` comes without `shutdown` or input ends.
    """

  static func run(_ arguments: [String], console: inout Console) throws(UsageError) -> Int32 {
    if arguments.contains("--help") || arguments.contains("-h") {
      console.stdout += help + "\n"
      return 0
    }
    // Editors pass `--stdio`; it is the only transport.
    if let unknown = arguments.first(where: { $0 != "--stdio" }) {
      throw UsageError("`lsp` takes no argument `\(unknown)`")
    }
    return StdioTransport.run()
  }
}
