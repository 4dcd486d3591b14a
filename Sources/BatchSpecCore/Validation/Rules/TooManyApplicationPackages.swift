// BS5019: a pool deploying more application packages than Batch allows.

/// Flags a pool whose `applications` list holds more than 10 packages.
package struct TooManyApplicationPackages: ValidationRule {
  package let code = DiagnosticCode(
    "BS5019", "too-many-application-packages", .error, "A pool with more than 10 application packages.")

  package let documentation = """
    ## What it does
    Counts the packages in each pool's `applications` list and flags more than 10.

    ## Why is this bad?
    Batch refuses the pool; the limit cannot be raised.

    ## Example
    ```
    pool p { applications = [a, b, c, d, e, f, g, h, i, j, k] }
    ```

    ## Use instead
    Deploy the packages tasks need on the tasks themselves (`applications` of a task), or bundle
    tools into one package or a custom image.

    ## Azure limit
    Application packages per pool: 10 (a fixed limit). Packages per application: 40.
    """

  private static let limit = 10

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for pool in context.project.pools {
      guard let attribute = pool.written(\.applications) else { continue }
      let count = attribute.value.count
      guard count > Self.limit else { continue }
      context.report(
        self, at: attribute.valueLocation,
        "pool `\(pool.label ?? "")` deploys \(count) application packages; Azure allows at most \(Self.limit) per pool: move some to the tasks that need them, or bundle them"
      )
    }
  }
}
