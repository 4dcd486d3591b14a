// `batchspec autoscale`: a pool's autoscale formula evaluated every interval over a synthetic or
// recorded load, printed as a table of what it asks for and a small chart.

import BatchSpecCore
import FoundationEssentials

/// The `autoscale` subcommand.
enum AutoscaleCommand {
  static let spec = CommandSpec(
    name: "autoscale", arguments: "PATH",
    summary: "Simulate a pool's autoscale formula over a load: the nodes it would ask for.",
    usage: ["autoscale PATH [--pool ID] --load FILE|PATTERN [options]"],
    description: """
      Evaluates the autoscale formula of a pool of the project at PATH every `interval`, as Azure
      Batch would, over a load, and prints the node counts it asks for: a table, then a chart.

      The load is a CSV file (a `time` column in seconds or durations such as `5m`, then metric
      columns) or a pattern: `;`-separated metrics, each `name=value@time,...`, straight lines
      between the points, such as `pending=0@0,400@30m,400@1h,0@2h;cpu=80`. Metrics: pending,
      active, running, cpu, succeeded, failed, memory, disk, network_in, network_out. When only
      `pending` is given, running tasks are those the pool's slots can hold and the rest are active.
      A sample is taken every 30 seconds and reaches the formula a minute later; the pool takes its
      new size at once.
      """,
    options: [
      .option("pool", value: "ID", help: "The autoscaled pool (default: the only one)."),
      .option(
        "load", value: "FILE|PATTERN", completion: .paths(["csv"]),
        help: "The load: a CSV file, or a pattern such as `pending=0@0,400@30m,0@2h`."),
      .option("duration", value: "DURATION", help: "How long to simulate (default: to the load's last point)."),
      .option(
        "start", value: "TIME",
        help:
          "The wall-clock time of the first evaluation, such as `2025-01-06T08:00:00Z`\n(default: now), for formulas that read `time()`."
      ),
      .choice("format", ["table", "csv"], help: "`table` (with a chart, the default) or `csv`."),
      .param(),
    ] + ValidationOptions.specs(for: "") + [.color("Colour diagnostics (default: auto).")],
    positionals: .paths(["batch"]),
    epilogue: """
      EXIT STATUS:
        0 simulated, 1 the project has errors, 2 usage error (a bad load, no such pool).
      """)

  /// The longest simulated time, in seconds: 92 days.
  static let longestSimulation = 92.0 * 86_400

  static func run(_ arguments: [String], console: inout Console) throws(UsageError) -> Int32 {
    let parsed = try Arguments(arguments, spec)
    if parsed.wantsHelp {
      console.stdout += spec.help + "\n"
      return 0
    }
    let path = try parsed.onePath(of: spec)
    guard let loadArgument = parsed.value("load") else {
      throw UsageError("`autoscale` needs `--load FILE|PATTERN`, such as `--load pending=0@0,400@30m,0@2h`")
    }
    let format = parsed.value("format") ?? "table"
    guard format == "table" || format == "csv" else {
      throw UsageError("`--format` is `table` or `csv`, not `\(format)`")
    }
    let load = try readLoad(loadArgument)
    let useColor = try console.useColor(parsed.value("color"))
    guard
      let checked = try CompileCommand.checkProject(
        path, params: try CheckCommand.parseParams(parsed.options["param"] ?? []),
        overrides: try ValidationOptions.overrides(parsed), useColor: useColor, console: &console)
    else {
      console.stderr += "error: the project has errors; nothing was simulated\n"
      return 1
    }
    let autoscaled = checked.pools.filter { $0.child(\.autoscale) != nil }
    let pool: Checked<Schema.Pool>
    if let id = parsed.value("pool") {
      guard let found = checked.pools.first(where: { $0.label?.lowercased() == id.lowercased() }) else {
        let suggestion = Suggestions.closest(to: id, in: checked.pools.compactMap(\.label))
        throw UsageError("no pool `\(id)` in \(path)" + Suggestions.didYouMean(suggestion))
      }
      guard found.child(\.autoscale) != nil else { throw UsageError("pool `\(id)` has no `autoscale` block") }
      pool = found
    } else {
      guard autoscaled.count == 1 else {
        throw UsageError(
          autoscaled.isEmpty
            ? "no pool of \(path) has an `autoscale` block"
            : "\(path) has \(autoscaled.count) autoscaled pools (\(autoscaled.compactMap(\.label).joined(separator: ", "))): choose one with `--pool`"
        )
      }
      pool = autoscaled[0]
    }
    guard let formula = checked.formula(of: pool), let autoscale = pool.child(\.autoscale) else {
      throw UsageError("pool `\(pool.label ?? "")`'s formula could not be read")
    }
    let interval =
      Double((autoscale[\.interval] ?? Schema.Autoscale.interval.defaultValue ?? .minutes(15)).count) / 1_000
    var duration = load.end
    let durationText = parsed.value("duration")
    if let durationText {
      guard let seconds = LoadModel.duration(durationText), seconds > 0 else {
        throw UsageError("`--duration` takes a duration such as `3h` or `90m`")
      }
      duration = seconds
    }
    duration = max(duration, interval)
    // Every sample of the run is kept for the formula's windows: about 40 MB a month.
    guard duration <= Self.longestSimulation else {
      let days = duration < 1e15 ? String(Int(duration / 86_400)) : "billions of"
      let most = Int(Self.longestSimulation / 86_400)
      throw UsageError(
        durationText.map {
          "`--duration \($0)` is \(days) days; a simulation covers at most \(most): give at most `--duration \(most)d`"
        }
          ?? "the load's last point is \(days) days in; a simulation covers at most \(most): give `--duration` (at most `\(most)d`) to simulate its start"
      )
    }
    let start: Double
    if let text = parsed.value("start") {
      guard let seconds = FormulaTime.parse(text) else {
        throw UsageError("`--start` takes a time such as `2025-01-06T08:00:00Z`")
      }
      start = seconds
    } else {
      start = (Date().timeIntervalSince1970 / 60).rounded(.down) * 60
    }
    let slots = Int(pool[\.taskSlotsPerNode] ?? 1)
    let steps = AutoscaleSimulation.run(
      formula.program, interval: interval, duration: duration, slots: slots, load: load, start: start)
    if format == "csv" {
      console.stdout += AutoscaleReport.csv(steps)
    } else {
      console.stdout += AutoscaleReport.table(
        steps, pool: pool.label ?? "", interval: interval, start: start, slots: slots, load: loadArgument)
      console.stdout += "\n" + AutoscaleReport.chart(steps, slots: slots)
    }
    return 0
  }

  /// The load named on the command line: a file when one exists at that path, else a pattern.
  private static func readLoad(_ argument: String) throws(UsageError) -> LoadModel {
    let result: Result<LoadModel, LoadError>
    if FileManager.default.fileExists(atPath: argument) {
      guard let data = FileManager.default.contents(atPath: argument) else {
        throw UsageError("cannot read \(argument)")
      }
      result = LoadModel.parse(csv: String(decoding: data, as: UTF8.self))
    } else if !argument.contains("=") {
      // Not a pattern, so meant as a file.
      throw UsageError(
        "`--load \(argument)`: no such file; a load is a CSV file or a pattern such as `pending=0@0,400@30m,0@2h`")
    } else {
      result = LoadModel.parse(pattern: argument)
    }
    switch result {
    case .success(let load): return load
    case .failure(let error):
      throw UsageError("`--load \(argument)`: \(error.message)")
    }
  }
}
