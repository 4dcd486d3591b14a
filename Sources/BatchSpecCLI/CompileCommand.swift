// `batchspec compile`: check a project and write its execution plan, or print its errors.

import BatchSpecCore
import BatchSpecPlan
import Foundation

/// The `compile` subcommand.
enum CompileCommand {
  static let help = """
    USAGE: batchspec compile PATH [options]

    Checks the project at PATH (a directory, or a .batch file and the rest of its directory) and
    writes its execution plan as JSON: every sweep expanded, every param and reference resolved.
    A project with errors is refused and its diagnostics are printed to standard error.

    OPTIONS:
      -o, --output FILE       Write the plan to FILE instead of standard output.
      --param NAME=VALUE      Override a param's default; repeatable.
      --rule RULE=LEVEL, --assume-quota NAME=N, --rule-option NAME=N
                              Configure the validator, as for `check`.
      --color auto|always|never
                              Colour diagnostics (default: auto).
      -h, --help              Show this help.

    EXIT STATUS:
      0 compiled, 1 the project has errors, 2 usage or I/O error.
    """

  static func run(_ arguments: [String], console: inout Console) throws(UsageError) -> Int32 {
    let parsed = try Arguments(
      arguments, flags: ["help", "h"],
      options: ["o", "output", "param", "color", "rule", "assume-quota", "rule-option"])
    if parsed.flags.contains("help") || parsed.flags.contains("h") {
      console.stdout += help + "\n"
      return 0
    }
    guard parsed.positionals.count == 1, let path = parsed.positionals.first else {
      throw UsageError("`compile` takes one project path; run `batchspec compile --help`")
    }
    let useColor = try console.useColor(parsed.value("color"))
    let params = try CheckCommand.parseParams(parsed.options["param"] ?? [])
    let overrides = try validationOverrides(parsed)
    guard
      let plan = try compileProject(path, params: params, overrides: overrides, useColor: useColor, console: &console)
    else {
      return 1
    }
    let data = plan.jsonData()
    if let output = parsed.value("output") ?? parsed.value("o"), output != "-" {
      guard FileManager.default.createFile(atPath: output, contents: data) else {
        throw UsageError("cannot write \(output)")
      }
    } else {
      console.stdout += String(decoding: data, as: UTF8.self)
    }
    return 0
  }

  /// The `--rule`, `--assume-quota` and `--rule-option` values, checked; each project applies them
  /// over its `batchspec.config`.
  struct ValidationOverrides {
    var rules: [String]
    var quotas: [String]
    var options: [String]
  }

  /// The validator's command-line overrides; a usage error names a bad one.
  static func validationOverrides(_ parsed: Arguments) throws(UsageError) -> ValidationOverrides {
    let overrides = ValidationOverrides(
      rules: parsed.options["rule"] ?? [], quotas: parsed.options["assume-quota"] ?? [],
      options: parsed.options["rule-option"] ?? [])
    _ = try ValidationOptions.configuration(
      rules: overrides.rules, quotas: overrides.quotas, options: overrides.options)
    return overrides
  }

  /// Loads, checks, validates and compiles the project at `path`; on errors (the checker's or the
  /// validator's) prints them to standard error and returns nil. Warnings are printed too, and do
  /// not stop compilation.
  static func compileProject(
    _ path: String, params: [String: String], overrides: ValidationOverrides, useColor: Bool,
    console: inout Console
  ) throws(UsageError) -> Plan? {
    if path == "-" { throw UsageError("`-` is not a project here: give a directory or a .batch file") }
    // The findings are `lint`'s: the same function, the nearest batchspec.config, the overrides.
    var options = LintCommand.Options(
      paths: [path], format: "human", output: nil, failOn: .error, exitZero: false, configPath: nil, fix: false,
      diff: false, statistics: false, watch: false, params: params, stdinName: nil, useColor: useColor)
    options.rules = overrides.rules
    options.quotas = overrides.quotas
    options.ruleOptions = overrides.options
    let run = try LintRun.load(options, stdin: { [] })
    guard run.projects.count == 1, let (loaded, result, _) = run.projects.first else {
      throw UsageError("\(path) holds \(run.projects.count) projects; compile one directory at a time")
    }
    let all = LoadedProject(project: loaded.project, reported: Set(loaded.project.files.map(\.id)))
    let groups = run.configurationGroups + [ReportGroup(all, result.diagnostics)]
    if !groups.allDiagnostics.isEmpty { console.stderr += DiagnosticOutput.human(groups, useColor: useColor) }
    if run.configurationHasErrors || result.diagnostics.contains(where: { $0.severity == .error }) { return nil }
    return PlanCompiler.compile(result.checked)
  }
}
