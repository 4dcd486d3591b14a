// BS4002: a general-purpose v1 storage account read or written by many tasks at once.

/// Flags a `general_purpose_v1` account used by more tasks in parallel than the threshold.
package struct GeneralPurposeV1ParallelLoad: ValidationRule {
  package let code = DiagnosticCode(
    "BS4002", "general-purpose-v1-parallel-load", .warning,
    "A general-purpose v1 storage account used by more tasks at once than it scales to comfortably.")

  package let documentation = """
    ## What it does
    For each job, counts the tasks that read or write a `general_purpose_v1` account and how many of
    them can run at once: the smallest of that count, the job's `max_parallel_tasks`, and the pool's
    slots (nodes × `task_slots_per_node` ÷ `required_slots`). Flags more than the configured threshold
    (64 by default).

    ## Why is this bad?
    General-purpose v1 accounts have lower scalability targets than v2 and Blob storage: many tasks
    downloading at once are throttled (503 Server Busy), and tasks fail or crawl.

    ## Example
    ```
    storage data { kind = general_purpose_v1 }
    task shard for i in 1..500 { input "in/" { container = data.shards } }
    ```

    ## Use instead
    ```
    storage data { kind = general_purpose_v2 }
    ```
    Upgrading an account to v2 keeps its data and endpoints.

    ## Azure limit
    Batch supports general-purpose v2, general-purpose v1 and Blob storage accounts; v2 and Blob
    storage have greater capacity and scalability limits, and Azure recommends them for jobs with
    many parallel tasks.
    """

  package init() {}

  package func check(_ context: inout ValidationContext) {
    let project = context.project
    let threshold = context.configuration.generalPurposeV1ParallelTasks
    // The v1 accounts by lowercased ID (Azure compares IDs so), as positions in `v1`.
    let v1 = project.storageAccounts.filter { $0[\.kind] == .generalPurposeV1 }
    guard !v1.isEmpty else { return }
    var v1ByID: [String: [Int]] = [:]
    for (index, storage) in v1.enumerated() { v1ByID[(storage.label ?? "").lowercased(), default: []].append(index) }
    // One pass over each job's tasks: what it asks of each v1 account it uses.
    for job in project.jobs {
      var usage: [String: Usage] = [:]
      var number = -1
      for child in job.instance.children where child.is(Schema.Task.self) {
        number += 1
        // Through the uses in place, each ID lowercased only when it is not already.
        child.forEachStorageUse { storage, location in
          let id = storage.lowercasedKey
          guard v1ByID[id] != nil else { return }
          let slots = Checked<Schema.Task>(child).count(\.requiredSlots)
          if var seen = usage[id] {
            guard seen.lastTask != number else { return }  // a task counts once per account
            seen.tasks += 1
            seen.lastTask = number
            seen.fewestSlots = min(seen.fewestSlots, slots)
            usage[id] = seen
          } else {
            usage[id] = Usage(
              tasks: 1, lastTask: number, fewestSlots: slots, first: child.label ?? "", use: location)
          }
        }
      }
      guard !usage.isEmpty else { continue }
      let limit = job[\.maxParallelTasks]
      let pool = context.facts.pool(of: job).flatMap { $0.isAutoscaled ? nil : $0 }
      for index in usage.keys.flatMap({ v1ByID[$0] ?? [] }).sorted() {
        let storage = v1[index]
        guard let seen = usage[(storage.label ?? "").lowercased()] else { continue }
        var parallel = Int64(seen.tasks)
        if let limit, limit >= 1 { parallel = min(parallel, limit) }
        if let pool {
          let slots = max(1, pool.count(\.taskSlotsPerNode))
          let (capacity, overflow) = pool.fixedNodeCount.multipliedReportingOverflow(by: slots)
          parallel = min(parallel, overflow ? .max : capacity / max(1, seen.fewestSlots))
        }
        guard parallel > threshold else { continue }
        context.report(
          self, at: storage.written(\.kind)?.valueLocation ?? storage.nameLocation,
          "storage `\(storage.label ?? "")` is general-purpose v1, and up to \(parallel) tasks of job `\(job.label ?? "")` use it at once (more than \(threshold)): v1 accounts throttle sooner; upgrade it to `general_purpose_v2`",
          notes: [Note("task `\(seen.first)` uses it", at: seen.use)],
          fixIts: storage.written(\.kind).map {
            [context.replace("use `general_purpose_v2`", $0.valueLocation, with: "general_purpose_v2", safe: false)]
          } ?? [])
      }
    }
  }

  /// What one job's tasks ask of one v1 account.
  private struct Usage {
    /// How many tasks use it.
    var tasks: Int
    /// The position in the job of the last task counted.
    var lastTask: Int
    /// The fewest `required_slots` among them.
    var fewestSlots: Int64
    /// The first task that uses it, and where that task names it.
    var first: String
    var use: Location
  }
}
