// Two inputs of one task downloaded to the same file: the second silently replaces the first, on
// Batch as here. Said once, before the run starts.

import BatchSpecPlan

extension Runner {
  /// The notes on tasks (and start, preparation and release tasks) with two file inputs at the
  /// same path of the working directory (`a.txt` and `./a.txt` are one): the first few, then
  /// how many more. Container inputs into one folder merge, and are left out.
  func inputCollisionNotes() -> [String] {
    var problems: [String] = []
    func check(_ inputs: [PlanInput], of owner: @autoclosure () -> String) {
      guard inputs.count > 1 else { return }
      var seen: Set<[String]> = []
      for input in inputs where input.source != .container && input.source != .containerURL {
        guard let path = try? PathSafety.segments(input.path, what: "input path"), !seen.insert(path).inserted else {
          continue
        }
        problems.append(
          "\(owner()) has two inputs at `\(path.joined(separator: "/"))`: the second replaces the first; "
            + "give each its own path")
      }
    }
    for pool in plan.pools { check(pool.startTask?.inputs ?? [], of: "the start task of pool `\(pool.id)`") }
    for job in jobRuns {
      check(job.plan.preparationTask?.inputs ?? [], of: "the preparation task of job `\(job.id)`")
      check(job.plan.releaseTask?.inputs ?? [], of: "the release task of job `\(job.id)`")
      for task in job.planTasks { check(task.inputs, of: "task `\(task.id)` of job `\(job.id)`") }
    }
    return Self.firstFew(problems) { "\($0) more inputs replace another of their task's" }
  }
}
