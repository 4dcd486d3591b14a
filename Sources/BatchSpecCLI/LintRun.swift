// One lint run over loaded projects: each project linted with its configuration by
// `Linter.lint`, the report groups, and the safe fixes (as a diff, or written back).

import BatchSpecCore

/// The projects of one run and what linting them found.
struct LintRun {
  var projects: [(loaded: LoadedProject, result: LintResult)] = []
  /// Configuration files that had problems, each once, in the order first met.
  var configurations: [LintConfiguration] = []

  /// Loads the projects `options` names and lints each with its nearest configuration.
  static func load(_ options: LintCommand.Options, stdin: () -> [UInt8]) throws(UsageError) -> LintRun {
    var run = LintRun()
    let projects = try ProjectLoader.load(options.paths, stdinName: options.stdinName, stdin: stdin)
    var loader = try ConfigurationLoader(explicitPath: options.configPath)
    var overrideErrors: [String] = []
    for loaded in projects {
      let directory = loaded.reported.min().map { ProjectLoader.directoryOf(loaded.project.file($0).path) } ?? "."
      var configuration = loader.configuration(forDirectory: directory)
      try options.applyOverrides(to: &configuration.validation)
      if let file = configuration.file, !configuration.diagnostics.isEmpty,
        !run.configurations.contains(where: { $0.file?.path == file.path })
      {
        run.configurations.append(configuration)
      }
      let result = Linter.lint(
        loaded.project, params: options.params, configuration: configuration, validate: options.validate)
      overrideErrors += result.overrideErrors
      run.projects.append((loaded, result))
    }
    // An override that no project knows is a usage error; one some project knows is fine.
    let unknownEverywhere = Set(overrideErrors).filter { error in
      overrideErrors.filter { $0 == error }.count == projects.count
    }
    if let first = unknownEverywhere.sorted().first { throw UsageError(first) }
    return run
  }

  /// Whether a configuration file had errors (exit 2).
  var configurationHasErrors: Bool { configurations.contains(where: \.hasErrors) }

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

  /// How many reported findings have a safe fix.
  var fixableCount: Int {
    groups.allDiagnostics.filter { $0.fixIts.contains(where: \.isSafe) }.count
  }

  /// The safe fixes of each project's reported findings.
  private var fixedFiles: [(project: Project, fixed: FixedFile)] {
    projects.flatMap { loaded, result in
      let reported = result.diagnostics.filter { loaded.reported.contains($0.file) }
      return FixApplication.applySafeFixes(reported, in: loaded.project).map { (loaded.project, $0) }
    }
  }

  /// The unified diff of every safe fix, how many fixes, and how many files they change.
  func diff() -> (diff: String, fixes: Int, files: Int) {
    let fixed = fixedFiles
    let diff = fixed.map { project, file in
      let original = project.file(file.file)
      return LineDiff.unified(
        String(decoding: original.bytes, as: UTF8.self), String(decoding: file.bytes, as: UTF8.self),
        path: original.path)
    }.joined()
    return (diff, fixed.reduce(0) { $0 + $1.fixed.fixCount }, fixed.count)
  }

  /// The text of the one reported file (standard input's) with its safe fixes, and how many.
  func fixedStandardInput() -> (text: [UInt8], fixes: Int) {
    guard let (loaded, _) = projects.first, let id = loaded.reported.min() else { return ([], 0) }
    if let fixed = fixedFiles.first(where: { $0.fixed.file == id }) { return (fixed.fixed.bytes, fixed.fixed.fixCount) }
    return (loaded.project.file(id).bytes, 0)
  }

  /// Writes every safe fix to disk; returns how many fixes, in how many files.
  func applyFixes() throws(UsageError) -> (fixes: Int, files: Int) {
    let fixed = fixedFiles
    for (project, file) in fixed { try FileRewriter.write(bytes: file.bytes, to: project.file(file.file).path) }
    return (fixed.reduce(0) { $0 + $1.fixed.fixCount }, fixed.count)
  }
}
