// A pool whose nodes hold user-assigned managed identities, as an ARM template: Azure assigns a
// pool's identities only through the management plane (`Microsoft.Batch/batchAccounts/pools`),
// which the data plane's add-pool body cannot reach. The template's pool is the add-pool body the
// target would have sent, mapped member by member to the management API's shape
// (`managementPool`), plus its `identity`.

package import BatchSpecCore

extension AzureTarget {
  /// The Batch management API version of pool templates: the newest that `azure-mgmt-batch`
  /// 19.0.0 (the interop check's models) speaks.
  package static let poolManagementAPIVersion = "2025-06-01"
  /// The template parameter naming the Batch account the pool is created in.
  static let accountParameter = "batchAccountName"

  /// A pool written as an ARM template: the template, and the `{{VARIABLE}}` placeholders of the
  /// add-pool body, which the template takes as secure parameters.
  package struct PoolTemplate {
    package var template: JSON
    package var secureParameters: [String]
  }

  /// The ARM template creating pool `id` of the account named by its `batchAccountName` parameter
  /// (by default `account`), from its add-pool `body`, with `identities` assigned to its nodes; or
  /// the errors naming what of the body has no place in a management-plane pool.
  package static func poolTemplate(
    id: String, account: String?, body: JSON, identities: [String]
  ) -> Result<PoolTemplate, PoolMappingErrors> {
    // The body's strings are data: made ARM strings first, before the mapping adds expressions.
    var secure: [String] = []
    let mapped = managementPool(armStrings(body, parameters: &secure))
    guard mapped.unmapped.isEmpty else {
      return .failure(PoolMappingErrors(messages: mapped.unmapped.map { "pool `\(id)`: \($0)" }))
    }
    var resource = JSONObject()
    resource["type"] = .string("Microsoft.Batch/batchAccounts/pools")
    resource["apiVersion"] = .string(poolManagementAPIVersion)
    resource["name"] = .string("[format('{0}/{1}', parameters('\(accountParameter)'), '\(armQuoted(id))')]")
    resource["identity"] = .object([
      ("type", .string("UserAssigned")),
      ("userAssignedIdentities", .object(distinct(identities).map { ($0, .object([])) })),
    ])
    resource["properties"] = mapped.properties
    var parameters = JSONObject()
    var accountName = JSONObject()
    accountName["type"] = .string("string")
    accountName["defaultValue"] = .string(account)
    accountName["metadata"] = .object([("description", .string("The Batch account the pool is created in."))])
    parameters[accountParameter] = accountName.json
    let names = Array(Set(secure)).sorted()
    for name in names {
      parameters[name] = .object([
        ("type", .string("securestring")),
        ("metadata", .object([("description", .string("submit.sh fills it from $\(name)."))])),
      ])
    }
    let template = JSON.object([
      ("$schema", .string("https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#")),
      ("contentVersion", .string("1.0.0.0")),
      ("parameters", parameters.json),
      ("resources", .array([resource.json])),
    ])
    return .success(PoolTemplate(template: template, secureParameters: names))
  }

  /// `ids` without repeats (ARM compares resource IDs without regard to case), in order: a
  /// repeated member would make the template's object invalid.
  static func distinct(_ ids: [String]) -> [String] {
    var seen: Set<String> = []
    return ids.filter { seen.insert($0.lowercased()).inserted }
  }

  /// What of an add-pool body has no place in a management-plane pool.
  package struct PoolMappingErrors: Error {
    package var messages: [String]
  }

  /// The one mapping from a data-plane add-pool body (Batch REST API `BatchPoolCreateOptions`) to
  /// the `properties` of a management-plane pool (`Microsoft.Batch/batchAccounts/pools`, API
  /// `poolManagementAPIVersion`): the members the two spell or nest differently are moved, enum
  /// words take the management API's spelling, and application references become ARM resource
  /// IDs. `id` is the resource's name, not a property. Every member it cannot place is in
  /// `unmapped`, named: nothing is dropped.
  package static func managementPool(_ body: JSON) -> (properties: JSON, unmapped: [String]) {
    var properties = JSONObject()
    var unmapped: [String] = []
    let members = JSONObject(body)?.members ?? []
    let autoscale = members.contains { $0.0 == "enableAutoScale" && $0.1.boolValue == true }
    for (key, value) in members {
      switch key {
      case "id":
        continue
      case "displayName", "vmSize", "taskSlotsPerNode", "taskSchedulingPolicy", "userAccounts", "metadata",
        "startTask", "mountConfiguration", "upgradePolicy":
        properties[key] = managementSpelling(value, in: key)
      case "virtualMachineConfiguration":
        properties.set(["deploymentConfiguration", key], managementSpelling(value, in: key))
      case "networkConfiguration":
        properties[key] = managementSpelling(value, in: key)
      case "targetDedicatedNodes", "targetLowPriorityNodes", "resizeTimeout":
        if autoscale {
          unmapped.append("`\(key)` has no place beside an autoscale formula in a management-plane pool")
        } else {
          properties.set(["scaleSettings", "fixedScale", key], value)
        }
      case "enableAutoScale":
        continue  // the scale settings say it: `autoScale` or `fixedScale`
      case "autoScaleFormula":
        properties.set(["scaleSettings", "autoScale", "formula"], value)
      case "autoScaleEvaluationInterval":
        properties.set(["scaleSettings", "autoScale", "evaluationInterval"], value)
      case "enableInterNodeCommunication":
        properties["interNodeCommunication"] = .string(value.boolValue == true ? "Enabled" : "Disabled")
      case "applicationPackageReferences":
        properties["applicationPackages"] = .array(
          (value.arrayValue ?? []).map { reference in
            var package = JSONObject()
            let application = JSONObject(reference)?["applicationId"]?.stringValue ?? ""
            package["id"] = .string(
              application.hasPrefix("/")
                ? application
                : "[resourceId('Microsoft.Batch/batchAccounts/applications', parameters('\(accountParameter)'), '\(armQuoted(application))')]"
            )
            package["version"] = JSONObject(reference)?["version"]
            return package.json
          })
      default:
        unmapped.append(
          "`\(key)` of the add-pool body has no place in a management-plane pool (`Microsoft.Batch/batchAccounts/pools`)"
        )
      }
    }
    return (properties.json, unmapped)
  }

  /// The members the management API names otherwise, by the object that holds them: data-plane
  /// name to management name.
  static let managementNames: [String: [String: String]] = [
    "virtualMachineConfiguration": ["nodeAgentSKUId": "nodeAgentSkuId"],
    "imageReference": ["virtualMachineImageId": "id"],
    "networkConfiguration": ["dynamicVNetAssignmentScope": "dynamicVnetAssignmentScope"],
    "endpointConfiguration": ["inboundNATPools": "inboundNatPools"],
    "userIdentity": ["username": "userName"],
    "cifsMountConfiguration": ["username": "userName"],
  ]

  /// The management API's spelling of the enum words the data plane spells otherwise, by the
  /// property that holds them (only a word of that property's set is respelt, so free text such
  /// as an extension's `type` is kept).
  static let managementWords: [String: [String]] = [
    "elevationLevel": ["NonAdmin", "Admin"], "scope": ["Task", "Pool"], "nodeFillType": ["Spread", "Pack"],
    "jobDefaultOrder": ["None", "CreationTime"], "protocol": ["TCP", "UDP"], "access": ["Allow", "Deny"],
    "provision": ["BatchManaged", "UserManaged", "NoPublicIPAddresses"], "ipFamilies": ["IPv4", "IPv6"],
    "loginMode": ["Batch", "Interactive"], "type": ["DockerCompatible", "CriCompatible"],
    "workingDirectory": ["TaskWorkingDirectory", "ContainerImageDefault"],
    "caching": ["None", "ReadOnly", "ReadWrite"],
    "storageAccountType": ["Standard_LRS", "Premium_LRS", "StandardSSD_LRS"],
    "targets": ["OsDisk", "TemporaryDisk"], "policy": ["Regional", "Zonal"],
    "securityType": ["trustedLaunch", "confidentialVM"], "placement": ["CacheDisk"],
    "source": ["Shared", "Startup", "VfsMounts", "Task", "JobPrep", "Applications"],
    "securityEncryptionType": ["NonPersistedTPM", "VMGuestStateOnly", "DiskWithVMGuestState"],
  ]

  /// `value`, a member `parent` of a data-plane body, with its members named (`managementNames`)
  /// and its enum words spelt (`managementWords`) as the management API names and spells them.
  static func managementSpelling(_ value: JSON, in parent: String) -> JSON {
    switch value {
    case .array(let items):
      return .array(items.map { managementSpelling($0, in: parent) })
    case .object(let members):
      let names = managementNames[parent] ?? [:]
      return .object(
        members.map { key, member in
          let name = names[key] ?? key
          guard let words = managementWords[key] else { return (name, managementSpelling(member, in: key)) }
          func respell(_ word: JSON) -> JSON {
            guard let text = word.stringValue, let spelt = words.first(where: { $0.lowercased() == text.lowercased() })
            else { return word }
            return .string(spelt)
          }
          if case .array(let items) = member { return (name, .array(items.map(respell))) }
          return (name, respell(member))
        })
    default:
      return value
    }
  }

  /// `value` with its strings as ARM template strings: one starting with `[` is escaped as `[[`,
  /// and one holding placeholders (`JSON.placeholders`) becomes a `concat` of its text and the
  /// secure parameters `NAME` of its `{{NAME}}`, which are added to `parameters`. A plain string's
  /// `{{` is text, never a parameter.
  static func armStrings(_ value: JSON, parameters: inout [String]) -> JSON {
    switch value {
    case .array(let items):
      return .array(items.map { armStrings($0, parameters: &parameters) })
    case .object(let members):
      return .object(members.map { ($0.0, armStrings($0.1, parameters: &parameters)) })
    case .string(let text):
      return text.hasPrefix("[") ? .string("[" + text) : value
    case .placeholders(let text):
      let parts = placeholderParts(text)
      guard parts.contains(where: { $0.isParameter }) else {
        return .string(text.hasPrefix("[") ? "[" + text : text)
      }
      let terms = parts.map { part in
        part.isParameter ? "parameters('\(part.text)')" : "'\(armQuoted(part.text))'"
      }
      for part in parts where part.isParameter { parameters.append(part.text) }
      return .string(terms.count == 1 ? "[\(terms[0])]" : "[concat(\(terms.joined(separator: ", ")))]")
    default:
      return value
    }
  }

  /// `text` cut into literal text and `{{NAME}}` placeholders (`isParameter`, `text` the name).
  static func placeholderParts(_ text: String) -> [(text: String, isParameter: Bool)] {
    var parts: [(text: String, isParameter: Bool)] = []
    var rest = Substring(text)
    while let open = rest.firstRange(of: "{{"), let close = rest[open.upperBound...].firstRange(of: "}}") {
      let name = rest[open.upperBound..<close.lowerBound]
      guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
        parts.append((String(rest[..<open.upperBound]), false))
        rest = rest[open.upperBound...]
        continue
      }
      if open.lowerBound > rest.startIndex { parts.append((String(rest[..<open.lowerBound]), false)) }
      parts.append((String(name), true))
      rest = rest[close.upperBound...]
    }
    if !rest.isEmpty { parts.append((String(rest), false)) }
    // Adjacent literal pieces (from a `{{` that opened no placeholder) are one literal.
    var merged: [(text: String, isParameter: Bool)] = []
    for part in parts {
      if !part.isParameter, let last = merged.last, !last.isParameter {
        merged[merged.count - 1].text += part.text
      } else {
        merged.append(part)
      }
    }
    return merged
  }

  /// `text` inside an ARM expression's single-quoted string.
  static func armQuoted(_ text: String) -> String {
    text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''")
  }

  /// The resource IDs of the managed identities `body` names (`identityReference.resourceId`, at
  /// any depth): those the nodes running it must hold.
  static func identityReferences(in body: JSON) -> Set<String> {
    switch body {
    case .array(let items):
      return items.reduce(into: []) { $0.formUnion(identityReferences(in: $1)) }
    case .object(let members):
      var found: Set<String> = []
      for (key, value) in members {
        if key == "identityReference", let id = JSONObject(value)?["resourceId"]?.stringValue { found.insert(id) }
        found.formUnion(identityReferences(in: value))
      }
      return found
    default:
      return []
    }
  }
}

extension AzureTarget {
  /// The inverse of `managementPool`, for `import`: the add-pool body `id` of a management-plane
  /// pool's `properties` (members named back, scale settings flattened, application packages by
  /// ID), with the template's strings read back (`dataString`). What it does not know is kept
  /// as it is, for the importer to report.
  package static func addPoolBody(id: String, fromManagement properties: JSON) -> JSON {
    var body = JSONObject()
    body["id"] = .string(id)
    for (key, value) in JSONObject(dataStrings(properties))?.members ?? [] {
      switch key {
      case "deploymentConfiguration":
        for (inner, configuration) in JSONObject(value)?.members ?? [] {
          body[inner] = dataPlaneNames(configuration, in: inner)
        }
      case "scaleSettings":
        let settings = JSONObject(value)
        for (inner, member) in JSONObject(settings?["fixedScale"])?.members ?? [] { body[inner] = member }
        if let autoscale = JSONObject(settings?["autoScale"]) {
          body["enableAutoScale"] = .bool(true)
          body["autoScaleFormula"] = autoscale["formula"]
          body["autoScaleEvaluationInterval"] = autoscale["evaluationInterval"]
        }
      case "interNodeCommunication":
        body["enableInterNodeCommunication"] = .bool(value.stringValue?.lowercased() == "enabled")
      case "applicationPackages":
        body["applicationPackageReferences"] = .array(
          (value.arrayValue ?? []).map { package in
            let package = JSONObject(package)
            var reference = JSONObject()
            let id = package?["id"]?.stringValue ?? ""
            reference["applicationId"] = .string(applicationID(id))
            reference["version"] = package?["version"]
            return reference.json
          })
      default:
        body[key] = dataPlaneNames(value, in: key)
      }
    }
    return body.json
  }

  /// The application ID of an application package's ARM resource ID or of the `resourceId(...)`
  /// expression `managementPool` writes: its last segment.
  static func applicationID(_ reference: String) -> String {
    if reference.hasPrefix("[resourceId("), let last = reference.split(separator: "'").dropLast().last {
      return String(last)
    }
    return reference.split(separator: "/").last.map(String.init) ?? reference
  }

  /// `value` with the members `managementNames` renames named as the data plane names them.
  static func dataPlaneNames(_ value: JSON, in parent: String) -> JSON {
    switch value {
    case .array(let items):
      return .array(items.map { dataPlaneNames($0, in: parent) })
    case .object(let members):
      let names = managementNames[parent] ?? [:]
      return .object(
        members.map { key, member in
          let name = names.first { $0.value == key }?.key ?? key
          return (name, dataPlaneNames(member, in: name))
        })
    default:
      return value
    }
  }

  /// `value` with its ARM template strings read back (the inverse of `armStrings`): `[[` is `[`,
  /// and `[parameters('NAME')]` or a `concat` of quoted text and parameters is the text with
  /// `{{NAME}}` placeholders. Other expressions are kept as they are.
  static func dataStrings(_ value: JSON) -> JSON {
    switch value {
    case .array(let items):
      return .array(items.map(dataStrings))
    case .object(let members):
      return .object(members.map { ($0.0, dataStrings($0.1)) })
    case .string(let text):
      if text.hasPrefix("[[") { return .string(String(text.dropFirst())) }
      guard text.hasPrefix("["), text.hasSuffix("]") else { return value }
      var inner = Substring(text.dropFirst().dropLast())
      if inner.hasPrefix("concat("), inner.hasSuffix(")") { inner = inner.dropFirst(7).dropLast() }
      var result = ""
      while !inner.isEmpty {
        if inner.hasPrefix("parameters('"), let close = inner.firstRange(of: "')") {
          result += "{{" + inner[inner.index(inner.startIndex, offsetBy: 12)..<close.lowerBound] + "}}"
          inner = inner[close.upperBound...]
        } else if inner.hasPrefix("'") {
          // A quoted literal: `''` is a quote inside it.
          var index = inner.index(after: inner.startIndex)
          var literal = ""
          while index < inner.endIndex {
            if inner[index] == "'" {
              let next = inner.index(after: index)
              if next < inner.endIndex && inner[next] == "'" {
                literal.append("'")
                index = inner.index(after: next)
                continue
              }
              break
            }
            literal.append(inner[index])
            index = inner.index(after: index)
          }
          guard index < inner.endIndex else { return value }
          result += literal
          inner = inner[inner.index(after: index)...]
        } else {
          return value  // an expression this target does not write
        }
        if inner.hasPrefix(", ") { inner = inner.dropFirst(2) } else if !inner.isEmpty { return value }
      }
      return .string(result)
    default:
      return value
    }
  }
}
