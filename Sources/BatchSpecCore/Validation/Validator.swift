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

/// What one rule found on a context of its own: its findings, and the resource each was reported
/// for (`ValidationContext.owners`).
package struct RuleFindings: Sendable {
  package var diagnostics: [Diagnostic]
  package var owners: [Location?]
}

/// The validator: Azure Batch's quota, storage, limit and security rules.
package enum Validator {
  /// Validates `project` with `rules` (every registered rule by default).
  ///
  /// Pure: no IO, and it never traps on user input. Run it after `Checker.check`; blocks the
  /// checker could not evaluate are simply not seen, so a type error is not reported twice.
  /// With `concurrently`, each rule runs on a context of its own (sharing the project's facts)
  /// through it; the findings are the same as one after the other.
  package static func validate(
    _ project: CheckedProject, configuration: ValidationConfiguration = ValidationConfiguration(),
    rules: [any ValidationRule] = RuleRegistry.all, concurrently perform: ConcurrentPerform? = nil
  ) -> ValidationResult {
    var context = ValidationContext(project: project, configuration: configuration)
    let findings: [Diagnostic]
    if let perform {
      let enabled = rules.filter { context.isEnabled($0) }
      let facts = context.facts
      let byRule = concurrentMap(enabled.count, through: perform) { index in
        var own = ValidationContext(project: project, configuration: configuration, facts: facts)
        enabled[index].check(&own)
        return RuleFindings(diagnostics: own.diagnostics, owners: [])
      }
      findings = firstAtEachPlace(byRule.map(\.diagnostics))
    } else {
      for rule in rules where context.isEnabled(rule) {
        rule.check(&context)
      }
      findings = context.diagnostics
    }
    var suppressions = Suppressions.find(in: project.project)
    let (kept, suppressed) = Suppressions.apply(&suppressions, to: findings, in: project.project)
    return ValidationResult(
      diagnostics: Diagnostic.sortedForOutput(kept), suppressed: suppressed, suppressions: suppressions)
  }

  /// The findings of each rule in rule order, keeping the first of a code at a location, as one
  /// context shared by every rule in turn keeps it (`ValidationContext.report`).
  private static func firstAtEachPlace(_ byRule: [[Diagnostic]]) -> [Diagnostic] {
    var seen: Set<PlaceKey> = []
    var findings: [Diagnostic] = []
    findings.reserveCapacity(byRule.reduce(0) { $0 + $1.count })
    for diagnostic in byRule.joined()
    where seen.insert(PlaceKey(code: diagnostic.code.rawValue, location: diagnostic.location)).inserted {
      findings.append(diagnostic)
    }
    return findings
  }

  private struct PlaceKey: Hashable {
    var code: String
    var location: Location
  }
}
