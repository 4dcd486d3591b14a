// The ARM template of a Batch account and its auto-storage account.

import BatchSpecCore

extension AzureTarget {
  /// API versions of the resources the templates create.
  static let batchAPIVersion = "2024-07-01"
  static let storageAPIVersion = "2023-05-01"
  static let roleAPIVersion = "2022-04-01"
  /// The built-in role "Storage Blob Data Contributor".
  static let blobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe"

  static func accountTemplate(_ account: Checked<Schema.Account>, in project: CheckedProject) -> JSON {
    let name = account.label ?? ""
    let location = account[\.location] ?? ""
    var resources: [JSON] = []
    var properties = JSONObject()
    var dependsOn: [JSON] = []
    let managedIdentity = account[\.storageAuth] == .batchAccountManagedIdentity
    if let storageName = account[\.storage]?.id {
      let storage = project.storage(storageName)
      let storageID = "[resourceId('Microsoft.Storage/storageAccounts', '\(storageName)')]"
      let kind = storage?[\.kind] ?? .generalPurposeV2
      var storageProperties = JSONObject()
      if kind == .blobStorage { storageProperties["accessTier"] = .string("Hot") }
      storageProperties["minimumTlsVersion"] = .string("TLS1_2")
      storageProperties["supportsHttpsTrafficOnly"] = .bool(true)
      storageProperties["allowBlobPublicAccess"] = .bool(false)
      resources.append(
        .object([
          ("type", .string("Microsoft.Storage/storageAccounts")), ("apiVersion", .string(storageAPIVersion)),
          ("name", .string(storageName)), ("location", .string(storage?[\.location] ?? location)),
          ("kind", .string(kind.restWord)), ("sku", .object([("name", .string("Standard_LRS"))])),
          ("properties", storageProperties.json),
        ]))
      dependsOn.append(.string(storageID))
      var autoStorage = JSONObject()
      autoStorage["storageAccountId"] = .string(storageID)
      autoStorage["authenticationMode"] = .string((account[\.storageAuth] ?? .storageKeys).restWord)
      properties["autoStorage"] = autoStorage.json
    }
    properties["poolAllocationMode"] = .string((account[\.allocation] ?? .batchService).restWord)
    properties["publicNetworkAccess"] = .string((account[\.publicNetworkAccess] ?? .enabled).restWord)
    if let modes = account[\.authModes] {
      properties["allowedAuthenticationModes"] = .array(modes.map { .string($0.restWord) })
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
    if managedIdentity, let storageName = account[\.storage]?.id {
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
