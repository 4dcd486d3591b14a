// BS4005: a storage account `identity` that is not a user-assigned managed identity's resource ID.

/// Flags `identity` values that are not the resource ID of a user-assigned managed identity.
package struct InvalidIdentityReference: ValidationRule {
  package let code = DiagnosticCode(
    "BS4005", "invalid-identity-reference", .error,
    "A storage `identity` that is not the resource ID of a user-assigned managed identity.")

  package let documentation = """
    ## What it does
    Checks that each storage account's `identity` is the ARM resource ID of a user-assigned managed
    identity: `/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>`.

    ## Why is this bad?
    Batch refuses the resource files and output files that name the identity, or the pool that should
    hold it; the storage account stays unreachable for the tasks.

    ## Example
    ```
    storage data { identity = "sim-nodes" }
    ```

    ## Use instead
    ```
    storage data {
      identity = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/infra/providers/Microsoft.ManagedIdentity/userAssignedIdentities/sim-nodes"
    }
    ```

    ## Azure limit
    `identityReference.resourceId`: the ARM resource ID of a user-assigned identity assigned to the
    pool.
    """

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for storage in context.project.storageAccounts {
      guard let attribute = storage.written(\.identity) else { continue }
      let id = attribute.value
      let parts = id.lowercased().split(separator: "/", omittingEmptySubsequences: false)
      let valid =
        parts.count == 9 && parts[0].isEmpty && parts[1] == "subscriptions" && !parts[2].isEmpty
        && parts[3] == "resourcegroups" && !parts[4].isEmpty && parts[5] == "providers"
        && parts[6] == "microsoft.managedidentity" && parts[7] == "userassignedidentities" && !parts[8].isEmpty
      guard !valid else { continue }
      context.report(
        self, at: attribute.valueLocation,
        "`\(id)` is not a user-assigned identity's resource ID: write `/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>`"
      )
    }
  }
}
