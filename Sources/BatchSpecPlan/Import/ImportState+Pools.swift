// Importing account templates and pools.

import BatchSpecCore
import Foundation

extension ImportState {
  static let managementWords: [String: String] = [
    "batchservice": "batch_service", "usersubscription": "user_subscription", "storagekeys": "storage_keys",
    "batchaccountmanagedidentity": "batch_account_managed_identity", "enabled": "enabled", "disabled": "disabled",
    "securedbyperimeter": "secured_by_perimeter", "sharedkey": "shared_key", "aad": "entra_id",
    "taskauthenticationtoken": "task_authentication_token",
  ]
  static let storageKinds = [
    "storagev2": "general_purpose_v2", "storage": "general_purpose_v1", "blobstorage": "blob_storage",
  ]

  /// The storage account name of `[resourceId('Microsoft.Storage/storageAccounts', 'NAME')]` or
  /// of a resource ID `/subscriptions/.../storageAccounts/NAME`.
  static func storageName(_ reference: String) -> String? {
    if let range = reference.range(of: "storageAccounts', '") {
      return String(reference[range.upperBound...].prefix { $0 != "'" })
    }
    let parts = reference.split(separator: "/")
    if let index = parts.lastIndex(where: { $0.lowercased() == "storageaccounts" }), index + 1 < parts.count {
      return String(parts[index + 1])
    }
    return nil
  }

  mutating func readTemplate(_ value: JSON, file: String) {
    guard let template = JSONReader(value, file: file, path: "$", log: log) else { return }
    for key in ["$schema", "contentVersion", "outputs", "parameters", "variables"] { template.ignore(key) }
    for resource in template.objects("resources") {
      let type = resource.string("type") ?? ""
      for key in ["apiVersion", "dependsOn"] { resource.ignore(key) }
      switch type.lowercased() {
      case "microsoft.batch/batchaccounts": readAccount(resource)
      case "microsoft.storage/storageaccounts":
        guard let name = resource.string("name") else { continue }
        var entry = storage[name.lowercased()] ?? ImportedStorage()
        entry.kind = resource.word("kind", Self.storageKinds)
        entry.location = resource.string("location")
        resource.ignore("sku")  // the Azure target always writes Standard_LRS
        resource.ignore("properties")  // hardening the Azure target always writes
        note(name.lowercased(), entry)
      case "microsoft.authorization/roleassignments":
        for key in ["name", "scope", "properties"] { resource.ignore(key) }  // written for managed-identity auth
      default:
        resource.warn("type", "a `\(type)` resource: batchspec declares only Batch and storage accounts; left out")
        resource.ignoreAll()
      }
      resource.finish()
    }
    template.finish()
  }

  private mutating func readAccount(_ resource: JSONReader) {
    guard let name = resource.string("name"), Literal.isIdentifier(name) else {
      resource.warn("name", "an account name that is not a plain name; account left out")
      resource.ignoreAll()
      return
    }
    var block = ImportedBlock("account", label: name)
    block.set("location", resource.string("location").map(Literal.string))
    resource.ignore("identity")  // follows from storage_auth
    if let properties = resource.object("properties") {
      block.set("allocation", properties.word("poolAllocationMode", Self.managementWords))
      if let auto = properties.object("autoStorage") {
        if let id = auto.string("storageAccountId"), let storageName = Self.storageName(id) {
          block.set("storage", storageName)
          autoStorage[name.lowercased()] = storageName.lowercased()
          note(storageName.lowercased(), storage[storageName.lowercased()] ?? ImportedStorage())
        }
        block.set("storage_auth", auto.word("authenticationMode", Self.managementWords))
        auto.finish()
      }
      block.set("public_network_access", properties.word("publicNetworkAccess", Self.managementWords))
      if properties.has("allowedAuthenticationModes") {
        let modes = properties.strings("allowedAuthenticationModes").compactMap {
          Self.managementWords[$0.lowercased()]
        }
        block.set("auth_modes", Literal.list(modes))
      }
      properties.finish()
    }
    accounts.append(block)
  }

  mutating func note(_ name: String, _ entry: ImportedStorage) {
    if storage[name] == nil { storageOrder.append(name) }
    storage[name] = entry
  }

  mutating func readPool(_ value: JSON, file: String) {
    guard let pool = JSONReader(value, file: file, path: "$", log: log) else { return }
    defer { pool.finish() }
    guard let id = pool.string("id"), Literal.isIdentifier(id) else {
      log.warn(file, "$.id", "a pool needs a plain ID; pool left out")
      return
    }
    var block = ImportedBlock("pool", label: id)
    if accounts.count > 1, let first = accounts.first?.label {
      block.set("account", first)
      log.warn(
        file, "$", "the JSON does not say which of the imported accounts pool `\(id)` belongs to: `\(first)` assumed")
    }
    block.set("display_name", pool.string("displayName").map(Literal.string))
    block.set("vm_size", pool.string("vmSize").map(Literal.string))
    if let configuration = pool.object("virtualMachineConfiguration") {
      if let image = configuration.object("imageReference") {
        if let custom = image.string("virtualMachineImageId") {
          block.set("custom_image", Literal.string(custom))
        } else {
          let parts = ["publisher", "offer", "sku", "version"].compactMap { image.string($0) }
          block.set("image", Literal.string(parts.joined(separator: "/")))
        }
        image.finish()
      }
      block.set("node_agent", configuration.string("nodeAgentSKUId").map(Literal.string))
      configuration.finish()
    }
    if pool.bool("enableAutoScale") == true {
      var autoscale = ImportedBlock("autoscale")
      autoscale.set("formula", pool.string("autoScaleFormula").map(Literal.string))
      autoscale.set("interval", pool.duration("autoScaleEvaluationInterval").map(Literal.duration))
      block.children.append(autoscale)
    } else {
      pool.ignore("autoScaleFormula")
      pool.ignore("autoScaleEvaluationInterval")
    }
    block.set("dedicated_nodes", pool.int("targetDedicatedNodes").map(String.init))
    block.set("spot_nodes", pool.int("targetLowPriorityNodes").map(String.init))
    block.set("task_slots_per_node", pool.int("taskSlotsPerNode").map(String.init))
    if let policy = pool.object("taskSchedulingPolicy") {
      block.set("node_fill", policy.word("nodeFillType", ["spread": "spread", "pack": "pack"]))
      policy.finish()
    }
    block.set("inter_node_communication", pool.bool("enableInterNodeCommunication").map { $0 ? "true" : "false" })
    block.set("resize_timeout", pool.duration("resizeTimeout").map(Literal.duration))
    block.set("applications", applicationList(pool))
    block.set("metadata", map(pool.nameValues("metadata")))
    if let start = pool.object("startTask") {
      var task = ImportedBlock("start_task")
      task.set("command", start.string("commandLine").map(Literal.string))
      task.set("environment", map(start.nameValues("environmentSettings")))
      identity(start, into: &task, scopes: true)
      task.set("wait_for_success", start.bool("waitForSuccess").map { $0 ? "true" : "false" })
      task.set("retries", start.int("maxTaskRetryCount").map(String.init))
      task.children += start.objects("resourceFiles").compactMap { input($0, autoStorage: autoStorageFor(block)) }
      start.finish()
      block.children.append(task)
    }
    for user in pool.objects("userAccounts") {
      defer { user.finish() }
      guard let name = user.string("name") else { continue }
      var account = ImportedBlock("user", label: Literal.name(name))
      let variable = String(name.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }) + "_PASSWORD"
      if let password = user.string("password") {
        if let placeholder = Self.placeholder(password) {
          account.set("password", "env(\(Literal.string(placeholder)))")
        } else {
          user.warn("password", "a literal password is not copied into the spec: read from $\(variable)")
          account.set("password", "env(\(Literal.string(variable)))")
        }
      }
      account.set("elevation", user.word("elevationLevel", ["admin": "admin", "nonadmin": "nonadmin"]))
      block.children.append(account)
    }
    if let network = pool.object("networkConfiguration") {
      if let endpoints = network.object("endpointConfiguration") {
        for (index, nat) in endpoints.objects("inboundNATPools").enumerated() {
          block.children.append(remoteAccess(nat, index: index))
          nat.finish()
        }
        endpoints.finish()
      }
      network.finish()
    }
    pools.append(block)
  }

  /// The auto-storage account of the account a pool block belongs to.
  func autoStorageFor(_ pool: ImportedBlock) -> String? {
    let account = pool.attributes.first { $0.0 == "account" }?.1 ?? (accounts.count == 1 ? accounts[0].label : nil)
    return account.flatMap { autoStorage[$0.lowercased()] }
  }

  /// `VARIABLE` of a `{{VARIABLE}}` placeholder.
  static func placeholder(_ text: String) -> String? {
    guard text.hasPrefix("{{"), text.hasSuffix("}}"), text.count > 4 else { return nil }
    let name = text.dropFirst(2).dropLast(2)
    return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") } ? String(name) : nil
  }

  private func remoteAccess(_ nat: JSONReader, index: Int) -> ImportedBlock {
    var block = ImportedBlock("remote_access")
    let port = nat.int("backendPort")
    block.set("protocol", port == 3389 ? "rdp" : "ssh")
    if port != 22 && port != 3389 {
      nat.warn("backendPort", "only SSH (22) and RDP (3389) can be expressed; written as `ssh`")
    }
    nat.ignore("name")
    if nat.string("protocol")?.lowercased() != "tcp" { nat.warn("protocol", "only TCP can be expressed") }
    let start = nat.int("frontendPortRangeStart")
    let end = nat.int("frontendPortRangeEnd")
    let expected = AzureTarget.frontendPortBase + index * 1000
    if start != expected || end != expected + 999 {
      nat.warn("frontendPortRangeStart", "frontend ports are chosen by batchspec (\(expected)-\(expected + 999))")
    }
    var allow: [String] = []
    var deny: [String] = []
    var lastAllowPriority = Int.min
    var firstDenyPriority = Int.max
    for rule in nat.objects("networkSecurityGroupRules") {
      defer { rule.finish() }
      let priority = rule.int("priority") ?? 0
      guard let prefix = rule.string("sourceAddressPrefix") else { continue }
      if rule.string("access")?.lowercased() == "deny" {
        deny.append(prefix)
        firstDenyPriority = min(firstDenyPriority, priority)
      } else {
        allow.append(prefix)
        lastAllowPriority = max(lastAllowPriority, priority)
      }
    }
    if lastAllowPriority > firstDenyPriority {
      nat.warn("networkSecurityGroupRules", "batchspec puts allow rules before deny rules; the priorities change")
    }
    if !allow.isEmpty { block.set("allow", Literal.list(allow.map(Literal.string))) }
    if !deny.isEmpty { block.set("deny", Literal.list(deny.map(Literal.string))) }
    return block
  }

  /// `elevation`, `scope` and `run_as` of `userIdentity`.
  func identity(_ reader: JSONReader, into block: inout ImportedBlock, scopes: Bool) {
    guard let identity = reader.object("userIdentity") else { return }
    defer { identity.finish() }
    if let name = identity.string("username") {
      block.set("run_as", Literal.string(name))
      return
    }
    guard let auto = identity.object("autoUser") else { return }
    defer { auto.finish() }
    if let scope = auto.word("scope", ["task": "task", "pool": "pool"]) {
      if scopes {
        block.set("scope", scope)
      } else if scope != "pool" {
        auto.warn("scope", "a job preparation or release task runs as the pool's automatic user; left out")
      }
    }
    block.set("elevation", auto.word("elevationLevel", ["admin": "admin", "nonadmin": "nonadmin"]))
  }

  func map(_ pairs: [(String, String)]) -> String? { pairs.isEmpty ? nil : Literal.map(pairs) }
}
