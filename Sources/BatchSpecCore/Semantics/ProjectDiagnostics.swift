// The one place a project's diagnostics are computed: the CLI and the language server both call it.

/// Computes every diagnostic of a project: syntax, names and types, then the validator's rules,
/// so `check` and the language server can never disagree.
package enum ProjectDiagnostics {
  /// Checks `project` with `params` overriding param defaults, then (unless `validate` is false)
  /// validates it with `configuration`; the checked project's `diagnostics` hold every finding,
  /// sorted for output.
  package static func compute(
    project: Project, params: [String: String] = [:],
    configuration: ValidationConfiguration = ValidationConfiguration(), validate: Bool = true
  ) -> CheckResult {
    var result = Checker.check(project, params: params)
    if validate {
      let findings = Validator.validate(result.project, configuration: configuration).diagnostics
      result.project.diagnostics = Diagnostic.sortedForOutput(result.project.diagnostics + findings)
    }
    return result
  }
}
