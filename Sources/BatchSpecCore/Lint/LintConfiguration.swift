// `batchspec.config`: per-rule levels and rule options, written in the batchspec language and read
// with the project's own parser. The CLI and the language server both read it through `parse`.
//
//     rules   { dedicated-core-quota-exceeded = off, BS6003 = warning }
//     options { assumed_dedicated_cores = 100 }

/// The linter's configuration: the validator's settings plus what was wrong with the file.
package struct LintConfiguration: Sendable {
  /// The file name looked for, walking up from each spec's directory.
  package static let fileName = "batchspec.config"

  /// Levels and options for the validator (defaults where the file says nothing or is wrong).
  package var validation = ValidationConfiguration()
  /// The configuration file, when one was read.
  package var file: SourceFile?
  /// Problems in the file (syntax errors and BS9002), located in `file`.
  package var diagnostics: [Diagnostic] = []

  /// The default configuration: no file.
  package init() {}

  /// Whether the file had errors (the CLI then exits 2).
  package var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

  /// Reads a configuration file. Never fails: problems become diagnostics in `file`, and
  /// the entries they concern keep their defaults. A file with syntax errors is ignored whole.
  package static func parse(_ file: SourceFile) -> LintConfiguration {
    var configuration = LintConfiguration()
    configuration.file = file
    let tree = Parser.parse(file)
    if !tree.diagnostics.isEmpty {
      configuration.diagnostics = tree.diagnostics
      return configuration
    }
    var reader = ConfigurationReader(file: file.id)
    reader.read(tree.statements)
    configuration.validation = reader.configuration
    configuration.diagnostics = Diagnostic.sortedForOutput(reader.diagnostics)
    return configuration
  }
}

/// Walks a parsed configuration file, collecting settings and BS9002 findings.
private struct ConfigurationReader {
  var file: FileID
  var configuration = ValidationConfiguration()
  var diagnostics: [Diagnostic] = []
  /// The entries read so far, by block and canonical name (`rules.BS3001`), with the name as
  /// written and where: a second entry for one key is reported with a note on the first.
  private var seen: [String: (name: String, range: TextRange)] = [:]

  init(file: FileID) { self.file = file }

  mutating func report(_ range: TextRange, _ message: String) {
    diagnostics.append(Diagnostic(LintCode.invalidConfiguration.code, at: Location(file, range), message))
  }

  mutating func read(_ statements: [Statement]) {
    for statement in statements {
      guard case .block(let block) = statement, block.kind.text == "rules" || block.kind.text == "options" else {
        report(statement.range, "a configuration file holds only `rules { }` and `options { }` blocks")
        continue
      }
      if let label = block.label {
        report(label.range, "`\(block.kind.text)` takes no label")
      }
      if let sweep = block.sweep { report(sweep.range, "`\(block.kind.text)` takes no `for`") }
      for entry in block.body {
        guard case .attribute(let attribute) = entry else {
          report(entry.range, "`\(block.kind.text)` holds only `name = value` entries")
          continue
        }
        let key = "\(block.kind.text).\(Self.canonical(attribute.name.text))"
        if let first = seen[key] {
          reportRepeated(attribute.name, first: first)
          continue
        }
        seen[key] = (attribute.name.text, attribute.name.range)
        if block.kind.text == "rules" { readRule(attribute) } else { readOption(attribute) }
      }
    }
  }

  /// Reports `name`, an entry that sets what the entry `first` set already (the same name, or a
  /// rule's code and its name), with a note at `first`.
  private mutating func reportRepeated(_ name: Name, first: (name: String, range: TextRange)) {
    let message =
      first.name == name.text
      ? "`\(name.text)` is set twice; the first setting counts"
      : "`\(name.text)` sets the rule `\(first.name)` set already (\(Self.canonical(name.text))); the first setting "
        + "counts: keep one"
    let note = Note("`\(first.name)` is set here", at: Location(file, first.range))
    diagnostics.append(
      Diagnostic(LintCode.invalidConfiguration.code, at: Location(file, name.range), message, notes: [note]))
  }

  /// A rule's code for its code or name (so `BS3001` and its name are one key); other names as they are.
  private static func canonical(_ name: String) -> String {
    CodeReference.entry(name)?.code.rawValue ?? name
  }

  private mutating func readRule(_ attribute: Attribute) {
    let code: DiagnosticCode
    switch ConfigurableCodes.resolve(attribute.name.text) {
    case .success(let found): code = found
    case .failure(let problem):
      report(attribute.name.range, problem.description)
      return
    }
    let word: String?
    switch attribute.value {
    case .name(let value): word = value.text
    case .string(let literal): word = literal.constantText
    default: word = nil
    }
    guard let word, let level = RuleLevel(parsing: word) else {
      report(attribute.value.range, "a rule's level is `off`, `hint`, `info`, `warning` or `error`")
      return
    }
    configuration.levels[code.rawValue] = level
  }

  private mutating func readOption(_ attribute: Attribute) {
    let name = attribute.name.text
    let names = ValidationConfiguration.optionNames.map(\.name)
    guard names.contains(name) else {
      let suggestion = Suggestions.closestOrExtension(to: name, in: names)
      report(attribute.name.range, "unknown option `\(name)`\(Suggestions.didYouMean(suggestion))")
      return
    }
    guard case .integer(let value, _) = attribute.value, value >= 0,
      configuration.setOption(name, String(value)) == nil
    else {
      report(attribute.value.range, "`\(name)` takes a non-negative int")
      return
    }
  }
}
