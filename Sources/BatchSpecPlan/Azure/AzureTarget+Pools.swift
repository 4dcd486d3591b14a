// The "add pool" body of a plan pool; what the plan does not carry (resize timeout, remote
// access, user passwords) is read from the pool's block.

import BatchSpecCore

extension AzureTarget {
  /// The first port of the inbound NAT pools' frontend ranges; each protocol gets 1,000 ports.
  static let frontendPortBase = 40_000

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
    body.set(["networkConfiguration", "endpointConfiguration"], endpointConfiguration(block))
    if let start = pool.startTask {
      body.set(
        [Schema.StartTask.schema.restName, "resourceFiles"],
        .nonEmptyArray(start.inputs.map { resourceFile($0, pool: pool.id, storage: storage) }))
    }
    body["applicationPackageReferences"] = applicationReferences(pool.applications)
    return body.json
  }

  /// Inbound NAT pools for `remote_access` blocks: SSH (22) or RDP (3389), allow rules first.
  static func endpointConfiguration(_ block: Checked<Schema.Pool>) -> JSON? {
    let blocks = block.children(\.remoteAccess)
    if blocks.isEmpty { return nil }
    var natPools: [JSON] = []
    var priority = 150
    for (index, access) in blocks.enumerated() {
      let remote = access[\.protocol] ?? .ssh
      let ssh = remote == .ssh
      var rules: [JSON] = []
      for (kind, prefixes) in [("allow", access[\.allow]), ("deny", access[\.deny])] {
        for prefix in prefixes ?? [] {
          rules.append(
            .object([
              ("priority", .integer(priority)), ("access", .string(kind)), ("sourceAddressPrefix", .string(prefix)),
            ]))
          priority += 1
        }
      }
      let start = frontendPortBase + index * 1000
      var nat = JSONObject()
      nat["name"] = .string((ssh ? "ssh" : "rdp") + (index == 0 ? "" : "-\(index + 1)"))
      nat["protocol"] = .string("tcp")
      nat["backendPort"] = .integer(remote.backendPort)
      nat["frontendPortRangeStart"] = .integer(start)
      nat["frontendPortRangeEnd"] = .integer(start + 999)
      nat["networkSecurityGroupRules"] = .nonEmptyArray(rules)
      natPools.append(nat.json)
    }
    return .object([("inboundNATPools", .array(natPools))])
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
