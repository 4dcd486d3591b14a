// The CLI benchmark: the real `batchspec check` (or any subcommand) of one project directory,
// driven from outside, for one or more binaries, runs interleaved so that the machine's load falls
// on each alike.
//
//     swift run -c release batchspec-bench 2600 2600 10 --write /tmp/p10     (a 10 MB project)
//     swift run -c release batchspec-bench cli /tmp/p10 [--runs 7] [--command lint] BINARY...
//
// For each binary: median wall clock with its spread, median CPU time (user + system), peak
// resident memory, and MB/s of wall clock and of CPU time over the project's bytes.

import Foundation

enum CLIBenchmark {
  static func run(arguments: [String]) -> Int32 {
    var runs = 7
    var command = "check"
    var positionals: [String] = []
    var index = 0
    while index < arguments.count {
      switch arguments[index] {
      case "--runs" where index + 1 < arguments.count:
        runs = max(1, Int(arguments[index + 1]) ?? runs)
        index += 1
      case "--command" where index + 1 < arguments.count:
        command = arguments[index + 1]
        index += 1
      default: positionals.append(arguments[index])
      }
      index += 1
    }
    guard let directory = positionals.first else {
      print("usage: batchspec-bench cli DIR [--runs N] [--command check|lint] [BINARY...]")
      return 2
    }
    var binaries = Array(positionals.dropFirst())
    if binaries.isEmpty, let own = RunnerBenchmark.batchspecBinary() { binaries = [own.path] }
    let megabytes = Double(bytes(under: directory)) / 1_000_000
    var samples = Array(repeating: [RunnerBenchmark.Sample](), count: binaries.count)
    for _ in 0..<runs {
      for (which, binary) in binaries.enumerated() {
        samples[which].append(RunnerBenchmark.measure(binary, [command, directory], stdin: nil))
      }
    }
    print(
      String(
        format: "cli: `%@ %@` of %.1f MB, %d runs each, interleaved (load %@)", "batchspec", command, megabytes, runs,
        RunnerBenchmark.load()))
    for (which, binary) in binaries.enumerated() {
      // The last components name it well enough (.build/release/batchspec, dist/batchspec).
      RunnerBenchmark.report(binary.split(separator: "/").suffix(3).joined(separator: "/"), samples[which])
      let wall = RunnerBenchmark.median(samples[which].map(\.wall))
      let cpu = RunnerBenchmark.median(samples[which].map(\.cpu))
      print(String(format: "    %.1f MB/s of wall clock, %.1f MB/s of CPU time", megabytes / wall, megabytes / cpu))
    }
    return 0
  }

  /// The bytes of the `.batch` files under `directory`.
  static func bytes(under directory: String) -> Int {
    let enumerator = FileManager.default.enumerator(atPath: directory)
    var total = 0
    while let path = enumerator?.nextObject() as? String {
      guard path.hasSuffix(".batch") else { continue }
      let size = (try? FileManager.default.attributesOfItem(atPath: directory + "/" + path)[.size] as? Int) ?? 0
      total += size
    }
    return total
  }
}
