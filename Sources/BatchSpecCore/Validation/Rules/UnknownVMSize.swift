// BS5001: a `vm_size` that is not in the embedded VM size table, or that Batch does not offer.

/// Flags VM sizes batchspec does not know (suggesting the nearest names) and sizes Batch refuses.
package struct UnknownVMSize: ValidationRule {
  package let code = DiagnosticCode(
    "BS5001", "unknown-vm-size", .warning,
    "A `vm_size` that is not a known Azure VM size, or one Batch pools cannot use.")

  package let documentation = """
    ## What it does
    Looks `vm_size` up in batchspec's embedded VM size table (name, vCPUs, memory, quota family,
    availability in Batch; names compared without regard to case). A name that is not shaped like an
    Azure size (`Standard_...` or `Basic_...`) or that Batch does not offer is an error; a well-formed
    name missing from the table is a warning, with the nearest known names, since the table holds
    the common sizes only. The quota rules cannot count the cores of an unknown size.

    ## Why is this bad?
    Creating a pool with a misspelt or unsupported size fails, and with it every job on the pool.

    ## Example
    ```
    pool render-pool { vm_size = "Standard_D4_v3s" }
    ```

    ## Use instead
    ```
    pool render-pool { vm_size = "Standard_D4s_v3" }
    ```

    ## Azure limit
    A pool's `vmSize` must be a size offered in the account's region; Batch supports every Azure VM
    size except `Standard_A0` (and the premium-storage sizes of the retired Cloud Services
    configuration).
    """

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for pool in context.project.pools {
      guard let attribute = pool.written(\.vmSize) else { continue }
      let name = attribute.value
      if let size = VMSizes.size(named: name) {
        if !size.isBatchAvailable {
          context.report(
            self, at: attribute.valueLocation,
            "`\(size.name)` is not offered to Batch pools: pick another size, such as `Standard_A1_v2`",
            severity: .error)
        }
        continue
      }
      let nearest = VMSizes.nearest(to: name)
      let wellFormed = (name.hasPrefix("Standard_") || name.hasPrefix("Basic_")) && name.count > 9
      let hint = nearest.isEmpty ? "" : "; did you mean \(nearest.map { "`\($0)`" }.joined(separator: ", "))?"
      let message =
        wellFormed
        ? "`\(name)` is not in batchspec's VM size table\(hint) If it is a real size, its cores are not counted against quotas"
        : "`\(name)` is not an Azure VM size: sizes look like `Standard_D4s_v3`\(hint)"
      context.report(
        self, at: attribute.valueLocation, message, severity: wellFormed ? nil : .error,
        fixIts: nearest.prefix(1).map {
          context.replace("replace with `\($0)`", attribute.valueLocation, with: "\"\($0)\"", safe: false)
        })
    }
  }
}
