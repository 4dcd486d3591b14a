// BS5027: a multi-instance task that takes more than one slot, or whose pool runs tasks side by side.

/// Flags a multi-instance task whose `required_slots` is not 1, or whose pool's
/// `task_slots_per_node` is not 1.
package struct MultiInstanceSlots: ValidationRule {
  package let code = DiagnosticCode(
    "BS5027", "multi-instance-slots", .error,
    "A multi-instance task with `required_slots` above 1, or on a pool with `task_slots_per_node` above 1.")

  package let documentation = """
    ## What it does
    For each task with a `multi_instance` block, checks that `required_slots` is 1 (the default) and
    that the pool its job runs on has `task_slots_per_node = 1` (the default). `required_slots`
    below 1 is `BS5004`'s; the pool's inter-node communication and node count are `BS5015`'s.

    ## Why is this bad?
    Batch refuses a multi-instance task that asks for more than one slot. On a pool whose nodes run
    several tasks at once, a multi-instance task is never scheduled: it stays active forever.

    ## Example
    ```
    pool mpi { inter_node_communication = true, dedicated_nodes = 4, task_slots_per_node = 4 }
    job solve { pool = mpi, task run { required_slots = 4, multi_instance { instances = 4 } } }
    ```

    ## Use instead
    ```
    pool mpi { inter_node_communication = true, dedicated_nodes = 4 }
    job solve { pool = mpi, task run { multi_instance { instances = 4 } } }
    ```
    Give tasks that should share nodes a pool of their own.

    ## Azure limit
    Batch REST API 2025-06-01, `BatchTaskCreateOptions.requiredSlots`: "For multi-instance Tasks,
    this must be 1." Microsoft's "Use multi-instance tasks to run MPI applications in Batch"
    (batch-mpi): "Multi-instance tasks require a pool with inter-node communication enabled, and with
    concurrent task execution disabled. To disable concurrent task execution, set the
    TaskSlotsPerNode property to 1." Earlier versions of that page said what happens otherwise: "the
    task will never be scheduled--it will remain indefinitely in the 'active' state."
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for job in context.jobs {
      let pool = context.facts.pool(of: job)
      let poolSlots = pool?.written(\.taskSlotsPerNode)
      // Through the blocks in place: most tasks are not multi-instance, and no list is made for them.
      for child in job.instance.children where child.is(Schema.Task.self) {
        guard let settings = child.children.first(where: { $0.is(Schema.MultiInstance.self) }) else { continue }
        let task = Checked<Schema.Task>(child)
        if let slots = task.written(\.requiredSlots), slots.value > 1 {
          context.report(
            self, at: slots.valueLocation,
            "multi-instance task `\(task.label ?? "")` has `required_slots = \(slots.value)`; Azure requires 1 for a multi-instance task, which takes one whole node per instance: use 1",
            fixIts: [context.replace("use 1", slots.valueLocation, with: "1", safe: false)])
        }
        if let pool, let poolSlots, poolSlots.value > 1 {
          context.report(
            self, at: settings.nameLocation,
            "multi-instance task `\(task.label ?? "")` runs on pool `\(pool.label ?? "")`, whose nodes have \(poolSlots.value) task slots; Batch never schedules a multi-instance task on such a pool: set `task_slots_per_node = 1`, or give the task a pool of its own",
            notes: [Note("`task_slots_per_node` is \(poolSlots.value) here", at: poolSlots.location)],
            fixIts: [
              context.replace(
                "set the pool's `task_slots_per_node` to 1", poolSlots.valueLocation, with: "1", safe: false)
            ])
        }
      }
    }
  }
}
