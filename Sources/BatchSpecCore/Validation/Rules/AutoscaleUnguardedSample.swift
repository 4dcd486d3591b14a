// BS7006: a window of samples read without checking how many samples are there.

/// Flags `GetSample` over a time window on a metric whose `GetSamplePercent` the formula never
/// checks and without a required percentage.
package struct AutoscaleUnguardedSample: ValidationRule {
  package let code = DiagnosticCode(
    "BS7006", "autoscale-unguarded-sample", .warning,
    "A window of samples read without checking `GetSamplePercent` or requiring a percentage.")

  package let documentation = """
    ## What it does
    Reports `$Metric.GetSample(window)` (a time interval or a timestamp, with or without an end) when
    the formula neither passes the percentage of samples it needs (`GetSample(window, 70)`) nor
    checks `$Metric.GetSamplePercent(...)` anywhere.

    ## Why is this bad?
    Samples are taken every 30 seconds but reach formulas about a minute late, and some go missing.
    A window read without a guard may hold a few stale samples (or none, right after the pool is
    created), and the pool is sized on them. Microsoft's documentation recommends checking the
    percentage first and doing something else when too few samples are there.

    ## Example
    ```
    formula = "$TargetDedicatedNodes = avg($PendingTasks.GetSample(TimeInterval_Minute * 15));"
    ```

    ## Use instead
    ```
    formula = \"\"\"
      percent = $PendingTasks.GetSamplePercent(TimeInterval_Minute * 15);
      $TargetDedicatedNodes = percent < 70 ? 1 : avg($PendingTasks.GetSample(TimeInterval_Minute * 15));
      \"\"\"
    ```

    ## Azure limit
    One sample every 30 seconds; `GetSample(window, samplePercent)` fails the evaluation when fewer
    than `samplePercent` percent of the window's samples are available.
    """

  package init() {}

  package func check(_ context: inout ValidationContext) {
    context.reportFormulaIssues(self, kind: .unguardedSample)
  }
}
