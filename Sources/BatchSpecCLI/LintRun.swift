// One lint run over loaded projects: each project linted with its configuration by
// `Linter.lint`, the report groups, and the safe fixes (as a diff, or written back).

import BatchSpecCore
import BatchSpecIDE

/// The projects of one run and what linting them found.
struct LintRun {
  var projects: [(loaded: LoadedProject, result: LintResult, configuration: LintConfiguration)] = []
  /// The params and validation switch the projects were linted with (fixes re-lint with them).
  var params: [String: String] = [:]
  var validate = true
  /// Whether fixes include the unsafe ones (`--unsafe-fixes`): a suggested name, say.
  var unsafeFixes = false
  /// The most rounds of fixing: a fix may reveal another one; a cycle of fixes stops here.
  static let maximumFixRounds = FixApplication.defaultMaximumRounds
  /// Whether `--param`, `--rule` or an option changed what this run sees: a suppression unused
  /// in it may be what the project's own configuration needs, so `--fix` leaves it.
  var keepsSuppressions = false
  /// Configuration files that had problems, each once, in the order first met.
  var configurations: [LintConfiguration] = []

  /// Loads the projects `options` names and lints each with its nearest configuration.
  static func load(_ options: LintCommand.Options, stdin: () -> [UInt8]) throws(UsageError) -> LintRun {
    var run = LintRun()
    run.params = options.params
    run.validate = options.validate
    run.unsafeFixes = options.unsafeFixes
    run.keepsSuppressions =
      !options.params.isEmpty || !options.overrides.levels.isEmpty || !options.overrides.options.isEmpty
    let input = try ProjectLoader.load(options.paths, stdinName: options.stdinName, stdin: stdin)
    var projects = input.projects
    run.unreadable = input.unreadable
    var loader = try ConfigurationLoader(explicitPath: options.configPath)
    var configurations: [LintConfiguration] = []
    for loaded in projects {
      let directory = loaded.reported.min().map { ProjectLoader.directoryOf(loaded.project.file($0).path) } ?? "."
      var configuration = loader.configuration(forDirectory: directory)
      options.overrides.apply(to: &configuration.validation)
      if let file = configuration.file, !configuration.diagnostics.isEmpty,
        !run.configurations.contains(where: { $0.file?.path == file.path })
      {
        run.configurations.append(configuration)
      }
      configurations.append(configuration)
    }
    // The syntax goes to the linter, which frees each file's once it is checked: only a baseline
    // reads it afterwards (to name the resource of each finding).
    let keepsSyntax = options.baseline != nil || options.writeBaseline != nil
    var syntax: [[SyntaxTree]?] = []
    for index in projects.indices { syntax.append(keepsSyntax ? nil : projects[index].project.takeSyntax()) }
    // Each project is linted on its own core, and the rules of each run on every core.
    let (params, validate, configured, loaded) = (options.params, options.validate, configurations, projects)
    let results = syntax.withUnsafeMutableBufferPointer { buffer in
      // Each project's syntax is taken by its own lint alone.
      nonisolated(unsafe) let syntax = buffer
      return Parallel.map(loaded.count) { index in
        Linter.lint(
          loaded[index].project, syntax: syntax[index].take(), params: params, configuration: configured[index],
          validate: validate, keepingReferences: false, concurrently: Parallel.perform)
      }
    }
    for (index, result) in results.enumerated() {
      run.projects.append((projects[index], result, configurations[index]))
    }
    // A value of the wrong type is a usage error, and so is a param no project knows; one some
    // project knows is fine.
    if let first = ParamOverrideError.reported(results.map(\.overrideErrors)).first {
      throw UsageError(first.message(from: "--param"))
    }
    return run
  }

  /// What could not be read (`ProjectLoader.Loaded.unreadable`): the rest is linted, and the
  /// run exits 2.
  var unreadable: [String] = []

  /// Whether a configuration file had errors or something could not be read (exit 2).
  var inputHasErrors: Bool { configurations.contains(where: \.hasErrors) || !unreadable.isEmpty }

  /// Configuration problems first, then each project's findings on its reported files.
  var groups: [ReportGroup] {
    configurationGroups + projects.map { ReportGroup($0.loaded, $0.result.diagnostics) }
  }

  /// The problems of each configuration file, one group per file.
  var configurationGroups: [ReportGroup] {
    configurations.compactMap { configuration -> ReportGroup? in
      guard let file = configuration.file else { return nil }
      return ReportGroup(files: [file], reported: [file.id], diagnostics: configuration.diagnostics)
    }
  }

  /// A file of a project with the fixes of its findings applied.
  private struct FixedText {
    var original: SourceFile
    var bytes: [UInt8]
    var fixes: Int
  }

  /// The safe fixes (with `unsafeFixes`, every fix) of each project's reported findings, applied in
  /// rounds (`FixApplication.applyFixesRepeatedly`), each round linted with the run's params and
  /// the project's configuration; and how many findings still had a fix when a project's rounds
  /// stopped at `maximumFixRounds`.
  private var fixedTexts: (texts: [FixedText], pending: Int) {
    // A configuration file's fixes (a quoted rule name) are applied once: its findings do not
    // depend on each other.
    let configurationTexts = configurations.compactMap { configuration -> FixedText? in
      guard let file = configuration.file,
        let fixed = FixApplication.applyFixes(configuration.diagnostics, to: file, unsafe: unsafeFixes)
      else { return nil }
      return FixedText(original: file, bytes: fixed.bytes, fixes: fixed.fixCount)
    }
    var pending = 0
    let texts =
      configurationTexts
      + projects.flatMap { loaded, result, configuration -> [FixedText] in
        let (fixed, counts, left) = FixApplication.applyFixesRepeatedly(
          fixable(result.diagnostics), in: loaded.project, files: loaded.reported, unsafe: unsafeFixes,
          maximumRounds: Self.maximumFixRounds
        ) { project in
          fixable(Linter.lint(project, params: params, configuration: configuration, validate: validate).diagnostics)
        }
        pending += left
        return counts.keys.sorted().compactMap { id in
          let original = loaded.project.file(id)
          let bytes = fixed.file(id).bytes
          return bytes == original.bytes ? nil : FixedText(original: original, bytes: bytes, fixes: counts[id] ?? 0)
        }
      }
    return (texts, pending)
  }

  /// `diagnostics` with the fixes this run may apply: with `keepsSuppressions`, none removes an
  /// unused suppression.
  private func fixable(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    guard keepsSuppressions else { return diagnostics }
    return diagnostics.map { diagnostic in
      guard diagnostic.code == LintCode.unusedSuppression.code else { return diagnostic }
      var kept = diagnostic
      kept.fixIts = []
      return kept
    }
  }

  /// The warning for fixes still pending when the rounds stopped, or nil when there are none.
  static func roundLimitWarning(pending: Int) -> String? {
    pending == 0
      ? nil : "warning: " + FixApplication.roundLimitWarning(rounds: maximumFixRounds, pending: pending) + "\n"
  }

  /// The unified diff of every fix to apply, how many fixes, how many files they change, and how
  /// many findings still had a fix when the rounds stopped at their limit.
  func diff() -> (diff: String, fixes: Int, files: Int, pending: Int) {
    let (fixed, pending) = fixedTexts
    let diff = fixed.map { file in
      LineDiff.unified(
        String(decoding: file.original.bytes, as: UTF8.self), String(decoding: file.bytes, as: UTF8.self),
        path: file.original.path)
    }.joined()
    return (diff, fixed.reduce(0) { $0 + $1.fixes }, fixed.count, pending)
  }

  /// The text of the one reported file (standard input's) with its fixes, how many, and how many
  /// findings still had a fix when the rounds stopped at their limit.
  func fixedStandardInput() -> (text: [UInt8], fixes: Int, pending: Int) {
    guard let loaded = projects.first?.loaded, let id = loaded.reported.min() else { return ([], 0, 0) }
    let original = loaded.project.file(id)
    let (texts, pending) = fixedTexts
    if let fixed = texts.first(where: { $0.original.path == original.path }) {
      return (fixed.bytes, fixed.fixes, pending)
    }
    return (original.bytes, 0, pending)
  }

  /// Writes every fix to apply to disk; returns how many fixes, in how many files, and how many
  /// findings still had a fix when the rounds stopped at their limit.
  func applyFixes() throws(UsageError) -> (fixes: Int, files: Int, pending: Int) {
    let (fixed, pending) = fixedTexts
    for file in fixed { try FileRewriter.write(bytes: file.bytes, to: file.original.path) }
    return (fixed.reduce(0) { $0 + $1.fixes }, fixed.count, pending)
  }
}
