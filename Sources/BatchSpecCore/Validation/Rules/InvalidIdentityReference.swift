// BS4005: a storage account's `identity` or a pool's `identities` that is not a user-assigned
// managed identity's resource ID.

/// Flags `identity` and `identities` values that are not the resource ID of a user-assigned
/// managed identity.
package struct InvalidIdentityReference: ValidationRule {
  package let code = DiagnosticCode(
    "BS4005", "invalid-identity-reference", .error,
    "A storage `identity` or pool `identities` entry that is not the resource ID of a user-assigned managed identity.")

  package let documentation = """
    ## What it does
    Checks that each storage account's `identity`, and each entry of a pool's `identities`, is the
    ARM resource ID of a user-assigned managed identity:
    `/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>`.

    ## Why is this bad?
    Batch refuses the resource files and output files that name the identity, and Azure Resource
    Manager the pool that should hold it; the storage account stays unreachable for the tasks.

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
    pool. A pool's `identity.userAssignedIdentities` (management API, `Microsoft.Batch/batchAccounts/pools`):
    keys are user-assigned identities' ARM resource IDs.
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for storage in context.storageAccounts {
      guard let attribute = storage.written(\.identity) else { continue }
      if !Self.isUserAssignedIdentity(attribute.value) {
        report(attribute.value, at: attribute.valueLocation, &context)
      }
    }
    for pool in context.pools {
      guard let attribute = pool.written(\.identities) else { continue }
      for id in attribute.value where !Self.isUserAssignedIdentity(id) {
        report(id, at: Self.element(id, of: attribute.valueLocation, in: context.project.project), &context)
      }
    }
  }

  /// Whether `id` is `/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>`
  /// (ARM compares the words without regard to case).
  package static func isUserAssignedIdentity(_ id: String) -> Bool {
    let parts = id.lowercased().split(separator: "/", omittingEmptySubsequences: false)
    return parts.count == 9 && parts[0].isEmpty && parts[1] == "subscriptions" && !parts[2].isEmpty
      && parts[3] == "resourcegroups" && !parts[4].isEmpty && parts[5] == "providers"
      && parts[6] == "microsoft.managedidentity" && parts[7] == "userassignedidentities" && !parts[8].isEmpty
  }

  /// Where the list at `list` writes the string `id` (quotes included), or the whole list when it
  /// does not write it literally (a param, an escape).
  static func element(_ id: String, of list: Location, in project: Project) -> Location {
    let bytes = project.file(list.file).bytes
    let needle = Array("\"\(id)\"".utf8)
    var start = list.range.start
    while start + needle.count <= list.range.end {
      if bytes[start..<start + needle.count].elementsEqual(needle) {
        return Location(list.file, TextRange(start, start + needle.count))
      }
      start += 1
    }
    return list
  }

  private func report(_ id: String, at location: Location, _ context: inout ValidationContext) {
    context.report(
      self, at: location,
      "`\(id)` is not a user-assigned identity's resource ID: write `/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>`"
    )
  }
}
