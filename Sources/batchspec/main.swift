// The `batchspec` executable: runs the command line and writes its output.

import BatchSpecCLI
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

var console = Console(
  environment: ProcessInfo.processInfo.environment,
  stdoutIsTerminal: isatty(STDOUT_FILENO) == 1,
  readStdin: { [UInt8](FileHandle.standardInput.readDataToEndOfFile()) })
console.exitsAfterCommand = true
let status = BatchSpecCommand.run(Array(CommandLine.arguments.dropFirst()), console: &console)
FileHandle.standardOutput.write(Data(console.stdout.utf8))
FileHandle.standardError.write(Data(console.stderr.utf8))
exit(status)
