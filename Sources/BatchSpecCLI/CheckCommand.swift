// `batchspec check`: parse, type-check and validate projects, print diagnostics, exit 0/1/2.

import BatchSpecCore

/// The `check` subcommand.
enum CheckCommand {
  static let help = """
    USAGE: batchspec check [PATH...] [options]

    Parses and type-checks specs, then validates them against Azure Batch's quotas, storage rules,
    limits and security rules (codes BS3xxx-BS6xxx). A directory is a project (all its .batch
    files together; its subdirectories are projects of their own); a file is checked with the
    other files of its directory and only its diagnostics are shown; `-` reads standard input.

    A validation finding is silenced on the next line by `// batchspec-ignore BS3001: reason`,
    in the whole file by `// batchspec-ignore-file BS3001: reason` (codes or rule names).

    OPTIONS:
      --format human|json     Output format (default: human).
      --param NAME=VALUE      Override a param's default; repeatable.
      --no-validate           Parse and type-check only: skip the validator's rules.
      --rule RULE=LEVEL       Report a rule (code such as BS3001, or name) at LEVEL: off, hint,
                              info, warning or error; repeatable.
      --assume-quota NAME=N   The quota assumed for accounts that declare none: dedicated_cores
                              (default 900), spot_cores (100), pools (100), active_jobs (300).
      --rule-option NAME=N    A rule threshold: general_purpose_v1_parallel_tasks (64),
                              max_resource_files (100), max_environment_settings (100).
      --stdin-name PATH       The path standard input stands for (`-`).
      --color auto|always|never
                              Colour human output (default: auto: a terminal, and NO_COLOR unset).
      -h, --help              Show this help.

    EXIT STATUS:
      0 no errors, 1 errors found, 2 usage or I/O error.
    """

  static func run(_ arguments: [String], console: inout Console) throws(UsageError) -> Int32 {
    let parsed = try Arguments(
      arguments, flags: ["help", "h", "no-validate"],
      options: ["format", "param", "stdin-name", "color", "rule", "assume-quota", "rule-option"])
    if parsed.flags.contains("help") || parsed.flags.contains("h") {
      console.stdout += help + "\n"
      return 0
    }
    let format = parsed.value("format") ?? "human"
    guard format == "human" || format == "json" else {
      throw UsageError("`--format` is `human` or `json`, not `\(format)`")
    }
    let params = try parseParams(parsed.options["param"] ?? [])
    let validate = !parsed.flags.contains("no-validate")
    let configuration = try ValidationOptions.configuration(
      rules: parsed.options["rule"] ?? [], quotas: parsed.options["assume-quota"] ?? [],
      options: parsed.options["rule-option"] ?? [])
    let paths = parsed.positionals.isEmpty ? ["."] : parsed.positionals
    let useColor = try console.useColor(parsed.value("color"))
    let projects = try ProjectLoader.load(paths, stdinName: parsed.value("stdin-name"), stdin: console.readStdin)

    var reports: [(LoadedProject, [Diagnostic])] = []
    var overrideErrors: [String] = []
    for loaded in projects {
      let result = ProjectDiagnostics.compute(
        project: loaded.project, params: params, configuration: configuration, validate: validate)
      overrideErrors.append(contentsOf: result.overrideErrors)
      reports.append((loaded, result.project.diagnostics.filter { loaded.reported.contains($0.file) }))
    }
    // An override that no project knows is a usage error; one some project knows is fine.
    let unknownEverywhere = Set(overrideErrors).filter { error in
      overrideErrors.filter { $0 == error }.count == projects.count
    }
    if let first = unknownEverywhere.sorted().first { throw UsageError(first) }

    let all = reports.flatMap(\.1)
    switch format {
    case "json": console.stdout += DiagnosticOutput.json(reports) + "\n"
    default: console.stdout += DiagnosticOutput.human(reports, useColor: useColor)
    }
    return all.contains { $0.severity == .error } ? 1 : 0
  }

  static func parseParams(_ values: [String]) throws(UsageError) -> [String: String] {
    var params: [String: String] = [:]
    for value in values {
      guard let equals = value.firstIndex(of: "="), equals != value.startIndex else {
        throw UsageError("`--param` takes `name=value`, not `\(value)`")
      }
      params[String(value[..<equals])] = String(value[value.index(after: equals)...])
    }
    return params
  }
}
