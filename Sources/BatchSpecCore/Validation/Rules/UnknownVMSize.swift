// BS5001: a `vm_size` that is not in the VM size catalogue, or that Batch refuses.

/// Flags VM sizes batchspec does not know (suggesting the nearest names) and sizes Batch refuses.
package struct UnknownVMSize: ValidationRule {
  package let code = DiagnosticCode(
    "BS5001", "unknown-vm-size", .warning,
    "A `vm_size` that is not a known Azure VM size, or one Batch pools cannot use.")

  package let documentation = """
    ## What it does
    Looks `vm_size` up in batchspec's VM size catalogue (name, vCPUs, memory, GPUs, quota family,
    retirement; names compared without regard to case, as Azure compares them). A name that is not
    shaped like an Azure size (`Standard_...` or `Basic_...`, in any case) is an error, and so is a size
    Batch refuses (`Standard_A0`, `Basic_A0` and the premium-storage DS, DSv2 and GS series). A
    well-formed name missing from the catalogue is a warning, with the nearest known names: the size may
    be real, but its cores are not counted against quotas. Retired sizes are `retired-vm-size` (BS5024).

    ## Why is this bad?
    Creating a pool with a misspelt or refused size fails, and with it every job on the pool.

    ## Example
    ```
    pool render-pool { vm_size = "Standard_D4_v3s" }
    pool old-pool { vm_size = "Standard_DS3_v2" }
    ```

    ## Use instead
    ```
    pool render-pool { vm_size = "Standard_D4s_v3" }
    pool old-pool { vm_size = "Standard_D4s_v5" }
    ```

    ## Azure limit
    A pool's `vmSize` must be a size offered in the account's region. The Batch REST spec: "Batch
    supports all Azure VM sizes except STANDARD_A0 and those with premium storage (STANDARD_GS,
    STANDARD_DS, and STANDARD_DSV2 series)." Size names compare without regard to case.
    """

  package var scope: RuleScope { .resources }

  package init() {}

  /// The size `name` stands for, and how it differs: blanks around it, or without the `Standard_`
  /// prefix the portal leaves out (`D8s_v3`).
  static func intended(_ name: String) -> (VMSize, String)? {
    let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    let trimmed = String(name.drop(while: blank).reversed().drop(while: blank).reversed())
    // A size Batch refuses is no better advice: the refusal's message names its successor.
    if trimmed != name, let size = VMSizes.size(named: trimmed), size.status != .refusedByBatch {
      return (size, "it has blanks around the name")
    }
    if !trimmed.lowercased().hasPrefix("standard_"), let size = VMSizes.size(named: "Standard_" + trimmed),
      size.status != .refusedByBatch
    {
      return (size, "Batch names sizes with their `Standard_` prefix")
    }
    return nil
  }

  package func check(_ context: inout ValidationContext) {
    for pool in context.pools {
      guard let attribute = pool.written(\.vmSize) else { continue }
      let name = attribute.value
      if let size = VMSizes.size(named: name) {
        guard size.status == .refusedByBatch else { continue }
        let successor = size.successor.flatMap(VMSizes.size(named:))
        context.report(
          self, at: attribute.valueLocation,
          "Batch pools cannot use `\(size.name)`: Batch refuses A0 and the premium-storage DS, DSv2 and GS series\(successor.map { "; use `\($0.name)` (\($0.shape))" } ?? "")",
          severity: .error,
          fixIts: successor.map {
            [context.replace("replace with `\($0.name)`", attribute.valueLocation, with: "\"\($0.name)\"", safe: false)]
          } ?? [])
        continue
      }
      if let (size, why) = Self.intended(name) {
        // Blanks around a size, or the portal's short name: the same size, so the fix is safe.
        context.report(
          self, at: attribute.valueLocation,
          "`\(name)` is not an Azure VM size as written: \(why); write `\(size.name)`", severity: .error,
          fixIts: context.isStringLiteral(attribute.valueLocation)
            ? [
              context.replace(
                "replace with `\(size.name)`", attribute.valueLocation, with: "\"\(size.name)\"", safe: true)
            ]
            : [])
        continue
      }
      let nearest = VMSizes.nearest(to: name)
      let wellFormed = VMSizes.isWellFormed(name)
      let hint = nearest.isEmpty ? "" : "; did you mean \(nearest.map { "`\($0)`" }.joined(separator: ", "))?"
      let message =
        wellFormed
        ? "`\(name)` is not in batchspec's VM size catalogue\(hint) If it is a real size, its cores are not counted against quotas"
        : "`\(name)` is not an Azure VM size: sizes look like `Standard_D4s_v5`\(hint)"
      context.report(
        self, at: attribute.valueLocation, message, severity: wellFormed ? nil : .error,
        fixIts: nearest.prefix(1).map {
          context.replace("replace with `\($0)`", attribute.valueLocation, with: "\"\($0)\"", safe: false)
        })
    }
  }
}
