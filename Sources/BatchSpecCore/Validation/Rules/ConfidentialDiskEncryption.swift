// BS5032: a confidential VM pool without its OS disk's security encryption type, or that type on a
// pool that is not confidential.

/// Flags `os_disk.security_encryption` and `security { type = confidential_vm }` written without
/// the other.
package struct ConfidentialDiskEncryption: ValidationRule {
  package let code = DiagnosticCode(
    "BS5032", "confidential-disk-encryption", .error,
    "A confidential VM pool without `os_disk.security_encryption`, or that setting on a pool that is not confidential.")

  package let documentation = """
    ## What it does
    Checks each pool: `security { type = confidential_vm }` needs `os_disk { security_encryption =
    ... }`, and `security_encryption` needs a confidential VM.

    ## Why is this bad?
    Batch refuses the pool either way: a confidential VM must say what its managed OS disk encrypts
    with the VM's guest state, and no other VM has a guest state to encrypt.

    ## Example
    ```
    pool p {
      vm_size = "Standard_DC4as_v5"
      security { type = confidential_vm }
    }
    ```

    ## Use instead
    ```
    pool p {
      vm_size = "Standard_DC4as_v5"
      security { type = confidential_vm }
      os_disk { security_encryption = vm_guest_state_only }
    }
    ```

    ## Azure limit
    `managedDisk.securityProfile.securityEncryptionType` (`BatchVmDiskSecurityProfile`, Batch REST
    API 2025-06-01): "It can be set for only Confidential VMs and is required when using
    Confidential VMs."
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for pool in context.pools {
      let security = pool.child(\.security)
      let type = security?.written(\.type)
      let encryption = pool.child(\.osDisk)?.written(\.securityEncryption)
      let name = pool.label ?? ""
      if let type, type.value == .confidentialVM, encryption == nil {
        context.report(
          self, at: type.valueLocation,
          "pool `\(name)` runs confidential VMs but its OS disk has no `security_encryption`: Azure requires it; add `os_disk { security_encryption = vm_guest_state_only }` (or `disk_with_vm_guest_state`, `non_persisted_tpm`)"
        )
      } else if let encryption, type?.value != .confidentialVM {
        context.report(
          self, at: encryption.valueLocation,
          "pool `\(name)` sets `security_encryption`, which only confidential VMs have: add `security { type = confidential_vm }` or remove it"
        )
      }
    }
  }
}
