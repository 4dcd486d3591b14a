// BS5054: two data disks of a pool on one logical unit number.

/// Flags a `data_disk` whose `lun` an earlier data disk of the same pool has.
package struct DuplicateDataDiskLUN: ValidationRule {
  package let code = DiagnosticCode(
    "BS5054", "duplicate-data-disk-lun", .error, "Two `data_disk` blocks of one pool with the same `lun`.")

  package let documentation = """
    ## What it does
    Flags a pool's `data_disk` whose `lun` an earlier `data_disk` of the pool already has.

    ## Why is this bad?
    The logical unit number is how a node tells its disks apart: the virtual machines cannot be
    created with two disks on one LUN, so the pool gets no nodes.

    ## Example
    ```
    data_disk { lun = 0, size_gb = 128 }
    data_disk { lun = 0, size_gb = 512 }
    ```

    ## Use instead
    ```
    data_disk { lun = 0, size_gb = 128 }
    data_disk { lun = 1, size_gb = 512 }
    ```

    ## Azure limit
    Batch REST API 2025-06-01, `DataDisk.logicalUnitNumber`: "The logicalUnitNumber is used to
    uniquely identify each data disk. If attaching multiple disks, each should have a distinct
    logicalUnitNumber. The value must be between 0 and 63, inclusive."
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for pool in context.pools {
      guard pool.child(\.dataDisk) != nil else { continue }
      var seen: [(lun: Int64, location: Location)] = []
      for disk in pool.children(\.dataDisk) {
        guard let lun = disk.written(\.lun) else { continue }
        if let other = seen.first(where: { $0.lun == lun.value }) {
          context.report(
            self, at: lun.valueLocation,
            "pool `\(pool.label ?? "")` already has a data disk on LUN \(lun.value), and each disk of a node needs its own: choose another `lun` (0 to 63)",
            notes: [Note("the other data disk", at: other.location)])
        } else {
          seen.append((lun.value, lun.valueLocation))
        }
      }
    }
  }
}
