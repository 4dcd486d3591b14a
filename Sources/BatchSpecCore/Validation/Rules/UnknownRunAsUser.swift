// BS5055: a command that runs as a user its pool does not define.

/// Flags a task, start task, manager, preparation or release task whose `run_as` names no `user`
/// of the pool it runs on.
package struct UnknownRunAsUser: ValidationRule {
  package let code = DiagnosticCode(
    "BS5055", "unknown-run-as-user", .error,
    "A command's `run_as` names no `user` account of the pool it runs on.")

  package let documentation = """
    ## What it does
    Reads the `run_as` of every task, start task, manager, preparation and release task, and
    flags a name that is none of the `user` blocks of its pool. A pool the project does not
    create (`existing_pool`) is not checked: its accounts are not known here.

    ## Why is this bad?
    A named user is an account the pool creates on its nodes (`userAccounts`); a command can run as
    one of those only. Batch has no other account of that name to run it as.

    ## Example
    ```
    pool render-pool { ..., user renderer { password = env("RENDERER_PASSWORD") } }
    job render { pool = render-pool, task frame { command = "render.sh", run_as = "render" } }
    ```

    ## Use instead
    ```
    job render { pool = render-pool, task frame { command = "render.sh", run_as = "renderer" } }
    ```

    ## Azure limit
    Batch REST API 2025-06-01, `UserIdentity.username`: "The name of the user identity under which
    the Task is run."; `BatchPool.userAccounts`: "The list of user Accounts to be created on each
    Compute Node in the Pool."
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for command in context.commandBlocks {
      guard let written = command.block.written(Schema.runAs), let pool = command.pool else { continue }
      let users = pool.children(\.user).compactMap(\.label)
      guard !users.contains(written.value) else { continue }
      let suggestion = Suggestions.closest(to: written.value, in: users)
      let known = users.isEmpty ? "it defines none" : "its users: " + users.map { "`\($0)`" }.joined(separator: ", ")
      context.report(
        self, at: written.valueLocation,
        "\(command.title) runs as `\(written.value)`, a user pool `\(pool.label ?? "")` does not create (\(known))"
          + Suggestions.didYouMeanOrStop(suggestion)
          + " A command runs only as a user of its pool: add `user \(Literal.name(written.value)) { ... }` to the pool, or run as one of its users",
        fixIts: suggestion.map {
          [context.replace("run as `\($0)`", written.valueLocation, with: Literal.string($0), safe: false)]
        } ?? [])
    }
  }
}
