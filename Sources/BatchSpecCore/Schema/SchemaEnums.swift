// The closed sets of words attributes take, each with Azure's spelling beside the language's: the
// one table that compile reads forward and import reads backward.

extension Schema {
  /// Every closed set of the language (a test checks each attribute's words are one of these).
  package static let allEnums: [any SchemaEnum.Type] = [
    Elevation.self, AutoUserScope.self, NodeFill.self, RemoteProtocol.self, OnAllTasksComplete.self,
    OnTaskFailure.self, ExitError.self, JobAction.self, DependencyAction.self, UploadCondition.self,
    AllocationMode.self, StorageAuthentication.self, PublicNetworkAccess.self, AuthenticationMode.self,
    StorageKind.self, ContainerType.self, ContainerWorkingDirectory.self, ContainerHostPath.self, LicenseType.self,
    NodePlacement.self, DiskEncryptionTarget.self, DynamicVNetScope.self, PublicIPProvisioning.self,
    JobDefaultOrder.self, DiskCaching.self, DiskStorageType.self, EphemeralPlacement.self, SecurityType.self,
    UpgradeMode.self, LoginMode.self, PoolLifetime.self, InboundProtocol.self, RuleAccess.self,
    SecurityEncryption.self, IPFamily.self,
  ]
}

extension Schema {
  /// The word of the closed set `words` that Azure's REST API spells `restWord` (case ignored, as
  /// the service reads them, and underscores too: `task_success`): `taskSuccess` is `success` of
  /// `when`. Nil when no set of the schema is `words`, or none of its words is spelt so.
  package static func word(restWord: String, of words: [String]) -> String? {
    for type in allEnums {
      if case .enumeration(let declared) = type.schemaType, declared == words {
        return type.word(restWord: restWord) ?? type.word(restWord: restWord.filter { $0 != "_" })
      }
    }
    return nil
  }
}

extension SchemaEnum {
  /// The word of the case Azure spells `restWord`, with the type erased.
  fileprivate static func word(restWord: String) -> String? { Self(restWord: restWord)?.rawValue }
}

/// Whether the automatic user runs elevated.
package enum Elevation: String, SchemaEnum {
  case nonadmin, admin
  package var restWord: String { rawValue }
}

/// Whether the automatic user is shared by the pool's tasks or made for one task.
package enum AutoUserScope: String, SchemaEnum {
  case task, pool
  package var restWord: String { rawValue }
}

/// How tasks are spread over a pool's nodes.
package enum NodeFill: String, SchemaEnum {
  case spread, pack
  package var restWord: String { rawValue }
}

/// The remote login protocol of a `remote_access` block.
package enum RemoteProtocol: String, SchemaEnum {
  case ssh, rdp
  package var restWord: String { rawValue }
  /// The node's port for the protocol.
  package var backendPort: Int { self == .ssh ? 22 : 3389 }
}

/// What happens when every task of a job has completed.
package enum OnAllTasksComplete: String, SchemaEnum {
  case noAction = "no_action"
  case terminateJob = "terminate_job"
  package var restWord: String {
    switch self {
    case .noAction: "noaction"
    case .terminateJob: "terminatejob"
    }
  }
}

/// What happens when a task of a job fails.
package enum OnTaskFailure: String, SchemaEnum {
  case noAction = "no_action"
  case performExitOptionsJobAction = "perform_exit_options_job_action"
  package var restWord: String {
    switch self {
    case .noAction: "noaction"
    case .performExitOptionsJobAction: "performexitoptionsjobaction"
    }
  }
}

/// The kind of failure an `exit` block selects instead of exit codes.
package enum ExitError: String, SchemaEnum {
  case preProcessing = "pre_processing"
  case fileUpload = "file_upload"
  /// The exit conditions' property for this failure.
  package var restWord: String {
    switch self {
    case .preProcessing: "preProcessingError"
    case .fileUpload: "fileUploadError"
    }
  }
}

/// What happens to the job when a task exits a certain way.
package enum JobAction: String, SchemaEnum {
  case none, disable, terminate
  package var restWord: String { rawValue }
}

/// Whether tasks that depend on a task may run after it exits a certain way.
package enum DependencyAction: String, SchemaEnum {
  case satisfy, block
  package var restWord: String { rawValue }
}

/// When an output is uploaded.
package enum UploadCondition: String, SchemaEnum {
  case success, failure, completion
  /// The REST spec's `OutputFileUploadCondition` spelling.
  package var restWord: String {
    switch self {
    case .success: "tasksuccess"
    case .failure: "taskfailure"
    case .completion: "taskcompletion"
    }
  }
}

/// Where a Batch account creates nodes (Azure Resource Manager spelling).
package enum AllocationMode: String, SchemaEnum {
  case batchService = "batch_service"
  case userSubscription = "user_subscription"
  package var restWord: String {
    switch self {
    case .batchService: "BatchService"
    case .userSubscription: "UserSubscription"
    }
  }
}

/// How Batch authenticates to an account's linked storage (Azure Resource Manager spelling).
package enum StorageAuthentication: String, SchemaEnum {
  case storageKeys = "storage_keys"
  case batchAccountManagedIdentity = "batch_account_managed_identity"
  package var restWord: String {
    switch self {
    case .storageKeys: "StorageKeys"
    case .batchAccountManagedIdentity: "BatchAccountManagedIdentity"
    }
  }
}

/// Whether a Batch account is reachable from public networks (Azure Resource Manager spelling).
package enum PublicNetworkAccess: String, SchemaEnum {
  case enabled, disabled
  case securedByPerimeter = "secured_by_perimeter"
  package var restWord: String {
    switch self {
    case .enabled: "Enabled"
    case .disabled: "Disabled"
    case .securedByPerimeter: "SecuredByPerimeter"
    }
  }
}

/// A way clients may authenticate to a Batch account's data plane (Azure Resource Manager spelling).
package enum AuthenticationMode: String, SchemaEnum {
  case sharedKey = "shared_key"
  case entraID = "entra_id"
  case taskAuthenticationToken = "task_authentication_token"
  package var restWord: String {
    switch self {
    case .sharedKey: "SharedKey"
    case .entraID: "AAD"
    case .taskAuthenticationToken: "TaskAuthenticationToken"
    }
  }
}

/// An Azure Storage account kind (Azure Resource Manager spelling).
package enum StorageKind: String, SchemaEnum {
  case generalPurposeV2 = "general_purpose_v2"
  case generalPurposeV1 = "general_purpose_v1"
  case blobStorage = "blob_storage"
  package var restWord: String {
    switch self {
    case .generalPurposeV2: "StorageV2"
    case .generalPurposeV1: "Storage"
    case .blobStorage: "BlobStorage"
    }
  }
}

/// The container runtime of a pool that runs container tasks.
package enum ContainerType: String, SchemaEnum {
  case dockerCompatible = "docker_compatible"
  case criCompatible = "cri_compatible"
  package var restWord: String {
    switch self {
    case .dockerCompatible: "dockerCompatible"
    case .criCompatible: "criCompatible"
    }
  }
}

/// Where a container task's command starts.
package enum ContainerWorkingDirectory: String, SchemaEnum {
  case taskWorkingDirectory = "task_working_directory"
  case containerImageDefault = "container_image_default"
  package var restWord: String {
    switch self {
    case .taskWorkingDirectory: "taskWorkingDirectory"
    case .containerImageDefault: "containerImageDefault"
    }
  }
}

/// A directory of the node that Batch binds into a task's container.
package enum ContainerHostPath: String, SchemaEnum {
  case shared, startup, task, applications
  case vfsMounts = "vfs_mounts"
  case jobPrep = "job_prep"
  package var restWord: String {
    switch self {
    case .shared: "Shared"
    case .startup: "Startup"
    case .task: "Task"
    case .applications: "Applications"
    case .vfsMounts: "VfsMounts"
    case .jobPrep: "JobPrep"
    }
  }
}

/// The Windows license a pool's nodes use (Azure Hybrid Benefit).
package enum LicenseType: String, SchemaEnum {
  case windowsServer = "windows_server"
  case windowsClient = "windows_client"
  package var restWord: String {
    switch self {
    case .windowsServer: "Windows_Server"
    case .windowsClient: "Windows_Client"
    }
  }
}

/// How a pool's nodes are placed: in one region, or spread over availability zones.
package enum NodePlacement: String, SchemaEnum {
  case regional, zonal
  package var restWord: String { rawValue }
}

/// A disk Azure encrypts on a pool's nodes.
package enum DiskEncryptionTarget: String, SchemaEnum {
  case osDisk = "os_disk"
  case temporaryDisk = "temporary_disk"
  package var restWord: String {
    switch self {
    case .osDisk: "osdisk"
    case .temporaryDisk: "temporarydisk"
    }
  }
}

/// Whether jobs may assign dynamic virtual networks.
package enum DynamicVNetScope: String, SchemaEnum {
  case none, job
  package var restWord: String { rawValue }
}

/// Who provisions a pool's public IP addresses.
package enum PublicIPProvisioning: String, SchemaEnum {
  case batchManaged = "batch_managed"
  case userManaged = "user_managed"
  case none
  package var restWord: String {
    switch self {
    case .batchManaged: "batchmanaged"
    case .userManaged: "usermanaged"
    case .none: "nopublicipaddresses"
    }
  }
}

/// The order a pool runs different jobs' tasks in.
package enum JobDefaultOrder: String, SchemaEnum {
  case none
  case creationTime = "creation_time"
  package var restWord: String {
    switch self {
    case .none: "none"
    case .creationTime: "creationtime"
    }
  }
}

/// A disk's host caching.
package enum DiskCaching: String, SchemaEnum {
  case none
  case readOnly = "read_only"
  case readWrite = "read_write"
  package var restWord: String {
    switch self {
    case .none: "none"
    case .readOnly: "readonly"
    case .readWrite: "readwrite"
    }
  }
}

/// A managed disk's storage type.
package enum DiskStorageType: String, SchemaEnum {
  case standardLRS = "standard_lrs"
  case premiumLRS = "premium_lrs"
  case standardSSDLRS = "standardssd_lrs"
  package var restWord: String { rawValue }
}

/// Where an ephemeral OS disk lives.
package enum EphemeralPlacement: String, SchemaEnum {
  case cacheDisk = "cache_disk"
  package var restWord: String { "cachedisk" }
}

/// The security type of a pool's VMs.
package enum SecurityType: String, SchemaEnum {
  case trustedLaunch = "trusted_launch"
  case confidentialVM = "confidential_vm"
  package var restWord: String {
    switch self {
    case .trustedLaunch: "trustedLaunch"
    case .confidentialVM: "confidentialvm"
    }
  }
}

/// What a confidential VM's managed OS disk encrypts with the VM's guest state.
package enum SecurityEncryption: String, SchemaEnum {
  case vmGuestStateOnly = "vm_guest_state_only"
  case diskWithVMGuestState = "disk_with_vm_guest_state"
  case nonPersistedTPM = "non_persisted_tpm"
  package var restWord: String {
    switch self {
    case .vmGuestStateOnly: "VMGuestStateOnly"
    case .diskWithVMGuestState: "DiskWithVMGuestState"
    case .nonPersistedTPM: "NonPersistedTPM"
    }
  }
}

/// An IP version a pool's nodes are reachable on.
package enum IPFamily: String, SchemaEnum {
  case ipv4, ipv6
  package var restWord: String {
    switch self {
    case .ipv4: "IPv4"
    case .ipv6: "IPv6"
    }
  }
}

/// How a pool's nodes take OS upgrades.
package enum UpgradeMode: String, SchemaEnum {
  case automatic, manual, rolling
  package var restWord: String { rawValue }
}

/// How a Windows user account logs in.
package enum LoginMode: String, SchemaEnum {
  case batch, interactive
  package var restWord: String { rawValue }
}

/// How long an auto pool lives: as long as its job, or as long as its job schedule.
package enum PoolLifetime: String, SchemaEnum {
  case job
  case jobSchedule = "job_schedule"
  package var restWord: String {
    switch self {
    case .job: "job"
    case .jobSchedule: "jobschedule"
    }
  }
}

/// The protocol of an inbound NAT pool.
package enum InboundProtocol: String, SchemaEnum {
  case tcp, udp
  package var restWord: String { rawValue }
}

/// Whether a network security group rule lets traffic in.
package enum RuleAccess: String, SchemaEnum {
  case allow, deny
  package var restWord: String { rawValue }
}
