// BS5005: fixed node counts on an autoscaled pool.

/// Flags `dedicated_nodes` or `spot_nodes` set together with an `autoscale` block.
package struct NodeCountsWithAutoscale: ValidationRule {
  package let code = DiagnosticCode(
    "BS5005", "node-counts-with-autoscale", .error,
    "`dedicated_nodes` or `spot_nodes` on a pool that also has an `autoscale` formula.")

  package let documentation = """
    ## What it does
    Flags a pool that sets `dedicated_nodes` or `spot_nodes` and also has an `autoscale` block.

    ## Why is this bad?
    Batch refuses the pool: with autoscaling on, the formula sets the node counts.

    ## Example
    ```
    pool p { dedicated_nodes = 4, autoscale { formula = "$TargetDedicatedNodes = 4;" } }
    ```

    ## Use instead
    ```
    pool p { autoscale { formula = "$TargetDedicatedNodes = 4;" } }
    ```

    ## Azure limit
    `targetDedicatedNodes` and `targetLowPriorityNodes` must not be set when `enableAutoScale` is
    true; `autoScaleFormula` is required then.
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for pool in context.pools {
      guard let autoscale = pool.child(\.autoscale) else { continue }
      for key in [\Schema.Pool.Type.dedicatedNodes, \.spotNodes] {
        guard let attribute = pool.written(key) else { continue }
        let name = Schema.Pool.self[keyPath: key].name
        context.report(
          self, at: attribute.location,
          "pool `\(pool.label ?? "")` is autoscaled: remove `\(name)`; the formula sets node counts ($TargetDedicatedNodes, $TargetLowPriorityNodes)",
          notes: [Note("the `autoscale` block is here", at: autoscale.nameLocation)],
          fixIts: [context.removal("remove `\(name)`", attribute.location, safe: false)])
      }
    }
  }
}
