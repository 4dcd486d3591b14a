// `Linter.lint`, run again after an edit, with the same result for less work: the checker checks
// again only the files an edit can have changed (`Checker.check(_:params:memo:)`), and the rules
// whose findings come from one resource at a time (`RuleScope.resources`) look again only at the
// resources an edit can have changed: those of files checked again, and the jobs on a pool that
// was. Every other finding is kept from the last run. Rules over the whole project (quotas,
// storage load, regions) run in full each time; they read indexes and sums, not every task.

/// What incremental linting keeps between runs of one project.
package final class LintMemo: @unchecked Sendable {
  fileprivate let checker = CheckerMemo()
  fileprivate var configuration: ValidationConfiguration?
  fileprivate var fileCount = 0
  /// Findings of `.resources` rules, by the resource (its block's location), in report order.
  fileprivate var findings: [Location: [(rule: Int, diagnostic: Diagnostic)]] = [:]
  /// Command blocks of each pool and job, by the resource's location.
  fileprivate var commands: [Location: [CommandBlock]] = [:]
  /// Each file's pool IDs (lowercased) and whether it declares a resource every rule may read (an
  /// account, storage account, application or existing pool).
  fileprivate var poolKeys: [[String]] = []
  fileprivate var sharedResources: [Bool] = []

  /// An empty memo: the first run is a full one.
  package init() {}
}

/// How much of the project one incremental run looked at again.
package struct LintWork: Sendable, Equatable {
  /// Files checked again.
  package var rechecked: Int
  /// Pools and jobs the resource rules looked at again, or nil for all of them.
  package var revalidated: Int?
}

extension Linter {
  /// Lints `project` as `lint(_:params:configuration:validate:)` does, with the same result,
  /// doing again only what changed since the run `memo` remembers; updates `memo`.
  package static func lint(
    _ project: Project, params: [String: String] = [:], configuration: LintConfiguration = LintConfiguration(),
    memo: LintMemo
  ) -> (result: LintResult, work: LintWork) {
    let (checked, rechecked) = Checker.check(project, params: params, memo: memo.checker)
    let validation = IncrementalValidation.validate(
      checked.project, configuration: configuration.validation, rechecked: rechecked, memo: memo)
    let frontEndErrors = checked.project.diagnostics.contains { $0.severity == .error }
    var diagnostics = checked.project.diagnostics + validation.result.diagnostics
    diagnostics += SuppressionReport.findings(
      validation.result.suppressions, suppressed: validation.result.suppressed, in: project,
      configuration: configuration.validation, reportUnused: !frontEndErrors)
    let result = LintResult(
      checked: checked.project, diagnostics: Diagnostic.sortedForOutput(diagnostics),
      suppressed: validation.result.suppressed, suppressions: validation.result.suppressions,
      overrideErrors: checked.overrideErrors)
    return (result, LintWork(rechecked: rechecked.count, revalidated: validation.revalidated))
  }
}

/// The validator, incrementally.
enum IncrementalValidation {
  static func validate(
    _ project: CheckedProject, configuration: ValidationConfiguration, rechecked: Set<FileID>, memo: LintMemo
  ) -> (result: ValidationResult, revalidated: Int?) {
    let rules = RuleRegistry.all
    let fileCount = project.project.files.count
    // What each file declares now.
    var poolKeys = [[String]](repeating: [], count: fileCount)
    var sharedResources = [Bool](repeating: false, count: fileCount)
    for pool in project.pools { poolKeys[pool.location.file.rawValue].append(pool.label?.lowercased() ?? "") }
    for location in project.accounts.map(\.location) + project.storageAccounts.map(\.location)
      + project.applications.map(\.location) + project.existingPools.map(\.location)
    {
      sharedResources[location.file.rawValue] = true
    }
    var full = memo.configuration != configuration || memo.fileCount != fileCount
    if !full {
      for file in rechecked where sharedResources[file.rawValue] || memo.sharedResources[file.rawValue] {
        full = true
      }
    }
    let focus: ValidationFocus
    if full {
      focus = ValidationFocus(all: project)
      memo.findings.removeAll(keepingCapacity: true)
      memo.commands.removeAll(keepingCapacity: true)
    } else {
      var dirtyPools: Set<String> = []
      for file in rechecked {
        dirtyPools.formUnion(poolKeys[file.rawValue])
        dirtyPools.formUnion(memo.poolKeys[file.rawValue])
      }
      focus = ValidationFocus(
        pools: project.pools.filter { rechecked.contains($0.location.file) },
        jobs: project.jobs.filter {
          rechecked.contains($0.location.file) || dirtyPools.contains($0[\.pool]?.key ?? "\u{0}")
        })
      // Findings of resources that are gone or are looked at again.
      for location in memo.findings.keys where rechecked.contains(location.file) { memo.findings[location] = nil }
      for location in memo.commands.keys where rechecked.contains(location.file) { memo.commands[location] = nil }
      for job in focus.jobs {
        memo.findings[job.location] = nil
        memo.commands[job.location] = nil
      }
      for pool in focus.pools { memo.commands[pool.location] = nil }
    }

    // The resource rules over the focus, their findings filed by resource.
    var focused = ValidationContext(project: project, configuration: configuration, focus: focus)
    var resourceRules: [Int] = []
    for (index, rule) in rules.enumerated() where rule.scope == .resources && focused.isEnabled(rule) {
      resourceRules.append(index)
      let start = focused.diagnostics.count
      rule.check(&focused)
      focused.clearOwner()
      for position in start..<focused.diagnostics.count {
        // Every finding of a resource rule is reported while a resource is iterated.
        let owner = focused.owners[position] ?? Location(FileID(0), TextRange(0, 0))
        memo.findings[owner, default: []].append((index, focused.diagnostics[position]))
      }
    }
    // Command blocks: those the focused run built, and those kept for unchanged pools and jobs.
    for command in focused.facts.commandBlocks {
      guard let owner = command.job?.location ?? command.pool?.location else { continue }
      memo.commands[owner, default: []].append(command)
    }
    let facts: ProjectFacts
    if full {
      facts = focused.facts
    } else {
      var commandBlocks: [CommandBlock] = []
      for pool in project.pools { commandBlocks += memo.commands[pool.location] ?? [] }
      for job in project.jobs { commandBlocks += memo.commands[job.location] ?? [] }
      facts = ProjectFacts(project, commandBlocks: commandBlocks)
    }
    var whole = ValidationContext(project: project, configuration: configuration, facts: facts)
    var projectFindings: [Int: Range<Int>] = [:]
    for (index, rule) in rules.enumerated() where rule.scope == .project && whole.isEnabled(rule) {
      let start = whole.diagnostics.count
      rule.check(&whole)
      projectFindings[index] = start..<whole.diagnostics.count
    }

    // Every finding, rule by rule in registry order, resources in project order, each place once.
    var byRule = [[Diagnostic]](repeating: [], count: rules.count)
    let resources =
      project.accounts.map(\.location) + project.storageAccounts.map(\.location)
      + project.applications.map(\.location) + project.pools.map(\.location) + project.jobs.map(\.location)
    for location in resources {
      for (rule, diagnostic) in memo.findings[location] ?? [] { byRule[rule].append(diagnostic) }
    }
    var seen: Set<FindingKey> = []
    var diagnostics: [Diagnostic] = []
    for index in rules.indices {
      let found = projectFindings[index].map { Array(whole.diagnostics[$0]) } ?? byRule[index]
      for diagnostic in found
      where seen.insert(FindingKey(code: diagnostic.code.rawValue, location: diagnostic.location)).inserted {
        diagnostics.append(diagnostic)
      }
    }
    memo.configuration = configuration
    memo.fileCount = fileCount
    memo.poolKeys = poolKeys
    memo.sharedResources = sharedResources

    var suppressions = Suppressions.find(in: project.project)
    let (kept, suppressed) = Suppressions.apply(&suppressions, to: diagnostics, in: project.project)
    let result = ValidationResult(
      diagnostics: Diagnostic.sortedForOutput(kept), suppressed: suppressed, suppressions: suppressions)
    return (result, full ? nil : focus.pools.count + focus.jobs.count)
  }

  private struct FindingKey: Hashable {
    var code: String
    var location: Location
  }
}
