// `batchspec estimate`: a project's (or plan's) schedule simulated offline, with the makespan,
// the critical path, node hours, idle slots and cost per pool.

import BatchSpecCore
import BatchSpecPlan
import FoundationEssentials

/// The `estimate` subcommand.
enum EstimateCommand {
  static let spec = CommandSpec(
    name: "estimate", arguments: "PATH|PLAN",
    summary: "Estimate a project's makespan, critical path, node hours and cost, offline.",
    usage: ["estimate PATH|PLAN [--from-run DIR [--scale F]] [--prices FILE [--region NAME]] [options]"],
    description: """
      Schedules every task of a project (or a compiled plan) on its pool's nodes and slots the way
      `batchspec run` places them (jobs by priority, ready tasks in turn, `node_fill`,
      `max_parallel_tasks`, start and preparation tasks first), each task succeeding at its first
      try and taking its `expected_duration`, or what a local run measured (`--from-run`, times
      `--scale`). Prints the makespan, the critical path, and per pool the node hours, the share of
      slot time left idle and the cost, from the embedded price table (dated, one region) or an
      Azure retail prices export (`--prices`).
      """,
    options: [
      .option(
        "from-run", value: "DIR|FILE", completion: .paths(["jsonl"]),
        help: "Take durations from a local run: its work directory (events.jsonl)\nor an events file."),
      .option("scale", value: "F", help: "Multiply measured durations by F (default 1): a scaled-down run."),
      .option(
        "prices", value: "FILE", completion: .paths(["csv"]),
        help: "Prices from an Azure retail prices export (CSV) instead of the\nembedded table."),
      .option("region", value: "NAME", help: "The region of `--prices` rows to use (default: the account's)."),
      .option("max-nodes", value: "N", help: "Use at most N nodes of each pool (as `run --max-nodes`)."),
      .option("nodes", value: "POOL=N", help: "Estimate POOL on N nodes (for autoscaled pools); repeatable."),
      .choice("format", ["text", "json"], help: "text (the default) or json."),
      .param("Override a param's default (projects only); repeatable."),
    ] + ValidationOptions.specs(for: " (projects only)") + [.color("Colour diagnostics (default: auto).")],
    positionals: .paths(["batch", "json"]),
    epilogue: """
      EXIT STATUS:
        0 estimated, 1 the project has errors, 2 usage error.
      """)

  static func run(_ arguments: [String], console: inout Console) throws(UsageError) -> Int32 {
    let parsed = try Arguments(arguments, spec)
    if parsed.wantsHelp {
      console.stdout += spec.help + "\n"
      return 0
    }
    let path = try parsed.onePath(of: spec, "project or plan path")
    let format = parsed.value("format") ?? "text"
    guard format == "text" || format == "json" else {
      throw UsageError("`--format` is `text` or `json`, not `\(format)`")
    }
    guard let plan = try loadPlan(path, parsed, console: &console) else {
      console.stderr += "error: the project has errors; nothing was estimated\n"
      return 1
    }
    var options = EstimateOptions()
    if let text = parsed.value("max-nodes") {
      guard let value = Int(text), value >= 1 else { throw UsageError("`--max-nodes` takes a number of at least 1") }
      options.maxNodes = value
    }
    for entry in parsed.options["nodes"] ?? [] {
      let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, let count = Int(parts[1]), count >= 1 else {
        throw UsageError("`--nodes` takes POOL=N, such as `--nodes render-pool=8`")
      }
      guard plan.pools.contains(where: { $0.id.lowercased() == parts[0].lowercased() }) else {
        throw UsageError(
          "no pool `\(parts[0])`" + Suggestions.didYouMean(Suggestions.closest(to: parts[0], in: plan.pools.map(\.id))))
      }
      options.nodes[parts[0].lowercased()] = count
    }
    if let text = parsed.value("scale") {
      guard let scale = Double(text), scale > 0, scale.isFinite else {
        throw UsageError("`--scale` takes a positive number")
      }
      guard parsed.value("from-run") != nil else {
        throw UsageError("`--scale` multiplies `--from-run` durations: give both")
      }
      options.scale = scale
    }
    if let run = parsed.value("from-run") {
      var isDirectory = false
      let file =
        FileManager.default.fileExists(atPath: run, isDirectory: &isDirectory) && isDirectory
        ? run + "/events.jsonl" : run
      guard let data = FileManager.default.contents(atPath: file) else {
        throw UsageError(
          "cannot read \(file): `--from-run` takes a run's work directory (with events.jsonl) or an events file")
      }
      options.measured = RunEvents.parse([UInt8](data))
      if options.measured?.tasks.isEmpty ?? true {
        throw UsageError("\(file) records no task: is it a run's events file?")
      }
    }
    if let file = parsed.value("prices") {
      guard let data = FileManager.default.contents(atPath: file) else { throw UsageError("cannot read \(file)") }
      let region = parsed.value("region") ?? plan.accounts.first.map { $0.location.lowercased().replacingAll(" ", "") }
      switch VMPrices.parse(retailCSV: String(decoding: data, as: UTF8.self), region: region, source: file) {
      case .success(let prices): options.prices = prices
      case .failure(let error): throw UsageError("\(file): \(error.message)")
      }
    } else if parsed.value("region") != nil {
      throw UsageError("`--region` picks rows of `--prices`; the embedded table is for \(VMPrices.region)")
    }
    let estimate = Estimator.estimate(plan, options: options)
    let name = (URL(fileURLWithPath: path).standardizedFileURL.deletingPathExtension().lastPathComponent)
    console.stdout +=
      format == "json"
      ? EstimateReport.json(estimate) : EstimateReport.text(estimate, name: name, plan: plan)
    return 0
  }

  /// The plan of a project (checked and compiled) or of a plan file.
  static func loadPlan(_ path: String, _ parsed: Arguments, console: inout Console) throws(UsageError) -> Plan? {
    let params = try CheckCommand.parseParams(parsed.options["param"] ?? [])
    if path.hasSuffix(".json") {
      if !params.isEmpty { throw UsageError("`--param` applies to projects; a plan's params are already resolved") }
      guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("cannot read \(path)") }
      do {
        return try Plan.read(data)
      } catch {
        throw UsageError("\(path): \(error.description)")
      }
    }
    return try CompileCommand.compileProject(
      path, params: params, overrides: try ValidationOptions.overrides(parsed),
      useColor: try console.useColor(parsed.value("color")), console: &console)
  }
}
