// What a rule sees: the checked project and the configuration; where it reports its findings.

/// The state of one validation run, handed to each rule in turn.
package struct ValidationContext: Sendable {
  /// The project after type checking.
  package let project: CheckedProject
  /// Indexes over the project: pools, accounts and command blocks by owner.
  package let facts: ProjectFacts
  /// Levels and rule options.
  package let configuration: ValidationConfiguration
  /// The findings so far, with configured severities; rules that are off report nothing.
  package private(set) var diagnostics: [Diagnostic] = []
  private var reported: Set<Key> = []

  private struct Key: Hashable {
    var code: String
    var location: Location
  }

  /// Creates a context for one run.
  package init(project: CheckedProject, configuration: ValidationConfiguration) {
    self.project = project
    self.facts = ProjectFacts(project)
    self.configuration = configuration
  }

  /// Reports a finding of `rule` at `location`.
  ///
  /// `severity` overrides the rule's default (a quota that was only assumed warns rather than
  /// errs); a configured level overrides both. A rule reports once per location: the members of
  /// a sweep share their source, so the first member's finding stands for all of them.
  package mutating func report(
    _ rule: some ValidationRule, at location: Location, _ message: String, severity: Severity? = nil,
    notes: [Note] = [], fixIts: [FixIt] = []
  ) {
    guard
      let final = configuration.severity(of: rule.code, proposed: severity ?? rule.defaultSeverity),
      reported.insert(Key(code: rule.code.rawValue, location: location)).inserted
    else { return }
    diagnostics.append(
      Diagnostic(rule.code, at: location, message, severity: final, notes: notes, fixIts: fixIts))
  }

  /// Whether `rule` is on (not configured `off`): rules with costly walks may skip work.
  package func isEnabled(_ rule: some ValidationRule) -> Bool {
    configuration.level(of: rule.code) != .off
  }

  /// A fix-it replacing one range with `text`.
  package func replace(_ title: String, _ location: Location, with text: String, safe: Bool) -> FixIt {
    FixIt(title, edits: [TextEdit(file: location.file, range: location.range, replacement: text)], isSafe: safe)
  }
}
