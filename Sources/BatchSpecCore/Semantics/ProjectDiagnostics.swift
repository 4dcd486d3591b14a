// The one place a project's diagnostics are computed: the CLI and the language server both call it.

/// Computes every diagnostic of a project: syntax, names and types today; the validator's rules
/// join here, so `check`, `lint` and the language server can never disagree.
package enum ProjectDiagnostics {
  /// Checks `project` with `params` overriding param defaults, and returns the checked project
  /// whose `diagnostics` hold every finding, sorted for output.
  package static func compute(project: Project, params: [String: String] = [:]) -> CheckResult {
    let result = Checker.check(project, params: params)
    // Integration point: run further passes (the validator) over `result.project` here and merge
    // their findings with `Diagnostic.sortedForOutput`.
    return result
  }
}
