// The "add pool" body of a plan pool; what the plan does not carry (resize timeout, remote
// access, user passwords) is read from the pool's block.

import BatchSpecCore

extension AzureTarget {
  /// The add-pool body: the schema's mapped attributes and blocks (`RestLowering`), then what
  /// needs judgment: the image reference, autoscaling, remote access, start task files and
  /// application versions.
  static func poolBody(
    _ pool: PlanPool, block: Checked<Schema.Pool>, variables: [String: Value], storage: StorageContext
  ) -> JSON {
    var body = JSONObject()
    body["id"] = .string(pool.id)
    RestLowering.write(block.instance, variables: variables, into: &body)
    if let reference = pool.image {
      let parts = reference.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
      var image = JSONObject()
      for (key, part) in zip(["publisher", "offer", "sku", "version"], parts) { image[key] = .string(part) }
      if parts.count < 4 { image["version"] = .string("latest") }
      body.set(["virtualMachineConfiguration", "imageReference"], image.json)
    }
    if let autoscale = pool.autoscale {
      body["enableAutoScale"] = .bool(true)
      body[Schema.Autoscale.formula.restName] = .string(autoscale.formula)
      body[Schema.Autoscale.interval.restName] = .string(ISODuration.format(autoscale.intervalMs))
    }
    let path: ArraySlice<String> = ["networkConfiguration", "endpointConfiguration", "inboundNATPools"]
    body.set(path, natPools(block, mapped: body[path: path]))
    if let start = pool.startTask {
      body.set(
        [Schema.StartTask.schema.restName, "resourceFiles"],
        .nonEmptyArray(start.inputs.map { resourceFile($0, pool: pool.id, storage: storage) }))
    }
    body["applicationPackageReferences"] = applicationReferences(pool.applications)
    containerMounts(of: block.instance, into: &body)
    body["mountConfiguration"] = blobfuseContainers(block, in: body["mountConfiguration"], storage: storage)
    return body.json
  }

  /// `mountConfiguration` with each blobfuse mount's account and container filled in from its
  /// `container` reference, and, when it names no key or identity, the way the storage account is
  /// reached: its identity, or its SAS token's placeholder.
  static func blobfuseContainers(_ block: Checked<Schema.Pool>, in mounts: JSON?, storage: StorageContext) -> JSON? {
    guard var entries = mounts?.arrayValue else { return mounts }
    let kinds = [
      Schema.BlobfuseMount.schema, Schema.NFSMount.schema, Schema.CIFSMount.schema, Schema.AzureFilesMount.schema,
    ]
    let children = block.instance.children.filter { child in kinds.contains { $0 === child.schema } }
    for (index, child) in zip(entries.indices, children) {
      guard let mount = Checked<Schema.BlobfuseMount>(ifKind: child), let container = mount[\.container],
        var element = JSONObject(entries[index]),
        var configuration = JSONObject(element["azureBlobFileSystemConfiguration"])
      else { continue }
      configuration["accountName"] = .string(container.storage.lowercased())
      configuration["containerName"] = .string(container.name)
      if !mount.has(\.accountKey) && !mount.has(\.sasKey) && !mount.has(\.identity) {
        if let identity = storage.identityReference(container.storage) {
          configuration["identityReference"] = identity
        } else {
          configuration["sasKey"] = .placeholders(StorageContext.placeholder(storage.sasVariable(container.storage)))
        }
      }
      // The REST spec's order, whether the key was written or is the SAS placeholder added here.
      element["azureBlobFileSystemConfiguration"] =
        configuration.ordered(by: [
          "accountName", "containerName", "accountKey", "sasKey", "blobfuseOptions", "relativeMountPath",
          "identityReference",
        ]).json
      entries[index] = element.json
    }
    return .array(entries)
  }

  /// The inbound NAT pools: those the mapping wrote for `inbound_nat` blocks, with their public
  /// port ranges, then one for each `remote_access` block.
  static func natPools(_ block: Checked<Schema.Pool>, mapped: JSON?) -> JSON? {
    var entries = mapped?.arrayValue ?? []
    for (index, nat) in zip(entries.indices, block.children(\.inboundNAT)) {
      guard var entry = JSONObject(entries[index]), let ports = nat[\.frontendPorts] else { continue }
      entry["frontendPortRangeStart"] = .integer(Int(ports.lower))
      entry["frontendPortRangeEnd"] = .integer(Int(ports.upper))
      entries[index] = entry.json
    }
    entries += remoteAccessPools(block)
    return .nonEmptyArray(entries)
  }

  /// Inbound NAT pools for `remote_access` blocks (`Checked<Schema.Pool>.remoteAccessEndpoints`):
  /// SSH (22) or RDP (3389), allow rules first.
  static func remoteAccessPools(_ block: Checked<Schema.Pool>) -> [JSON] {
    block.remoteAccessEndpoints.map { endpoint in
      var rules: [JSON] = []
      var priority = endpoint.priorities.lowerBound
      for (kind, prefixes) in [("allow", endpoint.block[\.allow]), ("deny", endpoint.block[\.deny])] {
        for prefix in prefixes ?? [] {
          rules.append(
            .object([
              ("priority", .integer(priority)), ("access", .string(kind)), ("sourceAddressPrefix", .string(prefix)),
            ]))
          priority += 1
        }
      }
      var nat = JSONObject()
      nat["name"] = .string(endpoint.name)
      nat["protocol"] = .string("tcp")
      nat["backendPort"] = .integer(endpoint.remote.backendPort)
      nat["frontendPortRangeStart"] = .integer(endpoint.frontendPorts.lowerBound)
      nat["frontendPortRangeEnd"] = .integer(endpoint.frontendPorts.upperBound)
      nat["networkSecurityGroupRules"] = .nonEmptyArray(rules)
      return nat.json
    }
  }

  static func applicationReferences(_ applications: [PlanApplication]) -> JSON? {
    .nonEmptyArray(
      applications.map { application in
        var reference = JSONObject()
        reference["applicationId"] = .string(application.id)
        reference["version"] = .string(application.version)
        return reference.json
      })
  }
}
