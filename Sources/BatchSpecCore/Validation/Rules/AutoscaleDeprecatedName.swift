// BS7007: an old variable name the service still accepts.

/// Flags `$TargetDedicated`, `$TargetLowPriority` and `$CurrentDedicated`, with a rename.
package struct AutoscaleDeprecatedName: ValidationRule {
  package let code = DiagnosticCode(
    "BS7007", "autoscale-deprecated-name", .warning,
    "An old autoscale variable name (`$TargetDedicated`, `$CurrentDedicated`) that the service still accepts.")

  package let documentation = """
    ## What it does
    Reports the old names `$TargetDedicated`, `$TargetLowPriority` and `$CurrentDedicated`, with a
    safe fix to their current names.

    ## Why is this bad?
    They still work, but the documentation and the evaluation results use the current names, and
    when a formula sets both an old and a new name the new one wins silently.

    ## Example
    ```
    formula = "$TargetDedicated = min(10, $CurrentDedicated + 1);"
    ```

    ## Use instead
    ```
    formula = "$TargetDedicatedNodes = min(10, $CurrentDedicatedNodes + 1);"
    ```

    ## Azure limit
    `$TargetDedicated` is an alias of `$TargetDedicatedNodes` and `$TargetLowPriority` of
    `$TargetLowPriorityNodes`; if both are set, the full name takes precedence.
    """

  package init() {}

  package func check(_ context: inout ValidationContext) { context.reportFormulaIssues(self, kind: .deprecatedName) }
}
