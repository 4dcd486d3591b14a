// What a command reads and writes: arguments, environment, standard streams. Tests supply their own.

/// The process's view of the world, so commands run the same in tests and in the binary.
package struct Console {
  /// Environment variables.
  package var environment: [String: String]
  /// Whether standard output is a terminal.
  package var stdoutIsTerminal: Bool
  /// Reads all of standard input.
  package var readStdin: () -> [UInt8]
  /// Text written to standard output.
  package var stdout = ""
  /// Text written to standard error.
  package var stderr = ""

  /// Creates a console.
  package init(environment: [String: String], stdoutIsTerminal: Bool, readStdin: @escaping () -> [UInt8]) {
    self.environment = environment
    self.stdoutIsTerminal = stdoutIsTerminal
    self.readStdin = readStdin
  }

  /// Whether to colour output: `--color always|never|auto`; auto means a terminal and no NO_COLOR.
  package func useColor(_ option: String?) throws(UsageError) -> Bool {
    switch option ?? "auto" {
    case "always": return true
    case "never": return false
    case "auto":
      if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
      return stdoutIsTerminal && environment["TERM"] != "dumb"
    case let other: throw UsageError("`--color` is `auto`, `always` or `never`, not `\(other)`")
    }
  }
}
