// Compiling containers and mounts: a pool's container configuration and mounted file systems,
// and the container a command runs in.

import BatchSpecCore

extension PlanCompiler {
  /// A pool's `containers` block.
  static func containerConfiguration(_ block: Checked<Schema.Containers>?) -> PlanContainerConfiguration? {
    block.map { PlanContainerConfiguration(type: $0[\.type] ?? .dockerCompatible, images: $0[\.images] ?? []) }
  }

  /// A command's `container` block. Read-write mounts come first, then read-only ones; with
  /// neither written Batch binds the whole node root directory (nil).
  static func container(_ block: Checked<Schema.TaskContainer>?, variables: [String: Value]) -> PlanContainer? {
    guard let block else { return nil }
    var mounts: [PlanBindMount]?
    if block.has(\.mounts) || block.has(\.readOnlyMounts) {
      mounts =
        (block[\.mounts] ?? []).map { PlanBindMount(source: $0, readOnly: false) }
        + (block[\.readOnlyMounts] ?? []).map { PlanBindMount(source: $0, readOnly: true) }
    }
    return PlanContainer(
      image: block[\.image] ?? "", runOptions: block[\.options],
      workingDirectory: block[\.workingDirectory] ?? .taskWorkingDirectory, bindMounts: mounts,
      registry: block.child(\.registry)?.label.map { LabelText.resolve($0, variables: variables) })
  }

  /// A pool's mounts in source order; nil when it has none.
  static func mounts(of block: Checked<Schema.Pool>, variables: [String: Value]) -> [PlanMount]? {
    var mounts: [PlanMount] = []
    for child in block.instance.children {
      let path = child.label.map { LabelText.resolve($0, variables: variables) } ?? ""
      if let mount = Checked<Schema.BlobfuseMount>(ifKind: child) {
        let container = mount[\.container]
        mounts.append(
          PlanMount(kind: .blobfuse, path: path, storageAccount: container?.storage, container: container?.name))
      } else if let mount = Checked<Schema.NFSMount>(ifKind: child) {
        mounts.append(PlanMount(kind: .nfs, path: path, source: mount[\.source]))
      } else if let mount = Checked<Schema.CIFSMount>(ifKind: child) {
        mounts.append(PlanMount(kind: .cifs, path: path, source: mount[\.source]))
      } else if let mount = Checked<Schema.AzureFilesMount>(ifKind: child) {
        mounts.append(PlanMount(kind: .azureFiles, path: path, source: mount[\.url]))
      }
    }
    return mounts.isEmpty ? nil : mounts
  }
}
