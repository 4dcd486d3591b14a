// Helpers for end-to-end runs: build a plan in code, write it, run the real `batchspec` binary
// on it, and read back events, files and storage.

import Foundation
import Testing

import BatchSpecCore
import BatchSpecPlan

/// The built `batchspec` executable, next to the test bundle.
func batchspecBinary() -> URL? {
  var candidates: [URL] = []
  let bundle = Bundle.main.bundleURL
  candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("batchspec"))
  candidates.append(bundle.appendingPathComponent("batchspec"))
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  candidates.append(root.appendingPathComponent(".build/debug/batchspec"))
  return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
}

/// Waits until `condition` holds or `seconds` pass; says whether it held.
func waitFor(_ seconds: Double, _ condition: () -> Bool) -> Bool {
  let deadline = Date().addingTimeInterval(seconds)
  while Date() < deadline {
    if condition() { return true }
    Thread.sleep(forTimeInterval: 0.02)
  }
  return condition()
}

/// One event of `--events`.
struct Event {
  var fields: [String: Any]
  var name: String { fields["event"] as? String ?? "" }
  var time: Double { fields["time"] as? Double ?? 0 }
  var task: String? { fields["task"] as? String }
  var state: String? { fields["state"] as? String }
  /// Why the work failed (`terminated`, `timeout`, ...), on a `task-end` event.
  var failure: String? { fields["failure"] as? String }
}

/// A scratch directory with a plan, a work directory, storage and an events file.
final class RunHarness {
  let root: String
  var plan: Plan
  /// The runner's environment, when not this process's.
  var environment: [String: String]?

  init(_ plan: Plan) throws {
    root = NSTemporaryDirectory() + "batchspec-run-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    self.plan = plan
  }

  deinit { try? FileManager.default.removeItem(atPath: root) }

  var planPath: String { root + "/plan.json" }
  var workDirectory: String { root + "/work" }
  var storage: String { root + "/storage" }
  var eventsPath: String { root + "/events.jsonl" }

  var arguments: [String] {
    ["run", planPath, "--workdir", workDirectory, "--storage", storage, "--events", eventsPath]
  }

  /// Starts the run without waiting.
  func start(extra: [String] = []) throws -> (Process, Pipe) {
    try plan.jsonData().write(to: URL(fileURLWithPath: planPath))
    guard let binary = batchspecBinary() else { throw CocoaError(.fileNoSuchFile) }
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments + extra
    if let environment { process.environment = environment }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    return (process, output)
  }

  /// Runs to the end; returns the exit status and everything printed.
  @discardableResult
  func run(extra: [String] = []) throws -> (status: Int32, output: String) {
    let (process, pipe) = try start(extra: extra)
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  /// The events of the last run: a run that resumes earlier ones adds its events after theirs.
  func events() -> [Event] {
    let all = allEvents()
    guard let start = all.lastIndex(where: { $0.name == "run-start" }) else { return all }
    return Array(all[start...])
  }

  /// Every event of the file: those of every run of the work directory since it was fresh.
  func allEvents() -> [Event] {
    guard let data = FileManager.default.contents(atPath: eventsPath) else { return [] }
    return data.split(separator: UInt8(ascii: "\n")).compactMap { line in
      (try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]).map(Event.init)
    }
  }

  /// The last `task-end` event of `task`: a task killed mid-run ends `failed` with a `failure`
  /// (`terminated`, `timeout`), one left to finish with its own exit code. Tests check that,
  /// not the wall clock, which a loaded machine stretches.
  func end(of task: String) -> Event? { events().last { $0.name == "task-end" && $0.task == task } }

  /// The node directory of `pool` number `n`.
  func node(_ n: Int = 1, pool: String = "p") -> String { "\(workDirectory)/nodes/\(pool)/node-\(n)" }

  func taskDirectory(_ task: String, job: String = "j", node n: Int = 1) -> String {
    node(n) + "/workitems/\(job)/job-1/\(task)"
  }

  func read(_ path: String) -> String? {
    FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
  }

  func blob(_ account: String, _ container: String, _ name: String) -> String? {
    read("\(storage)/\(account)/\(container)/\(name)")
  }

  func writeBlob(_ account: String, _ container: String, _ name: String, _ text: String) throws {
    let path = "\(storage)/\(account)/\(container)/\(name)"
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try text.write(toFile: path, atomically: true, encoding: .utf8)
  }
}

/// Plans built in code.
enum Plans {
  static func pool(nodes: Int = 1, slots: Int = 1, start: PlanStartTask? = nil, fill: NodeFill = .spread) -> PlanPool {
    PlanPool(
      id: "p", account: nil, displayName: nil, vmSize: "Standard_D2s_v3", image: "canonical/ubuntu/22_04",
      customImage: nil, nodeAgent: "batch.node.ubuntu 22.04", dedicatedNodes: nodes, spotNodes: 0, nodeCount: nodes,
      autoscale: nil, taskSlotsPerNode: slots, nodeFill: fill, interNodeCommunication: false, startTask: start,
      users: [], applications: [], metadata: [:])
  }

  static func task(
    _ id: String, _ command: String, dependsOn: [String] = [], retries: Int = 0, wallClockMs: Int64? = nil,
    slots: Int = 1, inputs: [PlanInput] = [], outputs: [PlanOutput] = [], exits: [PlanExitCondition] = []
  ) -> PlanTask {
    PlanTask(
      id: id, displayName: nil, commandLine: command, environment: [:], inputs: inputs, outputs: outputs,
      constraints: PlanConstraints(maxWallClockMs: wallClockMs, retentionMs: nil, maxTaskRetryCount: retries),
      requiredSlots: slots, dependsOn: dependsOn, exitConditions: exits,
      userIdentity: PlanUserIdentity(userName: nil, scope: .pool, elevation: .nonadmin), applications: [],
      multiInstance: nil)
  }

  static func job(
    _ tasks: [PlanTask], onTaskFailure: OnTaskFailure = .noAction, preparation: PlanPreparationTask? = nil,
    release: PlanReleaseTask? = nil
  ) -> PlanJob {
    PlanJob(
      id: "j", displayName: nil, pool: "p", priority: 0, maxParallelTasks: -1,
      constraints: PlanConstraints(maxWallClockMs: nil, retentionMs: nil, maxTaskRetryCount: 0),
      onAllTasksComplete: .terminateJob, onTaskFailure: onTaskFailure, usesTaskDependencies: true,
      environment: [:], metadata: [:], preparationTask: preparation, releaseTask: release, tasks: tasks)
  }

  static func plan(_ tasks: [PlanTask], nodes: Int = 1, slots: Int = 1) -> Plan {
    Plan(accounts: [], pools: [pool(nodes: nodes, slots: slots)], jobs: [job(tasks)])
  }

  static func sh(_ script: String) -> String { "/bin/sh -c '\(script)'" }

  /// A job preparation task that runs `command`, not retried.
  static func preparation(_ command: String, waitForSuccess: Bool = true, rerunOnReboot: Bool = true)
    -> PlanPreparationTask
  {
    PlanPreparationTask(
      commandLine: command, environment: [:], inputs: [], userIdentity: PlanUserIdentity(),
      waitForSuccess: waitForSuccess, rerunOnNodeRebootAfterSuccess: rerunOnReboot,
      constraints: PlanConstraints(maxTaskRetryCount: 0))
  }

  /// A job release task that runs `command`.
  static func release(_ command: String) -> PlanReleaseTask {
    PlanReleaseTask(
      commandLine: command, environment: [:], inputs: [], userIdentity: PlanUserIdentity(),
      constraints: PlanConstraints(maxTaskRetryCount: 0))
  }

  static func output(_ pattern: String, _ container: String, path: String? = nil, when: UploadCondition = .success)
    -> PlanOutput
  {
    PlanOutput(pattern: pattern, storageAccount: "st", container: container, path: path, uploadCondition: when)
  }
}

/// Projects written as `.batch` text, for tests that run `batchspec run DIR` as users do.
enum Projects {
  /// An account `acct` and a pool `p` of `nodes` nodes with `slots` task slots each; jobs follow.
  static func header(nodes: Int = 1, slots: Int = 1) -> String {
    """
    account acct { location = "eastus" }
    pool p {
      vm_size             = "Standard_D2s_v3"
      image               = "canonical/0001-com-ubuntu-server-jammy/22_04-lts"
      node_agent          = "batch.node.ubuntu 22.04"
      dedicated_nodes     = \(nodes)
      task_slots_per_node = \(slots)
    }

    """
  }

  /// Writes `text` after the header as `p.batch` in `directory` (created); returns the directory.
  @discardableResult
  static func write(_ text: String, nodes: Int = 1, slots: Int = 1, in directory: String) throws -> String {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    try (header(nodes: nodes, slots: slots) + text).write(
      toFile: directory + "/p.batch", atomically: true, encoding: .utf8)
    return directory
  }
}

/// The most tasks that ran at the same moment, from task-start and task-end events.
func peakConcurrency(_ events: [Event]) -> Int {
  var changes: [(Double, Int)] = []
  for event in events {
    if event.name == "task-start" { changes.append((event.time, 1)) }
    if event.name == "task-end", event.fields["node"] != nil { changes.append((event.time, -1)) }
  }
  var current = 0
  var peak = 0
  for (_, delta) in changes.sorted(by: { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }) {
    current += delta
    peak = max(peak, current)
  }
  return peak
}
