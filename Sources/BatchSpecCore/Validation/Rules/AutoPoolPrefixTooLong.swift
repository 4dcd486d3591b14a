// BS5050: an auto pool whose ID prefix, written or its name by default, is longer than Batch allows.

/// Flags an auto pool whose `id_prefix`, or without one its label (which compile sends in its
/// place), is longer than 20 characters.
package struct AutoPoolPrefixTooLong: ValidationRule {
  package let code = DiagnosticCode(
    "BS5050", "auto-pool-prefix-too-long", .error,
    "An auto pool whose `id_prefix` (its name when not written) is longer than 20 characters.")

  package let documentation = """
    ## What it does
    Flags the `id_prefix` of a pool's `auto` block when it is longer than 20 characters, and an
    `auto` block without one in a pool whose name is: compile sends the pool's name as the prefix
    then. An unsafe fix writes an `id_prefix` of the name's first 20 characters. (`id_prefix = ""`
    sends no prefix at all.)

    ## Why is this bad?
    Batch refuses the job (or job schedule) that uses the pool with 400 (Bad Request), although
    nothing in the pool itself looks wrong: pool names may have 64 characters.

    ## Example
    ```
    pool nightly-rendering-farm {
      vm_size = "Standard_D4s_v3"
      image   = "canonical/ubuntu-24_04-lts/server"
      auto { lifetime = job }
    }
    ```

    ## Use instead
    ```
    pool nightly-rendering-farm {
      vm_size = "Standard_D4s_v3"
      image   = "canonical/ubuntu-24_04-lts/server"
      auto {
        lifetime  = job
        id_prefix = "nightly-render"
      }
    }
    ```

    ## Azure limit
    Batch REST API 2025-06-01, `BatchAutoPoolSpecification.autoPoolIdPrefix`: "The Batch service
    assigns each auto Pool a unique identifier on creation. To distinguish between Pools created
    for different purposes, you can specify this element to add a prefix to the ID that is
    assigned. The prefix can be up to 20 characters long."
    """

  private static let limit = 20

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for pool in context.pools {
      guard let auto = pool.child(\.auto) else { continue }
      if let prefix = auto.written(\.idPrefix) {
        guard prefix.value.count > Self.limit else { continue }
        context.report(
          self, at: prefix.valueLocation,
          "auto pool ID prefix `\(prefix.value)` has \(prefix.value.count) characters, and Batch refuses a prefix of more than \(Self.limit) (it adds a unique ID to it): shorten it"
        )
        continue
      }
      guard let label = pool.label, label.count > Self.limit else { continue }
      var short = label.prefix(Self.limit)
      while let last = short.last, last == "-" || last == "_" { short.removeLast() }
      let text = "id_prefix = \"\(short)\""
      let edit =
        auto.written(\.lifetime).map { context.insertion(text, after: $0) }
        ?? auto.written(\.keepAlive).map { context.insertion(text, after: $0) }
      context.report(
        self, at: auto.nameLocation,
        "auto pool `\(label)` has no `id_prefix`, so compile sends its name as the prefix of the pools Batch creates, and Batch refuses a prefix of more than \(Self.limit) characters (this one has \(label.count)): write a shorter `id_prefix`, or `id_prefix = \"\"` for none",
        fixIts: edit.map { [FixIt("write `\(text)`", edits: [$0], isSafe: false)] } ?? [])
    }
  }
}
