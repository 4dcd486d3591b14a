// Every diagnostic of a project, in the shape the language server (branch `lsp`) asks for: a thin
// door onto `Linter.lint`, so the server and the CLI can never disagree.

/// Computes every diagnostic of a project through `Linter.lint`.
package enum ProjectDiagnostics {
  /// Checks `project` with `params` overriding param defaults, then (unless `validate` is false)
  /// validates it with `configuration` (levels and options, as read from `batchspec.config` by
  /// `ConfigurationLookup.nearest` or `LintConfiguration.parse`), applies suppression comments and
  /// adds the linter's findings (unused suppressions); the checked project's `diagnostics` hold
  /// every finding, sorted for output.
  package static func compute(
    project: Project, params: [String: String] = [:],
    configuration: ValidationConfiguration = ValidationConfiguration(), validate: Bool = true
  ) -> CheckResult {
    var lintConfiguration = LintConfiguration()
    lintConfiguration.validation = configuration
    let result = Linter.lint(project, params: params, configuration: lintConfiguration, validate: validate)
    var checked = result.checked
    checked.diagnostics = result.diagnostics
    return CheckResult(project: checked, overrideErrors: result.overrideErrors)
  }
}
