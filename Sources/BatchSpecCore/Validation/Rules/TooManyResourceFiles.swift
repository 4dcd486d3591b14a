// BS5013: a task with more resource files than batchspec allows.

/// Flags a task, start task or job preparation/release task with too many `input` blocks.
package struct TooManyResourceFiles: ValidationRule {
  package let code = DiagnosticCode(
    "BS5013", "too-many-resource-files", .warning, "A task with more `input` blocks (resource files) than the limit.")

  package let documentation = """
    ## What it does
    Counts the `input` blocks of each task, start task and job preparation or release task (a sweep's
    members each have their own) and flags more than the configured maximum (100 by default).

    ## Why is this bad?
    Resource files travel in the task's request body. A long list makes the request too large
    (`RequestEntityTooLarge`) and the task, or the whole batch of tasks it was sent with, is refused.

    ## Example
    ```
    task t { input "a.bin" { blob = data.in["a.bin"] } ... 150 more ... }
    ```

    ## Use instead
    ```
    task t { input "in/" { container = data.in, prefix = "run-7/" } }
    ```
    One container input downloads every blob under a prefix.

    ## Azure limit
    The request body of an add-task call is limited in size (the list of resource files counts
    against it); "add task collection" takes at most 100 tasks per call. Keep lists short and use
    container inputs.
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    let limit = context.configuration.maxResourceFiles
    // A block with no more children than the limit has no more inputs: its children are not looked at.
    for command in context.commandBlocks where command.block.children.count > limit {
      var count = 0
      for child in command.block.children where child.is(Schema.Input.self) { count += 1 }
      guard count > limit else { continue }
      let inputs = command.inputs
      context.report(
        self, at: command.block.nameLocation,
        "\(command.title) has \(inputs.count) `input` blocks, more than \(limit): download a container or prefix (`container = ..., prefix = ...`) instead of single blobs",
        notes: [Note("the first extra `input` is here", at: inputs[limit].nameLocation)])
    }
  }
}
