// BS7002: a name an autoscale formula uses that nothing defines.

/// Flags variables, functions, methods and members that do not exist, and variables read before
/// they are set, with the closest known name.
package struct AutoscaleUnknownName: ValidationRule {
  package let code = DiagnosticCode(
    "BS7002", "autoscale-unknown-name", .error,
    "An autoscale formula naming a variable, function or method that does not exist, or reading a variable before setting it."
  )

  package let documentation = """
    ## What it does
    Checks every name of each autoscale formula against the service-defined variables
    (`$PendingTasks`, `$TargetDedicatedNodes`, ...), the functions (`avg`, `max`, `time`, ...), the
    sample methods (`GetSample`, `GetSamplePercent`, ...), the `TimeInterval_*` constants, the
    deallocation options and the variables the formula sets before that statement, and suggests
    the closest name.

    ## Why is this bad?
    The formula fails when the pool is created, or worse, at every evaluation: the pool stays at its
    size while work piles up.

    ## Example
    ```
    formula = "$TargetDedicatedNodes = avg($PendingTask.GetSample(TimeInterval_Minutes * 5, 70));"
    ```

    ## Use instead
    ```
    formula = "$TargetDedicatedNodes = avg($PendingTasks.GetSample(TimeInterval_Minute * 5, 70));"
    ```

    ## Azure limit
    Service-defined variables, functions and methods are those Microsoft documents for autoscale
    formulas; a user variable must be assigned before it is read.
    """

  package init() {}

  package func check(_ context: inout ValidationContext) { context.reportFormulaIssues(self, kind: .unknownName) }
}
