// The one function that computes a project's full diagnostics: syntax, types, validation rules,
// configuration levels, suppressions and unused suppressions. `batchspec lint` and the language
// server both call it, so they report the same findings.

/// Everything linting a project found.
package struct LintResult: Sendable {
  /// The project after type checking.
  package var checked: CheckedProject
  /// The findings to report for each file of the project, by `FileID.rawValue`, in output order.
  package var files: [[Diagnostic]]
  /// Findings at no file of the project, reported after every file's.
  package var unplaced: [Diagnostic]
  /// The findings to report for every file of the project, in output order.
  package var diagnostics: [Diagnostic] { Array(files.joined()) + unplaced }
  /// Findings silenced by suppression comments.
  package var suppressed: [Diagnostic]
  /// Every suppression comment, with its use count.
  package var suppressions: [Suppression]
  /// Problems with the `params` overrides, as full sentences (usage errors for the CLI).
  package var overrideErrors: [ParamOverrideError]
}

extension LintResult {
  /// The result of `checked` with `diagnostics`, in output order (which is file by file).
  init(
    checked: CheckedProject, diagnostics: [Diagnostic], suppressed: [Diagnostic], suppressions: [Suppression],
    overrideErrors: [ParamOverrideError]
  ) {
    let fileCount = checked.project.files.count
    var files = [[Diagnostic]](repeating: [], count: fileCount)
    var unplaced: [Diagnostic] = []
    for diagnostic in diagnostics {
      let file = diagnostic.location.file.rawValue
      if file < fileCount { files[file].append(diagnostic) } else { unplaced.append(diagnostic) }
    }
    self.init(
      checked: checked, files: files, unplaced: unplaced, suppressed: suppressed, suppressions: suppressions,
      overrideErrors: overrideErrors)
  }
}

/// Lints projects.
package enum Linter {
  /// Parses, type-checks and validates `project` with `configuration`; applies suppressions and
  /// reports unused ones. Pure: no IO, never traps on user input.
  ///
  /// The configuration's own diagnostics are not included: they belong to its file. With
  /// `validate` false only the front end runs (`--no-validate`): no rules, no suppression findings.
  /// `concurrently` checks files and runs the rules through it (`Checker.check`,
  /// `Validator.validate`), with the same findings. `syntax`, the trees `project.takeSyntax()`
  /// took out, lets each file's syntax go once the file is checked (`Checker.check`). Without
  /// `keepingReferences`, the checked project lists no resolved references (only the editor reads
  /// them).
  package static func lint(
    _ project: Project, syntax: consuming [SyntaxTree]? = nil, params: [String: String] = [:],
    configuration: LintConfiguration = LintConfiguration(), validate: Bool = true, keepingReferences: Bool = true,
    concurrently perform: ConcurrentPerform? = nil
  ) -> LintResult {
    let checked = Checker.check(
      project, syntax: consume syntax, params: params, keepingReferences: keepingReferences, concurrently: perform)
    guard validate else {
      return LintResult(
        checked: checked.project, diagnostics: checked.project.diagnostics, suppressed: [], suppressions: [],
        overrideErrors: checked.overrideErrors)
    }
    let validation = Validator.validate(checked.project, configuration: configuration.validation, concurrently: perform)
    let frontEndErrors = checked.project.diagnostics.contains { $0.severity == .error }
    var diagnostics = checked.project.diagnostics + validation.diagnostics
    diagnostics += SuppressionReport.findings(
      validation.suppressions, suppressed: validation.suppressed, in: project,
      configuration: configuration.validation, reportUnused: !frontEndErrors)
    return LintResult(
      checked: checked.project, diagnostics: Diagnostic.sortedForOutput(diagnostics),
      suppressed: validation.suppressed, suppressions: validation.suppressions,
      overrideErrors: checked.overrideErrors)
  }
}
