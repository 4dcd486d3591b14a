// BS5022: a display name longer than Azure accepts.

/// Flags a `display_name` over 1,024 characters on any resource.
package struct DisplayNameTooLong: ValidationRule {
  package let code = DiagnosticCode(
    "BS5022", "display-name-too-long", .error, "A `display_name` longer than 1,024 characters.")

  package let documentation = """
    ## What it does
    Counts the characters of every `display_name` (pools, jobs, tasks, applications), after params
    and sweep values are filled in, and flags more than 1,024.

    ## Why is this bad?
    Batch refuses the resource; for a sweep, only the members with the longest values fail.

    ## Example
    ```
    task frame for i in 1..10 { display_name = "${long_description} ${i}" }
    ```

    ## Use instead
    Keep display names short; put long descriptions in `metadata`.

    ## Azure limit
    `displayName`: any Unicode characters, at most 1,024.
    """

  private static let limit = 1_024

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for pool in context.pools { check(pool.instance, &context) }
    for job in context.jobs { check(job.instance, &context) }
    for application in context.applications { check(application.instance, &context) }
  }

  private func check(_ root: BlockInstance, _ context: inout ValidationContext) {
    // `display_name` is one key shared by every kind that has one, so a walk can read it off any block.
    let key = Schema.displayName.schema
    root.walkLastFirst { block in
      // No more UTF-8 bytes than the limit means no more characters: most names stop here.
      guard let attribute = block.attributes[key], let name = attribute.value.stringValue,
        name.utf8.count > Self.limit, name.count > Self.limit
      else { return }
      context.report(
        self, at: attribute.valueLocation,
        "the display name of `\(block.kind) \(block.label ?? "")` has \(name.count) characters; Azure accepts at most 1,024: shorten it, and move details into `metadata`"
      )
    }
  }
}
