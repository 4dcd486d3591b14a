// `Linter.lint`, run again after an edit, with the same result for less work: the checker checks
// again only the files an edit can have changed (`Checker.check(_:params:memo:)`), and the rules
// whose findings come from one resource at a time (`RuleScope.resources`) look again only at the
// resources an edit can have changed: those of files checked again, and the jobs on a pool that
// was (and a pool whose last job left or first job arrived). Every other finding is kept from the
// last run. Rules over the whole project (quotas, storage load, regions) run in full each time;
// they read indexes and sums, not every task. Each file's report (findings suppressed, sorted) is
// made again only when what it is made from may have changed: a finding an edit cannot have
// changed costs a look at its file, not a copy, a sort or a comparison.

/// What incremental linting keeps between runs of one project.
package final class LintMemo: @unchecked Sendable {
  fileprivate let checker = CheckerMemo()
  fileprivate var configuration: ValidationConfiguration?
  fileprivate var fileCount = 0
  /// Findings of `.resources` rules, by the resource (its block's location), in report order.
  fileprivate var findings: [Location: [(rule: Int, diagnostic: Diagnostic)]] = [:]
  /// Command blocks of each pool and job, by the resource's location.
  fileprivate var commands = CommandTable()
  /// Whether each file declares a resource every rule may read (an account, storage account,
  /// application or existing pool).
  fileprivate var sharedResources: [Bool] = []
  /// The files of the last run.
  fileprivate var files: [SourceFile] = []
  /// The location and ID (lowercased) of each pool, file by file.
  fileprivate var poolIDs: [[(location: Location, id: String)]] = []
  /// What each pool asked of quotas in the last run, by its position.
  fileprivate var demands: DemandTable?
  /// The last run's lookups by ID, kept while they describe the project.
  fileprivate var index: ResourceIndex?
  /// The project rules' findings of the last run, file by file (`IncrementalValidation.slot`).
  fileprivate var projectFindings: [[Diagnostic]] = []
  /// What the last run reported, file by file (`IncrementalValidation.slot`).
  fileprivate var reports: [FileReport] = []
  /// Whether the last run reported unused suppressions (it had no front-end error).
  fileprivate var reportedUnused = false

  /// The fewest pools and jobs looked at again for which the resource rules run concurrently
  /// (when the caller gives a way to): below it, waking threads costs more than it saves.
  package var concurrentFocus = 64
  /// About how many blocks each part of such a focus holds (`Validator.partWeight`).
  package var partWeight = Validator.partWeight

  /// An empty memo: the first run is a full one.
  package init() {}
}

/// Command blocks of pools and jobs, by the resource's location, file by file: an edit drops
/// those of the files it changed without going over the others.
private struct CommandTable {
  private var files: [[Location: [CommandBlock]]] = []

  subscript(owner: Location) -> [CommandBlock]? {
    get { owner.file.rawValue < files.count ? files[owner.file.rawValue][owner] : nil }
    set {
      reach(owner.file)
      files[owner.file.rawValue][owner] = newValue
    }
  }

  /// Adds `command` to `owner`'s, in place.
  mutating func append(_ command: CommandBlock, to owner: Location) {
    reach(owner.file)
    files[owner.file.rawValue][owner, default: []].append(command)
  }

  /// Makes room for `file`'s table.
  private mutating func reach(_ file: FileID) {
    if file.rawValue >= files.count { files += Array(repeating: [:], count: file.rawValue + 1 - files.count) }
  }

  mutating func removeAll(in file: FileID) {
    if file.rawValue < files.count { files[file.rawValue].removeAll(keepingCapacity: true) }
  }

  mutating func removeAll() { files.removeAll(keepingCapacity: true) }
}

/// What one run reported for one file, and what from.
private struct FileReport {
  /// The front end's findings.
  var frontEnd: [Diagnostic] = []
  /// The rules' findings, not yet suppressed.
  var validation: [Diagnostic] = []
  /// The file's suppression comments, with their use counts.
  var suppressions: [Suppression] = []
  /// The rules' findings its suppressions silenced.
  var suppressed: [Diagnostic] = []
  /// What is reported: the front end's findings, the rules' that were not silenced and those about
  /// suppressions, in output order.
  var diagnostics: [Diagnostic] = []
}

/// The rules' findings of the files an incremental run touched.
struct FileFindings {
  /// Whether each file's findings may differ from the last run's, by `FileID.rawValue`, and a last
  /// slot for findings at no file of the project (always touched).
  var touched: [Bool]
  /// The findings of each touched slot (none for the others), rule by rule in registry order,
  /// each place once, not yet suppressed.
  var byFile: [[Diagnostic]]
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
  /// With `concurrently`, the resource rules run through it when many resources are looked at
  /// again (opening a project), with the same findings.
  package static func lint(
    _ project: Project, params: [String: String] = [:], configuration: LintConfiguration = LintConfiguration(),
    memo: LintMemo, concurrently perform: ConcurrentPerform? = nil
  ) -> (result: LintResult, work: LintWork) {
    let paramsBefore = memo.checker.paramFacts
    let (checked, rechecked) = Checker.check(
      project, params: params, memo: memo.checker, concurrently: perform)
    let validation = IncrementalValidation.validate(
      checked.project, configuration: configuration.validation, rechecked: rechecked,
      paramsChanged: paramsBefore != memo.checker.paramFacts, memo: memo, concurrently: perform)
    // File by file, what is reported is made again only when what it is made from may have
    // changed: the rules' findings in the file (`FileFindings.touched`, which includes the files
    // whose text changed), the front end's, or whether unused suppressions are reported (for a
    // file with suppressions). The other files' reports, and their findings, cost nothing.
    let fileCount = project.files.count
    let reportUnused = !checked.project.diagnostics.contains { $0.severity == .error }
    var frontEnd = [[Diagnostic]](repeating: [], count: fileCount + 1)
    for diagnostic in checked.project.diagnostics {
      frontEnd[IncrementalValidation.slot(of: diagnostic, fileCount)].append(diagnostic)
    }
    let fresh = memo.reports.count != fileCount + 1
    var reports = fresh ? [FileReport](repeating: FileReport(), count: fileCount + 1) : memo.reports
    for slot in reports.indices {
      let touched = validation.findings.touched[slot]
      guard
        fresh || touched || frontEnd[slot] != reports[slot].frontEnd
          || (reportUnused != memo.reportedUnused && !reports[slot].suppressions.isEmpty)
      else { continue }
      let findings = touched ? validation.findings.byFile[slot] : reports[slot].validation
      var suppressions =
        slot < fileCount ? Suppressions.find(in: project.files[slot], tree: project.trees[slot]) : []
      let (kept, suppressed) = Suppressions.apply(&suppressions, to: findings, in: project)
      let aboutSuppressions = SuppressionReport.findings(
        suppressions, suppressed: suppressed, in: project, configuration: configuration.validation,
        reportUnused: reportUnused)
      reports[slot] = FileReport(
        frontEnd: frontEnd[slot], validation: findings, suppressions: suppressions, suppressed: suppressed,
        diagnostics: Diagnostic.sortedForOutput(frontEnd[slot] + kept + aboutSuppressions))
    }
    memo.reports = reports
    memo.reportedUnused = reportUnused
    let result = LintResult(
      checked: checked.project, files: reports.dropLast().map(\.diagnostics), unplaced: reports[fileCount].diagnostics,
      suppressed: reports.flatMap(\.suppressed), suppressions: reports.flatMap(\.suppressions),
      overrideErrors: checked.overrideErrors)
    return (result, LintWork(rechecked: rechecked.count, revalidated: validation.revalidated))
  }
}

/// The validator, incrementally.
enum IncrementalValidation {
  static func validate(
    _ project: CheckedProject, configuration: ValidationConfiguration, rechecked: Set<FileID>, paramsChanged: Bool,
    memo: LintMemo, concurrently perform: ConcurrentPerform? = nil
  ) -> (findings: FileFindings, revalidated: Int?) {
    let reusedFrom = memo.checker.reusedFrom
    let rules = RuleRegistry.all
    let fileCount = project.project.files.count
    // What each file declares now.
    var sharedResources = [Bool](repeating: false, count: fileCount)
    for location in project.accounts.map(\.location) + project.storageAccounts.map(\.location)
      + project.applications.map(\.location) + project.existingPools.map(\.location)
    {
      sharedResources[location.file.rawValue] = true
    }
    var full =
      memo.configuration != configuration || memo.fileCount != fileCount || memo.files.count != fileCount
      // A pool's finding reads whether the project declares a job (`ResourceIndex.declaresJobs`):
      // when that changes, every resource is looked at again.
      || (memo.index?.declaresJobs ?? false) == project.jobs.isEmpty
    if !full {
      for file in rechecked where sharedResources[file.rawValue] || memo.sharedResources[file.rawValue] {
        full = true
      }
    }
    // The files whose findings may differ from the last run's, by `FileID.rawValue`, and one more
    // slot for findings at no file of the project (never kept): the others keep their findings
    // as they were, without going over them again.
    var touched = [Bool](repeating: full, count: fileCount + 1)
    touched[fileCount] = true
    for file in rechecked where file.rawValue < fileCount { touched[file.rawValue] = true }
    func touch(_ findings: [(rule: Int, diagnostic: Diagnostic)]) {
      for finding in findings { touched[Self.slot(of: finding.diagnostic, fileCount)] = true }
    }
    // The last run's lookups by ID, while they describe the project (only the edited files'
    // resources are read again when every resource stayed in its file), with the jobs that moved
    // to another pool moved in them.
    let index =
      full
      ? ResourceIndex(project)
      : memo.index.flatMap { $0.revised(for: project, changed: rechecked) } ?? ResourceIndex(project)
    let focus: ValidationFocus
    if full {
      focus = ValidationFocus(all: project)
      memo.findings.removeAll(keepingCapacity: true)
      memo.commands.removeAll()
    } else {
      // In each edited file, a pool or job whose text is unchanged keeps its findings, moved with
      // it; the others are looked at again, with the jobs on any pool that changed.
      var changed: Set<Location> = []
      var dirtyPools: Set<String> = []
      var moved: [Location: Location] = [:]
      moved.reserveCapacity(reusedFrom.count)
      for file in rechecked {
        // The blocks the checker took from its last check (same text, same dependencies) moved;
        // a block it checked again read something that changed (a pool renamed away from under a
        // job), so its findings are found again even when its text is the same.
        let pools = project.pools[Self.positions(of: file, in: project.pools)]
        let jobs = project.jobs[Self.positions(of: file, in: project.jobs)]
        for location in pools.lazy.map(\.location) + jobs.lazy.map(\.location) {
          if !paramsChanged, let before = reusedFrom[location] {
            moved[before] = location
          } else {
            changed.insert(location)
          }
        }
      }
      // The jobs on a pool that changed, appeared or went are looked at again (the pools found by
      // position, not by testing every pool of the project).
      for position in changed.compactMap({ Self.position(of: $0, in: project.pools) }) {
        dirtyPools.insert(project.pools[position].label?.lowercasedKey ?? "")
      }
      for file in rechecked {
        for (location, id) in memo.poolIDs[file.rawValue] where moved[location] == nil { dirtyPools.insert(id) }
      }
      // A pool no job named before and one names now, or the other way round, is looked at again
      // (whether a job runs there is a pool's finding): the pools named by the jobs of the edited
      // files, before or now.
      if let before = memo.index {
        var named: Set<String> = []
        for file in rechecked {
          named.formUnion(before.poolNames(ofJobsIn: file))
          named.formUnion(index.poolNames(ofJobsIn: file))
        }
        for name in named where before.jobs(onPoolNamed: name).isEmpty != index.jobs(onPoolNamed: name).isEmpty {
          for position in index.pools(named: name) { changed.insert(project.pools[position].location) }
        }
      }
      // Every kept finding's places in edited files move with their blocks (a job's finding may
      // point at its pool in another file); a finding with a place that cannot move is found again.
      // The findings of a resource outside the edited files with no place in them stay as they
      // are, without a copy: an edit costs nothing for each finding it cannot have changed.
      let shifts = BlockMatcher.Shifts(moved, edited: rechecked)
      var edited = [Bool](repeating: false, count: fileCount)
      for file in rechecked where file.rawValue < fileCount { edited[file.rawValue] = true }
      var gone: [Location] = []
      var arrived: [(Location, [(rule: Int, diagnostic: Diagnostic)])] = []
      for (owner, findings) in memo.findings {
        let now: Location
        if Self.contains(edited, owner.file) {
          touch(findings)
          gone.append(owner)
          guard let after = moved[owner] else { continue }
          now = after
        } else {
          guard findings.contains(where: { Self.touches($0.diagnostic, edited) }) else { continue }
          touch(findings)
          gone.append(owner)
          now = owner
        }
        var movedFindings: [(rule: Int, diagnostic: Diagnostic)] = []
        var movable = true
        for (rule, diagnostic) in findings {
          guard let shifted = shifts.move(diagnostic) else {
            movable = false
            break
          }
          movedFindings.append((rule, shifted))
        }
        if movable { arrived.append((now, movedFindings)) } else { changed.insert(now) }
      }
      for owner in gone { memo.findings[owner] = nil }
      for (owner, findings) in arrived { memo.findings[owner] = findings }
      // The jobs looked at again: those that changed, and those on a dirty pool (by the index).
      var jobs = Set(changed.compactMap { Self.position(of: $0, in: project.jobs) })
      for pool in dirtyPools { jobs.formUnion(index.jobs(onPoolNamed: pool)) }
      focus = ValidationFocus(
        pools: changed.compactMap { Self.position(of: $0, in: project.pools) }.sorted().map { project.pools[$0] },
        jobs: jobs.sorted().map { project.jobs[$0] })
      // Findings and command blocks of resources that are gone, moved or looked at again.
      for file in rechecked { memo.commands.removeAll(in: file) }
      for location in focus.pools.lazy.map(\.location) + focus.jobs.lazy.map(\.location) {
        if let findings = memo.findings[location] { touch(findings) }
        memo.findings[location] = nil
        memo.commands[location] = nil
      }
    }

    // The resource rules over the focus, their findings filed by resource: on every core when the
    // focus is large (opening a project), else one after the other on one context.
    var focused = ValidationContext(
      project: project, configuration: configuration, focus: focus, known: memo.demands?.moving(reusedFrom),
      index: index)
    let resourceRules = rules.indices.filter { rules[$0].scope == .resources && focused.isEnabled(rules[$0]) }
    var found: [RuleFindings] = []
    if let perform, focus.pools.count + focus.jobs.count >= memo.concurrentFocus {
      // In parts of the focus, each part's rules one after the other on one core while its blocks
      // are in the core's cache, as `Validator` does for the CLI; each rule's findings are then
      // taken part by part, which is resource by resource in the focus's order.
      let parts = focus.parts(weight: memo.partWeight)
      let facts = focused.facts
      let commands = Self.commandBlocks(facts.commandBlocks, of: parts)
      found =
        Validator.findingsInParts(
          project, configuration: configuration, rules: resourceRules.map { rules[$0] }, parts: parts,
          facts: { facts.with(commandBlocks: commands[$0]) }, through: perform
        ).byRule
    } else {
      for index in resourceRules {
        let start = focused.diagnostics.count
        rules[index].check(&focused)
        focused.clearOwner()
        found.append(
          RuleFindings(diagnostics: Array(focused.diagnostics[start...]), owners: Array(focused.owners[start...])))
      }
    }
    for (position, rule) in found.enumerated() {
      for (diagnostic, owner) in zip(rule.diagnostics, rule.owners) {
        // Every finding of a resource rule is reported while a resource is iterated.
        let owner = owner ?? Location(FileID(0), TextRange(0, 0))
        memo.findings[owner, default: []].append((resourceRules[position], diagnostic))
        touched[Self.slot(of: diagnostic, fileCount)] = true
      }
    }
    // Command blocks: those the focused run built, and those kept for unchanged pools and jobs; a
    // moved pool or job is a new block, so its command blocks are built again too.
    for command in focused.facts.commandBlocks {
      guard let owner = command.job?.location ?? command.pool?.location else { continue }
      memo.commands.append(command, to: owner)
    }
    let facts: ProjectFacts
    if full {
      facts = focused.facts
    } else {
      // Only a rule over every command (storage in other regions) asks for them, so they are
      // gathered, and those of moved pools and jobs built again, only then.
      let indexes = focused.facts
      facts = indexes.with(commandBlockRuns: {
        // The memo's own arrays, shared: no copy of every block after every edit.
        var runs: [[CommandBlock]] = []
        runs.reserveCapacity(project.pools.count + project.jobs.count)
        for pool in project.pools {
          if memo.commands[pool.location] == nil { memo.commands[pool.location] = indexes.commandBlocks(of: pool) }
          if let commands = memo.commands[pool.location], !commands.isEmpty { runs.append(commands) }
        }
        for job in project.jobs {
          if memo.commands[job.location] == nil { memo.commands[job.location] = indexes.commandBlocks(of: job) }
          if let commands = memo.commands[job.location], !commands.isEmpty { runs.append(commands) }
        }
        return runs
      })
    }
    var whole = ValidationContext(project: project, configuration: configuration, facts: facts)
    var projectFindings: [Int: Range<Int>] = [:]
    for (index, rule) in rules.enumerated() where rule.scope == .project && whole.isEnabled(rule) {
      let start = whole.diagnostics.count
      rule.check(&whole)
      projectFindings[index] = start..<whole.diagnostics.count
    }

    // The project rules' findings, file by file in registry order: a file where they differ from
    // the last run's is touched.
    var projectByFile = [[Diagnostic]](repeating: [], count: fileCount + 1)
    for index in rules.indices {
      guard let range = projectFindings[index] else { continue }
      for diagnostic in whole.diagnostics[range] {
        projectByFile[Self.slot(of: diagnostic, fileCount)].append(diagnostic)
      }
    }
    for file in 0..<fileCount where !touched[file] {
      if file >= memo.projectFindings.count || projectByFile[file] != memo.projectFindings[file] {
        touched[file] = true
      }
    }
    memo.projectFindings = projectByFile

    // The touched files' findings, rule by rule in registry order, resources in project order, each
    // place once.
    var byRule = [[Diagnostic]](repeating: [], count: rules.count)
    let resources =
      project.accounts.map(\.location) + project.storageAccounts.map(\.location)
      + project.applications.map(\.location) + project.pools.map(\.location) + project.jobs.map(\.location)
    for location in resources {
      guard let findings = memo.findings[location] else { continue }
      for (rule, diagnostic) in findings where touched[Self.slot(of: diagnostic, fileCount)] {
        byRule[rule].append(diagnostic)
      }
    }
    var seen: Set<FindingKey> = []
    var byFile = [[Diagnostic]](repeating: [], count: fileCount + 1)
    for index in rules.indices {
      let found =
        projectFindings[index] != nil
        ? whole.diagnostics[projectFindings[index]!].filter { touched[Self.slot(of: $0, fileCount)] }
        : byRule[index]
      for diagnostic in found
      where seen.insert(FindingKey(code: diagnostic.code.rawValue, location: diagnostic.location)).inserted {
        byFile[Self.slot(of: diagnostic, fileCount)].append(diagnostic)
      }
    }
    memo.configuration = configuration
    memo.fileCount = fileCount
    memo.sharedResources = sharedResources
    memo.files = project.project.files
    memo.demands = facts.demands
    memo.index = facts.index
    // Each file's pools' IDs: those of the files checked again, or of every file after a full run.
    if full { memo.poolIDs = Array(repeating: [], count: fileCount) }
    for file in full ? Array(project.project.files.map(\.id)) : Array(rechecked) {
      memo.poolIDs[file.rawValue] = project.pools[Self.positions(of: file, in: project.pools)].map {
        ($0.location, $0.label?.lowercasedKey ?? "")
      }
    }
    return (FileFindings(touched: touched, byFile: byFile), full ? nil : focus.pools.count + focus.jobs.count)
  }

  /// The slot of `diagnostic`'s file among `fileCount` files: its file ID, or `fileCount` for a
  /// place in no file of the project.
  static func slot(of diagnostic: Diagnostic, _ fileCount: Int) -> Int {
    let file = diagnostic.location.file.rawValue
    return file < fileCount ? file : fileCount
  }

  /// `commands` (the focus's command blocks: its pools' in order, then its jobs') cut into those
  /// of each part of the focus (`ValidationFocus.parts`, whose parts keep that order): each
  /// resource's blocks are the run that names it as their owner.
  private static func commandBlocks(_ commands: [CommandBlock], of parts: [ValidationFocus]) -> [[CommandBlock]] {
    var start = 0
    let cut = parts.map { part in
      var end = start
      for pool in part.pools {
        while end < commands.count, commands[end].job == nil, commands[end].pool?.instance === pool.instance {
          end += 1
        }
      }
      for job in part.jobs {
        while end < commands.count, commands[end].job?.instance === job.instance { end += 1 }
      }
      defer { start = end }
      return Array(commands[start..<end])
    }
    assert(start == commands.count, "command blocks out of the focus's order")
    return cut
  }

  /// The position of the block at `location` in `blocks`, which the checker lists in source
  /// order, file by file.
  private static func position<Kind>(of location: Location, in blocks: [Checked<Kind>]) -> Int? {
    assert(inSourceOrder(blocks), "blocks out of order")
    let position = blocks.partitioningIndex {
      ($0.location.file, $0.location.range.start) >= (location.file, location.range.start)
    }
    return position < blocks.count && blocks[position].location == location ? position : nil
  }

  /// The positions of `file`'s blocks in `blocks`, which the checker lists file by file.
  private static func positions<Kind>(of file: FileID, in blocks: [Checked<Kind>]) -> Range<Int> {
    assert(inSourceOrder(blocks), "blocks out of order")
    let lower = blocks.partitioningIndex { $0.location.file >= file }
    return lower..<blocks[lower...].partitioningIndex { $0.location.file > file }
  }

  /// Whether `blocks` are in source order, file by file (for assertions).
  private static func inSourceOrder<Kind>(_ blocks: [Checked<Kind>]) -> Bool {
    zip(blocks, blocks.dropFirst()).allSatisfy {
      ($0.location.file, $0.location.range.start) < ($1.location.file, $1.location.range.start)
    }
  }

  /// Whether `file` is one of `edited` (by file ID).
  private static func contains(_ edited: [Bool], _ file: FileID) -> Bool {
    file.rawValue < edited.count && edited[file.rawValue]
  }

  /// Whether a place of `diagnostic` (its own, a note's or a fix's) lies in an `edited` file.
  private static func touches(_ diagnostic: Diagnostic, _ edited: [Bool]) -> Bool {
    func inEdited(_ file: FileID) -> Bool { contains(edited, file) }
    if inEdited(diagnostic.location.file) { return true }
    for note in diagnostic.notes { if let place = note.location, inEdited(place.file) { return true } }
    for fix in diagnostic.fixIts { for edit in fix.edits where inEdited(edit.file) { return true } }
    return false
  }

  /// A finding's code and place, hashed by the place alone: hashing the code's text cost more
  /// than all the rest of keeping a finding.
  private struct FindingKey: Hashable {
    var code: String
    var location: Location

    func hash(into hasher: inout Hasher) { hasher.combine(location) }
  }
}

/// Blocks of an edited file that are the same text as before, only moved.
enum BlockMatcher {
  /// Where the places of moved blocks went.
  struct Shifts {
    /// Old block ranges with the distance each moved, by file, sorted by start.
    private var moves: [FileID: [(range: TextRange, delta: Int)]] = [:]
    /// The files that changed: only their places move.
    private let edited: Set<FileID>

    init(_ moved: [Location: Location], edited: Set<FileID>) {
      self.edited = edited
      for (before, after) in moved {
        moves[before.file, default: []].append((before.range, after.range.start - before.range.start))
      }
      for file in moves.keys { moves[file]?.sort { $0.range.start < $1.range.start } }
    }

    /// `location` where it is now: moved with its block in an edited file, unchanged in others;
    /// nil when it lies in an edited file outside every moved block.
    func move(_ location: Location) -> Location? {
      let file = location.file
      guard edited.contains(file) else { return location }
      guard let blocks = moves[file] else { return nil }
      var low = 0
      var high = blocks.count
      while low < high {
        let middle = (low + high) / 2
        if blocks[middle].range.start <= location.range.start { low = middle + 1 } else { high = middle }
      }
      guard low > 0, case let block = blocks[low - 1], location.range.end <= block.range.end else { return nil }
      return Location(file, TextRange(location.range.start + block.delta, location.range.end + block.delta))
    }

    /// `diagnostic` with every place moved, or nil when one cannot be.
    func move(_ diagnostic: Diagnostic) -> Diagnostic? {
      var result = diagnostic
      guard let location = move(diagnostic.location) else { return nil }
      result.location = location
      for index in result.notes.indices {
        guard let place = result.notes[index].location else { continue }
        guard let moved = move(place) else { return nil }
        result.notes[index].location = moved
      }
      for fix in result.fixIts.indices {
        for edit in result.fixIts[fix].edits.indices {
          let place = Location(result.fixIts[fix].edits[edit].file, result.fixIts[fix].edits[edit].range)
          guard let moved = move(place) else { return nil }
          result.fixIts[fix].edits[edit].range = moved.range
        }
      }
      return result
    }
  }
}
