// The schema of accounts, storage accounts and applications.

extension Schema {
  static let account = BlockSchema(
    "account", label: .resourceID(.account), repeatable: true, rest: "BatchAccountCreateParameters",
    children: ["quota"],
    "A Batch account: the region its pools run in, its allocation mode, its linked storage and its quotas. The label is the account name: 3 to 24 lowercase letters and digits.",
    attributes: [
      AttributeSchema(
        "location", .string, required: true, rest: "location", "The Azure region, such as `\"westeurope\"`."),
      AttributeSchema(
        "allocation", .enumeration(["batch_service", "user_subscription"]), default: "batch_service",
        rest: "poolAllocationMode",
        "Where nodes are created: in Batch-managed subscriptions (`batch_service`, the account's core quotas apply) or in your own (`user_subscription`, your subscription's vCPU quotas apply)."
      ),
      AttributeSchema(
        "storage", .reference(.storage), rest: "autoStorage.storageAccountId",
        "The linked (auto-storage) account, used for application packages and task files."),
      AttributeSchema(
        "storage_auth", .enumeration(["storage_keys", "batch_account_managed_identity"]), default: "storage_keys",
        rest: "autoStorage.authenticationMode", "How Batch authenticates to the linked storage account."),
      AttributeSchema(
        "public_network_access", .enumeration(["enabled", "disabled", "secured_by_perimeter"]), default: "enabled",
        rest: "publicNetworkAccess",
        "Whether the account is reachable from public networks, or only via private endpoints."),
      AttributeSchema(
        "auth_modes", .list(.enumeration(["shared_key", "entra_id", "task_authentication_token"])),
        rest: "allowedAuthenticationModes", "The ways clients may authenticate to the data plane."),
      AttributeSchema(
        "key", .secret, rest: "(client credential; never sent)",
        "The shared key clients use, read from the environment: `env(\"BATCH_KEY\")`. Never write a key into a spec."),
    ])

  static let quota = BlockSchema(
    "quota", label: .none, rest: "(account quotas)", children: ["family"],
    "The account's quotas. Checked against the pools and jobs of the whole project. When a spec declares none, documented defaults are assumed.",
    attributes: [
      AttributeSchema("dedicated_cores", .integer, rest: "dedicatedCoreQuota", "Total dedicated vCPUs of all pools."),
      AttributeSchema(
        "spot_cores", .integer, rest: "lowPriorityCoreQuota", "Total spot (low-priority) vCPUs of all pools."),
      AttributeSchema("pools", .integer, rest: "poolQuota", "How many pools the account may have."),
      AttributeSchema(
        "active_jobs", .integer, rest: "activeJobAndJobScheduleQuota",
        "How many active jobs and job schedules the account may have; completed jobs do not count."),
    ])

  static let family = BlockSchema(
    "family", label: .text("VM family name, such as `standardDSv3Family`", required: true), repeatable: true,
    uniqueLabels: true,
    rest: "dedicatedCoreQuotaPerVMFamily",
    "The dedicated core quota of one VM family. Batch enforces it in addition to the account's total.",
    attributes: [
      AttributeSchema("dedicated_cores", .integer, required: true, rest: "coreQuota", "Dedicated vCPUs of this family.")
    ])

  static let storage = BlockSchema(
    "storage", label: .resourceID(.storage), repeatable: true, rest: "StorageAccount",
    "An Azure Storage account that holds task inputs and outputs. The label is the account name: 3 to 24 lowercase letters and digits. Refer to a container as `name.container` and to a blob as `name.container[\"path\"]`.",
    attributes: [
      AttributeSchema(
        "kind", .enumeration(["general_purpose_v2", "general_purpose_v1", "blob_storage"]),
        default: "general_purpose_v2",
        rest: "kind",
        "The account kind: `StorageV2`, `Storage` (v1) or `BlobStorage`. Blob storage works only with Virtual Machine configuration pools; v2 and Blob storage scale further than v1."
      ),
      AttributeSchema(
        "location", .string, rest: "location", "The Azure region; keep it in the Batch account's region."),
      AttributeSchema(
        "containers", .list(.string), rest: "(declared containers)",
        "The containers tasks may use. When given, every container reference is checked against this list."),
      AttributeSchema(
        "sas_token", .secret, rest: "storageContainerUrl (SAS query)",
        "A SAS token for accounts not linked to the Batch account, read from the environment: `env(\"SAS\")`."),
      AttributeSchema(
        "identity", .string, rest: "identityReference.resourceId",
        "The resource ID of a managed identity the pool's nodes use to reach this account."),
    ])

  static let application = BlockSchema(
    "application", label: .resourceID(.application), repeatable: true, rest: "Application",
    "An application whose packages pools and tasks deploy. The label is the application ID: up to 64 letters, digits, hyphens, underscores and periods.",
    attributes: [
      ownerAccount,
      displayName,
      AttributeSchema("versions", .list(.string), rest: "packages[].version", "The package versions uploaded."),
      AttributeSchema(
        "default_version", .string, rest: "defaultVersion", "The version deployed when a reference names none."),
      AttributeSchema(
        "allow_updates", .boolean, default: "true", rest: "allowUpdates",
        "Whether packages may be overwritten or deleted."),
    ])
}
