// BS5016: a pool with inter-node communication and more nodes than Azure allows for it.

/// Flags a pool with `inter_node_communication` over 100 nodes (80 in user-subscription mode).
package struct InterNodePoolTooLarge: ValidationRule {
  package let code = DiagnosticCode(
    "BS5016", "inter-node-pool-too-large", .error,
    "A pool with inter-node communication and more nodes than Azure allows for such pools.")

  package let documentation = """
    ## What it does
    Adds a pool's `dedicated_nodes` and `spot_nodes` when it sets `inter_node_communication = true`
    and compares the sum with 100 (80 when its account uses `user_subscription` allocation).

    ## Why is this bad?
    The pool cannot grow past the limit: the extra nodes are never allocated.

    ## Example
    ```
    pool mpi { inter_node_communication = true, dedicated_nodes = 150 }
    ```

    ## Use instead
    ```
    pool mpi { inter_node_communication = true, dedicated_nodes = 100 }
    ```
    or turn inter-node communication off when no task is multi-instance.

    ## Azure limit
    Compute nodes in a pool with inter-node communication: 100 (BatchService allocation mode), 80
    (UserSubscription). The limit cannot be raised.
    """

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for pool in context.project.pools where pool[\.interNodeCommunication] == true {
      guard !pool.isAutoscaled else { continue }
      let nodes = pool.fixedNodeCount
      let userSubscription = context.facts.account(of: pool).map(context.project.isUserSubscription) ?? false
      let limit: Int64 = userSubscription ? 80 : 100
      guard nodes > limit else { continue }
      context.report(
        self, at: pool.written(\.dedicatedNodes)?.valueLocation ?? pool.nameLocation,
        "pool `\(pool.label ?? "")` has \(nodes) nodes with inter-node communication; Azure allows at most \(limit)\(userSubscription ? " in `user_subscription` mode" : ""): use at most \(limit) nodes or turn `inter_node_communication` off"
      )
    }
  }
}
