// Inputs that another task of the same job writes, read by a task that does not depend on the
// writer: the two race, on Batch as here, and a second run hides the race (the blob is in storage
// by then). Said once, before the run starts.

import BatchSpecPlan

extension Runner {
  /// The notes on inputs that a task of the same job writes without the reader depending on it
  /// (directly or not): a blob input that an output names, or a container input whose blobs an
  /// output names or an output with a wildcard writes into. An output with a wildcard only may
  /// write a given blob (each task of a sweep's `frame_*.png` writes its own frame), so it does
  /// not count for a blob input. The first few, then how many more; one writer is named per
  /// input. The work is bounded: past a budget of comparisons and dependency steps, nothing more
  /// is said.
  func raceNotes() -> [String] {
    var problems: [String] = []
    var budget = 2_000_000
    for job in jobRuns {
      // By `account/container`: the blobs outputs without wildcards write, by name, and the
      // folders outputs with wildcards write into, with their tasks.
      var named: [String: [String: [Int]]] = [:]
      var folders: [String: [(task: Int, folder: String)]] = [:]
      for (index, task) in job.planTasks.enumerated() {
        for output in task.outputs {
          let container = output.storageAccount + "/" + output.container
          if let match = LocalStorage.literalMatch(of: output) {
            let name = LocalStorage.blobName(for: output, match: match, wildcard: false)
            named[container, default: [:]][name, default: []].append(index)
          } else {
            folders[container, default: []].append(
              (index, LocalStorage.blobName(for: output, match: "", wildcard: true)))
          }
        }
      }
      if named.isEmpty && folders.isEmpty { continue }
      for (reader, task) in job.planTasks.enumerated() {
        for input in task.inputs + (task.multiInstance?.commonInputs ?? []) {
          guard budget > 0, input.source == .blob || input.source == .container else { continue }
          let container = (input.storageAccount ?? "") + "/" + (input.container ?? "")
          var writers: [Int] = []
          if input.source == .blob {
            writers += named[container]?[input.blob ?? ""] ?? []
          } else {
            let prefix = input.prefix ?? ""
            for (name, tasks) in named[container] ?? [:] where name.hasPrefix(prefix) { writers += tasks }
            for (writer, folder) in folders[container] ?? [] where folder.hasPrefix(prefix) || prefix.hasPrefix(folder)
            {
              writers.append(writer)
            }
          }
          budget -= writers.count + 1
          guard let writer = writers.first(where: { $0 != reader && !depends(job, reader, on: $0, budget: &budget) })
          else { continue }
          let account = input.storageAccount ?? ""
          let what =
            input.source == .blob
            ? "`\(account).\(input.container ?? "")[\"\(input.blob ?? "")\"]`"
            : "container `\(account).\(input.container ?? "")`"
              + (input.prefix.map { $0.isEmpty ? "" : " under `\($0)`" } ?? "")
          let writerID = job.planTasks[writer].id
          problems.append(
            "task `\(task.id)` of job `\(job.id)` reads \(what), which task `\(writerID)` writes, but does not depend "
              + "on it: it may run first, here as on Batch; add `\(writerID)` to its `depends_on`")
        }
      }
    }
    return Self.firstFew(problems) { "\($0) more inputs are written by a task their reader does not depend on" }
  }

  /// Whether task `reader` of `job` depends on task `writer`, directly or not: a walk of the
  /// writer's dependants. Past the budget, it answers yes (nothing is said).
  private func depends(_ job: JobRun, _ reader: Int, on writer: Int, budget: inout Int) -> Bool {
    var seen: Set<Int> = [writer]
    var stack = [writer]
    while let current = stack.popLast() {
      for dependant in job.tasks[current].dependents where seen.insert(dependant).inserted {
        if dependant == reader { return true }
        budget -= 1
        if budget <= 0 { return true }
        stack.append(dependant)
      }
    }
    return false
  }
}
