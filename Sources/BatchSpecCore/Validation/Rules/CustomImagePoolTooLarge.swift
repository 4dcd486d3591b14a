// BS5020: a pool built from a custom image with more nodes than Azure allows for such pools.

/// Flags a `custom_image` pool over 2,000 dedicated or 1,000 spot nodes.
package struct CustomImagePoolTooLarge: ValidationRule {
  package let code = DiagnosticCode(
    "BS5020", "custom-image-pool-too-large", .error,
    "A pool built from a custom image with more than 2,000 dedicated or 1,000 spot nodes.")

  package let documentation = """
    ## What it does
    For a pool with `custom_image` (a managed image or a Compute Gallery image version), checks
    `dedicated_nodes` against 2,000 and `spot_nodes` against 1,000.

    ## Why is this bad?
    The pool stops growing at the limit: the nodes over it are never allocated.

    ## Example
    ```
    pool p { custom_image = "/subscriptions/.../images/worker", dedicated_nodes = 2500 }
    ```

    ## Use instead
    Split the work over two pools of at most 2,000 dedicated nodes each.

    ## Azure limit
    Compute nodes in a pool created from a managed image: 2,000 dedicated and 1,000 spot. The limit
    cannot be raised.
    """

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for pool in context.project.pools where pool.has(\.customImage) {
      let counts = [
        (pool.written(\.dedicatedNodes), Int64(2_000), "dedicated"), (pool.written(\.spotNodes), 1_000, "spot"),
      ]
      for (attribute, limit, kind) in counts {
        guard let attribute, case let nodes = attribute.value, nodes > limit else { continue }
        context.report(
          self, at: attribute.valueLocation,
          "pool `\(pool.label ?? "")` is built from a custom image and asks for \(nodes) \(kind) nodes; Azure allows at most \(limit): split the work over several pools",
          fixIts: [context.replace("use \(limit)", attribute.valueLocation, with: "\(limit)", safe: false)])
      }
    }
  }
}
