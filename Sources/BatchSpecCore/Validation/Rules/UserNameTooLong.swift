// BS5029: a pool user account whose name is longer than Batch accepts.

/// Flags a pool's `user` block whose name has more than 20 characters.
package struct UserNameTooLong: ValidationRule {
  package let code = DiagnosticCode(
    "BS5029", "user-name-too-long", .error, "A pool `user` account name longer than 20 characters.")

  package let documentation = """
    ## What it does
    Counts the characters of each pool `user` block's name and flags more than 20.

    ## Why is this bad?
    Batch refuses the pool.

    ## Example
    ```
    user render-farm-operator { password = env("OPERATOR_PASSWORD") }
    ```

    ## Use instead
    ```
    user render-operator { password = env("OPERATOR_PASSWORD") }
    ```
    Rename the `run_as` references to it too.

    ## Azure limit
    Batch REST API 2025-06-01, `UserAccount.name`: "The name of the user Account. Names can contain
    any Unicode characters up to a maximum length of 20."
    """

  private static let limit = 20

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for pool in context.pools {
      for user in pool.children(\.user) {
        guard let name = user.label, name.utf8.count > Self.limit, name.count > Self.limit else { continue }
        context.report(
          self, at: user.nameLocation,
          "user name `\(name)` of pool `\(pool.label ?? "")` has \(name.count) characters; Azure allows at most \(Self.limit): shorten it, and the `run_as` that name it"
        )
      }
    }
  }
}
