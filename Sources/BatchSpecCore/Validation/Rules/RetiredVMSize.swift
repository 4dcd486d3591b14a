// BS5024: a `vm_size` that Azure has retired.

/// Flags pools whose VM size is retired, with the date and the catalogue's suggested successor.
package struct RetiredVMSize: ValidationRule {
  package let code = DiagnosticCode(
    "BS5024", "retired-vm-size", .warning,
    "A `vm_size` that Azure has retired: the pool cannot get nodes of it.")

  package let documentation = """
    ## What it does
    Looks `vm_size` up in batchspec's VM size catalogue and warns when the size is retired, with its
    retirement date and a suggested successor (offered as a fix). Sizes with an announced retirement
    that has not come yet are not flagged: hover over the size to see the date and the successor.

    ## Why is this bad?
    After a series retires, Azure deallocates its VMs and allocates no new ones: a pool of a retired
    size stays empty (resize errors), and its jobs never run.

    ## Example
    ```
    pool gpu-pool { vm_size = "Standard_NC6s_v3" }  // NCv3: retired 2025-09-30
    ```

    ## Use instead
    ```
    pool gpu-pool { vm_size = "Standard_NC40ads_H100_v5" }
    ```

    ## Azure limit
    Microsoft's list of retired VM size series (learn.microsoft.com, virtual-machines/sizes/lifecycle):
    at the retirement date, remaining VMs are deallocated and the size can no longer be created. The
    catalogue records the date and the replacement Microsoft's migration guides recommend.
    """

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for pool in context.project.pools {
      guard let attribute = pool.written(\.vmSize), let size = VMSizes.size(named: attribute.value),
        size.status == .retired
      else { continue }
      let successor = size.successor.flatMap(VMSizes.size(named:))
      let retired = size.retirement.map { " on \($0)" } ?? ""
      context.report(
        self, at: attribute.valueLocation,
        "`\(size.name)` was retired\(retired): Azure no longer allocates it\(successor.map { "; use `\($0.name)` (\($0.shape))" } ?? "")",
        fixIts: successor.map {
          [context.replace("replace with `\($0.name)`", attribute.valueLocation, with: "\"\($0.name)\"", safe: false)]
        } ?? [])
    }
  }
}
