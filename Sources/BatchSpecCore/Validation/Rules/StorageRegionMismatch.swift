// BS4001: a storage account in another region than the Batch account that uses it.

/// Flags storage used by a Batch account (linked, or named by its tasks) in another region.
package struct StorageRegionMismatch: ValidationRule {
  package let code = DiagnosticCode(
    "BS4001", "storage-region-mismatch", .warning,
    "A storage account in another region than the Batch account whose pools use it.")

  package let documentation = """
    ## What it does
    Compares the `location` of each storage account with the `location` of every Batch account that
    links it (`storage = ...`) or whose tasks read or write it (regions compared without regard to
    case, spaces and hyphens).

    ## Why is this bad?
    Every download and upload crosses regions: it is slower, and egress between regions is billed.

    ## Example
    ```
    account renderfarm { location = "westeurope", storage = renderdata }
    storage renderdata { location = "eastus" }
    ```

    ## Use instead
    ```
    storage renderdata { location = "westeurope" }
    ```

    ## Azure limit
    No hard limit: keeping storage in the Batch account's region avoids egress cost and latency.
    """

  package init() {}

  package func check(_ context: inout ValidationContext) {
    let project = context.project
    let facts = context.facts
    // Usually every account and storage account is in one region, and then no use needs looking
    // at (this rule runs after every edit, over every task of the project).
    var regions: Set<String> = []
    for account in project.accounts {
      if let region = account.written(\.location) { regions.insert(region.value.normalizedRegion) }
    }
    for storage in project.storageAccounts {
      if let region = storage.written(\.location) { regions.insert(region.value.normalizedRegion) }
    }
    guard regions.count > 1 else { return }
    // Each (account, storage) pair once, at its first use: a sweep names the same storage many times.
    var pairs: [(account: Checked<Schema.Account>, storage: String, use: Location)] = []
    var seen: Set<Pair> = []
    func add(_ account: Checked<Schema.Account>, _ storage: String, _ use: Location) {
      if seen.insert(Pair(account: account.location, storage: storage.lowercased())).inserted {
        pairs.append((account, storage, use))
      }
    }
    for account in project.accounts {
      if let attribute = account.written(\.storage) { add(account, attribute.value.id, attribute.valueLocation) }
    }
    for command in facts.commandBlockRuns.joined() where command.pool != nil {
      guard let account = command.account else { continue }
      for use in command.storageUses {
        if seen.insert(Pair(account: account.location, storage: use.key)).inserted {
          pairs.append((account, use.storage, use.location))
        }
      }
    }
    for (account, storageID, use) in pairs {
      guard let storage = facts.storage(storageID), let storageLocation = storage.written(\.location),
        case let storageRegion = storageLocation.value, let accountLocation = account.written(\.location),
        case let accountRegion = accountLocation.value, storageRegion.normalizedRegion != accountRegion.normalizedRegion
      else { continue }
      context.report(
        self, at: storageLocation.valueLocation,
        "storage `\(storage.label ?? "")` is in `\(storageRegion)`, but account `\(account.label ?? "")` runs in `\(accountRegion)`: every transfer crosses regions (slower, and egress is billed); keep them in one region",
        notes: [
          Note("account `\(account.label ?? "")` is in `\(accountRegion)`", at: accountLocation.valueLocation),
          Note("the storage account is used here", at: use),
        ])
    }
  }

  private struct Pair: Hashable {
    var account: Location
    var storage: String
  }
}
