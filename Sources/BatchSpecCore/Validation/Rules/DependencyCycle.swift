// BS5010: tasks whose `depends_on` lists form a cycle.

/// Flags a cycle of task dependencies in a job, with the cycle's path as related locations.
package struct DependencyCycle: ValidationRule {
  package let code = DiagnosticCode(
    "BS5010", "dependency-cycle", .error, "Tasks of a job that depend on each other in a cycle, so none of them runs.")

  package let documentation = """
    ## What it does
    Builds each job's task dependency graph from `depends_on` (sweeps expanded) and reports every
    cycle once, at the first task of the cycle, with a related location on each dependency of its path.

    ## Why is this bad?
    A task runs only after the tasks it depends on succeed. In a cycle each waits for another, so none
    ever runs and the job never completes.

    ## Example
    ```
    task extract { depends_on = [report] }
    task report  { depends_on = [extract] }
    ```

    ## Use instead
    ```
    task extract { }
    task report  { depends_on = [extract] }
    ```

    ## Azure limit
    `dependsOn` must describe an acyclic graph: a task that (indirectly) depends on itself stays
    blocked for ever.
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for job in context.jobs where Self.mayHaveCycle(job) {
      let graph = TaskGraph(job.children(\.task))
      for component in graph.cyclicComponents() {
        let start = component.min()!
        let path = graph.cycle(from: start, within: Set(component))
        let names = path.map { "`\(graph.tasks[$0].label ?? "")`" }
        var notes: [Note] = []
        for (from, to) in zip(path, path.dropFirst()) {
          let location = graph.tasks[from].written(\.dependsOn)?.valueLocation ?? graph.tasks[from].nameLocation
          notes.append(
            Note("`\(graph.tasks[from].label ?? "")` depends on `\(graph.tasks[to].label ?? "")`", at: location))
        }
        let message: String
        if path.count == 2, let sweep = graph.tasks[start].sweep {
          let member = sweep.value.integerValue.map(String.init) ?? "\"\(sweep.value)\""
          message =
            "each task of sweep `\(sweep.group)` depends on itself (\(names[0]) on \(names[0])), so none of them runs: `depends_on` inside a sweep names other tasks, or one member such as `\(sweep.group)[\(member)]`"
        } else if path.count == 2 {
          message = "task \(names[0]) depends on itself, so it never runs: remove it from its `depends_on`"
        } else {
          message =
            "tasks depend on each other in a cycle, so none of them runs: \(names.joined(separator: " → ")); remove one of these dependencies"
        }
        let at = graph.tasks[start].written(\.dependsOn)?.valueLocation ?? graph.tasks[start].nameLocation
        context.report(self, at: at, message, notes: notes)
      }
    }
  }

  /// Whether `job`'s tasks may depend on each other in a cycle: false, without building the graph,
  /// when their IDs are unique and each task's `depends_on` names only tasks written before it (the
  /// usual order). `TaskGraph` settles every other job.
  private static func mayHaveCycle(_ job: Checked<Schema.Job>) -> Bool {
    let dependsOn = Schema.Task.dependsOn.schema
    var earlier: Set<String> = []
    for child in job.instance.children where child.is(Schema.Task.self) {
      if let written = child.attributes[dependsOn] {
        guard case .list(let items) = written.value else { return true }
        for item in items {
          guard let id = item.referenced?.id, earlier.contains(id.lowercasedKey) else { return true }
        }
      }
      guard earlier.insert((child.label ?? "").lowercasedKey).inserted else { return true }
    }
    return false
  }
}
