// The `batchspec` executable: runs the command line and writes its output.

import BatchSpecCLI
import BatchSpecIDE
import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

var console = Console(
  environment: ProcessInfo.processInfo.environment,
  stdoutIsTerminal: isatty(STDOUT_FILENO) == 1,
  readStdin: { SystemIO.readAll(from: STDIN_FILENO) })
console.exitsAfterCommand = true
let status = BatchSpecCommand.run(Array(CommandLine.arguments.dropFirst()), console: &console)
SystemIO.writeAll(console.stdout, to: STDOUT_FILENO)
SystemIO.writeAll(console.stderr, to: STDERR_FILENO)
exit(status)
