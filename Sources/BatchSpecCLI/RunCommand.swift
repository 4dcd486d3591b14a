// `batchspec run`: compile a project (or read a plan) and run it on this machine.

import BatchSpecCore
import BatchSpecPlan
import BatchSpecRunner
import BatchSpecIDE
import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The `run` subcommand.
enum RunCommand {
  static let spec = CommandSpec(
    name: "run", arguments: "PATH|PLAN",
    summary: "Run a project or plan on this machine, as Azure Batch would.",
    usage: ["run PATH|PLAN [options]"],
    description: """
      Runs a project (a directory, or a .batch file and the rest of its directory) or a compiled
      plan (a .json file from `batchspec compile`) on this machine, the way Azure Batch would:
      each pool's nodes are directories under the work directory, storage is a directory tree
      (<account>/<container>/<blob>), commands run without a shell.

      A journal in the work directory records every task, so running the same command again after
      a failure, Ctrl-C or a crash resumes: tasks that succeeded are not run again.
      """,
    options: [
      .option(
        "workdir", value: "DIR", completion: .directories,
        help: "Nodes, journal and logs (default: .batchspec/runs/<name>, keyed by path if taken)."),
      .option(
        "storage", value: "DIR", completion: .directories,
        help: "The emulated storage accounts (default: .batchspec/storage)."),
      .param("Override a param's default (projects only); repeatable."),
      .option("max-nodes", value: "N", help: "Run at most N nodes of each pool here."),
      .option(
        "events", value: "FILE", completion: .paths([]),
        help:
          "Write one JSON object per event (task start, end, ...) to FILE; a run that\nresumes earlier ones adds its events after theirs."
      ),
      .flag("fresh", help: "Forget earlier runs in the work directory: run every task again."),
      .option(
        "report", value: "FILE.html", completion: .paths(["html"]),
        help:
          "Write a self-contained HTML report of the run: a timeline of the tasks,\ntheir exit codes and logs, the critical path, the estimate beside it."
      ),
    ] + ValidationOptions.specs(for: " (projects only)") + [.color("Colour diagnostics (default: auto).")],
    positionals: .paths(["batch", "json"]),
    epilogue: """
      EXIT STATUS:
        0 every task succeeded, 1 a task failed or did not run, 2 usage or spec error,
        130, 143 or 129 stopped by SIGINT, SIGTERM or SIGHUP (run again to resume).
      """)

  static func run(_ arguments: [String], console: inout Console) throws(UsageError) -> Int32 {
    let parsed = try Arguments(arguments, spec)
    if parsed.wantsHelp {
      console.stdout += spec.help + "\n"
      return 0
    }
    let path = try parsed.onePath(of: spec, "project or plan path")
    var maxNodes: Int?
    if let text = parsed.value("max-nodes") {
      guard let value = Int(text), value >= 1 else { throw UsageError("`--max-nodes` takes a number of at least 1") }
      maxNodes = value
    }
    let params = try CheckCommand.parseParams(parsed.options["param"] ?? [])
    if let report = parsed.value("report") { try FileRewriter.checkOutputPath(report, option: "--report") }
    let plan: Plan
    let name: String
    let project: String
    if path.hasSuffix(".json") {
      if !params.isEmpty { throw UsageError("`--param` applies to projects; a plan's params are already resolved") }
      let read: Plan?
      do {
        read = try Plan.read(fileAt: path)
      } catch {
        throw UsageError("\(path): \(error.description)")
      }
      guard let read else { throw UsageError("cannot read \(path)") }
      plan = read
      name = PathName.deletingExtension(PathName.lastComponent(path))
      project = RunWorkDirectory.identity(of: Self.absolute(path))
    } else {
      let useColor = try console.useColor(parsed.value("color"))
      let overrides = try ValidationOptions.overrides(parsed)
      guard
        let compiled = try CompileCommand.compileProject(
          path, params: params, overrides: overrides, useColor: useColor, console: &console)
      else {
        console.stderr += "error: the project has errors; nothing was run\n"
        return 2
      }
      plan = compiled
      var isDirectory = false
      _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      let directory = isDirectory ? path : PathName.deletingLastComponent(path)
      name = PathName.lastComponent(Self.absolute(directory))
      project = RunWorkDirectory.identity(of: Self.absolute(directory))
    }
    let fresh = parsed.flags.contains("fresh")
    let (workDirectory, note) = try RunWorkDirectory.choose(
      explicit: parsed.value("workdir"), name: name, project: project, fresh: fresh)
    if let note { console.stderr += note }
    if fresh {
      try? FileManager.default.removeItem(atPath: workDirectory + "/journal.jsonl")
    }
    // The events go to the work directory too (unless `--events` names a file): `estimate
    // --from-run` and the run report read them there.
    try? FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
    RunWorkDirectory.record(project, in: workDirectory)
    let options = RunOptions(
      workDirectory: workDirectory, storageDirectory: parsed.value("storage") ?? ".batchspec/storage",
      maxNodes: maxNodes, eventsPath: parsed.value("events") ?? workDirectory + "/events.jsonl",
      isTerminal: console.stdoutIsTerminal)
    // Progress is written as it happens, not buffered in the console: flush what is there first.
    let pending = console.stderr
    console.stderr = ""
    writeStandardError(pending)
    let status: Int32
    do {
      status = try Runner.run(plan, options: options, write: writeStandardOutput)
    } catch {
      throw UsageError(error.description)
    }
    if let report = parsed.value("report"), let eventsPath = options.eventsPath {
      let events = RunEvents.parse([UInt8](FileManager.default.contents(atPath: eventsPath) ?? Data()))
      let html = RunReport.html(
        plan: plan, events: events, workDirectory: Self.absolute(workDirectory), reportPath: report, name: name)
      try? FileManager.default.createDirectory(
        atPath: PathName.deletingLastComponent(report).isEmpty ? "." : PathName.deletingLastComponent(report),
        withIntermediateDirectories: true)
      if let problem = SystemIO.writeFile(html, atPath: report) {
        throw UsageError("cannot write the report \(report): \(problem)")
      }
      writeStandardOutput("report: \(report)\n")
    }
    return status
  }

  private static func absolute(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.path
  }

  private static func writeStandardOutput(_ text: String) { SystemIO.writeAll(text, to: 1) }

  private static func writeStandardError(_ text: String) { SystemIO.writeAll(text, to: 2) }
}
