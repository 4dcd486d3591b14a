// BS5053: a pool user with a Linux `uid` but no `gid`, or a `gid` but no `uid`.

/// Flags a `user` block that writes one of `uid` and `gid` without the other.
package struct UIDWithoutGID: ValidationRule {
  package let code = DiagnosticCode(
    "BS5053", "uid-without-gid", .error, "A pool `user` with a `uid` but no `gid`, or a `gid` but no `uid`.")

  package let documentation = """
    ## What it does
    Flags the `uid` or `gid` of a pool's `user` block when the other is not written.

    ## Why is this bad?
    Batch requires the two together: it refuses the pool with 400 (Bad Request). Without either,
    the node's operating system chooses both.

    ## Example
    ```
    user render { password = env("RENDER_PASSWORD"), uid = 1001 }
    ```

    ## Use instead
    ```
    user render { password = env("RENDER_PASSWORD"), uid = 1001, gid = 1001 }
    ```

    ## Azure limit
    Batch REST API 2025-06-01, `LinuxUserConfiguration.uid` and `.gid`: "The uid and gid
    properties must be specified together or not at all. If not specified the underlying
    operating system picks the uid."
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for pool in context.pools {
      for user in pool.children(\.user) {
        let uid = user.written(\.uid)
        let gid = user.written(\.gid)
        guard (uid == nil) != (gid == nil), let written = uid ?? gid else { continue }
        let (has, lacks) = uid == nil ? ("gid", "uid") : ("uid", "gid")
        context.report(
          self, at: written.location,
          "user `\(user.label ?? "")` has a `\(has)` but no `\(lacks)`, and Batch requires the two together: write `\(lacks)` too, or neither"
        )
      }
    }
  }
}
