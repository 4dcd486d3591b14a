// BS5011: a task whose dependency IDs add up to more characters than Azure accepts.

/// Flags a `depends_on` whose task IDs together exceed 64,000 characters.
package struct DependencyListTooLong: ValidationRule {
  package let code = DiagnosticCode(
    "BS5011", "dependency-list-too-long", .error,
    "A `depends_on` whose task IDs add up to more than the 64,000 characters Azure accepts.")

  package let documentation = """
    ## What it does
    Adds up the lengths of the task IDs a task depends on (a whole sweep counts every member) and
    compares the sum with 64,000. Numeric IDs that follow each other (`7`, `8`, `9`) are sent as
    ranges, which have no limit, and do not count.

    ## Why is this bad?
    Batch refuses to add the task, halfway through submitting the job.

    ## Example
    ```
    task frame for i in 1..20000 { command = "..." }
    task encode { depends_on = [frame] }   // 20,000 IDs of 7-11 characters
    ```

    ## Use instead
    Give the sweep numeric IDs, which are sent as ranges (`taskIdRanges`):
    ```
    task frame for i in 1..20000 { id = "${i}"  command = "..." }
    task encode { depends_on = [frame] }   // dependsOn.taskIdRanges [{start: 1, end: 20000}]
    ```
    or split the work with an intermediate task per batch of frames.

    ## Azure limit
    `dependsOn.taskIds`: the IDs together at most 64,000 characters; use `taskIdRanges` (numeric
    IDs only) for more.
    """

  /// The most characters the joined task IDs may have.
  static let limit = 64_000

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    let dependsOn = Schema.Task.dependsOn.schema
    for job in context.jobs {
      for child in job.instance.children where child.is(Schema.Task.self) {
        // The IDs sent by name are some of those written: when all of them fit, so do those. Summed
        // over the references as written, as `[Reference]` reads them, without making that list.
        guard let written = child.attributes[dependsOn], Self.idBytes(written.value) > Self.limit,
          case let task = Checked<Schema.Task>(child), let attribute = task.written(\.dependsOn)
        else { continue }
        let dependencies = TaskDependencies(attribute.value.map(\.id))
        let ids = dependencies.ids
        let length = dependencies.idCharacters
        guard length > Self.limit else { continue }
        context.report(
          self, at: attribute.valueLocation,
          "task `\(task.label ?? "")` depends on \(ids.count) tasks whose IDs add up to \(length) characters; Azure accepts at most 64,000: give the sweep numeric IDs (sent as ranges) or depend on fewer tasks"
        )
      }
    }
  }

  /// The UTF-8 bytes of the IDs of the references `value` holds (a list, or one reference).
  private static func idBytes(_ value: Value) -> Int {
    var bytes = 0
    for item in value.listValue {
      if let id = item.referenced?.id { bytes += id.utf8.count }
    }
    return bytes
  }
}
