// BS5003: `task_slots_per_node` outside 1 ... min(4 × vCPUs, 256).

/// Flags a pool's task slots per node below 1 or above what its VM size allows.
package struct TaskSlotsOutOfRange: ValidationRule {
  package let code = DiagnosticCode(
    "BS5003", "task-slots-out-of-range", .error,
    "A pool's `task_slots_per_node` below 1 or above the smaller of 4 × its vCPUs and 256.")

  package let documentation = """
    ## What it does
    Checks `task_slots_per_node` against 1 and the documented maximum for the pool's VM size: the
    smaller of 4 × its vCPUs and 256. When the size is unknown only the bounds 1 and 256 are checked.

    ## Why is this bad?
    Batch refuses to create the pool.

    ## Example
    ```
    pool p { vm_size = "Standard_D2s_v3", task_slots_per_node = 16 }  // 2 vCPUs: at most 8
    ```

    ## Use instead
    ```
    pool p { vm_size = "Standard_D2s_v3", task_slots_per_node = 8 }
    ```

    ## Azure limit
    `taskSlotsPerNode`: at least 1, at most 4 × the node's vCPUs, and at most 256.
    """

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for pool in context.project.pools {
      guard let attribute = pool.written(\.taskSlotsPerNode) else { continue }
      let slots = attribute.value
      let size = context.project.vmSize(of: pool)
      let maximum = size.map { min(4 * $0.vCPUs, 256) } ?? 256
      guard slots < 1 || slots > maximum else { continue }
      let reason =
        slots < 1
        ? "a node needs at least 1 task slot"
        : size.map {
          "`\($0.name)` has \($0.vCPUs) vCPUs, so at most \(maximum) slots (the smaller of 4 × vCPUs and 256)"
        }
          ?? "a node has at most 256 slots"
      let fixed = slots < 1 ? 1 : maximum
      context.report(
        self, at: attribute.valueLocation, "`task_slots_per_node = \(slots)` is out of range: \(reason); use \(fixed)",
        fixIts: [context.replace("use \(fixed)", attribute.valueLocation, with: "\(fixed)", safe: false)])
    }
  }
}
