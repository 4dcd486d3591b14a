// BS3004: more pools in an account than its pool quota.

/// Flags an account with more pools than its pool quota.
package struct PoolQuota: ValidationRule {
  package let code = DiagnosticCode(
    "BS3004", "pool-quota-exceeded", .error, "An account has more pools than its pool quota.")

  package let documentation = """
    ## What it does
    Counts the pools of each Batch account across the project's files and compares the count with
    `quota { pools }`; without a declared quota, the documented default (100, configurable) is
    assumed and the finding is a warning. A project that declares no `account` is checked in the same
    way against the account it is submitted to.

    ## Why is this bad?
    Creating the pool over the quota fails, and every job that runs on it fails with it.

    ## Example
    ```
    account lab { location = "eastus", quota { pools = 1 } }
    pool a { ... }
    pool b { ... }
    ```

    ## Use instead
    Merge pools that share a VM size and image, or raise the quota and declare it.

    ## Azure limit
    Pools per Batch account: 0-100 by default, at most 500. The quota applies in both allocation modes.
    """

  package init() {}

  package func check(_ context: inout ValidationContext) {
    let facts = context.facts
    for account in facts.quotaAccounts {
      let pools = facts.pools(of: account)
      guard
        let limit = QuotaSupport.limit(
          account, \.pools, assumed: context.configuration.assumedQuotas.pools,
          undeclaredAt: pools.first?.nameLocation)
      else { continue }
      guard pools.count > limit.value else { continue }
      context.report(
        self, at: limit.location,
        "\(QuotaSupport.owner(account)) has \(pools.count) pools, \(Int64(pools.count) - limit.value) over \(limit.phrase(\.pools)): merge pools or raise the quota",
        severity: limit.severity, notes: QuotaSupport.listNotes(pools, kind: "pool"))
    }
  }
}
