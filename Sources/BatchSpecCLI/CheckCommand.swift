// `batchspec check`: parse and type-check projects, print diagnostics, exit 0/1/2.

import BatchSpecCore

/// The `check` subcommand.
enum CheckCommand {
  static let help = """
    USAGE: batchspec check [PATH...] [options]

    Parses and type-checks specs. A directory is a project (all its .batch files together; its
    subdirectories are projects of their own); a file is checked with the other files of its
    directory and only its diagnostics are shown; `-` reads standard input.

    OPTIONS:
      --format human|json     Output format (default: human).
      --param NAME=VALUE      Override a param's default; repeatable.
      --stdin-name PATH       The path standard input stands for (`-`).
      --color auto|always|never
                              Colour human output (default: auto: a terminal, and NO_COLOR unset).
      -h, --help              Show this help.

    EXIT STATUS:
      0 no errors, 1 errors found, 2 usage or I/O error.
    """

  static func run(_ arguments: [String], console: inout Console) throws(UsageError) -> Int32 {
    let parsed = try Arguments(
      arguments, flags: ["help", "h"], options: ["format", "param", "stdin-name", "color"])
    if parsed.flags.contains("help") || parsed.flags.contains("h") {
      console.stdout += help + "\n"
      return 0
    }
    let format = parsed.value("format") ?? "human"
    guard format == "human" || format == "json" else {
      throw UsageError("`--format` is `human` or `json`, not `\(format)`")
    }
    let params = try parseParams(parsed.options["param"] ?? [])
    let paths = parsed.positionals.isEmpty ? ["."] : parsed.positionals
    let useColor = try console.useColor(parsed.value("color"))
    let projects = try ProjectLoader.load(paths, stdinName: parsed.value("stdin-name"), stdin: console.readStdin)

    var reports: [(LoadedProject, [Diagnostic])] = []
    var overrideErrors: [String] = []
    for loaded in projects {
      let result = ProjectDiagnostics.compute(project: loaded.project, params: params)
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
