// BS5015: a multi-instance task on a pool that cannot run it.

/// Flags a multi-instance task whose pool lacks inter-node communication or enough nodes.
package struct MultiInstancePoolMismatch: ValidationRule {
  package let code = DiagnosticCode(
    "BS5015", "multi-instance-pool-mismatch", .error,
    "A multi-instance task on a pool without inter-node communication, or with fewer nodes than instances.")

  package let documentation = """
    ## What it does
    For each task with a `multi_instance` block, checks that its job's pool sets
    `inter_node_communication = true` and, when the pool has fixed node counts, that it has at least
    `instances` nodes.

    ## Why is this bad?
    Batch refuses a multi-instance task on a pool without inter-node communication; with fewer nodes
    than instances the task waits for nodes that never come.

    ## Example
    ```
    pool mpi { dedicated_nodes = 2 }
    job solve { pool = mpi, task run { multi_instance { instances = 4 } } }
    ```

    ## Use instead
    ```
    pool mpi { dedicated_nodes = 4, inter_node_communication = true }
    ```

    ## Azure limit
    `multiInstanceSettings` requires `enableInterNodeCommunication` on the pool, and
    `numberOfInstances` nodes of it.
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for job in context.jobs {
      guard let pool = context.facts.pool(of: job) else { continue }
      // Through the blocks in place: most tasks are not multi-instance, and no list is made for them.
      for child in job.instance.children where child.is(Schema.Task.self) {
        guard let found = child.children.first(where: { $0.is(Schema.MultiInstance.self) }) else { continue }
        let task = Checked<Schema.Task>(child)
        let settings = Checked<Schema.MultiInstance>(found)
        if pool[\.interNodeCommunication] != true {
          context.report(
            self, at: settings.nameLocation,
            "multi-instance task `\(task.label ?? "")` runs on pool `\(pool.label ?? "")`, which does not enable inter-node communication: set `inter_node_communication = true` on the pool",
            notes: [Note("pool `\(pool.label ?? "")` is declared here", at: pool.nameLocation)])
        }
        guard let attribute = settings.written(\.instances), case let instances = attribute.value, !pool.isAutoscaled
        else { continue }
        let nodes = pool.fixedNodeCount
        if instances > nodes {
          context.report(
            self, at: attribute.valueLocation,
            "multi-instance task `\(task.label ?? "")` needs \(instances) nodes, but pool `\(pool.label ?? "")` has \(nodes): lower `instances` or add nodes",
            notes: [Note("pool `\(pool.label ?? "")` is declared here", at: pool.nameLocation)])
        }
      }
    }
  }
}
