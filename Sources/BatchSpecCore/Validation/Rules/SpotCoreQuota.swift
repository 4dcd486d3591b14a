// BS3002: the spot (low-priority) cores of an account's pools over its spot core quota.

/// Flags an account whose pools' spot nodes need more vCPUs than its spot core quota.
package struct SpotCoreQuota: ValidationRule {
  package let code = DiagnosticCode(
    "BS3002", "spot-core-quota-exceeded", .error,
    "The spot cores of an account's pools add up to more than its spot (low-priority) core quota.")

  package let documentation = """
    ## What it does
    Adds up `spot_nodes × vCPUs of vm_size` over every pool of each Batch account, across the
    project's files, and compares the total with `quota { spot_cores }`. Without a declared quota the
    documented default (100, configurable) is assumed and the finding is a warning. A project that
    declares no `account` is checked in the same way against the account it is submitted to.
    The finding notes each pool's share at the pool; past ten pools it lists the ten largest
    and sums the rest in one note.

    ## Why is this bad?
    Spot nodes beyond the quota are never allocated: the pool stays smaller than the spec says and
    the job takes longer than planned, without an error anyone sees at submit time.

    ## Example
    ```
    account renderfarm { location = "westeurope", quota { spot_cores = 32 } }
    pool render-pool { vm_size = "Standard_D4s_v3", spot_nodes = 10 }  // 40 vCPUs
    ```

    ## Use instead
    ```
    pool render-pool { vm_size = "Standard_D4s_v3", spot_nodes = 8 }   // 32 vCPUs
    ```

    ## Azure limit
    Low-priority/spot cores per Batch account: 0-100 by default, raised by a support request. Only
    the account's total applies to spot nodes, whatever their VM family. Not in `user_subscription`
    allocation mode, where the subscription's quotas apply.
    """

  package init() {}

  package func check(_ context: inout ValidationContext) {
    QuotaSupport.checkCores(.spot, for: self, &context)
  }

}
