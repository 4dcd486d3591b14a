// `batchspec graph`: a project's jobs drawn as task graphs, for Graphviz or Mermaid.

import BatchSpecCore
import FoundationEssentials

/// The `graph` subcommand.
enum GraphCommand {
  static let spec = CommandSpec(
    name: "graph", arguments: "PATH",
    summary: "Draw the tasks of a project's jobs and their dependencies (dot or Mermaid).",
    usage: ["graph PATH [--job ID] [--format dot|mermaid] [--expand]"],
    description: """
      Prints each job of the project at PATH as a graph: a node per task, an arrow from each task
      to the tasks that depend on it. The tasks of a sweep are folded into one node with their
      count (`frame ×240`); an arrow from a folded sweep says how many of its tasks are depended on
      when not all are (`3 of 240`). `--expand` draws every task. Render dot with Graphviz
      (`batchspec graph . | dot -Tsvg > graph.svg`); paste Mermaid into Markdown.
      """,
    options: [
      .option("job", value: "ID", help: "Draw this job only (default: every job, one cluster each)."),
      .choice("format", ["dot", "mermaid"], help: "dot (Graphviz, the default) or mermaid."),
      .flag("expand", help: "Draw every task of a sweep instead of one node for the sweep."),
      .param(),
    ] + ValidationOptions.specs(for: "") + [.color("Colour diagnostics (default: auto).")],
    positionals: .paths(["batch"]),
    epilogue: """
      EXIT STATUS:
        0 drawn, 1 the project has errors, 2 usage error.
      """)

  static func run(_ arguments: [String], console: inout Console) throws(UsageError) -> Int32 {
    let parsed = try Arguments(arguments, spec)
    if parsed.wantsHelp {
      console.stdout += spec.help + "\n"
      return 0
    }
    let path = try parsed.onePath(of: spec)
    let format = parsed.value("format") ?? "dot"
    guard ["dot", "mermaid"].contains(format) else {
      throw UsageError("`--format` is `dot` or `mermaid`, not `\(format)`")
    }
    let useColor = try console.useColor(parsed.value("color"))
    guard
      let checked = try CompileCommand.checkProject(
        path, params: try CheckCommand.parseParams(parsed.options["param"] ?? []),
        overrides: try ValidationOptions.overrides(parsed), useColor: useColor,
        console: &console)
    else {
      console.stderr += "error: the project has errors; nothing was drawn\n"
      return 1
    }
    var jobs = checked.jobs
    if let id = parsed.value("job") {
      jobs = jobs.filter { $0.label?.lowercased() == id.lowercased() }
      guard !jobs.isEmpty else {
        let suggestion = Suggestions.closest(to: id, in: checked.jobs.compactMap(\.label))
        throw UsageError("no job `\(id)` in \(path)" + Suggestions.didYouMean(suggestion))
      }
    }
    let drawing = TaskGraphDrawing(jobs, expand: parsed.flags.contains("expand"))
    let name = parsed.value("job") ?? (URL(fileURLWithPath: path).standardizedFileURL.lastPathComponent)
    console.stdout += format == "mermaid" ? drawing.mermaid() : drawing.dot(name: name)
    return 0
  }
}
