// BS4003: inputs and outputs naming a storage account Batch has no way to authenticate to.

/// Flags storage that is not the account's linked storage and has neither a SAS token nor an identity.
package struct UnreachableStorage: ValidationRule {
  package let code = DiagnosticCode(
    "BS4003", "unreachable-storage", .error,
    "An input or output naming a storage account that is not linked and has no SAS token or identity.")

  package let documentation = """
    ## What it does
    For every `input` and `output` that names a storage account, checks that Batch can reach it: it
    is the linked (auto-storage) account of the Batch account the pool belongs to, or it declares a
    `sas_token` or a managed `identity`.

    ## Why is this bad?
    Without credentials the node cannot list or download the blobs, nor upload outputs: the task fails
    with a resource-file or upload error after the pool has been allocated.

    ## Example
    ```
    account lab { location = "eastus", storage = labdata }
    storage partner { location = "eastus" }
    task t { input "x/" { container = partner.shared } }
    ```

    ## Use instead
    ```
    storage partner { location = "eastus", sas_token = env("PARTNER_SAS") }
    ```

    ## Azure limit
    Resource files use `autoStorageContainerName` (the linked account only), or a
    `storageContainerUrl` that carries a SAS or names an `identityReference` the pool's nodes hold.
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    let facts = context.facts
    var linkedByAccount: [Location: String?] = [:]
    for command in context.commandBlocks where command.pool != nil && !command.storageUses.isEmpty {
      guard let account = command.account else { continue }
      let linked: String?
      if let known = linkedByAccount[account.location] {
        linked = known
      } else {
        linked = facts.linkedStorage(of: account)?.label?.lowercased()
        linkedByAccount[account.location] = linked
      }
      for use in command.storageUses where use.key != linked {
        guard let storage = facts.storage(key: use.key), !storage.has(\.sasToken), !storage.has(\.identity)
        else { continue }
        context.report(
          self, at: use.location,
          "storage `\(use.storage)` is not linked to account `\(account.label ?? "")` and declares no `sas_token` or `identity`: Batch cannot reach it; add `sas_token = env(\"NAME\")` or `identity` to it, or link it with `storage = \(use.storage)`",
          notes: [Note("storage `\(use.storage)` is declared here", at: storage.nameLocation)])
      }
    }
  }
}
