// BS5025: a pool's resize timeout shorter than the 5 minutes Batch accepts.

/// Flags a pool whose `resize_timeout` is under 5 minutes.
package struct ResizeTimeoutTooShort: ValidationRule {
  package let code = DiagnosticCode(
    "BS5025", "resize-timeout-too-short", .error, "A pool's `resize_timeout` under 5 minutes.")

  package let documentation = """
    ## What it does
    Checks each pool's `resize_timeout` (15 minutes when left out) against 5 minutes.

    ## Why is this bad?
    Batch refuses the pool with 400 (Bad Request). The value is sent, and refused, even for an
    autoscaled pool, where it has no effect.

    ## Example
    ```
    pool p { vm_size = "Standard_D2s_v3", dedicated_nodes = 2, resize_timeout = 2m }
    ```

    ## Use instead
    ```
    pool p { vm_size = "Standard_D2s_v3", dedicated_nodes = 2, resize_timeout = 5m }
    ```

    ## Azure limit
    `resizeTimeout` of the add-pool body (`BatchPoolCreateOptions`, Batch REST API 2025-06-01): "The
    default value is 15 minutes. The minimum value is 5 minutes. If you specify a value less than 5
    minutes, the Batch service returns an error; if you are calling the REST API directly, the HTTP
    status code is 400 (Bad Request)."
    """

  private static let minimum: Int64 = 5 * 60_000

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for pool in context.pools {
      guard let attribute = pool.written(\.resizeTimeout), attribute.value.count < Self.minimum else { continue }
      context.report(
        self, at: attribute.valueLocation,
        "pool `\(pool.label ?? "")` has `resize_timeout = \(Value.formatDuration(attribute.value.count))`; Azure refuses less than 5m: use `5m` or more",
        fixIts: [context.replace("use `5m`", attribute.valueLocation, with: "5m", safe: false)])
    }
  }
}
