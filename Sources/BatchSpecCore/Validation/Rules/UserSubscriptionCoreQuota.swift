// BS3006: core quotas declared for an account in `user_subscription` allocation mode.

/// Flags core quotas that Batch does not apply because nodes live in the user's subscription.
package struct UserSubscriptionCoreQuota: ValidationRule {
  package let code = DiagnosticCode(
    "BS3006", "core-quota-in-user-subscription", .warning,
    "Core quotas declared for an account whose nodes live in the user's subscription, where they do not apply.")

  package let documentation = """
    ## What it does
    Flags `dedicated_cores`, `spot_cores` and `family` quotas of an account with
    `allocation = user_subscription`. The core quota rules do not check such accounts.

    ## Why is this bad?
    In user-subscription mode the account's core quotas are not used: the subscription's regional and
    per-family vCPU quotas are. A quota written in the spec suggests a check that does not happen.

    ## Example
    ```
    account lab { allocation = user_subscription, quota { dedicated_cores = 200 } }
    ```

    ## Use instead
    ```
    account lab { allocation = user_subscription, quota { pools = 20, active_jobs = 100 } }
    ```
    and check the subscription's vCPU quotas in the region (`az vm list-usage`).

    ## Azure limit
    `UserSubscription` pool allocation mode: Batch core quotas do not apply; the subscription's
    regional vCPU quotas do. Pool and active-job quotas still apply per account.
    """

  package init() {}

  package func check(_ context: inout ValidationContext) {
    let project = context.project
    for account in project.accounts where project.isUserSubscription(account) {
      guard let quota = account.child(\.quota) else { continue }
      let attributes = [quota.written(\.dedicatedCores), quota.written(\.spotCores)].compactMap { $0 }
      let locations = attributes.map(\.location) + quota.children(\.family).map(\.location)
      for location in locations {
        context.report(
          self, at: location,
          "account `\(account.label ?? "")` uses `user_subscription` allocation: Batch core quotas do not apply there (the subscription's regional vCPU quotas do); remove this quota",
          fixIts: [context.removal("remove the quota", location, safe: false)])
      }
    }
  }
}
