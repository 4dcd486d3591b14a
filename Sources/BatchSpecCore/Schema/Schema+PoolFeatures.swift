// The schema of what a pool's virtual machines are set up with: containers and their registries,
// mounted file systems, VM extensions, disks, security and OS upgrades.

extension Schema {
  /// `containers`: the pool runs container tasks; these images are pulled when a node starts.
  package enum Containers: BlockKind {
    package static let type = AttributeKey<ContainerType>(
      "type", default: .dockerCompatible, sendDefault: .always, rest: "type",
      "The container runtime: `docker_compatible` (Moby) or `cri_compatible` (containerd).")
    package static let images = AttributeKey<[String]>(
      "images", rest: "containerImageNames",
      "Images pulled onto every node before it takes tasks, such as `[\"ubuntu:22.04\"]`.")

    package static let registry = Child<Registry>(rest: "containerRegistries[]")

    package static let schema = BlockSchema(
      "containers", label: .none, rest: "virtualMachineConfiguration.containerConfiguration",
      children: [registry],
      "Lets the pool's tasks run in containers: the runtime, images pulled ahead, and private registries.",
      attributes: [type.schema, images.schema])
  }

  /// `registry`: a private container registry and how to log in to it.
  package enum Registry: BlockKind {
    package static let username = AttributeKey<String>("username", rest: "username", "The user name to log in with.")
    package static let password = AttributeKey<Secret>(
      "password", rest: "password", "The password, from the environment: `env(\"NAME\")`.")
    package static let identity = AttributeKey<String>(
      "identity", rest: "identityReference.resourceId",
      "The resource ID of a user-assigned managed identity of the pool that may pull from the registry, instead of a user name and password."
    )

    package static let schema = BlockSchema(
      "registry", label: .text("registry server, such as `\"myregistry.azurecr.io\"`", required: false),
      repeatable: true, rest: "registry", labelRest: "registryServer",
      atMostOneOf: [[identity.schema, username.schema], [identity.schema, password.schema]],
      "A private container registry. The label is its server (Docker Hub when left out).",
      attributes: [username.schema, password.schema, identity.schema])
  }

  /// `blobfuse_mount`: an Azure Blob container mounted with blobfuse.
  package enum BlobfuseMount: BlockKind {
    package static let container = AttributeKey<ContainerReference>(
      "container", required: true,
      rest: .custom("accountName and containerName", names: ["accountName", "containerName"]),
      "The container to mount: `data.inputs`.")
    package static let accountKey = AttributeKey<Secret>(
      "account_key", rest: "accountKey", "The storage account key, from the environment.")
    package static let sasKey = AttributeKey<Secret>("sas_key", rest: "sasKey", "A SAS token, from the environment.")
    package static let identity = AttributeKey<String>(
      "identity", rest: "identityReference.resourceId",
      "The resource ID of a managed identity that reaches the account.")
    package static let options = AttributeKey<String>(
      "options", rest: "blobfuseOptions", "Extra blobfuse command-line options, such as `\"-o attr_timeout=240\"`.")

    package static let schema = BlockSchema(
      "blobfuse_mount", label: .text("mount path under `$AZ_BATCH_NODE_MOUNTS_DIR`", required: true),
      repeatable: true, uniqueLabels: true, rest: "mountConfiguration[].azureBlobFileSystemConfiguration",
      labelRest: "relativeMountPath", atMostOneOf: [[accountKey.schema, sasKey.schema, identity.schema]],
      "Mounts a blob container on every node at `$AZ_BATCH_NODE_MOUNTS_DIR/<label>`, through blobfuse. Without a key or identity, the storage account's `sas_token` or `identity` is used.",
      attributes: [container.schema, accountKey.schema, sasKey.schema, identity.schema, options.schema])
  }

  /// `nfs_mount`: an NFS export mounted on every node.
  package enum NFSMount: BlockKind {
    package static let source = AttributeKey<String>(
      "source", required: true, rest: "source", "The export, such as `\"10.0.0.4:/exports/data\"`.")
    package static let options = AttributeKey<String>(
      "options", rest: "mountOptions", "Extra `mount` options, such as `\"-o vers=4,minorversion=1,sec=sys\"`.")

    package static let schema = BlockSchema(
      "nfs_mount", label: .text("mount path under `$AZ_BATCH_NODE_MOUNTS_DIR`", required: true), repeatable: true,
      uniqueLabels: true, rest: "mountConfiguration[].nfsMountConfiguration", labelRest: "relativeMountPath",
      "Mounts an NFS export on every node at `$AZ_BATCH_NODE_MOUNTS_DIR/<label>`.",
      attributes: [source.schema, options.schema])
  }

  /// `cifs_mount`: an SMB/CIFS share mounted on every node.
  package enum CIFSMount: BlockKind {
    package static let source = AttributeKey<String>(
      "source", required: true, rest: "source", "The share, such as `\"//fileserver/share\"`.")
    package static let user = AttributeKey<String>("user", required: true, rest: "username", "The user name.")
    package static let password = AttributeKey<Secret>(
      "password", required: true, rest: "password", "The password, from the environment: `env(\"NAME\")`.")
    package static let options = AttributeKey<String>("options", rest: "mountOptions", "Extra `mount` options.")

    package static let schema = BlockSchema(
      "cifs_mount", label: .text("mount path under `$AZ_BATCH_NODE_MOUNTS_DIR`", required: true), repeatable: true,
      uniqueLabels: true, rest: "mountConfiguration[].cifsMountConfiguration", labelRest: "relativeMountPath",
      "Mounts an SMB (CIFS) share on every node at `$AZ_BATCH_NODE_MOUNTS_DIR/<label>`.",
      attributes: [source.schema, user.schema, password.schema, options.schema])
  }

  /// `azure_files_mount`: an Azure Files share mounted on every node.
  package enum AzureFilesMount: BlockKind {
    package static let url = AttributeKey<String>(
      "url", required: true, rest: "azureFileUrl",
      "The share's URL, such as `\"https://acct.file.core.windows.net/share\"`.")
    package static let account = AttributeKey<String>(
      "account", required: true, rest: "accountName", "The storage account's name.")
    package static let key = AttributeKey<Secret>(
      "key", required: true, rest: "accountKey", "The storage account key, from the environment.")
    package static let options = AttributeKey<String>("options", rest: "mountOptions", "Extra `mount` options.")

    package static let schema = BlockSchema(
      "azure_files_mount", label: .text("mount path under `$AZ_BATCH_NODE_MOUNTS_DIR`", required: true),
      repeatable: true, uniqueLabels: true, rest: "mountConfiguration[].azureFileShareConfiguration",
      labelRest: "relativeMountPath",
      "Mounts an Azure Files share on every node at `$AZ_BATCH_NODE_MOUNTS_DIR/<label>`.",
      attributes: [url.schema, account.schema, key.schema, options.schema])
  }

  /// `extension`: a VM extension installed on every node.
  package enum Extension: BlockKind {
    package static let publisher = AttributeKey<String>(
      "publisher", required: true, rest: "publisher",
      "The extension's publisher, such as `\"Microsoft.Azure.Monitor\"`.")
    package static let type = AttributeKey<String>(
      "type", required: true, rest: "type", "The extension's type, such as `\"AzureMonitorLinuxAgent\"`.")
    package static let version = AttributeKey<String>(
      "version", rest: "typeHandlerVersion", "The extension handler's version, such as `\"1.0\"`.")
    package static let autoUpgradeMinorVersion = AttributeKey<Bool>(
      "auto_upgrade_minor_version", rest: "autoUpgradeMinorVersion",
      "Whether a newer minor version is used when one exists at deployment.")
    package static let automaticUpgrade = AttributeKey<Bool>(
      "automatic_upgrade", rest: "enableAutomaticUpgrade",
      "Whether the platform upgrades the extension when a new version is published.")
    package static let settings = AttributeKey<ObjectMap>(
      "settings", rest: "settings",
      "The extension's public settings: `{ name = \"value\" }`. Values are texts, sent as JSON strings; nested objects and lists cannot be written."
    )
    package static let protectedSettings = AttributeKey<ObjectMap>(
      "protected_settings", rest: "protectedSettings",
      "Settings the platform encrypts on the node. Their values are written into the pool's payload as given (`env(...)` is not read here), so keep secrets out of them: let the extension reach them through the pool's managed identity where it can (Key Vault)."
    )
    package static let provisionAfter = AttributeKey<[String]>(
      "provision_after", rest: "provisionAfterExtensions", "Extensions that must be installed first, by name.")

    package static let schema = BlockSchema(
      "extension", label: .text("extension name", required: true), repeatable: true, uniqueLabels: true,
      rest: "virtualMachineConfiguration.extensions[]", labelRest: "name",
      "A VM extension installed on every node, such as a monitoring agent or the Key Vault extension.",
      attributes: [
        publisher.schema, type.schema, version.schema, autoUpgradeMinorVersion.schema, automaticUpgrade.schema,
        settings.schema, protectedSettings.schema, provisionAfter.schema,
      ])
  }

  /// `os_disk`: the nodes' operating system disk.
  package enum OSDisk: BlockKind {
    package static let ephemeral = AttributeKey<EphemeralPlacement>(
      "ephemeral", rest: "ephemeralOSDiskSettings.placement",
      "Put the OS disk on the VM's cache disk (an ephemeral OS disk): faster, and lost when the node is reimaged.")
    package static let caching = AttributeKey<DiskCaching>(
      "caching", rest: "caching", "Host caching: `none`, `read_only` or `read_write`.")
    package static let sizeGB = AttributeKey<Int64>(
      "size_gb", bounds: 1...Int64.max, rest: "diskSizeGB", "The disk's size in GiB.")
    package static let storageType = AttributeKey<DiskStorageType>(
      "storage_type", rest: "managedDisk.storageAccountType",
      "The managed disk type: `standard_lrs`, `premium_lrs` or `standardssd_lrs`.")
    package static let writeAccelerator = AttributeKey<Bool>(
      "write_accelerator", rest: "writeAcceleratorEnabled", "Whether write acceleration is on (M-series sizes).")
    package static let encryptionSet = AttributeKey<String>(
      "encryption_set", rest: "managedDisk.diskEncryptionSet.id",
      "The ARM resource ID of the disk encryption set whose customer-managed key encrypts the disk (user subscription accounts)."
    )
    package static let securityEncryption = AttributeKey<SecurityEncryption>(
      "security_encryption", rest: "managedDisk.securityProfile.securityEncryptionType",
      "What a confidential VM encrypts with its guest state: `vm_guest_state_only`, `disk_with_vm_guest_state` or `non_persisted_tpm`."
    )

    package static let schema = BlockSchema(
      "os_disk", label: .none, rest: "virtualMachineConfiguration.osDisk",
      "The nodes' operating system disk: ephemeral placement, caching, size, type and encryption.",
      attributes: [
        ephemeral.schema, caching.schema, sizeGB.schema, storageType.schema, writeAccelerator.schema,
        encryptionSet.schema, securityEncryption.schema,
      ])
  }

  /// `data_disk`: an empty managed disk attached to every node.
  package enum DataDisk: BlockKind {
    package static let lun = AttributeKey<Int64>(
      "lun", required: true, bounds: 0...63, rest: "lun", "The logical unit number, unique on the node: 0 to 63.")
    package static let sizeGB = AttributeKey<Int64>(
      "size_gb", required: true, bounds: 1...Int64.max, rest: "diskSizeGB", "The disk's size in GiB.")
    package static let caching = AttributeKey<DiskCaching>("caching", rest: "caching", "Host caching.")
    package static let storageType = AttributeKey<DiskStorageType>(
      "storage_type", rest: "managedDisk.storageAccountType", "The managed disk type.")
    package static let encryptionSet = AttributeKey<String>(
      "encryption_set", rest: "managedDisk.diskEncryptionSet.id",
      "The ARM resource ID of the disk encryption set whose customer-managed key encrypts the disk (user subscription accounts)."
    )

    package static let schema = BlockSchema(
      "data_disk", label: .none, repeatable: true, rest: "virtualMachineConfiguration.dataDisks[]",
      "An empty data disk attached to every node; the start task formats and mounts it.",
      attributes: [lun.schema, sizeGB.schema, caching.schema, storageType.schema, encryptionSet.schema])
  }

  /// `security`: the nodes' security profile.
  package enum Security: BlockKind {
    package static let type = AttributeKey<SecurityType>(
      "type", rest: "securityType", "`trusted_launch` or `confidential_vm`.")
    package static let encryptionAtHost = AttributeKey<Bool>(
      "encryption_at_host", rest: "encryptionAtHost",
      "Whether the host encrypts all disks, the temporary disk and caches included.")
    package static let secureBoot = AttributeKey<Bool>(
      "secure_boot", rest: "uefiSettings.secureBootEnabled", "Whether UEFI secure boot is on (trusted launch).")
    package static let vTPM = AttributeKey<Bool>(
      "vtpm", rest: "uefiSettings.vTpmEnabled", "Whether the virtual TPM is on (trusted launch).")

    package static let schema = BlockSchema(
      "security", label: .none, rest: "virtualMachineConfiguration.securityProfile",
      "The nodes' security profile: trusted launch or confidential VMs, encryption at host, secure boot and vTPM.",
      attributes: [type.schema, encryptionAtHost.schema, secureBoot.schema, vTPM.schema])
  }

  /// `upgrade_policy`: how the nodes take OS image upgrades.
  package enum UpgradePolicy: BlockKind {
    package static let mode = AttributeKey<UpgradeMode>(
      "mode", required: true, rest: "mode", "`automatic`, `manual` or `rolling`.")
    package static let automaticOSUpgrade = AttributeKey<Bool>(
      "automatic_os_upgrade", rest: "automaticOSUpgradePolicy.enableAutomaticOSUpgrade",
      "Whether OS upgrades are applied automatically when a new image version is published.")
    package static let disableAutomaticRollback = AttributeKey<Bool>(
      "disable_automatic_rollback", rest: "automaticOSUpgradePolicy.disableAutomaticRollback",
      "Whether a failed OS upgrade is left in place instead of rolled back.")
    package static let useRollingUpgradePolicy = AttributeKey<Bool>(
      "use_rolling_upgrade_policy", rest: "automaticOSUpgradePolicy.useRollingUpgradePolicy",
      "Whether automatic OS upgrades follow the `rolling` block.")
    package static let deferOSRollingUpgrade = AttributeKey<Bool>(
      "defer_os_rolling_upgrade", rest: "automaticOSUpgradePolicy.osRollingUpgradeDeferral",
      "Whether an upgrade waits for a node's running tasks (Windows).")

    package static let rolling = Child<RollingUpgrade>()

    package static let schema = BlockSchema(
      "upgrade_policy", label: .none, rest: "upgradePolicy", children: [rolling],
      "How the nodes take OS image upgrades.",
      attributes: [
        mode.schema, automaticOSUpgrade.schema, disableAutomaticRollback.schema, useRollingUpgradePolicy.schema,
        deferOSRollingUpgrade.schema,
      ])
  }

  /// `rolling`: the batches a rolling upgrade goes in.
  package enum RollingUpgrade: BlockKind {
    package static let crossZone = AttributeKey<Bool>(
      "cross_zone", rest: "enableCrossZoneUpgrade", "Whether a batch may span availability zones.")
    package static let maxBatchPercent = AttributeKey<Int64>(
      "max_batch_percent", bounds: 5...100, rest: "maxBatchInstancePercent",
      "The most nodes upgraded at once, in percent.")
    package static let maxUnhealthyPercent = AttributeKey<Int64>(
      "max_unhealthy_percent", bounds: 5...100, rest: "maxUnhealthyInstancePercent",
      "The most nodes that may be unhealthy at once, in percent.")
    package static let maxUnhealthyUpgradedPercent = AttributeKey<Int64>(
      "max_unhealthy_upgraded_percent", bounds: 0...100, rest: "maxUnhealthyUpgradedInstancePercent",
      "The most upgraded nodes that may be unhealthy, in percent.")
    package static let pause = AttributeKey<Milliseconds>(
      "pause", rest: "pauseTimeBetweenBatches", "The wait between batches.")
    package static let unhealthyFirst = AttributeKey<Bool>(
      "unhealthy_first", rest: "prioritizeUnhealthyInstances", "Whether unhealthy nodes are upgraded first.")
    package static let rollbackOnFailure = AttributeKey<Bool>(
      "rollback_on_failure", rest: "rollbackFailedInstancesOnPolicyBreach",
      "Whether failed nodes roll back when the policy is breached.")

    package static let schema = BlockSchema(
      "rolling", label: .none, rest: "rollingUpgradePolicy",
      "The batches a rolling upgrade goes in.",
      attributes: [
        crossZone.schema, maxBatchPercent.schema, maxUnhealthyPercent.schema, maxUnhealthyUpgradedPercent.schema,
        pause.schema, unhealthyFirst.schema, rollbackOnFailure.schema,
      ])
  }

  /// `auto`: the pool is created for each job (or job schedule) that uses it, and deleted after.
  package enum AutoPool: BlockKind {
    package static let lifetime = AttributeKey<PoolLifetime>(
      "lifetime", default: .job, sendDefault: .always, rest: "poolLifetimeOption",
      "Whether a pool is made per job (`job`) or per job schedule, shared by its jobs (`job_schedule`).")
    package static let keepAlive = AttributeKey<Bool>(
      "keep_alive", rest: "keepAlive", "Whether the pool outlives its job or schedule (you then delete it).")
    package static let idPrefix = AttributeKey<String>(
      "id_prefix",
      rest: .custom("autoPoolIdPrefix, the pool's label when not set, none when empty", names: ["autoPoolIdPrefix"]),
      "The prefix of the generated pool IDs; the pool's label when not set; `\"\"` sends none (Batch names the pools with its unique ID alone)."
    )

    package static let schema = BlockSchema(
      "auto", label: .none,
      rest: .custom(
        "poolInfo.autoPoolSpecification of each job that uses the pool", names: ["poolInfo.autoPoolSpecification"]),
      "Makes the pool an auto pool: Batch creates it for each job (or job schedule) that uses it, and deletes it after. It is not created on its own.",
      attributes: [lifetime.schema, keepAlive.schema, idPrefix.schema])
  }
}
