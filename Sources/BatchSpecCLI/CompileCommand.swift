// `batchspec compile`: check a project and write its execution plan, or print its errors.

import BatchSpecCore
import BatchSpecPlan
import FoundationEssentials

/// The `compile` subcommand.
enum CompileCommand {
  static let spec = CommandSpec(
    name: "compile", arguments: "PATH",
    summary: "Write a project's execution plan (JSON), or its Azure Batch payloads.",
    usage: ["compile PATH [options]", "compile PATH --target azure-batch -o DIR [options]"],
    description: """
      Checks the project at PATH (a directory, or a .batch file and the rest of its directory) and
      writes its execution plan as JSON: every sweep expanded, every param and reference resolved.
      A project with errors is refused and its diagnostics are printed to standard error.

      With `--target azure-batch`, writes into DIR what Azure Batch takes instead: pools/<id>.json
      (add pool), jobs/<id>.json (add job), jobs/<id>/tasks-NNN.json (add task collection, at most
      100 tasks each, dependencies first), accounts/<id>.json (an ARM template of the account and
      its auto-storage) and submit.sh (which sends them as written, in order, to the Batch REST API
      \(AzureTarget.dataPlaneAPIVersion) with curl; keys, SAS tokens and passwords come from the environment).
      Payloads an earlier compile left in DIR are removed.
      """,
    options: [
      .choice("target", ["plan", "azure-batch"], help: "What to write (default: plan)."),
      .option(
        "o", "output", value: "FILE|DIR", completion: .paths([]),
        help: "Write the plan to FILE instead of standard output; the Azure\npayloads into DIR (required)."),
      .param(),
    ] + ValidationOptions.specs(for: "") + [.color("Colour diagnostics (default: auto).")],
    positionals: .paths(["batch"]),
    epilogue: """
      EXIT STATUS:
        0 compiled, 1 the project has errors, 2 usage or I/O error.
      """)

  static func run(_ arguments: [String], console: inout Console) throws(UsageError) -> Int32 {
    let parsed = try Arguments(arguments, spec)
    if parsed.wantsHelp {
      console.stdout += spec.help + "\n"
      return 0
    }
    let path = try parsed.onePath(of: spec)
    let useColor = try console.useColor(parsed.value("color"))
    let params = try CheckCommand.parseParams(parsed.options["param"] ?? [])
    let overrides = try ValidationOptions.overrides(parsed)
    let output = parsed.value("output") ?? parsed.value("o")
    if let output {
      try FileRewriter.checkOutputPath(output, option: "-o", what: "a file, a directory, or `-` for standard output")
    }
    switch parsed.value("target") ?? "plan" {
    case "plan": break
    case "azure-batch":
      guard let directory = output, directory != "-" else {
        throw UsageError("`--target azure-batch` writes a directory: give it with `-o DIR`")
      }
      guard
        let checked = try checkProject(
          path, params: params, overrides: overrides, useColor: useColor, console: &console),
        let payloads = AzureTarget.compile(checked)
      else { return 1 }
      if !payloads.errors.isEmpty {
        for error in payloads.errors { console.stderr += "error: \(error)\n" }
        return 1
      }
      for warning in payloads.warnings { console.stderr += "warning: \(warning)\n" }
      let outcome = try AzureOutput.write(payloads, to: directory)
      let inDirectory = { (path: String) in directory.hasSuffix("/") ? directory + path : directory + "/" + path }
      if let first = outcome.removed.first {
        let count = outcome.removed.count
        console.stderr +=
          count == 1
          ? "removed \(inDirectory(first)): an earlier compile wrote it, this one did not\n"
          : "removed \(count) payloads an earlier compile wrote into \(directory) and this one did not (\(first), ...)\n"
      }
      for path in outcome.unknown {
        console.stderr +=
          "warning: \(inDirectory(path)) was not written by a compile; it is left alone (submit.sh does not send it): remove it if it is stale\n"
      }
      return 0
    case let other:
      throw UsageError("unknown target `\(other)`; use `plan` or `azure-batch`")
    }
    guard
      let plan = try compileProject(path, params: params, overrides: overrides, useColor: useColor, console: &console)
    else {
      return 1
    }
    let bytes = plan.json.prettyBytes()
    if let output, output != "-" {
      // The bytes go to the file as they are (a plan of 100,000 tasks is 50 MB).
      try FileRewriter.write(bytes: bytes, to: output)
    } else {
      console.stdout += String(decoding: bytes, as: UTF8.self)
    }
    return 0
  }

  /// Loads, checks, validates and compiles the project at `path`; on errors (the checker's or the
  /// validator's) prints them to standard error and returns nil. Warnings are printed too, and do
  /// not stop compilation.
  static func compileProject(
    _ path: String, params: [String: String], overrides: ConfigurationOverrides, useColor: Bool,
    console: inout Console
  ) throws(UsageError) -> Plan? {
    try checkProject(path, params: params, overrides: overrides, useColor: useColor, console: &console)
      .flatMap(PlanCompiler.compile)
  }

  /// Loads, checks and validates the project at `path`; on errors prints them to standard error
  /// and returns nil. Warnings are printed too, and do not stop compilation.
  static func checkProject(
    _ path: String, params: [String: String], overrides: ConfigurationOverrides, useColor: Bool,
    console: inout Console
  ) throws(UsageError) -> CheckedProject? {
    if path == "-" { throw UsageError("`-` is not a project here: give a directory or a .batch file") }
    // The findings are `lint`'s: the same function, the nearest batchspec.config, the overrides.
    var options = LintCommand.Options(paths: [path])
    options.params = params
    options.overrides = overrides
    options.useColor = useColor
    let run = try LintRun.load(options, stdin: { [] })
    if let first = run.unreadable.first { throw UsageError(first) }
    guard run.projects.count == 1, let (loaded, result, _) = run.projects.first else {
      throw UsageError("\(path) holds \(run.projects.count) projects; give one project's directory")
    }
    let all = LoadedProject(project: loaded.project, reported: Set(loaded.project.files.map(\.id)))
    let groups = run.configurationGroups + [ReportGroup(all, result.diagnostics)]
    if !groups.allDiagnostics.isEmpty { console.stderr += DiagnosticOutput.human(groups, useColor: useColor) }
    if run.inputHasErrors || result.diagnostics.contains(where: { $0.severity == .error }) { return nil }
    return result.checked
  }
}
