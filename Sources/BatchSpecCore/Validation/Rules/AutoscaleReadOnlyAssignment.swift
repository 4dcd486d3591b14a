// BS7004: an autoscale formula assigning a variable only the service sets.

/// Flags assignments to read-only service variables such as `$PendingTasks`.
package struct AutoscaleReadOnlyAssignment: ValidationRule {
  package let code = DiagnosticCode(
    "BS7004", "autoscale-read-only-assignment", .error,
    "An autoscale formula assigning a read-only service variable such as `$CurrentDedicatedNodes`.")

  package let documentation = """
    ## What it does
    Reports an assignment to a service-defined variable other than `$TargetDedicatedNodes`,
    `$TargetLowPriorityNodes` and `$NodeDeallocationOption` (and their old names).

    ## Why is this bad?
    The metrics and node counts are the service's; Batch refuses a formula that assigns them.

    ## Example
    ```
    formula = "$CurrentDedicatedNodes = 4; $TargetDedicatedNodes = $CurrentDedicatedNodes;"
    ```

    ## Use instead
    ```
    formula = "nodes = 4; $TargetDedicatedNodes = nodes;"
    ```

    ## Azure limit
    Only `$TargetDedicatedNodes`, `$TargetLowPriorityNodes` and `$NodeDeallocationOption` are
    read-write.
    """

  package init() {}

  package func check(_ context: inout ValidationContext) {
    context.reportFormulaIssues(self, kind: .readOnlyAssignment)
  }
}
