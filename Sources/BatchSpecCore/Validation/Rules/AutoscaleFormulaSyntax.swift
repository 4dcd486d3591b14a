// BS7001: an autoscale formula that does not parse.

/// Flags syntax errors in an autoscale formula, at the character inside the string.
package struct AutoscaleFormulaSyntax: ValidationRule {
  package let code = DiagnosticCode(
    "BS7001", "autoscale-formula-syntax", .error, "An autoscale formula with a syntax error.")

  package let documentation = """
    ## What it does
    Parses each pool's autoscale `formula` as Batch's formula language (statements separated by
    `;`, `name = value`, the operators `+ - * / ! < <= > >= == != && || ? :`, calls, methods,
    `//` and `/* */` comments) and reports the first mistake of each statement where it is written.

    ## Why is this bad?
    Batch refuses to create or update the pool, and says only that the formula does not parse.

    ## Example
    ```
    autoscale {
      formula = "$TargetDedicatedNodes = min(10, $PendingTasks.GetSample(1)"
    }
    ```

    ## Use instead
    ```
    autoscale {
      formula = "$TargetDedicatedNodes = min(10, $PendingTasks.GetSample(1));"
    }
    ```

    ## Azure limit
    `autoScaleFormula` must be a valid formula (error `AutoScalingFormulaSyntaxError`); at most
    8 KB and 100 statements.
    """

  package init() {}

  package func check(_ context: inout ValidationContext) { context.reportFormulaIssues(self, kind: .syntax) }
}
