// Importing account templates and pools.

import BatchSpecCore
import FoundationEssentials

extension ImportState {
  /// The storage account name of `[resourceId('Microsoft.Storage/storageAccounts', 'NAME')]` or
  /// of a resource ID `/subscriptions/.../storageAccounts/NAME`.
  static func storageName(_ reference: String) -> String? {
    if let range = reference.firstRange(of: "storageAccounts', '") {
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
      case AzureImporter.poolResourceType: resource.ignoreAll()  // read with the pools
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
    resource.object("properties")?.object("keyVaultReference")?.ignore("url")  // follows from key_vault
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
    if value.hasProperty("resources") {
      readPoolTemplate(value, file: file)
      return
    }
    // One ARM resource of a pool, as a template or Bicep declares it or `az resource show`
    // prints it, or the body of Resource Manager's Pool_Create (`properties`, `identity`), named.
    if AzureImporter.isPoolResource(value) || value.property("properties").map(Self.isManagementPool) == true {
      guard value.property("name")?.stringValue != nil else {
        log.refuse(file, "$", Self.unnamedManagementPool(properties: true))
        return
      }
      guard let resource = JSONReader(value, file: file, path: "$", log: log) else { return }
      readPoolResource(resource, path: "$")
      return
    }
    var value = value
    if Self.isManagementPool(value) {
      // A pool's `properties` as the management plane (ARM, Bicep) writes them: the add-pool
      // body they map to, as for a template's pools.
      guard let name = value.property("id")?.stringValue ?? value.property("name")?.stringValue else {
        log.refuse(file, "$", Self.unnamedManagementPool(properties: false))
        return
      }
      log.warn(
        file, "$",
        "a pool as Azure Resource Manager writes it (`deploymentConfiguration`, `scaleSettings`): read as the add-pool body it maps to"
      )
      let id = Self.poolID(ofResourceName: name) ?? name  // `account/pool`, or the pool's resource ID
      var properties = Self.withoutReportedState(value)
      if case .object(let members) = properties {
        properties = .object(members.filter { !["id", "name"].contains($0.0.lowercased()) })
      }
      value = AzureTarget.addPoolBody(id: id, fromManagement: properties)
    } else if value.hasProperty("deploymentConfiguration") {
      // The two shapes mixed: the service refuses the body. Say which member goes where.
      log.refuse(
        file, "$.deploymentConfiguration",
        "`deploymentConfiguration` is how Azure Resource Manager writes a pool, and this body mixes it with the add-pool body's own members (`virtualMachineConfiguration`, `targetDedicatedNodes`, `enableAutoScale`), which the service refuses: write the members of `deploymentConfiguration.virtualMachineConfiguration` in the top-level `virtualMachineConfiguration`: pool not imported"
      )
      return
    }
    guard let pool = JSONReader(Legacy.modernize(value), file: file, path: "$", log: log) else { return }
    defer { pool.finish() }
    guard let id = pool.string("id"), Literal.isIdentifier(id) else {
      log.refuse(
        file, "$.id",
        "pool `\(pool.members.first { $0.0 == "id" }?.1.serialized() ?? "")` has no plain ID (letters, digits, hyphens, underscores): pool not imported"
      )
      pool.ignoreAll()
      return
    }
    guard claim("pool", id, file: file, path: "$") else {
      pool.ignoreAll()
      return
    }
    pools.append(poolBlock(pool, id: id))
  }

  /// Why a pool as Azure Resource Manager writes it, without its name, is not imported, and how to
  /// name it: Pool_Create's request body (`properties`) or its `properties` alone.
  static func unnamedManagementPool(properties: Bool) -> String {
    let what =
      properties
      ? "an Azure Resource Manager pool body (the request body of Pool_Create: `properties`, perhaps `identity`)"
      : "a pool's `properties` as Azure Resource Manager writes them (`deploymentConfiguration`, `scaleSettings`)"
    return
      "\(what) without the pool's name, which Resource Manager takes from the request URL (`.../batchAccounts/ACCOUNT/pools/POOL`): add `\"name\": \"ACCOUNT/POOL\"` \(properties ? "beside `properties`" : "to it"), or write it as a resource, `{\"name\": \"ACCOUNT/POOL\", \"type\": \"Microsoft.Batch/batchAccounts/pools\", \"properties\": ...}`: pool not imported"
  }

  /// Whether `value` is a pool's `properties` as Azure Resource Manager writes them: its VM
  /// settings under `deploymentConfiguration` or its size under `scaleSettings`, and nothing of
  /// the add-pool body's own shape for them.
  static func isManagementPool(_ value: JSON) -> Bool {
    (value.hasProperty("deploymentConfiguration") || value.hasProperty("scaleSettings"))
      && !value.hasProperty("virtualMachineConfiguration") && !value.hasProperty("targetDedicatedNodes")
      && !value.hasProperty("targetLowPriorityNodes") && !value.hasProperty("enableAutoScale")
  }

  /// Reads the pools of a template `compile` writes for pools whose nodes hold managed identities:
  /// each `Microsoft.Batch/batchAccounts/pools` resource's properties as the add-pool body they
  /// map from (`AzureTarget.addPoolBody`), and its user-assigned identities. A template that
  /// declares accounts `besideAccounts` is read by `readTemplate` too, which reports the rest.
  mutating func readPoolTemplate(_ value: JSON, file: String, besideAccounts: Bool = false) {
    guard let template = JSONReader(value, file: file, path: "$", log: log) else { return }
    defer { template.finish() }
    // The parameters are the account's name and the secrets, which come back as placeholders.
    for key in ["$schema", "contentVersion", "parameters"] { template.ignore(key) }
    if besideAccounts { template.ignoreAll() }
    for (index, resource) in template.objects("resources").enumerated() {
      guard !besideAccounts || AzureImporter.isPoolResource(.object(resource.members)) else {
        resource.ignoreAll()
        resource.finish()
        continue
      }
      readPoolResource(resource, path: "$.resources[\(index)]")
    }
  }

  /// Reads one `Microsoft.Batch/batchAccounts/pools` resource at `path` of its file: its
  /// properties as the add-pool body they map from (`AzureTarget.addPoolBody`), and its
  /// user-assigned identities.
  mutating func readPoolResource(_ resource: JSONReader, path: String) {
    defer { resource.finish() }
    // What Resource Manager reports of a resource it holds (`az resource show`) is not part of
    // what creates it.
    for key in ["type", "apiVersion", "id", "etag", "systemData"] { resource.ignore(key) }
    let name = resource.string("name") ?? ""
    let id = Self.poolID(ofResourceName: name)
    guard let id, Literal.isIdentifier(id) else {
      log.refuse(resource.file, "\(path).name", "pool `\(name)` has no plain ID: pool not imported")
      resource.ignoreAll()
      return
    }
    guard claim("pool", id, file: resource.file, path: path) else {
      resource.ignoreAll()
      return
    }
    let identities = resource.object("identity")
    identities?.ignore("type")
    let ids = identities?.object("userAssignedIdentities")?.members.map(\.0) ?? []
    identities?.object("userAssignedIdentities")?.ignoreAll()
    let properties = Self.withoutReportedState(resource.raw("properties") ?? .object([]))
    let body = Legacy.modernize(AzureTarget.addPoolBody(id: id, fromManagement: properties))
    resource.ignore("properties")
    guard let pool = JSONReader(body, file: resource.file, path: "\(path).\(resource.written("properties"))", log: log)
    else { return }
    pool.writtenPaths = Self.managementPaths(properties)
    pool.fromTemplate = true
    pool.ignore("id")  // the resource's name
    var block = poolBlock(pool, id: id)
    if !ids.isEmpty { block.set(\.identities, ids) }
    pool.finish()
    pools.append(block)
  }

  /// Where the members of the add-pool body `AzureTarget.addPoolBody` maps from a pool's
  /// management-plane `properties` are written in them, by the body member's lowercased name.
  static func managementPaths(_ properties: JSON) -> [String: String] {
    var paths: [String: String] = [:]
    for (key, value) in properties.objectMembers {
      switch key {
      case "deploymentConfiguration":
        for (inner, _) in value.objectMembers { paths[inner.lowercased()] = "\(key).\(inner)" }
      case "scaleSettings":
        for (inner, _) in (value.property("fixedScale") ?? .null).objectMembers {
          paths[inner.lowercased()] = "scaleSettings.fixedScale.\(inner)"
        }
        paths["enableautoscale"] = "scaleSettings.autoScale"
        paths["autoscaleformula"] = "scaleSettings.autoScale.formula"
        paths["autoscaleevaluationinterval"] = "scaleSettings.autoScale.evaluationInterval"
      case "interNodeCommunication": paths["enableinternodecommunication"] = key
      case "applicationPackages": paths["applicationpackagereferences"] = key
      default: continue
      }
    }
    return paths
  }

  /// The pool ID of a pool resource's name: `account/pool`, the pool's alone (as Resource Manager
  /// reports it), or a template expression whose last segment is a string: the
  /// `[format('{0}/{1}', ..., 'pool')]` `compile` writes, or the `[concat(..., '/pool')]` and
  /// `[concat(..., '/', 'pool')]` of `az group export` and templates written before Bicep.
  static func poolID(ofResourceName name: String) -> String? {
    let id: String?
    if !name.hasPrefix("[") {
      id = name.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init)
    } else if let call = templateCall(name) {
      let strings = call.arguments.map(templateString)
      switch call.function.lowercased() {
      case "format":
        // The format's last segment, where `{n}` stands for the argument after the format at `n`.
        let last = strings.first??.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        if last.hasPrefix("{"), last.hasSuffix("}"), let index = Int(last.dropFirst().dropLast()),
          index + 1 < strings.count
        {
          id = strings[index + 1]
        } else {
          id = strings.first == nil || last.contains("{") ? nil : String(last)
        }
      case "concat":
        // The strings after the last argument that is none, joined: their last segment, if any.
        let tail = strings.reversed().prefix { $0 != nil }.compactMap { $0 }.reversed().joined()
        id =
          tail.contains("/") ? tail.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) : nil
      default: id = nil
      }
    } else {
      id = nil
    }
    return id?.isEmpty == false ? id : nil
  }

  /// The function and the arguments, as written, of a template expression `[function(a, b, ...)]`.
  static func templateCall(_ expression: String) -> (function: String, arguments: [String])? {
    guard expression.hasPrefix("["), expression.hasSuffix("]") else { return nil }
    let call = String(expression.dropFirst().dropLast()).trimmingSpaces()
    guard call.hasSuffix(")"), let open = call.firstIndex(of: "(") else { return nil }
    var arguments: [String] = []
    var current = ""
    var depth = 0
    var quoted = false
    for character in call[call.index(after: open)...].dropLast() {
      switch character {
      case "'": quoted.toggle()  // `''`, a quote in a string, toggles twice
      case "(" where !quoted: depth += 1
      case ")" where !quoted: depth -= 1
      case "," where !quoted && depth == 0:
        arguments.append(current.trimmingSpaces())
        current = ""
        continue
      default: break
      }
      guard depth >= 0 else { return nil }
      current.append(character)
    }
    guard depth == 0, !quoted else { return nil }
    arguments.append(current.trimmingSpaces())
    return (String(call[..<open]).trimmingSpaces(), arguments)
  }

  /// The text of a template expression's string argument `'...'` (where `''` is a quote); nil for
  /// any other argument.
  static func templateString(_ argument: String) -> String? {
    guard argument.count >= 2, argument.hasPrefix("'"), argument.hasSuffix("'") else { return nil }
    let text = String(argument.dropFirst().dropLast())
    guard !text.replacingAll("''", with: "").contains("'") else { return nil }  // `'a' + 'b'`: not one string
    return text.replacingAll("''", with: "'")
  }

  /// The read-only members Resource Manager reports in a pool's properties (its state, not what
  /// created it), which a pool exported with `az resource show` holds.
  static let reportedState: Set<String> = [
    "provisioningState", "provisioningStateTransitionTime", "allocationState", "allocationStateTransitionTime",
    "creationTime", "lastModified", "currentDedicatedNodes", "currentLowPriorityNodes", "resizeOperationStatus",
    "autoScaleRun",
  ]

  /// A pool's properties without `reportedState`.
  static func withoutReportedState(_ properties: JSON) -> JSON {
    guard case .object(let members) = properties else { return properties }
    return .object(members.filter { !reportedState.contains($0.0) })
  }

  /// A pool block read from an add-pool body or an auto pool's pool specification.
  mutating func poolBlock(_ pool: JSONReader, id: String) -> ImportedBlock<Schema.Pool> {
    var block = ImportedBlock<Schema.Pool>(label: id)
    let known = submitted.account(ofPool: id) ?? ownerAccount
    if accounts.count > 1, let known {
      block.set(\.account, Reference(.account, known))
    } else if accounts.count > 1, let first = accounts.first?.label {
      block.set(\.account, Reference(.account, first))
      log.warn(
        pool.file, pool.path,
        "the JSON does not say which of the imported accounts pool `\(id)` belongs to: `\(first)` assumed; import the `submit.sh` written with the payloads too"
      )
    }
    let outerOwner = ownerAccount
    ownerAccount = known ?? accounts.first?.label
    defer { ownerAccount = outerOwner }
    refuseRetired(pool)
    block.readMapped(from: pool)
    if let image = pool.object("virtualMachineConfiguration")?.object("imageReference"), !block.has(\.customImage),
      !block.has(\.sharedGalleryImage), !block.has(\.communityGalleryImage)
    {
      let parts = ["publisher", "offer", "sku", "version"].compactMap { image.string($0) }
      if !parts.isEmpty { block.set(\.image, parts.joined(separator: "/")) }
      image.ignore("exactVersion")  // read-only: what the service resolved `latest` to
    }
    if pool.bool("enableAutoScale") == true {
      var autoscale = ImportedBlock<Schema.Autoscale>()
      autoscale.read(\.formula, from: pool)
      autoscale.read(\.interval, from: pool)
      block.add(\.autoscale, autoscale)
    } else {
      for key in [Schema.Autoscale.formula.restName, Schema.Autoscale.interval.restName] where pool.raw(key) != nil {
        pool.warn(
          key,
          "`enableAutoScale` is not true, and the service refuses `\(key)` without it (the pool has a fixed size): left out"
        )
      }
    }
    block.set(\.applications, literal: applicationList(pool))
    let autoStorage = autoStorageFor(block)
    if let start = pool.object(Schema.StartTask.schema.restName) {
      block.updateChildren(\.startTask) { task in
        task.add(\.input, start.objects("resourceFiles").compactMap { input($0, autoStorage: autoStorage) })
        containerMounts(start, into: &task)
      }
    }
    natPools(pool, into: &block)
    blobfuseContainers(pool, into: &block)
    return block
  }

  /// The auto-storage account of the account a pool block belongs to.
  func autoStorageFor(_ pool: ImportedBlock<Schema.Pool>) -> String? {
    let account = pool.literal(\.account) ?? (accounts.count == 1 ? accounts[0].label : nil)
    return account.flatMap { autoStorage[$0.lowercased()] } ?? assumedAutoStorage
  }

  /// `VARIABLE` of a `{{VARIABLE}}` placeholder.
  static func placeholder(_ text: String) -> String? { Secret.placeholderVariable(text) }

  /// The pool's inbound NAT pools: each one that is exactly what compile writes for a
  /// `remote_access` block becomes one; any other an `inbound_nat` block, as it is.
  func natPools(_ pool: JSONReader, into block: inout ImportedBlock<Schema.Pool>) {
    block.removeChildren(\.inboundNAT)  // read by the mapping: rebuilt below, in order
    guard let endpoints = pool.object("networkConfiguration")?.object("endpointConfiguration") else { return }
    var remoteIndex = 0
    var priority = Schema.RemoteAccess.firstPriority
    for nat in endpoints.objects("inboundNATPools") {
      if let access = remoteAccess(nat, index: remoteIndex, priority: &priority) {
        block.add(\.remoteAccess, access)
        remoteIndex += 1
        continue
      }
      var custom = ImportedBlock<Schema.InboundNAT>(label: nat.string("name").map(Literal.name))
      custom.readMapped(from: nat)
      if let start = nat.int("frontendPortRangeStart"), let end = nat.int("frontendPortRangeEnd") {
        custom.set(\.frontendPorts, IntegerRange(Int64(start), Int64(end)))
      }
      block.add(\.inboundNAT, custom)
    }
  }

  /// The `remote_access` block `nat` is what compile writes for, at position `index` with its
  /// rules' priorities from `priority` on, or nil when it is not one.
  private func remoteAccess(_ nat: JSONReader, index: Int, priority: inout Int) -> ImportedBlock<Schema.RemoteAccess>? {
    guard let port = nat.raw("backendPort")?.intValue,
      let remote = RemoteProtocol.allCases.first(where: { $0.backendPort == port }),
      nat.raw("name")?.stringValue == Schema.RemoteAccess.natPoolName(remote, index: index),
      nat.raw("protocol")?.stringValue?.lowercased() == "tcp",
      nat.raw("frontendPortRangeStart")?.intValue == Schema.RemoteAccess.frontendPorts(index: index).lowerBound,
      nat.raw("frontendPortRangeEnd")?.intValue == Schema.RemoteAccess.frontendPorts(index: index).upperBound
    else { return nil }
    var allow: [String] = []
    var deny: [String] = []
    var next = priority
    for rule in nat.raw("networkSecurityGroupRules")?.arrayValue ?? [] {
      guard case .object(let members) = rule, Set(members.map(\.0)) == ["priority", "access", "sourceAddressPrefix"],
        rule["priority"]?.intValue == next, let prefix = rule["sourceAddressPrefix"]?.stringValue,
        let access = rule["access"]?.stringValue?.lowercased()
      else { return nil }
      if access == "allow" && deny.isEmpty {
        allow.append(prefix)
      } else if access == "deny" {
        deny.append(prefix)
      } else {
        return nil
      }
      next += 1
    }
    priority = next
    nat.ignoreAll()
    var block = ImportedBlock<Schema.RemoteAccess>()
    block.set(\.protocol, remote)
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
