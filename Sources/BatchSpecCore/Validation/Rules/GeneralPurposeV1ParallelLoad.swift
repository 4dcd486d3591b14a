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
    let facts = context.facts
    let threshold = context.configuration.generalPurposeV1ParallelTasks
    let v1 = project.storageAccounts.filter { $0[\.kind] == .generalPurposeV1 }
    guard !v1.isEmpty else { return }
    for job in project.jobs {
      for storage in v1 {
        let id = (storage.label ?? "").lowercased()
        let tasks = job.children(\.task).filter { task in
          task.instance.storageUses().contains { $0.storage.lowercased() == id }
        }
        var parallel = Int64(tasks.count)
        if let limit = job[\.maxParallelTasks], limit >= 1 { parallel = min(parallel, limit) }
        if let pool = facts.pool(of: job), !pool.isAutoscaled {
          let nodes = pool.fixedNodeCount
          let slots = max(1, pool.count(\.taskSlotsPerNode))
          let needed = max(1, tasks.map { $0.count(\.requiredSlots) }.min() ?? 1)
          parallel = min(parallel, nodes * slots / needed)
        }
        guard parallel > threshold, let first = tasks.first,
          let use = first.instance.storageUses().first(where: { $0.storage.lowercased() == id })
        else { continue }
        context.report(
          self, at: storage.written(\.kind)?.valueLocation ?? storage.nameLocation,
          "storage `\(storage.label ?? "")` is general-purpose v1, and up to \(parallel) tasks of job `\(job.label ?? "")` use it at once (more than \(threshold)): v1 accounts throttle sooner; upgrade it to `general_purpose_v2`",
          notes: [Note("task `\(first.label ?? "")` uses it", at: use.location)],
          fixIts: storage.written(\.kind).map {
            [context.replace("use `general_purpose_v2`", $0.valueLocation, with: "general_purpose_v2", safe: false)]
          } ?? [])
      }
    }
  }
}
