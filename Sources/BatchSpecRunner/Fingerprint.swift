// A task's fingerprint: what the journal compares to decide that a task that succeeded before
// is the same task now (same command, files, environment), so it need not run again.

import BatchSpecCore
import BatchSpecPlan

/// FNV-1a hashes of tasks.
enum Fingerprint {
  /// The fingerprint of `task` in `job` (the job's environment counts too).
  ///
  /// The hash of the compact JSON of the task and the job's environment with sorted keys, with
  /// every `/` hashed as `\/`: the bytes Foundation's `JSONEncoder` gave earlier versions (a `/`
  /// can only stand inside a string there), so journals they wrote keep their fingerprints.
  static func of(_ task: PlanTask, job: PlanJob) -> String {
    struct Key: Encodable {
      var task: PlanTask
      var jobEnvironment: [String: String]
    }
    // What a task is expected to take is a hint for estimates, not part of what it does.
    var task = task
    task.expectedDurationMs = nil
    let json = (try? JSON(encoding: Key(task: task, jobEnvironment: job.environment))) ?? .null
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    func add(_ byte: UInt8) {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    for byte in json.serialized().utf8 {
      if byte == UInt8(ascii: "/") { add(UInt8(ascii: "\\")) }
      add(byte)
    }
    return String(hash, radix: 16)
  }

  /// The fingerprints of `tasks` (a job's, in plan order; `byID` maps lower-cased IDs to
  /// indices), each covering the tasks it depends on, directly or not: a task whose dependency
  /// changed is a new task, so resuming runs it again rather than keep outputs made from the old
  /// dependency's. A task without dependencies keeps `of(_:job:)`, so older journals still match.
  static func withDependencies(_ tasks: [PlanTask], job: PlanJob, byID: [String: Int]) -> [String] {
    var own = tasks.map { of($0, job: job) }
    var done = [Bool](repeating: false, count: tasks.count)
    var visiting = [Bool](repeating: false, count: tasks.count)
    // Depth first without recursion (chains can be long); a cycle, which check refuses, ends at
    // the task's own fingerprint.
    for root in tasks.indices where !done[root] {
      var stack = [root]
      while let index = stack.last {
        if done[index] {
          stack.removeLast()
          continue
        }
        visiting[index] = true
        let dependencies = tasks[index].dependsOn.compactMap { byID[$0.lowercased()] }
        if let next = dependencies.first(where: { !done[$0] && !visiting[$0] }) {
          stack.append(next)
          continue
        }
        if !dependencies.isEmpty {
          let parts = dependencies.map { tasks[$0].id + "=" + own[$0] }.sorted()
          own[index] = ofText(own[index] + " after " + parts.joined(separator: ","))
        }
        done[index] = true
        visiting[index] = false
        stack.removeLast()
      }
    }
    return own
  }

  /// The FNV-1a hash of `text`'s UTF-8 bytes, in hexadecimal.
  static func ofText(_ text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    return String(hash, radix: 16)
  }
}
