// What a plan says of containers and mounted file systems: a pool's container configuration and
// mounts, and the container a command runs in. Each is optional and left out when a project does
// not use it, so plans (and task fingerprints) of projects without them are unchanged.

package import BatchSpecCore

/// A pool's container configuration: the runtime and the images pulled when a node starts.
package struct PlanContainerConfiguration: Codable, Sendable, Equatable {
  package var type: ContainerType
  /// Images pulled onto every node before it takes tasks.
  package var images: [String]

  /// Creates a value with every property given.
  package init(type: ContainerType, images: [String] = []) {
    self.type = type
    self.images = images
  }
}

/// The container a command runs in, as Batch's `containerSettings` describe it.
package struct PlanContainer: Codable, Sendable, Equatable {
  /// The image, as `docker pull` takes it.
  package var image: String
  /// Extra `docker create` options, as written.
  package var runOptions: String?
  /// Where the command starts: the task's working directory or the image's.
  package var workingDirectory: ContainerWorkingDirectory
  /// The node directories bound into the container; nil binds the whole node root directory (Batch's
  /// default), an empty list binds none.
  package var bindMounts: [PlanBindMount]?
  /// The registry server the image comes from, when the command names one.
  package var registry: String?

  /// Creates a value with every property given (optional ones default to empty).
  package init(
    image: String, runOptions: String? = nil, workingDirectory: ContainerWorkingDirectory = .taskWorkingDirectory,
    bindMounts: [PlanBindMount]? = nil, registry: String? = nil
  ) {
    self.image = image
    self.runOptions = runOptions
    self.workingDirectory = workingDirectory
    self.bindMounts = bindMounts
    self.registry = registry
  }
}

/// A node directory bound into a command's container.
package struct PlanBindMount: Codable, Sendable, Equatable {
  package var source: ContainerHostPath
  package var readOnly: Bool

  /// Creates a value with every property given.
  package init(source: ContainerHostPath, readOnly: Bool) {
    self.source = source
    self.readOnly = readOnly
  }
}

/// The kinds of file system a pool mounts on its nodes.
package enum PlanMountKind: String, Codable, Sendable, CaseIterable {
  case blobfuse
  case nfs
  case cifs
  case azureFiles = "azure_files"
}

/// A file system mounted on every node of a pool at `$AZ_BATCH_NODE_MOUNTS_DIR/<path>`.
package struct PlanMount: Codable, Sendable, Equatable {
  package var kind: PlanMountKind
  /// The mount path, relative to the node's mounts directory.
  package var path: String
  /// The storage account and container (`blobfuse`).
  package var storageAccount: String?
  package var container: String?
  /// What is mounted: the NFS export, the CIFS share or the Azure Files share's URL.
  package var source: String?

  /// Creates a value with every property given (optional ones default to empty).
  package init(
    kind: PlanMountKind, path: String, storageAccount: String? = nil, container: String? = nil, source: String? = nil
  ) {
    self.kind = kind
    self.path = path
    self.storageAccount = storageAccount
    self.container = container
    self.source = source
  }
}
