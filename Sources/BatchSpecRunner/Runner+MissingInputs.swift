// Inputs that storage does not hold and no task of the run writes: each is said once, before the
// run starts, rather than only in the failure of every task that stages it.

import BatchSpecPlan

extension Runner {
  /// An input storage does not hold and no output of the plan writes.
  struct MissingInput: Equatable {
    /// As messages name it: `renderdata.scenes["spring/scene.blend"]`, or `renderdata.scenes`.
    var name: String
    /// The prefix of a container input's blobs (empty for all, nil for a blob input).
    var prefix: String?
    /// What to create: the blob's file, or the container's directory.
    var path: String
    /// How many of the tasks that will run read it (start, preparation and release tasks each
    /// once).
    var readers: Int
  }

  /// The storage inputs of the tasks still to run, and of the pools' start tasks and the jobs'
  /// preparation and release tasks, that storage does not hold and that no output of the plan
  /// may write, in plan order. An output may write a blob of its container named as its path, or
  /// under its path as a folder, or any blob when it has no path; a container input, when it goes
  /// to the container at all: anything a task might upload counts as written. Each blob is looked
  /// up by its folders and each container listed once: linear in the plan's inputs and outputs and
  /// in the blobs of the containers read.
  func missingInputs() -> [MissingInput] {
    // By `account/container`: whether an output may write anywhere in it, and the paths given.
    var written: [String: (anywhere: Bool, paths: Set<Substring>)] = [:]
    for job in jobRuns {
      for task in job.planTasks {
        for output in task.outputs {
          let key = output.storageAccount + "/" + output.container
          if let path = output.path, !path.isEmpty {
            written[key, default: (false, [])].paths.insert(path.hasSuffix("/") ? path.dropLast() : path[...])
          } else {
            written[key, default: (false, [])].anywhere = true
          }
        }
      }
    }
    func mayBeWritten(_ input: PlanInput) -> Bool {
      guard let target = written[(input.storageAccount ?? "") + "/" + (input.container ?? "")] else { return false }
      guard input.source == .blob, let blob = input.blob, !target.anywhere else { return true }
      if target.paths.contains(blob[...]) { return true }
      return blob.indices.contains { blob[$0] == "/" && target.paths.contains(blob[..<$0]) }
    }
    var readers: [String: Int] = [:]
    var order: [(key: String, input: PlanInput)] = []
    func read(_ inputs: [PlanInput]) {
      for input in inputs where input.source == .blob || input.source == .container {
        let key = Self.describe(input)
        if readers[key] == nil { order.append((key, input)) }
        readers[key, default: 0] += 1
      }
    }
    for pool in plan.pools { read(pool.startTask?.inputs ?? []) }
    for job in jobRuns {
      read(job.plan.preparationTask?.inputs ?? [])
      read(job.plan.releaseTask?.inputs ?? [])
      for task in job.tasks where task.status != .reused {
        read(task.plan.inputs + (task.plan.multiInstance?.commonInputs ?? []))
      }
    }
    // Each container's blobs, listed once (none for a missing container).
    var listed: [String: Set<String>] = [:]
    func holds(_ input: PlanInput) -> Bool {
      let account = input.storageAccount ?? ""
      let container = input.container ?? ""
      let key = account + "/" + container
      let names = listed[key] ?? Set(storage.blobNames(account, container) ?? [])
      listed[key] = names
      guard input.source == .container else { return names.contains(input.blob ?? "") }
      let prefix = input.prefix ?? ""
      return names.contains { $0.hasPrefix(prefix) }
    }
    return order.compactMap { key, input in
      guard !mayBeWritten(input), !holds(input) else { return nil }
      return MissingInput(
        name: Self.describe(input, withPrefix: false), prefix: input.source == .container ? input.prefix ?? "" : nil,
        path: storage.expectedPath(of: input), readers: readers[key] ?? 0)
    }
  }

  /// The notes that tell of missing inputs: one for each of the first few, then how many more.
  func missingInputNotes() -> [String] {
    let missing = missingInputs()
    let shown = 5
    var notes = missing.prefix(shown).map { input in
      let readers = input.readers == 1 ? "the task that reads it" : "the \(input.readers) tasks that read it"
      guard let prefix = input.prefix else {
        return
          "input `\(input.name)` is not in storage and no task of this run writes it: \(readers) will fail; create \(input.path)"
      }
      let under = prefix.isEmpty ? "" : " under `\(prefix)`"
      let names = prefix.isEmpty ? "" : " whose names start with `\(prefix)`"
      return
        "input container `\(input.name)` holds no blob\(under) and no task of this run writes one: \(readers) will fail; create files in \(input.path)\(names)"
    }
    if missing.count > shown {
      notes.append("\(missing.count - shown) more inputs are not in storage and no task of this run writes them")
    }
    return notes
  }

  /// An input as messages name it; `withPrefix`, a container input's prefix too (what tells two
  /// inputs of one container apart).
  private static func describe(_ input: PlanInput, withPrefix: Bool = true) -> String {
    let container = "\(input.storageAccount ?? "").\(input.container ?? "")"
    if input.source == .blob { return "\(container)[\"\(input.blob ?? "")\"]" }
    return withPrefix ? container + "/" + (input.prefix ?? "") : container
  }
}
