// The estimate against a real local run: every sample's plan with each task turned into a `sleep`
// of a known length (its `expectedDurationMs`), run by `batchspec run` and estimated by
// `batchspec estimate`; the makespans agree within 10 %. Then the run's own durations
// (`--from-run`), scaled, give the scaled makespan.

import Foundation
import Testing

@Suite struct EstimateAgreementTests {
  static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("samples")

  /// A sample's plan with sleeps for commands: task `n` of a job sleeps 2 to 4 s (so durations
  /// differ and placement matters); managers sleep 1 s; start, preparation and release tasks run `true`; inputs and
  /// outputs are dropped (nothing is read or written).
  static func sleepingPlan(_ sample: String, params: [String], into directory: URL) throws -> URL {
    let planFile = directory.appendingPathComponent("\(sample).plan.json")
    let compiled = try spawn(
      ["compile", Self.samples.appendingPathComponent(sample).path, "-o", planFile.path] + params)
    #expect(compiled.status == 0, "\(sample): \(compiled.stderr)")
    var plan = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: planFile)) as? [String: Any])
    func quiet(_ task: inout [String: Any]) {
      task["commandLine"] = "true"
      task["inputs"] = []
      if task["outputs"] != nil { task["outputs"] = [] }
      task.removeValue(forKey: "container")
    }
    var pools = plan["pools"] as? [[String: Any]] ?? []
    for p in pools.indices {
      if var start = pools[p]["startTask"] as? [String: Any] {
        quiet(&start)
        pools[p]["startTask"] = start
      }
      // NFS and CIFS mounts cannot be made here, and containers need an engine: neither changes
      // the schedule.
      pools[p].removeValue(forKey: "mounts")
    }
    plan["pools"] = pools
    var jobs = plan["jobs"] as? [[String: Any]] ?? []
    for j in jobs.indices {
      for key in ["preparationTask", "releaseTask", "manager"] {
        if var task = jobs[j][key] as? [String: Any] {
          quiet(&task)
          if key == "manager" {
            // The manager sleeps a second, and does not end its job (its tasks are in the plan
            // here, not added by it).
            task["commandLine"] = "sleep 1"
            task["expectedDurationMs"] = 1_000
            task["killJobOnCompletion"] = false
          }
          jobs[j][key] = task
        }
      }
      var tasks = jobs[j]["tasks"] as? [[String: Any]] ?? []
      for t in tasks.indices {
        let milliseconds = 2_000 + 500 * ((t * 7 + j * 3) % 5)
        tasks[t]["commandLine"] = "sleep \(Double(milliseconds) / 1_000)"
        tasks[t]["expectedDurationMs"] = milliseconds
        tasks[t]["inputs"] = []
        tasks[t]["outputs"] = []
        tasks[t]["exitConditions"] = []
        // A multi-instance task still holds its nodes; its coordination command does nothing.
        if var multi = tasks[t]["multiInstance"] as? [String: Any] {
          if multi["coordinationCommandLine"] != nil { multi["coordinationCommandLine"] = "true" }
          multi.removeValue(forKey: "commonInputs")
          tasks[t]["multiInstance"] = multi
        }
        tasks[t].removeValue(forKey: "container")
      }
      jobs[j]["tasks"] = tasks
    }
    plan["jobs"] = jobs
    let sleeping = directory.appendingPathComponent("\(sample).sleeping.json")
    try JSONSerialization.data(withJSONObject: plan, options: [.sortedKeys]).write(to: sleeping)
    return sleeping
  }

  static func makespan(ofEstimate output: String) throws -> Double {
    let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    return try #require(object["makespanSeconds"] as? Double)
  }

  /// The run's makespan: from its start until its last task, start, preparation or release task ends.
  static func makespan(ofRun events: URL) throws -> Double {
    let lines = try String(contentsOf: events, encoding: .utf8).split(separator: "\n")
    var last = 0.0
    for line in lines {
      guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        let event = object["event"] as? String, event.hasSuffix("-end"), event != "run-end" && event != "job-end",
        let time = object["time"] as? Double
      else { continue }
      last = max(last, time)
    }
    return last
  }

  static let cases: [(String, [String])] = [
    ("hello-world", []), ("word-count", []), ("data-pipeline", []), ("ml-training", []), ("multi-file", []),
    ("render-farm", ["--param", "frames=24"]), ("everything", []),
  ]

  /// A multi-instance task holds a node per instance in the estimate as in a run: on three nodes,
  /// `mpi` takes two for 2 s, `a` the third, and `b` waits 2 s for a node (on one node each, the
  /// makespan would be 2 s, not 4).
  @Test func aMultiInstanceTaskHoldsAsManyNodesInTheEstimateAsInARun() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("agree-mpi-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let project = directory.appendingPathComponent("project")
    try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
    try """
    pool p {
      vm_size                  = "Standard_D2s_v3"
      image                    = "canonical/0001-com-ubuntu-server-jammy/22_04-lts"
      node_agent               = "batch.node.ubuntu 22.04"
      dedicated_nodes          = 3
      inter_node_communication = true
    }
    job j {
      pool = p
      task mpi {
        command           = "sleep 2"
        expected_duration = 2s
        multi_instance { instances = 2 }
      }
      task a { command = "sleep 2", expected_duration = 2s }
      task b { command = "sleep 2", expected_duration = 2s }
    }
    """.write(to: project.appendingPathComponent("p.batch"), atomically: true, encoding: .utf8)
    let workdir = directory.appendingPathComponent("work")
    let run = try spawn(["run", project.path, "--workdir", workdir.path])
    #expect(run.status == 0, "\(run.stdout.suffix(600))")
    let actual = try Self.makespan(ofRun: workdir.appendingPathComponent("events.jsonl"))
    let estimate = try spawn(["estimate", project.path, "--format", "json"])
    #expect(estimate.status == 0, "\(estimate.stderr)")
    let estimated = try Self.makespan(ofEstimate: estimate.stdout)
    #expect(estimated == 4)
    #expect(abs(estimated - actual) / actual <= 0.10, "estimated \(estimated) s, ran \(actual) s")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(estimate.stdout.utf8)) as? [String: Any])
    let tasks = try #require(object["tasks"] as? [[String: Any]])
    #expect(tasks.first { $0["task"] as? String == "mpi" }?["subtaskNodes"] as? [String] == ["p-node-2"])
  }

  @Test(arguments: cases.map(\.0))
  func theEstimateAgreesWithARunWithinTenPercent(_ sample: String) throws {
    let params = Self.cases.first { $0.0 == sample }!.1
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("agree-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let plan = try Self.sleepingPlan(sample, params: params, into: directory)
    let workdir = directory.appendingPathComponent("work")
    let run = try spawn([
      "run", plan.path, "--workdir", workdir.path, "--storage", directory.appendingPathComponent("storage").path,
    ])
    #expect(run.status == 0, "\(sample): \(run.stdout.suffix(600))")
    let actual = try Self.makespan(ofRun: workdir.appendingPathComponent("events.jsonl"))
    let estimate = try spawn(["estimate", plan.path, "--format", "json"])
    #expect(estimate.status == 0, "\(estimate.stderr)")
    let estimated = try Self.makespan(ofEstimate: estimate.stdout)
    let error = abs(estimated - actual) / actual
    #expect(error <= 0.10, "\(sample): estimated \(estimated) s, ran \(actual) s (\(Int(error * 100))% off)")
    // The run's own durations, three times longer: the makespan triples (within 10 %).
    let scaled = try spawn(["estimate", plan.path, "--from-run", workdir.path, "--scale", "3", "--format", "json"])
    #expect(scaled.status == 0, "\(scaled.stderr)")
    let tripled = try Self.makespan(ofEstimate: scaled.stdout)
    #expect(abs(tripled - 3 * actual) / (3 * actual) <= 0.10, "\(sample): \(tripled) s for 3 × \(actual) s")
  }
}
