// BS5031: a disk encryption set on a pool whose account does not allocate nodes in the user's
// subscription.

/// Flags `encryption_set` on the disks of a pool whose account uses `batch_service` allocation.
package struct DiskEncryptionSetAllocation: ValidationRule {
  package let code = DiagnosticCode(
    "BS5031", "disk-encryption-set-allocation", .error,
    "A disk encryption set on a pool of an account that does not allocate nodes in the user's subscription.")

  package let documentation = """
    ## What it does
    Checks each `os_disk` and `data_disk` that sets `encryption_set` against the pool's account:
    the account must have `allocation = user_subscription`. A pool whose account the project does
    not declare is not checked.

    ## Why is this bad?
    Batch refuses the pool: in Batch-service allocation mode the nodes' disks belong to Batch's
    subscription, where your disk encryption set cannot be used.

    ## Example
    ```
    account lab { location = "westeurope", allocation = batch_service }
    pool p {
      account = lab
      os_disk { encryption_set = "/subscriptions/.../diskEncryptionSets/lab-keys" }
    }
    ```

    ## Use instead
    ```
    account lab { location = "westeurope", allocation = user_subscription }
    ```
    or encrypt with the platform's keys (`disk_encryption = [os_disk, temporary_disk]`).

    ## Azure limit
    `managedDisk.diskEncryptionSet` (`ManagedDisk`, Batch REST API 2025-06-01): "Specifies the
    customer managed disk encryption set resource id for the managed disk. It can be set only in
    UserSubscription mode."
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    let facts = context.facts
    for pool in context.pools {
      guard let account = facts.account(of: pool), account[\.allocation] != .userSubscription else { continue }
      var written = pool.child(\.osDisk)?.written(\.encryptionSet).map { [$0] } ?? []
      written += pool.children(\.dataDisk).compactMap { $0.written(\.encryptionSet) }
      for attribute in written {
        context.report(
          self, at: attribute.valueLocation,
          "pool `\(pool.label ?? "")` is in account `\(account.label ?? "")`, which allocates nodes in Batch's subscription: Azure accepts a disk encryption set only with `allocation = user_subscription`",
          notes: [Note("account `\(account.label ?? "")` is declared here", at: account.nameLocation)])
      }
    }
  }
}
