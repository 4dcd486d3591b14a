// A task's fingerprint: what the journal compares to decide that a task that succeeded before
// is the same task now (same command, files, environment), so it need not run again.

import BatchSpecPlan
import Foundation

/// FNV-1a hashes of tasks.
enum Fingerprint {
  /// The fingerprint of `task` in `job` (the job's environment counts too).
  static func of(_ task: PlanTask, job: PlanJob) -> String {
    struct Key: Encodable {
      var task: PlanTask
      var jobEnvironment: [String: String]
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    // What a task is expected to take is a hint for estimates, not part of what it does.
    var task = task
    task.expectedDurationMs = nil
    let data = (try? encoder.encode(Key(task: task, jobEnvironment: job.environment))) ?? Data()
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in data {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    return String(hash, radix: 16)
  }
}
