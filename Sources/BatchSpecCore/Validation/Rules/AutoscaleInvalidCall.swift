// BS7003: an autoscale formula calling something the wrong way.

/// Flags calls with the wrong number of arguments, methods called on what has none, and a
/// series of samples used as a number.
package struct AutoscaleInvalidCall: ValidationRule {
  package let code = DiagnosticCode(
    "BS7003", "autoscale-invalid-call", .error,
    "An autoscale formula calling a function or method with the wrong arguments, or using a series of samples as a number."
  )

  package let documentation = """
    ## What it does
    Checks each call of an autoscale formula: the number of arguments of functions and methods,
    methods called only on the service's sample variables (`$CPUPercent.GetSample(...)`), members
    read only of timestamps (`time().hour`), and sample variables read through their methods rather
    than used as numbers.

    ## Why is this bad?
    The service fails the formula: the pool is not created, or its size stops following the load.

    ## Example
    ```
    formula = "$TargetDedicatedNodes = min(10, $PendingTasks);"
    ```

    ## Use instead
    ```
    formula = "$TargetDedicatedNodes = min(10, max($PendingTasks.GetSample(1)));"
    ```

    ## Azure limit
    `GetSample` takes 1 to 3 arguments, `GetSamplePercent` 1 or 2, `percentile` and `val` 2, `rand`
    and `stop` none; sample variables are objects read through their methods.
    """

  package init() {}

  package func check(_ context: inout ValidationContext) { context.reportFormulaIssues(self, kind: .invalidCall) }
}
