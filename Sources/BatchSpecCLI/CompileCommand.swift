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
    let configuration = try validationConfiguration(parsed)
    guard
      let plan = try compileProject(
        path, params: params, configuration: configuration, useColor: useColor, console: &console)
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

  /// The validator's configuration from `--rule`, `--assume-quota` and `--rule-option`.
  static func validationConfiguration(_ parsed: Arguments) throws(UsageError) -> ValidationConfiguration {
    try ValidationOptions.configuration(
      rules: parsed.options["rule"] ?? [], quotas: parsed.options["assume-quota"] ?? [],
      options: parsed.options["rule-option"] ?? [])
  }

  /// Loads, checks, validates and compiles the project at `path`; on errors (the checker's or the
  /// validator's) prints them to standard error and returns nil. Warnings are printed too, and do
  /// not stop compilation.
  static func compileProject(
    _ path: String, params: [String: String], configuration: ValidationConfiguration, useColor: Bool,
    console: inout Console
  ) throws(UsageError) -> Plan? {
    if path == "-" { throw UsageError("`-` is not a project here: give a directory or a .batch file") }
    let projects = try ProjectLoader.load([path], stdinName: nil, stdin: { [] })
    guard projects.count == 1, let loaded = projects.first else {
      throw UsageError("\(path) holds \(projects.count) projects; compile one directory at a time")
    }
    let result = Checker.check(loaded.project, params: params)
    if let first = result.overrideErrors.first { throw UsageError(first) }
    var diagnostics = result.project.diagnostics
    if !diagnostics.contains(where: { $0.severity == .error }) {
      diagnostics = Diagnostic.sortedForOutput(
        diagnostics + Validator.validate(result.project, configuration: configuration).diagnostics)
    }
    if !diagnostics.isEmpty {
      let all = LoadedProject(project: loaded.project, reported: Set(loaded.project.files.map(\.id)))
      console.stderr += DiagnosticOutput.human([(all, diagnostics)], useColor: useColor)
    }
    if diagnostics.contains(where: { $0.severity == .error }) { return nil }
    return PlanCompiler.compile(result.project)
  }
}
