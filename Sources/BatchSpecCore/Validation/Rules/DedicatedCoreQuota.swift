// BS3001: the dedicated cores of an account's pools over its dedicated core quota.

/// Flags an account whose pools' dedicated nodes need more vCPUs than its dedicated core quota.
package struct DedicatedCoreQuota: ValidationRule {
  package let code = DiagnosticCode(
    "BS3001", "dedicated-core-quota-exceeded", .error,
    "The dedicated cores of an account's pools add up to more than its dedicated core quota.")

  package let documentation = """
    ## What it does
    Adds up `dedicated_nodes × vCPUs of vm_size` over every pool of each Batch account, in every file
    of the project, and compares the total with the account's `quota { dedicated_cores }`. When the
    account declares no quota, the documented default (900, configurable) is assumed and the finding
    is a warning. A project that declares no `account` is checked in the same way against the
    account it is submitted to, at its first pool.
    The finding notes each pool's share at the pool; past ten pools it lists the ten largest
    and sums the rest in one note.

    ## Why is this bad?
    Batch accepts the pools but cannot allocate the nodes: the pools stop at a resize error and the
    jobs on them wait for nodes that never come.

    ## Example
    ```
    account renderfarm { location = "westeurope", quota { dedicated_cores = 100 } }
    pool render-pool { vm_size = "Standard_D16s_v3", dedicated_nodes = 8 }  // 128 vCPUs
    ```

    ## Use instead
    ```
    pool render-pool { vm_size = "Standard_D16s_v3", dedicated_nodes = 6 }   // 96 vCPUs
    ```
    or ask Azure support for a higher quota and declare it.

    ## Azure limit
    Dedicated cores per Batch account: 0-900 by default, raised by a support request. Cores of a pool
    = target dedicated nodes × vCPUs of its VM size. In `user_subscription` allocation mode the
    subscription's regional vCPU quota applies instead, and this rule is silent.
    """

  package init() {}

  package func check(_ context: inout ValidationContext) {
    QuotaSupport.checkCores(.dedicated, for: self, &context)
  }

}
