// The "add pool" body of a plan pool; what the plan does not carry (resize timeout, remote
// access, user passwords) is read from the pool's block.

import BatchSpecCore

extension AzureTarget {
  /// The first port of the inbound NAT pools' frontend ranges; each protocol gets 1,000 ports.
  static let frontendPortBase = 40_000

  static func poolBody(_ pool: PlanPool, block: BlockInstance, storage: StorageContext) -> JSON {
    var body = JSONObject()
    body["id"] = .string(pool.id)
    body[rest("pool", "display_name")] = .string(pool.displayName)
    body[rest("pool", "vm_size")] = .string(pool.vmSize)
    var image = JSONObject()
    if let custom = pool.customImage {
      image["virtualMachineImageId"] = .string(custom)
    } else if let reference = pool.image {
      let parts = reference.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
      for (key, part) in zip(["publisher", "offer", "sku", "version"], parts) { image[key] = .string(part) }
      if parts.count < 4 { image["version"] = .string("latest") }
    }
    body["virtualMachineConfiguration"] = .object([
      ("imageReference", image.json), (rest("pool", "node_agent"), .string(pool.nodeAgent)),
    ])
    if let autoscale = pool.autoscale {
      body["enableAutoScale"] = .bool(true)
      body[rest("autoscale", "formula")] = .string(autoscale.formula)
      body[rest("autoscale", "interval")] = .string(ISODuration.format(autoscale.intervalMs))
    } else {
      if let timeout = block.milliseconds("resize_timeout"), timeout != 15 * 60_000 {
        body[rest("pool", "resize_timeout")] = .string(ISODuration.format(timeout))
      }
      body[rest("pool", "dedicated_nodes")] = .integer(pool.dedicatedNodes)
      body[rest("pool", "spot_nodes")] = .integer(pool.spotNodes)
    }
    if pool.interNodeCommunication { body[rest("pool", "inter_node_communication")] = .bool(true) }
    body["networkConfiguration"] = networkConfiguration(block)
    if let start = pool.startTask {
      var task = JSONObject()
      task[rest("start_task", "command")] = .string(start.commandLine)
      task["resourceFiles"] = .nonEmptyArray(
        start.inputs.map { resourceFile($0, pool: pool.id, storage: storage) })
      task[rest("start_task", "environment")] = .nameValueList(start.environment)
      task["userIdentity"] = userIdentity(start.userIdentity)
      if start.maxTaskRetryCount != 0 { task[rest("start_task", "retries")] = .integer(start.maxTaskRetryCount) }
      task[rest("start_task", "wait_for_success")] = .bool(start.waitForSuccess)
      body[rest("start_task")] = task.json
    }
    body[rest("pool", "applications")] = applicationReferences(pool.applications)
    if pool.taskSlotsPerNode != 1 { body[rest("pool", "task_slots_per_node")] = .integer(pool.taskSlotsPerNode) }
    if pool.nodeFill != "spread" {
      body["taskSchedulingPolicy"] = .object([("nodeFillType", .string(pool.nodeFill))])
    }
    body[rest("user")] = .nonEmptyArray(
      block.children("user").map { user in
        var account = JSONObject()
        account["name"] = .string(user.label ?? "")
        if case .secret(let variable)? = user.value("password") {
          account["password"] = .string(StorageContext.placeholder(variable))
        }
        if let elevation = user.string("elevation"), elevation != "nonadmin" {
          account["elevationLevel"] = .string(elevation)
        }
        return account.json
      })
    body[rest("pool", "metadata")] = .nameValueList(pool.metadata)
    return body.json
  }

  /// Inbound NAT pools for `remote_access` blocks: SSH (22) or RDP (3389), allow rules first.
  static func networkConfiguration(_ block: BlockInstance) -> JSON? {
    let blocks = block.children("remote_access")
    if blocks.isEmpty { return nil }
    var natPools: [JSON] = []
    var priority = 150
    for (index, access) in blocks.enumerated() {
      let ssh = access.string("protocol") != "rdp"
      var rules: [JSON] = []
      for (kind, attribute) in [("allow", "allow"), ("deny", "deny")] {
        for prefix in access.value(attribute)?.listValue.compactMap(\.stringValue) ?? [] {
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
      nat["backendPort"] = .integer(ssh ? 22 : 3389)
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
    if let scope = identity.scope, scope != "pool" { autoUser["scope"] = .string(scope) }
    if let elevation = identity.elevation, elevation != "nonadmin" { autoUser["elevationLevel"] = .string(elevation) }
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
