// BS7005: an autoscale formula that never sets a target node count.

/// Flags a formula that assigns neither `$TargetDedicatedNodes` nor `$TargetLowPriorityNodes`.
package struct AutoscaleNoTarget: ValidationRule {
  package let code = DiagnosticCode(
    "BS7005", "autoscale-no-target", .warning,
    "An autoscale formula that sets neither `$TargetDedicatedNodes` nor `$TargetLowPriorityNodes`.")

  package let documentation = """
    ## What it does
    Checks that some statement of each autoscale formula assigns a target node count.

    ## Why is this bad?
    A formula that sets no target never changes the pool's size: the autoscaled pool stays at the
    nodes it has (none, for a new pool).

    ## Example
    ```
    formula = "pending = max($PendingTasks.GetSample(1));"
    ```

    ## Use instead
    ```
    formula = "pending = max($PendingTasks.GetSample(1)); $TargetDedicatedNodes = min(10, pending);"
    ```

    ## Azure limit
    The pool's size follows `$TargetDedicatedNodes` and `$TargetLowPriorityNodes` as the formula
    leaves them at the end of each evaluation.
    """

  package init() {}

  package func check(_ context: inout ValidationContext) { context.reportFormulaIssues(self, kind: .noTarget) }
}
