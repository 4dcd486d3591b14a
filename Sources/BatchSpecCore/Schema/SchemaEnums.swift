// The closed sets of words attributes take, each with Azure's spelling beside the language's: the
// one table that compile reads forward and import reads backward.

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
  package var restWord: String {
    switch self {
    case .success: "taskSuccess"
    case .failure: "taskFailure"
    case .completion: "taskCompletion"
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
