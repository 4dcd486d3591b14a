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
  /// Whether the process exits when the command returns (the binary; not tests): a one-shot
  /// command may then leave its large results to the exit rather than free them (`keepUntilExit`).
  package var exitsAfterCommand = false

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

extension Console {
  /// Keeps `value` alive until the process exits when it exits after this command; otherwise
  /// does nothing. A checked 10 MB project is over a million small objects (files, syntax trees,
  /// checked blocks, findings): freeing them one by one took a tenth of `check`, and the exit
  /// returns the memory at once, as compilers do.
  package func keepUntilExit<Value>(_ value: Value) {
    guard exitsAfterCommand else { return }
    _ = Unmanaged.passRetained(KeptUntilExit(value))
  }
}

/// A value left for the process's exit to reclaim.
private final class KeptUntilExit<Value> {
  let value: Value
  init(_ value: Value) { self.value = value }
}
