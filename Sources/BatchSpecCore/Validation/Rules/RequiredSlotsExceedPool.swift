// BS5004: a task that needs more slots than its pool's nodes have.

/// Flags a task whose `required_slots` exceeds its pool's `task_slots_per_node`, or is below 1.
package struct RequiredSlotsExceedPool: ValidationRule {
  package let code = DiagnosticCode(
    "BS5004", "required-slots-exceed-pool", .error,
    "A task's `required_slots` above its pool's `task_slots_per_node`, or below 1.")

  package let documentation = """
    ## What it does
    Compares each task's `required_slots` (default 1) with the `task_slots_per_node` (default 1) of
    the pool its job runs on. A multi-instance task must take exactly 1 slot: `BS5027` says so.

    ## Why is this bad?
    Batch refuses the task: no node of the pool could ever run it.

    ## Example
    ```
    pool p { task_slots_per_node = 2 }
    job j { pool = p, task encode { required_slots = 4 } }
    ```

    ## Use instead
    ```
    pool p { task_slots_per_node = 4 }
    ```

    ## Azure limit
    `requiredSlots` is at least 1 and at most the pool's `taskSlotsPerNode`.
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for job in context.jobs {
      let pool = context.facts.pool(of: job)
      let poolSlots = pool?[\.taskSlotsPerNode] ?? 1
      for child in job.instance.children where child.is(Schema.Task.self) {
        guard let attribute = child.written(Schema.Task.requiredSlots) else { continue }
        let task = Checked<Schema.Task>(child)
        let slots = attribute.value
        if slots < 1 {
          context.report(
            self, at: attribute.valueLocation, "`required_slots = \(slots)`: a task takes at least 1 slot; use 1",
            fixIts: [context.replace("use 1", attribute.valueLocation, with: "1", safe: false)])
        } else if let pool, slots > poolSlots, task.child(\.multiInstance) == nil {
          let slotsNote =
            pool.written(\.taskSlotsPerNode).map {
              Note("`task_slots_per_node` is \(poolSlots) here", at: $0.location)
            }
            ?? Note("pool `\(pool.label ?? "")` has the default 1 slot per node", at: pool.nameLocation)
          let size = context.project.vmSize(of: pool)
          let fix =
            size.map { slots > min(4 * $0.vCPUs, 256) } ?? (slots > 256)
            ? "lower `required_slots`, or give the pool a VM size with at least \(slots / 4 + (slots % 4 == 0 ? 0 : 1)) vCPUs (slots per node are at most 4 × vCPUs and 256)"
            : "lower `required_slots` or raise the pool's `task_slots_per_node` to \(slots)"
          context.report(
            self, at: attribute.valueLocation,
            "task `\(task.label ?? "")` needs \(slots) slots, but nodes of pool `\(pool.label ?? "")` have \(poolSlots): \(fix)",
            notes: [slotsNote])
        }
      }
    }
  }
}
