// The ARM template of a Batch account and its auto-storage account.

import BatchSpecCore

extension AzureTarget {
  /// API versions of the resources the templates create.
  static let batchAPIVersion = "2024-07-01"
  static let storageAPIVersion = "2023-05-01"
  static let roleAPIVersion = "2022-04-01"
  /// The built-in role "Storage Blob Data Contributor".
  static let blobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe"

  /// The management API's spelling of an account or storage enum word.
  static func managementWord(_ word: String) -> String {
    switch word {
    case "batch_service": "BatchService"
    case "user_subscription": "UserSubscription"
    case "storage_keys": "StorageKeys"
    case "batch_account_managed_identity": "BatchAccountManagedIdentity"
    case "enabled": "Enabled"
    case "disabled": "Disabled"
    case "secured_by_perimeter": "SecuredByPerimeter"
    case "shared_key": "SharedKey"
    case "entra_id": "AAD"
    case "task_authentication_token": "TaskAuthenticationToken"
    case "general_purpose_v2": "StorageV2"
    case "general_purpose_v1": "Storage"
    case "blob_storage": "BlobStorage"
    default: word
    }
  }

  static func accountTemplate(_ account: BlockInstance, in project: CheckedProject) -> JSON {
    let name = account.label ?? ""
    let location = account.string("location") ?? ""
    var resources: [JSON] = []
    var properties = JSONObject()
    var dependsOn: [JSON] = []
    let managedIdentity = account.string("storage_auth") == "batch_account_managed_identity"
    if case .reference(.storage, let storageName, _)? = account.value("storage") {
      let storage = project.storage(storageName)
      let storageID = "[resourceId('Microsoft.Storage/storageAccounts', '\(storageName)')]"
      let kind = managementWord(storage?.string("kind") ?? "general_purpose_v2")
      var storageProperties = JSONObject()
      if kind == "BlobStorage" { storageProperties["accessTier"] = .string("Hot") }
      storageProperties["minimumTlsVersion"] = .string("TLS1_2")
      storageProperties["supportsHttpsTrafficOnly"] = .bool(true)
      storageProperties["allowBlobPublicAccess"] = .bool(false)
      resources.append(
        .object([
          ("type", .string("Microsoft.Storage/storageAccounts")), ("apiVersion", .string(storageAPIVersion)),
          ("name", .string(storageName)), ("location", .string(storage?.string("location") ?? location)),
          ("kind", .string(kind)), ("sku", .object([("name", .string("Standard_LRS"))])),
          ("properties", storageProperties.json),
        ]))
      dependsOn.append(.string(storageID))
      var autoStorage = JSONObject()
      autoStorage["storageAccountId"] = .string(storageID)
      autoStorage["authenticationMode"] = .string(managementWord(account.string("storage_auth") ?? "storage_keys"))
      properties["autoStorage"] = autoStorage.json
    }
    properties["poolAllocationMode"] = .string(managementWord(account.string("allocation") ?? "batch_service"))
    properties["publicNetworkAccess"] = .string(
      managementWord(account.string("public_network_access") ?? "enabled"))
    if let modes = account.value("auth_modes") {
      properties["allowedAuthenticationModes"] = .array(
        modes.listValue.compactMap(\.stringValue).map { .string(managementWord($0)) })
    }
    var batch = JSONObject()
    batch["type"] = .string("Microsoft.Batch/batchAccounts")
    batch["apiVersion"] = .string(batchAPIVersion)
    batch["name"] = .string(name)
    batch["location"] = .string(location)
    batch["dependsOn"] = .nonEmptyArray(dependsOn)
    if managedIdentity { batch["identity"] = .object([("type", .string("SystemAssigned"))]) }
    batch["properties"] = properties.json
    resources.append(batch.json)
    if managedIdentity, case .reference(.storage, let storageName, _)? = account.value("storage") {
      let batchID = "resourceId('Microsoft.Batch/batchAccounts', '\(name)')"
      let roleID = "subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '\(blobDataContributor)')"
      resources.append(
        .object([
          ("type", .string("Microsoft.Authorization/roleAssignments")), ("apiVersion", .string(roleAPIVersion)),
          ("name", .string("[guid(\(batchID), '\(storageName)', '\(blobDataContributor)')]")),
          ("scope", .string("[format('Microsoft.Storage/storageAccounts/{0}', '\(storageName)')]")),
          ("dependsOn", .array([.string("[\(batchID)]")])),
          (
            "properties",
            .object([
              ("roleDefinitionId", .string("[\(roleID)]")),
              ("principalId", .string("[reference(\(batchID), '\(batchAPIVersion)', 'full').identity.principalId]")),
              ("principalType", .string("ServicePrincipal")),
            ])
          ),
        ]))
    }
    return .object([
      ("$schema", .string("https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#")),
      ("contentVersion", .string("1.0.0.0")),
      ("resources", .array(resources)),
      (
        "outputs",
        .object([
          (
            "accountEndpoint",
            .object([
              ("type", .string("string")),
              ("value", .string("[reference(resourceId('Microsoft.Batch/batchAccounts', '\(name)')).accountEndpoint]")),
            ])
          )
        ])
      ),
    ])
  }
}
