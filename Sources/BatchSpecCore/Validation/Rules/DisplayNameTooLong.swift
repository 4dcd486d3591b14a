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

  /// The kinds that have a `display_name`.
  private static let named = Schema.allBlocks.filter { $0.declares(Schema.displayName.schema) }

  /// The kinds with a child kind that has a `display_name` or has one under it: the only blocks
  /// whose children are looked at (a task's inputs and outputs, most of a project's blocks, are not).
  private static let parents: [BlockSchema] = {
    var reaching = named
    var parents: [BlockSchema] = []
    var grew = true
    while grew {
      grew = false
      for schema in Schema.allBlocks where !parents.contains(where: { $0 === schema }) {
        guard schema.children.contains(where: { kind in reaching.contains { $0.kind == kind } }) else { continue }
        parents.append(schema)
        if !reaching.contains(where: { $0 === schema }) { reaching.append(schema) }
        grew = true
      }
    }
    return parents
  }()

  /// Reports a long `display_name` of `block` or of a block under it, in `walkLastFirst`'s order
  /// (the block, then its children's subtrees from last to first), going only where one can be.
  private func check(_ block: BlockInstance, _ context: inout ValidationContext) {
    let schema = block.schema
    // `display_name` is one key shared by every kind that has one, so it is read off any of them.
    // No more UTF-8 bytes than the limit means no more characters: most names stop there.
    if Self.named.contains(where: { $0 === schema }), let attribute = block.attributes[Schema.displayName.schema],
      let name = attribute.value.stringValue, name.utf8.count > Self.limit, name.count > Self.limit
    {
      context.report(
        self, at: attribute.valueLocation,
        "the display name of `\(block.kind) \(block.label ?? "")` has \(name.count) characters; Azure accepts at most 1,024: shorten it, and move details into `metadata`"
      )
    }
    guard Self.parents.contains(where: { $0 === schema }) else { return }
    for child in block.children.reversed() { check(child, &context) }
  }
}
