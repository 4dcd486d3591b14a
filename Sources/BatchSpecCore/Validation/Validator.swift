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
  /// With `concurrently`, the project's resources are validated in parts of about `partWeight`
  /// blocks through it (`findInParts`); the findings are the same as one after the other.
  package static func validate(
    _ project: CheckedProject, configuration: ValidationConfiguration = ValidationConfiguration(),
    rules: [any ValidationRule] = RuleRegistry.all, concurrently perform: ConcurrentPerform? = nil,
    partWeight: Int = partWeight
  ) -> ValidationResult {
    let findings: [Diagnostic]
    if let perform {
      findings = findInParts(
        project, configuration: configuration, rules: rules, weight: partWeight, through: perform)
    } else {
      var context = ValidationContext(project: project, configuration: configuration)
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

  /// The findings of `rules` with the project's resources in parts, each part's on a core of its
  /// own: every rule over every resource reads that resource's blocks from memory, so a part's
  /// rules run one after the other while its blocks are in the core's cache, and no block is read
  /// on two cores at once (its reference count would move between them at every read). The
  /// project's rules (sums, cycles, uniqueness) run once each, over the whole project.
  ///
  /// A part holds resources of one kind in project order, so each rule's findings, taken part by
  /// part, come resource by resource in project order: the order the language server keeps them
  /// in (`IncrementalValidation`), which its oracle test holds equal to one context's.
  private static func findInParts(
    _ project: CheckedProject, configuration: ValidationConfiguration, rules: [any ValidationRule], weight: Int,
    through perform: ConcurrentPerform?
  ) -> [Diagnostic] {
    // The indexes, without command blocks: each part builds its own pools' and jobs'.
    let indexes = ProjectFacts(project, commandBlocks: [])
    let probe = ValidationContext(project: project, configuration: configuration, facts: indexes)
    let enabled = rules.filter { probe.isEnabled($0) }
    let parts = ValidationFocus(all: project).parts(weight: weight)
    let (byResourceRule, commands) = findingsInParts(
      project, configuration: configuration, rules: enabled.filter { $0.scope == .resources }, parts: parts,
      facts: { part in
        var commands: [CommandBlock] = []
        for pool in parts[part].pools { commands += indexes.commandBlocks(of: pool) }
        for job in parts[part].jobs { commands += indexes.commandBlocks(of: job) }
        return indexes.with(commandBlocks: commands)
      }, through: perform)
    // The project's rules see every command block, the parts' runs in project order.
    let facts = indexes.with(commandBlockRuns: commands.filter { !$0.isEmpty })
    let projectRules = enabled.filter { $0.scope == .project }
    var byProjectRule = concurrentMap(projectRules.count, through: perform) { index in
      var context = ValidationContext(project: project, configuration: configuration, facts: facts)
      projectRules[index].check(&context)
      return context.diagnostics
    }.makeIterator()
    var byResource = byResourceRule.makeIterator()
    return firstAtEachPlace(
      enabled.map { rule in
        (rule.scope == .resources ? byResource.next()?.diagnostics : byProjectRule.next()) ?? []
      })
  }

  /// What `rules` (resource rules) find over each of `parts` of a focus, each part on a context of
  /// its own with `facts(part)` (which hold that part's command blocks) through `perform`, the
  /// rules one after the other while the part's blocks are in its core's cache. Returns each
  /// rule's findings taken part by part, with their owners, and each part's command blocks.
  package static func findingsInParts(
    _ project: CheckedProject, configuration: ValidationConfiguration, rules: [any ValidationRule],
    parts: [ValidationFocus], facts: @Sendable (_ part: Int) -> ProjectFacts, through perform: ConcurrentPerform?
  ) -> (byRule: [RuleFindings], commands: [[CommandBlock]]) {
    let byPart = concurrentMap(parts.count, through: perform) { index in
      let partFacts = facts(index)
      var context = ValidationContext(
        project: project, configuration: configuration, focus: parts[index], facts: partFacts)
      var ends: [Int] = []
      ends.reserveCapacity(rules.count)
      for rule in rules {
        rule.check(&context)
        context.clearOwner()
        ends.append(context.diagnostics.count)
      }
      return PartFindings(
        findings: RuleFindings(diagnostics: context.diagnostics, owners: context.owners), ends: ends,
        commands: partFacts.commandBlocks)
    }
    let byRule = rules.indices.map { position in
      var rule = RuleFindings(diagnostics: [], owners: [])
      for part in byPart {
        let range = (position == 0 ? 0 : part.ends[position - 1])..<part.ends[position]
        rule.diagnostics += part.findings.diagnostics[range]
        rule.owners += part.findings.owners[range]
      }
      return rule
    }
    return (byRule, byPart.map(\.commands))
  }

  /// About how many blocks a part of the project holds (`findInParts`): a few hundred kilobytes
  /// of checked blocks, well inside a core's second-level cache.
  package static let partWeight = 256

  /// What the resource rules found over one part: every finding with its owner, where each rule's
  /// end (rule by rule), and the part's command blocks.
  private struct PartFindings: Sendable {
    var findings: RuleFindings
    var ends: [Int]
    var commands: [CommandBlock]
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
