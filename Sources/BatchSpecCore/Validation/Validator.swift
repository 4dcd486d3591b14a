// Runs every registered rule over a checked project, then applies suppression comments.

/// What validation found: the findings to show, those suppressed, and every suppression comment.
package struct ValidationResult: Sendable {
  /// Findings to report, in output order.
  package var diagnostics: [Diagnostic]
  /// Findings silenced by a suppression comment.
  package var suppressed: [Diagnostic]
  /// Every suppression comment, with how often it was used (`lint` reports unused ones).
  package var suppressions: [Suppression]
}

/// The validator: Azure Batch's quota, storage, limit and security rules.
package enum Validator {
  /// Validates `project` with `rules` (every registered rule by default).
  ///
  /// Pure: no IO, and it never traps on user input. Run it after `Checker.check`; blocks the
  /// checker could not evaluate are simply not seen, so a type error is not reported twice.
  package static func validate(
    _ project: CheckedProject, configuration: ValidationConfiguration = ValidationConfiguration(),
    rules: [any ValidationRule] = RuleRegistry.all
  ) -> ValidationResult {
    var context = ValidationContext(project: project, configuration: configuration)
    for rule in rules where context.isEnabled(rule) {
      rule.check(&context)
    }
    var suppressions = Suppressions.find(in: project.project)
    let (kept, suppressed) = Suppressions.apply(&suppressions, to: context.diagnostics, in: project.project)
    return ValidationResult(
      diagnostics: Diagnostic.sortedForOutput(kept), suppressed: suppressed, suppressions: suppressions)
  }
}
