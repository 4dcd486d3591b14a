// Blob names of a run that the local storage cannot hold, said once before the run starts: the
// tasks that write or read them fail when they get there (`LocalStorage+BlobNames`), and on
// Azure they would not.

import BatchSpecPlan

extension Runner {
  /// The blob names the plan's inputs read and its outputs without wildcards write that the local
  /// storage cannot hold: a name with an empty, `.` or `..` segment, and a blob whose name is a
  /// folder of another blob of the same container. The first few, then how many more. Linear in
  /// the plan's inputs and outputs.
  func blobNameNotes() -> [String] {
    var names: [String: Set<String>] = [:]
    var order: [(container: String, name: String)] = []
    func add(_ container: String, _ name: String) {
      if names[container, default: []].insert(name).inserted { order.append((container, name)) }
    }
    func read(_ inputs: [PlanInput]) {
      for input in inputs where input.source == .blob {
        add("\(input.storageAccount ?? "").\(input.container ?? "")", input.blob ?? "")
      }
    }
    for pool in plan.pools { read(pool.startTask?.inputs ?? []) }
    for job in jobRuns {
      read((job.plan.preparationTask?.inputs ?? []) + (job.plan.releaseTask?.inputs ?? []))
      for task in job.planTasks {
        read(task.inputs + (task.multiInstance?.commonInputs ?? []))
        for output in task.outputs {
          guard let match = LocalStorage.literalMatch(of: output) else { continue }
          add(
            "\(output.storageAccount).\(output.container)",
            LocalStorage.blobName(for: output, match: match, wildcard: false))
        }
      }
    }
    var problems: [String] = []
    for (container, name) in order {
      if let problem = LocalStorage.unrepresentable(blobName: name) {
        problems.append("`\(container)`: \(problem); the task that uses it will fail")
        continue
      }
      let folder = name.indices.lazy.filter { name[$0] == "/" }.map { String(name[..<$0]) }.first {
        names[container]?.contains($0) == true
      }
      if let folder {
        problems.append(
          "`\(container)` gets the blobs `\(folder)` and `\(name)`: "
            + "\(LocalStorage.treeLimit(blob: folder, folder: folder)); the task that writes the second will fail")
      }
    }
    return Self.firstFew(problems) { "\($0) more blob names cannot be held by the local storage" }
  }

  /// The first five of `problems`, then `more` of how many others there are: what the notes
  /// before a run show of a long list.
  static func firstFew(_ problems: [String], more: (Int) -> String) -> [String] {
    let shown = 5
    return Array(problems.prefix(shown)) + (problems.count > shown ? [more(problems.count - shown)] : [])
  }
}
