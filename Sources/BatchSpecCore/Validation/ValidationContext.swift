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
  /// For each finding, the resource whose iteration reported it (the location of its block), when
  /// a `.resources` rule reported it while iterating the focused resources.
  package private(set) var owners: [Location?] = []
  /// The resources `.resources` rules look at.
  package let focus: ValidationFocus
  private let owner = FindingOwner()
  private var reported: Set<Key> = []

  private struct Key: Hashable {
    var code: String
    var location: Location
  }

  /// Creates a context for one run over every resource of `project`.
  package init(project: CheckedProject, configuration: ValidationConfiguration) {
    self.init(project: project, configuration: configuration, focus: ValidationFocus(all: project))
  }

  /// Creates a context whose `.resources` rules look at `focus` alone; pools `known` has keep
  /// their quota demands, and `index`, which must describe the project, is kept.
  package init(
    project: CheckedProject, configuration: ValidationConfiguration, focus: ValidationFocus,
    known: DemandTable? = nil, index: ResourceIndex? = nil
  ) {
    self.project = project
    self.facts = ProjectFacts(project, focus: focus, known: known, index: index)
    self.configuration = configuration
    self.focus = focus
  }

  /// Creates a context over every resource of `project`, with its facts built already.
  package init(project: CheckedProject, configuration: ValidationConfiguration, facts: ProjectFacts) {
    self.init(project: project, configuration: configuration, focus: ValidationFocus(all: project), facts: facts)
  }

  /// Creates a context whose `.resources` rules look at `focus` alone, with indexes built earlier.
  package init(
    project: CheckedProject, configuration: ValidationConfiguration, focus: ValidationFocus, facts: ProjectFacts
  ) {
    self.project = project
    self.facts = facts
    self.configuration = configuration
    self.focus = focus
  }

  /// Focused accounts, for `.resources` rules.
  package var accounts: Focused<Checked<Schema.Account>> { Focused(focus.accounts, owner) { $0.location } }
  /// Focused storage accounts, for `.resources` rules.
  package var storageAccounts: Focused<Checked<Schema.Storage>> {
    Focused(focus.storageAccounts, owner) { $0.location }
  }
  /// Focused applications, for `.resources` rules.
  package var applications: Focused<Checked<Schema.Application>> {
    Focused(focus.applications, owner) { $0.location }
  }
  /// Focused pools, for `.resources` rules.
  package var pools: Focused<Checked<Schema.Pool>> { Focused(focus.pools, owner) { $0.location } }
  /// Focused jobs, for `.resources` rules.
  package var jobs: Focused<Checked<Schema.Job>> { Focused(focus.jobs, owner) { $0.location } }
  /// The command blocks of focused pools (start tasks) and jobs, for `.resources` rules.
  package var commandBlocks: Focused<CommandBlock> {
    Focused(facts.commandBlocks, owner) { $0.job?.location ?? $0.pool?.location ?? $0.block.location }
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
    // A fix never deletes a comment, nor writes one value over a reference.
    let kept = fixIts.filter { fix in
      !fix.edits.contains { edit in
        cutsLink(edit)
          || Lexer.deletesComment(project.project.file(edit.file).bytes, file: edit.file, edit.range, edit.replacement)
      }
    }
    diagnostics.append(
      Diagnostic(rule.code, at: location, message, severity: final, notes: notes, fixIts: kept))
    owners.append(rule.scope == .resources ? owner.current : nil)
  }

  /// Whether `edit` writes a literal (a number, duration or string) over a value written as a
  /// reference: a param's or sweep variable's name, or a string with `${...}`. Rules see values
  /// evaluated, so such a fix would write one value in for every use (the param's default, the
  /// sweep's first member), and `--param` would then change nothing.
  private func cutsLink(_ edit: TextEdit) -> Bool {
    guard let first = edit.replacement.utf8.first,
      first == UInt8(ascii: "\"") || first == UInt8(ascii: "-")
        || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first)
    else { return false }
    let bytes = project.project.file(edit.file).bytes
    guard edit.range.start < edit.range.end, edit.range.end <= bytes.count else { return false }
    let written = bytes[edit.range.start..<edit.range.end]
    switch written[written.startIndex] {
    case UInt8(ascii: "\""):
      // `${` opens an interpolation; `\${` and any other escaped byte do not.
      var index = written.startIndex + 1
      var afterDollar = false
      while index < written.endIndex {
        let byte = written[index]
        if byte == UInt8(ascii: "\\") {
          index += 2
          afterDollar = false
          continue
        }
        if afterDollar && byte == UInt8(ascii: "{") { return true }
        afterDollar = byte == UInt8(ascii: "$")
        index += 1
      }
      return false
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
      return !written.elementsEqual("true".utf8) && !written.elementsEqual("false".utf8)
    default:
      return false
    }
  }

  /// Forgets which resource is being iterated (between rules).
  package func clearOwner() { owner.current = nil }

  /// Whether `rule` is on (not configured `off`): rules with costly walks may skip work.
  package func isEnabled(_ rule: some ValidationRule) -> Bool {
    configuration.level(of: rule.code) != .off
  }

  /// Where the elements at `indices` of the list written at `list` are: findings about elements
  /// point at them. Nil when the value is not written as a list (a param's name) or lacks one of
  /// them, and the findings go to the list. The value is lexed again, which only findings pay for.
  package func locations(ofElements indices: [Int], inList list: Location) -> [Location]? {
    guard let elements = elementLocations(inList: list), indices.allSatisfy({ $0 < elements.count }) else {
      return nil
    }
    return indices.map { elements[$0] }
  }

  /// Where each element of the list written at `list` is, in order; nil when it is not a list.
  private func elementLocations(inList list: Location) -> [Location]? {
    let tokens = Lexer.tokenize(project.project.file(list.file).bytes, file: list.file, range: list.range).tokens
    guard tokens.first?.kind == .leftBracket else { return nil }
    var depth = 0
    var elements: [Location] = []
    var range: TextRange?
    func close() {
      if let range { elements.append(Location(list.file, range)) }
      range = nil
    }
    for token in tokens.dropFirst() {
      switch token.kind {
      case .leftBracket, .leftBrace, .leftParen: depth += 1
      case .rightBracket where depth == 0:
        close()
        return elements
      case .rightBracket, .rightBrace, .rightParen: depth -= 1
      case .comma where depth == 0:
        close()
        continue
      case .endOfFile: return nil
      default: break
      }
      range = range.map { TextRange($0.start, token.end) } ?? token.range
    }
    return nil
  }

  /// Whether the value at `location` is written as a string literal (not a param's name): what a
  /// fix that writes a literal may replace without cutting a link.
  package func isStringLiteral(_ location: Location) -> Bool {
    let bytes = project.project.file(location.file).bytes
    return location.range.start < bytes.count && bytes[location.range.start] == UInt8(ascii: "\"")
  }

  /// Whether the value at `location` is written as the bare word `word` (`no_action`), not a
  /// param's name or a string: what a fix may replace with another word.
  package func isWord(_ location: Location, _ word: String, ignoringCase: Bool = false) -> Bool {
    let bytes = project.project.file(location.file).bytes
    guard location.range.end <= bytes.count else { return false }
    let written = bytes[location.range.start..<location.range.end]
    guard ignoringCase else { return written.elementsEqual(word.utf8) }
    return written.elementsEqual(word.utf8) { ($0 | 0x20) == ($1 | 0x20) }
  }

  /// A fix-it removing the attribute at `location`, with its line or its comma
  /// (`SourceFile.removal(ofStatementAt:)`).
  package func removal(_ title: String, _ location: Location, safe: Bool) -> FixIt {
    let range = project.project.file(location.file).removal(ofStatementAt: location.range)
    return FixIt(title, edits: [TextEdit(file: location.file, range: range, replacement: "")], isSafe: safe)
  }

  /// A fix-it replacing one range with `text`.
  package func replace(_ title: String, _ location: Location, with text: String, safe: Bool) -> FixIt {
    FixIt(title, edits: [TextEdit(file: location.file, range: location.range, replacement: text)], isSafe: safe)
  }
}

/// The resources `.resources` rules look at in one run: every one, or those an edit may have
/// changed the findings of.
package struct ValidationFocus: Sendable {
  package var accounts: [Checked<Schema.Account>]
  package var storageAccounts: [Checked<Schema.Storage>]
  package var applications: [Checked<Schema.Application>]
  package var pools: [Checked<Schema.Pool>]
  package var jobs: [Checked<Schema.Job>]

  /// Every resource of `project`.
  package init(all project: CheckedProject) {
    accounts = project.accounts
    storageAccounts = project.storageAccounts
    applications = project.applications
    pools = project.pools
    jobs = project.jobs
  }

  /// The focus's resources in parts of about `weight` blocks each (a resource and its children;
  /// a larger resource is a part alone), each part of one kind, in the focus's order: accounts,
  /// storage accounts, applications, pools, jobs.
  package func parts(weight: Int) -> [ValidationFocus] {
    var parts: [ValidationFocus] = []
    func split<Kind>(_ resources: [Checked<Kind>], into path: WritableKeyPath<ValidationFocus, [Checked<Kind>]>) {
      var start = 0
      var filled = 0
      for (index, resource) in resources.enumerated() {
        filled += 1 + resource.instance.children.count
        if filled >= weight || index == resources.count - 1 {
          var part = ValidationFocus()
          part[keyPath: path] = Array(resources[start...index])
          parts.append(part)
          (start, filled) = (index + 1, 0)
        }
      }
    }
    split(accounts, into: \.accounts)
    split(storageAccounts, into: \.storageAccounts)
    split(applications, into: \.applications)
    split(pools, into: \.pools)
    split(jobs, into: \.jobs)
    return parts
  }

  /// The given resources.
  package init(
    accounts: [Checked<Schema.Account>] = [], storageAccounts: [Checked<Schema.Storage>] = [],
    applications: [Checked<Schema.Application>] = [], pools: [Checked<Schema.Pool>] = [],
    jobs: [Checked<Schema.Job>] = []
  ) {
    self.accounts = accounts
    self.storageAccounts = storageAccounts
    self.applications = applications
    self.pools = pools
    self.jobs = jobs
  }
}

/// Which resource a `.resources` rule is iterating: what its findings are filed under.
final class FindingOwner: @unchecked Sendable {
  var current: Location?
}

/// Resources a rule iterates; each step records which resource the findings that follow are of.
package struct Focused<Element>: Sequence {
  private let elements: [Element]
  private let owner: FindingOwner
  private let location: (Element) -> Location

  init(_ elements: [Element], _ owner: FindingOwner, location: @escaping (Element) -> Location) {
    self.elements = elements
    self.owner = owner
    self.location = location
  }

  /// The resources as an array (no owner is recorded while it is read).
  package var array: [Element] { elements }

  package struct Iterator: IteratorProtocol {
    fileprivate let sequence: Focused
    fileprivate var index = 0
    package mutating func next() -> Element? {
      guard index < sequence.elements.count else {
        sequence.owner.current = nil
        return nil
      }
      let element = sequence.elements[index]
      index += 1
      sequence.owner.current = sequence.location(element)
      return element
    }
  }

  package func makeIterator() -> Iterator { Iterator(sequence: self) }
}
