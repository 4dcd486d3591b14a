// The schema of accounts, storage accounts and applications.

extension Schema {
  /// `account`: a Batch account.
  package enum Account: BlockKind {
    package static let location = AttributeKey<String>(
      "location", required: true, rest: "location", "The Azure region, such as `\"westeurope\"`.")
    package static let allocation = AttributeKey<AllocationMode>(
      "allocation", default: .batchService, rest: "properties.poolAllocationMode",
      "Where nodes are created: in Batch-managed subscriptions (`batch_service`, the account's core quotas apply) or in your own (`user_subscription`, your subscription's vCPU quotas apply)."
    )
    package static let storage = AttributeKey<Reference>(
      "storage", .reference(.storage),
      rest: .custom(
        "properties.autoStorage.storageAccountId, a resourceId() expression",
        names: ["properties.autoStorage.storageAccountId"]),
      "The linked (auto-storage) account, used for application packages and task files.")
    package static let storageAuth = AttributeKey<StorageAuthentication>(
      "storage_auth", default: .storageKeys, rest: "properties.autoStorage.authenticationMode",
      "How Batch authenticates to the linked storage account.")
    package static let publicNetworkAccess = AttributeKey<PublicNetworkAccess>(
      "public_network_access", default: .enabled, rest: "properties.publicNetworkAccess",
      "Whether the account is reachable from public networks, or only via private endpoints.")
    package static let authModes = AttributeKey<[AuthenticationMode]>(
      "auth_modes", rest: "properties.allowedAuthenticationModes",
      "The ways clients may authenticate to the data plane.")
    package static let keyVault = AttributeKey<String>(
      "key_vault", rest: "properties.keyVaultReference.id",
      "The ARM resource ID of the Key Vault a `user_subscription` account keeps its secrets in (its URL follows from the name)."
    )
    package static let key = AttributeKey<Secret>(
      "key", rest: .local("a client credential: submit.sh reads it, no body carries it"),
      "The shared key clients use, read from the environment: `env(\"BATCH_KEY\")`. Never write a key into a spec.")

    package static let quota = Child<Quota>()

    package static let schema = BlockSchema(
      "account", label: .resourceID(.account), repeatable: true,
      rest: .custom("a Microsoft.Batch/batchAccounts resource of the account's ARM template", names: []),
      children: [quota],
      "A Batch account: the region its pools run in, its allocation mode, its linked storage and its quotas. The label is the account name: 3 to 24 lowercase letters and digits.",
      attributes: [
        location.schema, allocation.schema, storage.schema, storageAuth.schema, publicNetworkAccess.schema,
        authModes.schema, keyVault.schema, key.schema,
      ])
  }

  /// `quota`: an account's quotas.
  package enum Quota: BlockKind {
    package static let dedicatedCores = AttributeKey<Int64>(
      "dedicated_cores", bounds: 0...Int64.max, rest: .local("dedicatedCoreQuota, checked only"),
      "Total dedicated vCPUs of all pools.")
    package static let spotCores = AttributeKey<Int64>(
      "spot_cores", bounds: 0...Int64.max, rest: .local("lowPriorityCoreQuota, checked only"),
      "Total spot (low-priority) vCPUs of all pools.")
    package static let pools = AttributeKey<Int64>(
      "pools", bounds: 0...Int64.max, rest: .local("poolQuota, checked only"), "How many pools the account may have.")
    package static let activeJobs = AttributeKey<Int64>(
      "active_jobs", bounds: 0...Int64.max, rest: .local("activeJobAndJobScheduleQuota, checked only"),
      "How many active jobs and job schedules the account may have; completed jobs do not count.")

    package static let family = Child<Family>()

    package static let schema = BlockSchema(
      "quota", label: .none, rest: .local("the account's quotas, checked only"), children: [family],
      "The account's quotas. Checked against the pools and jobs of the whole project. When a spec declares none, documented defaults are assumed.",
      attributes: [dedicatedCores.schema, spotCores.schema, pools.schema, activeJobs.schema])
  }

  /// `family`: the dedicated core quota of one VM family.
  package enum Family: BlockKind {
    package static let dedicatedCores = AttributeKey<Int64>(
      "dedicated_cores", required: true, bounds: 0...Int64.max,
      rest: .local("dedicatedCoreQuotaPerVMFamily[].coreQuota, checked only"),
      "Dedicated vCPUs of this family.")

    package static let schema = BlockSchema(
      "family", label: .text("VM family name, such as `standardDSv3Family`", required: true), repeatable: true,
      uniqueLabels: true,
      rest: .local("dedicatedCoreQuotaPerVMFamily[], checked only"),
      "The dedicated core quota of one VM family. Batch enforces it in addition to the account's total.",
      attributes: [dedicatedCores.schema])
  }

  /// `storage`: an Azure Storage account.
  package enum Storage: BlockKind {
    package static let kind = AttributeKey<StorageKind>(
      "kind", default: .generalPurposeV2, rest: "kind",
      "The account kind: `StorageV2`, `Storage` (v1) or `BlobStorage`. Blob storage works only with Virtual Machine configuration pools; v2 and Blob storage scale further than v1."
    )
    package static let location = AttributeKey<String>(
      "location", rest: "location", "The Azure region; keep it in the Batch account's region.")
    package static let containers = AttributeKey<[String]>(
      "containers", rest: .local("the containers the project uses, checked only"),
      "The containers tasks may use. When given, every container reference is checked against this list.")
    package static let sasToken = AttributeKey<Secret>(
      "sas_token", rest: .custom("the SAS query of container and blob URLs", names: []),
      "A SAS token for accounts not linked to the Batch account, read from the environment: `env(\"SAS\")`.")
    package static let identity = AttributeKey<String>(
      "identity",
      rest: .custom(
        "identityReference.resourceId of resource and output files", names: ["identityReference.resourceId"]),
      "The resource ID of a managed identity the pool's nodes use to reach this account.")
    package static let linked = AttributeKey<Bool>(
      "linked", default: false, rest: .local("whether compile names containers by autoStorageContainerName"),
      "Whether this is the storage account linked to the Batch account the project is submitted to, when the project declares no `account` (with one, set the account's `storage` instead). Containers of a linked account are named, not reached by URL."
    )

    package static let schema = BlockSchema(
      "storage", label: .resourceID(.storage), repeatable: true,
      rest: .custom("a Microsoft.Storage/storageAccounts resource of the account's ARM template", names: []),
      "An Azure Storage account that holds task inputs and outputs. The label is the account name: 3 to 24 lowercase letters and digits. Refer to a container as `name.container` and to a blob as `name.container[\"path\"]`.",
      attributes: [
        kind.schema, location.schema, containers.schema, sasToken.schema, identity.schema, linked.schema,
      ])
  }

  /// `application`: an application whose packages pools and tasks deploy.
  package enum Application: BlockKind {
    package static let account = Schema.ownerAccount
    package static let displayName = Schema.displayName
    package static let versions = AttributeKey<[String]>(
      "versions", rest: .local("packages[].version, checked only"), "The package versions uploaded.")
    package static let defaultVersion = AttributeKey<String>(
      "default_version", rest: .local("defaultVersion, which compile resolves references against"),
      "The version deployed when a reference names none.")
    package static let allowUpdates = AttributeKey<Bool>(
      "allow_updates", default: true, rest: .local("allowUpdates, checked only"),
      "Whether packages may be overwritten or deleted.")

    package static let schema = BlockSchema(
      "application", label: .resourceID(.application), repeatable: true,
      rest: .local("an application of the account, declared for references"),
      "An application whose packages pools and tasks deploy. The label is the application ID: up to 64 letters, digits, hyphens and underscores (no periods, which Azure refuses in application IDs).",
      attributes: [
        account.schema, displayName.schema, versions.schema, defaultVersion.schema, allowUpdates.schema,
      ])
  }
}
