// `lint --write-baseline FILE` and `lint --baseline FILE`: adopting batchspec on specs that already
// have findings. A baseline records each finding as its code, the resource it is in (account,
// pool, job and task IDs, as blocks nest) and its message, not its line, so editing or moving code
// does not bring a recorded finding back; a later run reports only findings the baseline does not
// hold, and the entries that no longer match as fixed.

import BatchSpecCore
import FoundationEssentials

/// A lint baseline.
struct LintBaseline {
  /// One recorded finding.
  struct Entry: Hashable, Comparable {
    /// The code, `BS3001`.
    var code: String
    /// Where it is: `account acme / pool render-pool / start_task`.
    var resource: String
    /// The message as reported.
    var message: String
    /// The file it was in when recorded (shown, not matched).
    var file: String

    static func < (a: Entry, b: Entry) -> Bool {
      (a.resource, a.code, a.message, a.file) < (b.resource, b.code, b.message, b.file)
    }

    /// What matching compares.
    var key: [String] { [code, resource, message] }
  }

  var entries: [Entry]

  /// Whether a baseline may hold `diagnostic`: a validation rule's finding, as a suppression
  /// comment may silence. A syntax, type or configuration error is fixed, never recorded: a
  /// baseline that held one let `lint --baseline` pass a spec that does not parse.
  static func records(_ diagnostic: Diagnostic) -> Bool { RuleRegistry.rule(diagnostic.code.rawValue) != nil }

  /// The findings of `run` that a baseline may hold (`records`) as baseline entries, with the
  /// groups they belong to.
  static func entries(of run: LintRun) -> [(group: Int, diagnostic: Int, entry: Entry)] {
    var result: [(Int, Int, Entry)] = []
    let configurationCount = run.configurationGroups.count
    for (groupIndex, group) in run.groups.enumerated() {
      let project = groupIndex >= configurationCount ? run.projects[groupIndex - configurationCount] : nil
      for (index, diagnostic) in group.diagnostics.enumerated() where records(diagnostic) {
        let file = group.file(diagnostic.file)
        let resource =
          project.map { resourcePath(of: diagnostic, in: $0.loaded.project, checked: $0.result.checked) }
          ?? "configuration"
        result.append(
          (
            groupIndex, index,
            Entry(
              code: diagnostic.code.rawValue, resource: resource, message: diagnostic.message,
              file: PathName.lastComponent(file.path))
          ))
      }
    }
    return result
  }

  /// The resource a finding is in: the labelled blocks around it, outermost first, a pool's or a
  /// job's account before it; `param NAME` for a param; the file's name when it is in no block.
  static func resourcePath(of diagnostic: Diagnostic, in project: Project, checked: CheckedProject) -> String {
    let tree = project.trees[diagnostic.file.rawValue]
    let range = diagnostic.range
    var components: [String] = []
    var statements = tree.statements
    var depth = 0
    search: while depth < 64 {
      depth += 1
      for statement in statements
      where statement.range.start <= range.start && range.end <= max(statement.range.end, range.start) {
        switch statement {
        case .param(let param):
          components.append("param \(param.name.text)")
        case .block(let block):
          let name = block.label.map { "\(block.kind.text) \($0.text)" } ?? block.kind.text
          if components.isEmpty, let account = account(of: block, in: checked) {
            components.append("account \(account)")
          }
          components.append(name)
          statements = block.body
          continue search
        case .attribute:
          break
        }
        break search
      }
      break
    }
    if components.isEmpty { return "file " + PathName.lastComponent(project.file(diagnostic.file).path) }
    return components.joined(separator: " / ")
  }

  /// The account of a top-level pool or job block, when it has one.
  private static func account(of block: Block, in checked: CheckedProject) -> String? {
    guard let label = block.label?.text.lowercased() else { return nil }
    switch block.kind.text {
    case Schema.Pool.schema.kind:
      return checked.pools.first { $0.label?.lowercased() == label }.flatMap { checked.account(of: $0)?.label }
    case Schema.Job.schema.kind:
      guard let job = checked.jobs.first(where: { $0.label?.lowercased() == label }),
        let pool = checked.pool(of: job)
      else { return nil }
      return checked.account(of: pool)?.label
    default:
      return nil
    }
  }

  // MARK: File

  /// The baseline as written: one finding per line, sorted.
  func serialized() -> String {
    let lines = entries.sorted().map { entry in
      "  "
        + JSON.object([
          ("code", .string(entry.code)), ("resource", .string(entry.resource)), ("message", .string(entry.message)),
          ("file", .string(entry.file)),
        ]).serialized()
    }
    return "{\"version\": 1, \"findings\": [\n" + lines.joined(separator: ",\n") + (lines.isEmpty ? "" : "\n") + "]}\n"
  }

  /// Reads a baseline file.
  static func read(_ path: String) throws(UsageError) -> LintBaseline {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw UsageError("cannot read the baseline \(path)")
    }
    let json: JSON
    do {
      json = try JSONParser.parse([UInt8](data))
    } catch {
      throw UsageError("\(path) is not a baseline: it is not JSON (\(error.message))")
    }
    guard json["version"]?.intValue == 1, let findings = json["findings"]?.arrayValue else {
      throw UsageError("\(path) is not a baseline: it needs `\"version\": 1` and `\"findings\"`")
    }
    var entries: [Entry] = []
    for (index, finding) in findings.enumerated() {
      guard let code = finding["code"]?.stringValue, let resource = finding["resource"]?.stringValue,
        let message = finding["message"]?.stringValue
      else {
        throw UsageError("\(path): finding \(index + 1) needs `code`, `resource` and `message`")
      }
      entries.append(Entry(code: code, resource: resource, message: message, file: finding["file"]?.stringValue ?? ""))
    }
    return LintBaseline(entries: entries)
  }

  /// The run's groups with the findings the baseline holds removed (each entry matches one finding),
  /// how many were removed, and the entries nothing matched.
  func apply(to run: LintRun) -> (groups: [ReportGroup], matched: Int, fixed: [Entry]) {
    var remaining: [[String]: [Entry]] = [:]
    for entry in entries { remaining[entry.key, default: []].append(entry) }
    var groups = run.groups
    var keep = groups.map { Array(repeating: true, count: $0.diagnostics.count) }
    var matched = 0
    for (group, diagnostic, entry) in Self.entries(of: run) {
      guard var candidates = remaining[entry.key], !candidates.isEmpty else { continue }
      candidates.removeLast()
      remaining[entry.key] = candidates
      keep[group][diagnostic] = false
      matched += 1
    }
    for index in groups.indices {
      groups[index].diagnostics = zip(groups[index].diagnostics, keep[index]).filter(\.1).map(\.0)
    }
    return (groups, matched, remaining.values.flatMap { $0 }.sorted())
  }
}
