// The "add pool" body of a plan pool; what the plan does not carry (resize timeout, remote
// access, user passwords) is read from the pool's block.

import BatchSpecCore

extension AzureTarget {
  /// The first port of the inbound NAT pools' frontend ranges; each protocol gets 1,000 ports.
  static let frontendPortBase = 40_000

  static func poolBody(_ pool: PlanPool, block: Checked<Schema.Pool>, storage: StorageContext) -> JSON {
    var body = JSONObject()
    body["id"] = .string(pool.id)
    body[Schema.Pool.displayName.restName] = .string(pool.displayName)
    body[Schema.Pool.vmSize.restName] = .string(pool.vmSize)
    var image = JSONObject()
    if let custom = pool.customImage {
      image["virtualMachineImageId"] = .string(custom)
    } else if let reference = pool.image {
      let parts = reference.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
      for (key, part) in zip(["publisher", "offer", "sku", "version"], parts) { image[key] = .string(part) }
      if parts.count < 4 { image["version"] = .string("latest") }
    }
    body["virtualMachineConfiguration"] = .object([
      ("imageReference", image.json), (Schema.Pool.nodeAgent.restName, .string(pool.nodeAgent)),
    ])
    if let autoscale = pool.autoscale {
      body["enableAutoScale"] = .bool(true)
      body[Schema.Autoscale.formula.restName] = .string(autoscale.formula)
      body[Schema.Autoscale.interval.restName] = .string(ISODuration.format(autoscale.intervalMs))
    } else {
      if let timeout = block[\.resizeTimeout], timeout != Schema.Pool.resizeTimeout.defaultValue {
        body[Schema.Pool.resizeTimeout.restName] = .string(ISODuration.format(timeout.count))
      }
      body[Schema.Pool.dedicatedNodes.restName] = .integer(pool.dedicatedNodes)
      body[Schema.Pool.spotNodes.restName] = .integer(pool.spotNodes)
    }
    if pool.interNodeCommunication { body[Schema.Pool.interNodeCommunication.restName] = .bool(true) }
    body["networkConfiguration"] = networkConfiguration(block)
    if let start = pool.startTask {
      var task = JSONObject()
      task[Schema.StartTask.command.restName] = .string(start.commandLine)
      task["resourceFiles"] = .nonEmptyArray(
        start.inputs.map { resourceFile($0, pool: pool.id, storage: storage) })
      task[Schema.StartTask.environment.restName] = .nameValueList(start.environment)
      task["userIdentity"] = userIdentity(start.userIdentity)
      if start.maxTaskRetryCount != 0 { task[Schema.StartTask.retries.restName] = .integer(start.maxTaskRetryCount) }
      task[Schema.StartTask.waitForSuccess.restName] = .bool(start.waitForSuccess)
      body[Schema.StartTask.schema.restName] = task.json
    }
    body[Schema.Pool.applications.restName] = applicationReferences(pool.applications)
    if pool.taskSlotsPerNode != 1 { body[Schema.Pool.taskSlotsPerNode.restName] = .integer(pool.taskSlotsPerNode) }
    if pool.nodeFill != .spread {
      body["taskSchedulingPolicy"] = .object([(Schema.Pool.nodeFill.restName, .string(pool.nodeFill.restWord))])
    }
    body[Schema.User.schema.restName] = .nonEmptyArray(
      block.children(\.user).map { user in
        var account = JSONObject()
        account["name"] = .string(user.label ?? "")
        if let password = user[\.password] {
          account[Schema.User.password.restName] = .string(StorageContext.placeholder(password.variable))
        }
        if let elevation = user[\.elevation], elevation != .nonadmin {
          account[Schema.User.elevation.restName] = .string(elevation.restWord)
        }
        return account.json
      })
    body[Schema.Pool.metadata.restName] = .nameValueList(pool.metadata)
    return body.json
  }

  /// Inbound NAT pools for `remote_access` blocks: SSH (22) or RDP (3389), allow rules first.
  static func networkConfiguration(_ block: Checked<Schema.Pool>) -> JSON? {
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
      nat[Schema.RemoteAccess.protocol.restName] = .integer(remote.backendPort)
      nat["frontendPortRangeStart"] = .integer(start)
      nat["frontendPortRangeEnd"] = .integer(start + 999)
      nat["networkSecurityGroupRules"] = .nonEmptyArray(rules)
      natPools.append(nat.json)
    }
    return .object([("endpointConfiguration", .object([("inboundNATPools", .array(natPools))]))])
  }

  /// `userIdentity`, or nil for the default (the pool's non-admin automatic user).
  static func userIdentity(_ identity: PlanUserIdentity) -> JSON? {
    if let name = identity.userName { return .object([("username", .string(name))]) }
    var autoUser = JSONObject()
    if let scope = identity.scope, scope != .pool { autoUser["scope"] = .string(scope.restWord) }
    if let elevation = identity.elevation, elevation != .nonadmin {
      autoUser["elevationLevel"] = .string(elevation.restWord)
    }
    return autoUser.isEmpty ? nil : .object([("autoUser", autoUser.json)])
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
