// BS5018: an autoscale evaluation interval outside 5 minutes ... 168 hours.

/// Flags an `autoscale` block whose `interval` Batch refuses.
package struct AutoscaleIntervalOutOfRange: ValidationRule {
  package let code = DiagnosticCode(
    "BS5018", "autoscale-interval-out-of-range", .error,
    "An autoscale `interval` shorter than 5 minutes or longer than 168 hours.")

  package let documentation = """
    ## What it does
    Checks each `autoscale` block's `interval` against 5 minutes and 168 hours (7 days).

    ## Why is this bad?
    Batch refuses the pool.

    ## Example
    ```
    autoscale { formula = "...", interval = 1m }
    ```

    ## Use instead
    ```
    autoscale { formula = "...", interval = 5m }
    ```

    ## Azure limit
    `autoScaleEvaluationInterval`: at least 5 minutes and at most 168 hours; 15 minutes by default.
    """

  private static let minimum: Int64 = 5 * 60_000
  private static let maximum: Int64 = 168 * 3_600_000

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for pool in context.project.pools {
      guard let attribute = pool.child(\.autoscale)?.written(\.interval),
        case let milliseconds = attribute.value.count, milliseconds < Self.minimum || milliseconds > Self.maximum
      else { continue }
      let fixed = milliseconds < Self.minimum ? "5m" : "7d"
      context.report(
        self, at: attribute.valueLocation,
        "pool `\(pool.label ?? "")` evaluates its formula every \(Value.formatDuration(milliseconds)); Azure accepts 5m to 168h: use `\(fixed)`",
        fixIts: [context.replace("use `\(fixed)`", attribute.valueLocation, with: fixed, safe: false)])
    }
  }
}
