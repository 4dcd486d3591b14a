// `batchspec check`: parse, type-check and validate projects, print diagnostics, exit 0/1/2.

import BatchSpecCore

/// The `check` subcommand.
enum CheckCommand {
  static let spec = CommandSpec(
    name: "check", arguments: "[PATH...]",
    summary: "Parse, type-check and validate specs, compiler-style (`--no-validate`: fast).",
    usage: ["check [PATH...] [options]"],
    description: """
      Parses and type-checks specs, then validates them against Azure Batch's quotas, storage rules,
      limits and security rules (codes BS3xxx-BS7xxx). The findings are `lint`'s (the same
      configuration file, the same suppressions); `check` is its compiler-style interface, and
      `check --no-validate` the fast subset (parse and type-check only). A directory is a project (all its .batch
      files together; its subdirectories are projects of their own); a file is checked with the
      other files of its directory and only its diagnostics are shown; `-` reads standard input.

      A validation finding is silenced on the next line by `// batchspec-ignore BS3001: reason`,
      in the whole file by `// batchspec-ignore-file BS3001: reason` (codes or rule names).
      """,
    options: [
      .choice("format", ["human", "json"], help: "Output format (default: human)."),
      .param(),
      .flag("no-validate", help: "Parse and type-check only: skip the validator's rules."),
      .option(
        "rule", value: "RULE=LEVEL",
        help: "Report a rule (code such as BS3001, or name) at LEVEL: off, hint,\ninfo, warning or error; repeatable."),
      .option(
        "assume-quota", value: "NAME=N",
        help: """
          The quota assumed for accounts that declare none: dedicated_cores
          (default 900), spot_cores (100), pools (100), active_jobs (300).
          """),
      .option(
        "rule-option", value: "NAME=N",
        help: """
          A rule threshold: general_purpose_v1_parallel_tasks (64),
          max_resource_files (100), max_environment_settings (100).
          """),
      .stdinName(),
      .color("Colour human output (default: auto: a terminal, and NO_COLOR unset)."),
    ],
    positionals: .paths(["batch"]),
    epilogue: """
      EXIT STATUS:
        0 no errors, 1 errors found, 2 usage, configuration or I/O error.
      """)

  static func run(_ arguments: [String], console: inout Console) throws(UsageError) -> Int32 {
    // `check` reports and never writes: say which command applies the fixes it shows.
    if let fix = arguments.first(where: { $0 == "--fix" || $0 == "--unsafe-fixes" || $0.hasPrefix("--fix=") }) {
      throw UsageError(
        "`check` does not change files, so it has no `\(fix)`: `batchspec lint --fix` applies the safe fixes")
    }
    let parsed = try Arguments(arguments, spec)
    if parsed.wantsHelp {
      console.stdout += spec.help + "\n"
      return 0
    }
    let format = parsed.value("format") ?? "human"
    guard format == "human" || format == "json" else {
      throw UsageError("`--format` is `human` or `json`, not `\(format)`")
    }
    // The same analysis as `lint` (one function, the same configuration file and suppressions),
    // with a compiler's interface: human or JSON, exit 1 on an error.
    var options = try LintCommand.Options(common: parsed, console: console)
    options.format = format
    options.jsonDetails = false
    options.fixCommand = "batchspec lint "
    return try LintCommand.lint(options, console: &console)
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
