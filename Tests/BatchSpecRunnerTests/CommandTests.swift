// `batchspec compile` and `batchspec run` as a user meets them: outputs, exit codes, errors.

import Foundation
import Testing

/// Runs the binary with `arguments`; returns status, standard output and standard error.
func batchspec(_ arguments: [String], in directory: String? = nil) throws -> (
  status: Int32, stdout: String, stderr: String
) {
  guard let binary = batchspecBinary() else { throw CocoaError(.fileNoSuchFile) }
  let process = Process()
  process.executableURL = binary
  process.arguments = arguments
  if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
  let output = Pipe()
  let error = Pipe()
  process.standardOutput = output
  process.standardError = error
  try process.run()
  let out = output.fileHandleForReading.readDataToEndOfFile()
  let err = error.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
}

@Suite struct CommandTests {
  static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("samples").path

  func scratch() throws -> String {
    let path = NSTemporaryDirectory() + "batchspec-cmd-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test func compileWritesThePlanToStdoutOrAFile() throws {
    let directory = try scratch()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let printed = try batchspec(["compile", Self.samples + "/render-farm", "--param", "frames=2"])
    #expect(printed.status == 0)
    #expect(printed.stdout.contains(#""id": "frame-2""#))
    let file = directory + "/plan.json"
    let written = try batchspec(["compile", Self.samples + "/render-farm", "--param", "frames=2", "-o", file])
    #expect(written.status == 0 && written.stdout.isEmpty)
    #expect(FileManager.default.contents(atPath: file).map { String(decoding: $0, as: UTF8.self) } == printed.stdout)
  }

  @Test func compileRefusesAProjectWithErrors() throws {
    let directory = try scratch()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try "job j {\n  pool = nowhere\n}\n".write(toFile: directory + "/bad.batch", atomically: true, encoding: .utf8)
    let result = try batchspec(["compile", directory])
    #expect(result.status == 1)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("error[") && result.stderr.contains("nowhere"))
    let run = try batchspec(["run", directory, "--workdir", directory + "/work"])
    #expect(run.status == 2)
    #expect(run.stderr.contains("nothing was run"))

    // The validator's errors count too: Azure would refuse this pool.
    try """
    pool p {
      vm_size    = "large"
      image      = "canonical/ubuntu/22_04-lts"
      node_agent = "batch.node.ubuntu 22.04"
    }
    job j {
      pool = p
      task t { command = "/bin/true" }
    }

    """.write(toFile: directory + "/bad.batch", atomically: true, encoding: .utf8)
    let invalid = try batchspec(["compile", directory])
    #expect(invalid.status == 1)
    #expect(invalid.stderr.contains("BS5001"), "\(invalid.stderr)")
    // ... unless the rule is turned down, as with `check`.
    let allowed = try batchspec(["compile", directory, "--rule", "BS5001=warning"])
    #expect(allowed.status == 0, "\(allowed.stderr)")
    #expect(allowed.stderr.contains("warning[BS5001]"))
  }

  @Test func usageErrorsExitTwoWithoutATrace() throws {
    let directory = try scratch()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try #"{"version": 7}"#.write(toFile: directory + "/future.json", atomically: true, encoding: .utf8)
    try #"{"version": 1, "pools": []}"#.write(toFile: directory + "/broken.json", atomically: true, encoding: .utf8)
    let cases: [([String], String)] = [
      (["run", directory + "/missing"], "no such file or directory"),
      (["run", directory + "/future.json"], "plan version 7 is not supported"),
      (["run", directory + "/broken.json"], "malformed plan"),
      (["run", Self.samples + "/hello-world", "--max-nodes", "0"], "--max-nodes"),
      (["run", directory + "/future.json", "--param", "a=1"], "already resolved"),
      (["compile"], "takes one project path"),
      (["run", Self.samples + "/hello-world", "--bogus"], "unknown option"),
    ]
    for (arguments, message) in cases {
      let result = try batchspec(arguments, in: directory)
      #expect(result.status == 2, "\(arguments)")
      #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
      #expect(!result.stderr.contains("Fatal error"))
    }
  }

  @Test func helloWorldRunsAndSaysHello() throws {
    let directory = try scratch()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = try batchspec(["run", Self.samples + "/hello-world"], in: directory)
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    #expect(result.stdout.contains("1 task: 1 succeeded"))
    let stdout =
      directory + "/.batchspec/runs/hello-world/nodes/hello-pool/node-1/workitems/hello/job-1/greet/stdout.txt"
    let text = FileManager.default.contents(atPath: stdout).map { String(decoding: $0, as: UTF8.self) }
    #expect(text == "Hello from task greet on node hello-pool-node-1\n")
  }

  @Test func wordCountSampleRunsItsSweepAndDependencies() throws {
    let directory = try scratch()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = try batchspec(["run", Self.samples + "/word-count", "--param", "chapters=4"], in: directory)
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    #expect(result.stdout.contains("6 tasks: 6 succeeded"))
    let report = directory + "/.batchspec/storage/textdata/reports/moby-dick/top-words.txt"
    let text = FileManager.default.contents(atPath: report).map { String(decoding: $0, as: UTF8.self) } ?? ""
    #expect(text.contains("160 ishmael"), "\(text)")
  }

  @Test func aSecondRunInTheSameWorkDirectoryWaitsForNoOne() throws {
    // The lock is released when a run ends: two runs in a row both work.
    let directory = try scratch()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    #expect(try batchspec(["run", Self.samples + "/hello-world", "--fresh"], in: directory).status == 0)
    let second = try batchspec(["run", Self.samples + "/hello-world", "--fresh"], in: directory)
    #expect(second.status == 0)
    #expect(second.stdout.contains("1 succeeded"))
  }

  /// Review 17, item 11: `x/proj` and `y/proj` shared `.batchspec/runs/proj`, and `y` resumed `x`.
  @Test func twoProjectsOfTheSameNameKeepTheirRunsApart() throws {
    let directory = try scratch()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    for side in ["x", "y"] {
      try Projects.write(
        """
        job j {
          pool = p
          task t { command = "/bin/sh -c 'echo from-\(side)'" }
          task common { command = "/bin/true" }
        }

        """, in: "\(directory)/\(side)/proj")
    }
    #expect(try batchspec(["run", "x/proj"], in: directory).status == 0)
    let other = try batchspec(["run", "y/proj"], in: directory)
    #expect(other.status == 0)
    #expect(other.stdout.contains("2 tasks: 2 succeeded"), "\(other.stdout)")
    #expect(!other.stdout.contains("resuming"))
    #expect(other.stderr.contains("holds the runs of another project"), "\(other.stderr)")
    let runs = (try? FileManager.default.contentsOfDirectory(atPath: directory + "/.batchspec/runs")) ?? []
    let keyed = try #require(runs.first { $0.hasPrefix("proj-") }, "\(runs)")
    let stdout = "/nodes/p/node-1/workitems/j/job-1/t/stdout.txt"
    let read = { (path: String) in
      FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }
    #expect(read(directory + "/.batchspec/runs/proj" + stdout) == "from-x\n")
    #expect(read(directory + "/.batchspec/runs/" + keyed + stdout) == "from-y\n")

    // Each resumes its own runs.
    for side in ["x", "y"] {
      let again = try batchspec(["run", side + "/proj"], in: directory)
      #expect(again.stdout.contains("2 already done"), "\(side): \(again.stdout)")
    }
    // The same project through a link is the same project: it resumes.
    try FileManager.default.createDirectory(atPath: directory + "/z", withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      atPath: directory + "/z/proj", withDestinationPath: directory + "/x/proj")
    let linked = try batchspec(["run", "z/proj"], in: directory)
    #expect(linked.stdout.contains("2 already done") && linked.stderr.isEmpty, "\(linked.stdout)\(linked.stderr)")
    // `--workdir` naming the other project's is refused, unless `--fresh` starts over there.
    let refused = try batchspec(["run", "y/proj", "--workdir", ".batchspec/runs/proj"], in: directory)
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("holds the runs of another project"), "\(refused.stderr)")
    let fresh = try batchspec(["run", "y/proj", "--workdir", ".batchspec/runs/proj", "--fresh"], in: directory)
    #expect(fresh.status == 0 && fresh.stdout.contains("2 succeeded"), "\(fresh.stdout)")
  }
}
