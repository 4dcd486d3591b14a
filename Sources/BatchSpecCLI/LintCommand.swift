// `batchspec lint`: parse, type-check and validate projects with their configuration and
// suppressions; print findings in a format people or CI read; apply safe fixes; exit 0/1/2.

import BatchSpecCore
import FoundationEssentials

/// The `lint` subcommand.
enum LintCommand {
  static let spec = CommandSpec(
    name: "lint", arguments: "[PATH...]",
    summary: "The same findings for people or CI (SARIF, GitHub, JUnit...); safe fixes.",
    usage: ["lint [PATH...] [options]"],
    description: """
      Parses, type-checks and validates specs, with the nearest batchspec.config (in the project's
      directory or above), suppression comments and unused-suppression reports. `check` gives the
      same findings with a compiler's interface; `--no-validate` (on either) is the fast subset:
      parse and type-check only. A directory is searched for projects (each directory holding
      .batch files is one); a file is linted with the other files of its directory and only its
      findings are shown; `-` reads standard input.
      """,
    options: [
      .option(
        "format", value: "FORMAT", completion: .words(formats),
        help: "human (default), concise, json, sarif, github or junit."),
      .option(
        "o", "output", value: "PATH", completion: .paths([]),
        help: "Write the report to PATH instead of standard output."),
      .option(
        "fail-on", value: "LEVEL", completion: .words(["error", "warning", "info", "hint"]),
        help: "Exit 1 for findings at or above error (default), warning, info or hint."),
      .flag("exit-zero", help: "Exit 0 even with findings (configuration and usage errors still exit 2)."),
      .option(
        "config", value: "PATH", completion: .paths(["config"]),
        help: "Use this configuration file for every project instead of looking for one."),
      .flag("no-validate", help: "Parse and type-check only: skip the validator's rules."),
      .option(
        "rule", value: "RULE=LEVEL",
        help:
          "Report a rule (code or name) at off, hint, info, warning or error,\nover the configuration file; repeatable."
      ),
      .option(
        "assume-quota", value: "NAME=N",
        help:
          "The quota assumed for accounts that declare none: dedicated_cores,\nspot_cores, pools, active_jobs; repeatable."
      ),
      .option("rule-option", value: "NAME=N", help: "A rule threshold (see README); repeatable."),
      .flag(
        "fix",
        help: """
          Apply the safe fixes, rewriting files atomically; report what remains.
          With `-`, print the fixed standard input instead of the findings.
          """),
      .flag("diff", help: "Print the safe fixes as a unified diff; change nothing (exit 1 if any)."),
      .flag(
        "unsafe-fixes",
        help: """
          With `--fix` or `--diff`, the unsafe fixes too: those to check, such as
          a suggested name for a misspelt one (a VM size, a region).
          """),
      .flag("statistics", help: "Print the number of findings per code instead of the findings."),
      .option(
        "write-baseline", value: "FILE", completion: .paths(["json"]),
        help: "Record the current findings in FILE (by code, resource and message)\nand exit 0."),
      .option(
        "baseline", value: "FILE", completion: .paths(["json"]),
        help: "Report only findings FILE does not record; list its entries that\nno longer match as fixed."),
      .flag("watch", help: "Lint again whenever a spec or configuration file changes."),
      .param(),
      .stdinName(),
      .color("Colour human output (default: auto: a terminal, and NO_COLOR unset)."),
    ],
    positionals: .paths(["batch"]),
    epilogue: """
      EXIT STATUS:
        0 no findings at or above `--fail-on`, 1 some, 2 usage, configuration or I/O error.

      Run `batchspec explain CODE` for what a code means and how to fix it.
      """)

  static let formats = ["human", "concise", "json", "sarif", "github", "junit"]

  /// The parsed options: `lint`'s, and `check`'s and `compile`'s, which run the same analysis.
  struct Options {
    var paths: [String]
    var format = "human"
    /// Whether JSON carries notes and fixes (`lint`'s) or not (`check`'s).
    var jsonDetails = true
    var output: String?
    var failOn = Severity.error
    var exitZero = false
    var configPath: String?
    var fix = false
    var diff = false
    /// `--unsafe-fixes`: `--fix` and `--diff` take the fixes to check too.
    var unsafeFixes = false
    var statistics = false
    var watch = false
    /// Whether to run the validator (`--no-validate` turns it off).
    var validate = true
    /// `--rule`, `--assume-quota` and `--rule-option`, applied over each project's configuration file.
    var overrides = ConfigurationOverrides()
    var params: [String: String] = [:]
    var stdinName: String?
    var useColor = false
    /// Whether the human summary counts fixable findings (`lint`'s does).
    var showFixable = true
    /// The command a summary names for `--fix`: "" for `lint` itself.
    var fixCommand = ""
    /// `--baseline`: report only findings this baseline does not hold.
    var baseline: String? = nil
    /// `--write-baseline`: record the findings here instead of reporting them.
    var writeBaseline: String? = nil

    /// Every default for `paths`: human output, errors fail, the validator on, no overrides.
    init(paths: [String]) { self.paths = paths }

    /// What `check` and `lint` read alike: paths (`.` when none), `--param`, `--no-validate`,
    /// the overrides (`ValidationOptions`), `--stdin-name` and `--color`.
    init(common parsed: Arguments, console: Console) throws(UsageError) {
      paths = parsed.positionals.isEmpty ? ["."] : parsed.positionals
      params = try CheckCommand.parseParams(parsed.options["param"] ?? [])
      validate = !parsed.flags.contains("no-validate")
      overrides = try ValidationOptions.overrides(parsed)
      stdinName = parsed.value("stdin-name")
      if stdinName != nil && !paths.contains("-") {
        throw UsageError("`--stdin-name` names standard input: give `-` among the paths")
      }
      useColor = try console.useColor(parsed.value("color"))
    }
  }

  static func run(_ arguments: [String], console: inout Console) throws(UsageError) -> Int32 {
    let parsed = try Arguments(arguments, spec)
    if parsed.wantsHelp {
      console.stdout += spec.help + "\n"
      return 0
    }
    let options = try parseOptions(parsed, console: console)
    if options.watch { return try LintWatcher.run(options, console: &console) }
    return try lint(options, console: &console)
  }

  static func parseOptions(_ parsed: Arguments, console: Console) throws(UsageError) -> Options {
    let format = parsed.value("format") ?? "human"
    guard formats.contains(format) else {
      throw UsageError("`--format` is one of \(formats.map { "`\($0)`" }.joined(separator: ", ")), not `\(format)`")
    }
    let failOnText = parsed.value("fail-on") ?? "error"
    guard let failOn = RuleLevel(parsing: failOnText)?.severity else {
      throw UsageError("`--fail-on` is `error`, `warning`, `info` or `hint`, not `\(failOnText)`")
    }
    var options = try Options(common: parsed, console: console)
    options.format = format
    options.output = parsed.value("output") ?? parsed.value("o")
    if let output = options.output { try FileRewriter.checkOutputPath(output, option: "--output") }
    options.failOn = failOn
    options.exitZero = parsed.flags.contains("exit-zero")
    options.configPath = parsed.value("config")
    options.fix = parsed.flags.contains("fix")
    options.diff = parsed.flags.contains("diff")
    options.unsafeFixes = parsed.flags.contains("unsafe-fixes")
    options.statistics = parsed.flags.contains("statistics")
    options.watch = parsed.flags.contains("watch")
    options.useColor = options.useColor && options.output == nil
    let paths = options.paths
    options.baseline = parsed.value("baseline")
    options.writeBaseline = parsed.value("write-baseline")
    if let path = options.writeBaseline { try FileRewriter.checkOutputPath(path, option: "--write-baseline") }
    if options.baseline != nil && options.writeBaseline != nil {
      throw UsageError("`--baseline` and `--write-baseline` exclude each other")
    }
    if options.fix && options.diff { throw UsageError("`--fix` and `--diff` exclude each other") }
    if options.diff && parsed.value("format") != nil {
      throw UsageError("`--diff` prints a unified diff, in no `--format`: give one or the other")
    }
    if options.unsafeFixes && !options.fix && !options.diff {
      throw UsageError("`--unsafe-fixes` goes with `--fix` or `--diff`: the fixes it adds need a look")
    }
    if options.fix && paths.contains("-") && paths != ["-"] {
      throw UsageError("`--fix` with `-` prints the fixed standard input: give no other path")
    }
    if options.statistics && !["human", "concise", "json"].contains(format) {
      throw UsageError("`--statistics` prints `human`, `concise` or `json`, not `\(format)`")
    }
    if options.watch && (options.fix || options.diff || paths.contains("-")) {
      throw UsageError("`--watch` lints files on disk: no `--fix`, `--diff` or `-`")
    }
    return options
  }

  /// One lint run: load, lint, fix or report; returns the exit status.
  static func lint(_ options: Options, console: inout Console) throws(UsageError) -> Int32 {
    var run = try LintRun.load(options, stdin: console.readStdin)
    for message in run.unreadable { console.stderr += "error: \(message)\n" }
    if options.diff {
      let (diff, fixes, files, pending) = run.diff()
      try write(diff, options, console: &console)
      if let warning = LintRun.roundLimitWarning(pending: pending) { console.stderr += warning }
      console.stderr +=
        fixes == 0
        ? "no fixes to apply\n"
        : "\(fixes) fix\(fixes == 1 ? "" : "es") available in \(files) file\(files == 1 ? "" : "s")\n"
      if run.inputHasErrors { return 2 }
      return fixes > 0 && !options.exitZero ? 1 : 0
    }
    if options.fix && options.paths == ["-"] {
      return try fixStandardInput(run, options, console: &console)
    }
    if options.fix {
      let (fixes, files, pending) = try run.applyFixes()
      if fixes > 0 {
        console.stderr += "fixed \(fixes) problem\(fixes == 1 ? "" : "s") in \(files) file\(files == 1 ? "" : "s")\n"
        if let warning = LintRun.roundLimitWarning(pending: pending) { console.stderr += warning }
        run = try LintRun.load(options, stdin: console.readStdin)
      }
    }
    var groups = run.groups
    if let path = options.writeBaseline {
      let baseline = LintBaseline(entries: LintBaseline.entries(of: run).map(\.entry))
      try FileRewriter.write(baseline.serialized(), to: path)
      let count = baseline.entries.count
      console.stderr += "recorded \(count) finding\(count == 1 ? "" : "s") in \(path)\n"
      if run.inputHasErrors { return 2 }
      // What a baseline cannot hold is reported, and fails the run as it would without one.
      groups = groups.map { group in
        var group = group
        group.diagnostics = group.diagnostics.filter { !LintBaseline.records($0) }
        return group
      }
      let unrecorded = groups.allDiagnostics.filter { $0.severity >= options.failOn }
      guard !unrecorded.isEmpty else { return 0 }
      try write(render(groups, options, fixable: Fixable(), run: run), options, console: &console)
      console.stderr +=
        "error: \(unrecorded.count) finding\(unrecorded.count == 1 ? " is" : "s are") not recorded: syntax, type and configuration errors are fixed, not recorded\n"
      return options.exitZero ? 0 : 1
    }
    if let path = options.baseline {
      let (kept, matched, fixed) = try LintBaseline.read(path).apply(to: run)
      groups = kept
      console.stderr += "\(matched) finding\(matched == 1 ? "" : "s") recorded in \(path) not shown\n"
      if !fixed.isEmpty {
        console.stderr +=
          "\(fixed.count) finding\(fixed.count == 1 ? "" : "s") of the baseline no longer occur\(fixed.count == 1 ? "s" : "") (fixed; `--write-baseline` drops \(fixed.count == 1 ? "it" : "them")):\n"
        for entry in fixed { console.stderr += "  fixed: \(entry.code) \(entry.resource): \(entry.message)\n" }
      }
    }
    let report =
      options.statistics
      ? LintStatistics.render(groups, format: options.format)
      : render(
        groups, options,
        fixable: options.showFixable ? Fixable(groups.allDiagnostics, command: options.fixCommand) : Fixable(),
        run: run)
    try write(report, options, console: &console)
    if !options.watch { console.keepUntilExit(run) }
    if run.inputHasErrors { return 2 }
    let failing = groups.allDiagnostics.contains { $0.severity >= options.failOn }
    return failing && !options.exitZero ? 1 : 0
  }

  /// `--fix -`: prints standard input with the safe fixes applied (unchanged when there are none),
  /// and exits as linting the fixed text would.
  private static func fixStandardInput(
    _ run: LintRun, _ options: Options, console: inout Console
  ) throws(UsageError) -> Int32 {
    let (text, fixes, pending) = run.fixedStandardInput()
    try write(String(decoding: text, as: UTF8.self), options, console: &console)
    if fixes > 0 { console.stderr += "fixed \(fixes) problem\(fixes == 1 ? "" : "s")\n" }
    if let warning = LintRun.roundLimitWarning(pending: pending) { console.stderr += warning }
    let remaining = try LintRun.load(options, stdin: { text })
    if remaining.inputHasErrors { return 2 }
    let failing = remaining.groups.allDiagnostics.contains { $0.severity >= options.failOn }
    return failing && !options.exitZero ? 1 : 0
  }

  /// `groups` in `options.format`; `run`, when given, says whether its input had errors (SARIF's
  /// invocation reports them).
  static func render(_ groups: [ReportGroup], _ options: Options, fixable: Fixable, run: LintRun? = nil) -> String {
    switch options.format {
    case "concise": DiagnosticOutput.concise(groups, fixable: fixable)
    case "json": DiagnosticOutput.json(groups, details: options.jsonDetails) + "\n"
    case "sarif":
      SARIFOutput.log(groups, succeeded: !(run?.inputHasErrors ?? false), unreadable: run?.unreadable ?? []) + "\n"
    case "github": CIOutput.github(groups)
    case "junit": CIOutput.junit(groups)
    default: DiagnosticOutput.human(groups, useColor: options.useColor, fixable: fixable)
    }
  }

  private static func write(_ text: String, _ options: Options, console: inout Console) throws(UsageError) {
    guard let output = options.output else {
      console.stdout += text
      return
    }
    try FileRewriter.write(text, to: output)
  }
}
