// Importing account templates and pools.

import BatchSpecCore
import Foundation

extension ImportState {
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
        var block = ImportedBlock<Schema.Storage>()
        block.readMapped(from: resource)
        entry.mapped = block.node.attributes
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
    var block = ImportedBlock<Schema.Account>(label: name)
    block.readMapped(from: resource)
    resource.ignore("identity")  // follows from storage_auth
    if let auto = resource.object("properties")?.object("autoStorage"),
      let id = auto.string("storageAccountId"), let storageName = Self.storageName(id)
    {
      block.set(\.storage, Reference(.storage, storageName))
      autoStorage[name.lowercased()] = storageName.lowercased()
      note(storageName.lowercased(), storage[storageName.lowercased()] ?? ImportedStorage())
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
    var block = ImportedBlock<Schema.Pool>(label: id)
    if accounts.count > 1, let first = accounts.first?.label {
      block.set(\.account, Reference(.account, first))
      log.warn(
        file, "$", "the JSON does not say which of the imported accounts pool `\(id)` belongs to: `\(first)` assumed")
    }
    block.readMapped(from: pool)
    if let image = pool.object("virtualMachineConfiguration")?.object("imageReference"), !block.has(\.customImage) {
      let parts = ["publisher", "offer", "sku", "version"].compactMap { image.string($0) }
      block.set(\.image, parts.joined(separator: "/"))
    }
    if pool.bool("enableAutoScale") == true {
      var autoscale = ImportedBlock<Schema.Autoscale>()
      autoscale.read(\.formula, from: pool)
      autoscale.read(\.interval, from: pool)
      block.add(\.autoscale, autoscale)
    } else {
      pool.ignore(Schema.Autoscale.formula.restName)
      pool.ignore(Schema.Autoscale.interval.restName)
    }
    block.set(\.applications, literal: applicationList(pool))
    let autoStorage = autoStorageFor(block)
    if let start = pool.object(Schema.StartTask.schema.restName) {
      block.updateChildren(\.startTask) { task in
        task.add(\.input, start.objects("resourceFiles").compactMap { input($0, autoStorage: autoStorage) })
      }
    }
    if let endpoints = pool.object("networkConfiguration")?.object("endpointConfiguration") {
      for (index, nat) in endpoints.objects("inboundNATPools").enumerated() {
        block.add(\.remoteAccess, remoteAccess(nat, index: index))
      }
    }
    pools.append(block)
  }

  /// The auto-storage account of the account a pool block belongs to.
  func autoStorageFor(_ pool: ImportedBlock<Schema.Pool>) -> String? {
    let account = pool.literal(\.account) ?? (accounts.count == 1 ? accounts[0].label : nil)
    return account.flatMap { autoStorage[$0.lowercased()] }
  }

  /// `VARIABLE` of a `{{VARIABLE}}` placeholder.
  static func placeholder(_ text: String) -> String? { Secret.placeholderVariable(text) }

  private func remoteAccess(_ nat: JSONReader, index: Int) -> ImportedBlock<Schema.RemoteAccess> {
    var block = ImportedBlock<Schema.RemoteAccess>()
    let portKey = "backendPort"
    let port = nat.int(portKey)
    let remote = RemoteProtocol.allCases.first { $0.backendPort == port }
    block.set(\.protocol, remote ?? .ssh)
    if remote == nil { nat.warn(portKey, "only SSH (22) and RDP (3389) can be expressed; written as `ssh`") }
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
    if !allow.isEmpty { block.set(\.allow, allow) }
    if !deny.isEmpty { block.set(\.deny, deny) }
    return block
  }

  /// A job preparation or release task runs as the pool's automatic user: a `pool` scope says
  /// nothing more, any other is reported.
  func poolScopeOnly(_ reader: JSONReader) {
    guard let auto = reader.object("userIdentity")?.object("autoUser"), auto.has("scope") else { return }
    if let scope = auto.word("scope", AutoUserScope.self), scope != .pool {
      auto.warn("scope", "a job preparation or release task runs as the pool's automatic user; left out")
    }
  }
}
