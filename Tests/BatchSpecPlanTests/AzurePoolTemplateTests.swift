// Pools whose nodes hold managed identities go to Azure as ARM templates: the mapping from the
// add-pool body to a management-plane pool, section by section, what it refuses, its inverse
// (import), and what compile writes and warns.

import BatchSpecCore
import Foundation
import Testing

import BatchSpecPlan

@Suite struct AzurePoolTemplateTests {
  /// The management-plane properties of the add-pool body `json`, which must map entirely.
  static func properties(_ json: String) throws -> JSON {
    let mapped = AzureTarget.managementPool(try Self.parse(json))
    #expect(mapped.unmapped.isEmpty, "\(mapped.unmapped)")
    return mapped.properties
  }

  static func compact(_ json: JSON?) -> String { json?.serialized() ?? "nil" }

  static func parse(_ text: String) throws -> JSON { try JSONParser.parse(Array(text.utf8)) }

  @Test func plainMembersKeepTheirNamesAndTheIDIsNotAProperty() throws {
    let properties = try Self.properties(
      #"{"id": "p", "displayName": "P", "vmSize": "Standard_D2s_v3", "taskSlotsPerNode": 4, "metadata": [{"name": "a", "value": "b"}]}"#
    )
    #expect(
      Self.compact(properties)
        == #"{"displayName":"P","vmSize":"Standard_D2s_v3","taskSlotsPerNode":4,"metadata":[{"name":"a","value":"b"}]}"#
    )
  }

  @Test func theVirtualMachineConfigurationMovesUnderTheDeploymentConfiguration() throws {
    let properties = try Self.properties(
      #"{"virtualMachineConfiguration": {"imageReference": {"virtualMachineImageId": "/x/images/i"}, "nodeAgentSKUId": "batch.node.ubuntu 24.04", "containerConfiguration": {"type": "dockerCompatible"}}}"#
    )
    #expect(
      Self.compact(properties["deploymentConfiguration"])
        == #"{"virtualMachineConfiguration":{"imageReference":{"id":"/x/images/i"},"nodeAgentSkuId":"batch.node.ubuntu 24.04","containerConfiguration":{"type":"DockerCompatible"}}}"#
    )
  }

  @Test func nodeCountsAndTheResizeTimeoutAreAFixedScale() throws {
    let properties = try Self.properties(
      #"{"targetDedicatedNodes": 2, "targetLowPriorityNodes": 3, "resizeTimeout": "PT20M"}"#)
    #expect(
      Self.compact(properties["scaleSettings"])
        == #"{"fixedScale":{"targetDedicatedNodes":2,"targetLowPriorityNodes":3,"resizeTimeout":"PT20M"}}"#)
  }

  @Test func anAutoscaleFormulaIsAnAutoScaleAndRefusesFixedMembers() throws {
    let properties = try Self.properties(
      #"{"enableAutoScale": true, "autoScaleFormula": "$TargetDedicatedNodes = 1;", "autoScaleEvaluationInterval": "PT5M"}"#
    )
    #expect(
      Self.compact(properties["scaleSettings"])
        == #"{"autoScale":{"formula":"$TargetDedicatedNodes = 1;","evaluationInterval":"PT5M"}}"#)
    let mixed = AzureTarget.managementPool(
      try Self.parse(#"{"enableAutoScale": true, "autoScaleFormula": "x", "resizeTimeout": "PT20M"}"#))
    #expect(mixed.unmapped.count == 1)
    #expect(mixed.unmapped.first?.contains("`resizeTimeout`") == true)
  }

  @Test func interNodeCommunicationIsEnabledOrDisabled() throws {
    #expect(
      Self.compact(try Self.properties(#"{"enableInterNodeCommunication": true}"#)["interNodeCommunication"])
        == #""Enabled""#)
    #expect(
      Self.compact(try Self.properties(#"{"enableInterNodeCommunication": false}"#)["interNodeCommunication"])
        == #""Disabled""#)
  }

  @Test func theSchedulingPolicyTakesTheManagementWords() throws {
    let properties = try Self.properties(
      #"{"taskSchedulingPolicy": {"nodeFillType": "pack", "jobDefaultOrder": "creationtime"}}"#)
    #expect(
      Self.compact(properties["taskSchedulingPolicy"]) == #"{"nodeFillType":"Pack","jobDefaultOrder":"CreationTime"}"#)
  }

  @Test func theNetworkConfigurationIsRenamedWhereTheAPIsDiffer() throws {
    let properties = try Self.properties(
      #"{"networkConfiguration": {"dynamicVNetAssignmentScope": "job", "endpointConfiguration": {"inboundNATPools": [{"name": "ssh", "protocol": "tcp", "networkSecurityGroupRules": [{"priority": 150, "access": "allow", "sourceAddressPrefix": "*"}]}]}, "publicIPAddressConfiguration": {"provision": "nopublicipaddresses"}}}"#
    )
    #expect(
      Self.compact(properties["networkConfiguration"])
        == #"{"dynamicVnetAssignmentScope":"job","endpointConfiguration":{"inboundNatPools":[{"name":"ssh","protocol":"TCP","networkSecurityGroupRules":[{"priority":150,"access":"Allow","sourceAddressPrefix":"*"}]}]},"publicIPAddressConfiguration":{"provision":"NoPublicIPAddresses"}}"#
    )
  }

  @Test func userAccountsAndTheStartTaskTakeTheManagementWordsAndNames() throws {
    let properties = try Self.properties(
      #"{"userAccounts": [{"name": "u", "password": "x", "elevationLevel": "admin", "windowsUserConfiguration": {"loginMode": "interactive"}}], "startTask": {"commandLine": "c", "userIdentity": {"autoUser": {"scope": "pool", "elevationLevel": "nonadmin"}}}}"#
    )
    #expect(
      Self.compact(properties["userAccounts"])
        == #"[{"name":"u","password":"x","elevationLevel":"Admin","windowsUserConfiguration":{"loginMode":"Interactive"}}]"#
    )
    #expect(
      Self.compact(properties["startTask"])
        == #"{"commandLine":"c","userIdentity":{"autoUser":{"scope":"Pool","elevationLevel":"NonAdmin"}}}"#)
    let named = try Self.properties(#"{"startTask": {"commandLine": "c", "userIdentity": {"username": "u"}}}"#)
    #expect(Self.compact(named["startTask"]) == #"{"commandLine":"c","userIdentity":{"userName":"u"}}"#)
  }

  @Test func applicationReferencesBecomeARMResourceIDsOfTheAccount() throws {
    let properties = try Self.properties(
      #"{"applicationPackageReferences": [{"applicationId": "solver", "version": "2.1"}, {"applicationId": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Batch/batchAccounts/a/applications/tool"}]}"#
    )
    #expect(
      Self.compact(properties["applicationPackages"])
        == #"[{"id":"[resourceId('Microsoft.Batch/batchAccounts/applications', parameters('batchAccountName'), 'solver')]","version":"2.1"},{"id":"/subscriptions/s/resourceGroups/g/providers/Microsoft.Batch/batchAccounts/a/applications/tool"}]"#
    )
  }

  @Test func mountsAndTheUpgradePolicyKeepTheirShapeWhereTheAPIsAgree() throws {
    let properties = try Self.properties(
      #"{"mountConfiguration": [{"cifsMountConfiguration": {"username": "u", "source": "//s/x", "relativeMountPath": "x", "password": "p"}}], "upgradePolicy": {"mode": "automatic"}}"#
    )
    #expect(
      Self.compact(properties["mountConfiguration"])
        == #"[{"cifsMountConfiguration":{"userName":"u","source":"//s/x","relativeMountPath":"x","password":"p"}}]"#)
    #expect(Self.compact(properties["upgradePolicy"]) == #"{"mode":"automatic"}"#)
  }

  @Test func whatHasNoPlaceInAManagementPoolIsAnErrorNamingIt() throws {
    let mapped = AzureTarget.managementPool(
      try Self.parse(#"{"vmSize": "x", "targetNodeCommunicationMode": "simplified", "resourceTags": {"a": "b"}}"#))
    #expect(mapped.unmapped.count == 2)
    #expect(mapped.unmapped[0].contains("`targetNodeCommunicationMode`"))
    #expect(mapped.unmapped[1].contains("`resourceTags`"))
    let template = AzureTarget.poolTemplate(
      id: "p", account: nil, body: try Self.parse(#"{"id": "p", "resourceTags": {}}"#), identities: ["/i"])
    guard case .failure(let errors) = template else {
      Issue.record("an unmappable body made a template")
      return
    }
    #expect(errors.messages.first?.hasPrefix("pool `p`: `resourceTags`") == true)
  }

  /// `json` with the strings of the members named `keys` as placeholders (`JSON.placeholders`),
  /// as the target writes secrets; other strings are text, whatever braces they hold.
  static func secrets(_ json: JSON, _ keys: Set<String>) -> JSON {
    switch json {
    case .array(let items): .array(items.map { secrets($0, keys) })
    case .object(let members):
      .object(
        members.map { key, value in
          if keys.contains(key), case .string(let text) = value { return (key, .placeholders(text)) }
          return (key, secrets(value, keys))
        })
    default: json
    }
  }

  @Test func secretsAreSecureParametersAndBracketsAreEscaped() throws {
    let keys: Set = ["sasKey", "password"]
    let body = Self.secrets(
      try Self.parse(
        #"{"id": "p", "vmSize": "x", "startTask": {"commandLine": "[ -f a ] && echo 'it''s' {{USER}}"}, "mountConfiguration": [{"azureBlobFileSystemConfiguration": {"accountName": "s", "containerName": "c", "relativeMountPath": "m", "sasKey": "{{S_SAS}}"}}], "userAccounts": [{"name": "u", "password": "pw-{{U_PASSWORD}}-'x'"}]}"#
      ), keys)
    guard
      case .success(let template) = AzureTarget.poolTemplate(
        id: "p", account: "lab", body: body, identities: ["/i", "/I"])
    else {
      Issue.record("no template")
      return
    }
    // The command's `{{USER}}` is the user's text: no parameter.
    #expect(template.secureParameters == ["S_SAS", "U_PASSWORD"])
    let text = template.template.serialized()
    #expect(!text.contains("{{"))
    #expect(text.contains(#""commandLine":"[[ -f a ] && echo 'it''s' \u007b{USER}}""#))
    #expect(text.contains(#""sasKey":"[parameters('S_SAS')]""#))
    #expect(text.contains(#""password":"[concat('pw-', parameters('U_PASSWORD'), '-''x''')]""#))
    #expect(text.contains(#""S_SAS":{"type":"securestring""#))
    #expect(text.contains(#""batchAccountName":{"type":"string","defaultValue":"lab""#))
    #expect(text.contains(#""name":"[format('{0}/{1}', parameters('batchAccountName'), 'p')]""#))
    #expect(text.contains(#""identity":{"type":"UserAssigned","userAssignedIdentities":{"/i":{}}}"#))
    // Import reads it back: the same add-pool body, placeholders and all.
    let resource = try #require(template.template["resources"]?.arrayValue?.first)
    let back = AzureTarget.addPoolBody(id: "p", fromManagement: try #require(resource["properties"]))
    #expect(Self.secrets(back, keys).serialized() == body.serialized())
  }

  @Test func theMappingIsUndoneByImportsInverse() throws {
    let body = try Self.parse(
      #"{"id": "p", "vmSize": "x", "virtualMachineConfiguration": {"imageReference": {"virtualMachineImageId": "/i"}, "nodeAgentSKUId": "n"}, "enableAutoScale": true, "autoScaleFormula": "f", "autoScaleEvaluationInterval": "PT5M", "enableInterNodeCommunication": true, "networkConfiguration": {"dynamicVNetAssignmentScope": "job", "endpointConfiguration": {"inboundNATPools": []}}, "applicationPackageReferences": [{"applicationId": "solver", "version": "1"}]}"#
    )
    let mapped = AzureTarget.managementPool(body)
    #expect(mapped.unmapped.isEmpty)
    #expect(AzureTarget.addPoolBody(id: "p", fromManagement: mapped.properties).serialized() == body.serialized())
  }

  static let pools = """
    storage data {
      location = "westeurope"
      identity = "/subscriptions/0/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/nodes"
    }
    pool held {
      vm_size         = "Standard_D2s_v3"
      image           = "canonical/ubuntu-24_04-lts/server"
      node_agent      = "batch.node.ubuntu 24.04"
      dedicated_nodes = 1
      identities      = ["/subscriptions/0/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/NODES"]
      blobfuse_mount "in" { container = data.inputs }
    }
    pool bare {
      vm_size         = "Standard_D2s_v3"
      image           = "canonical/ubuntu-24_04-lts/server"
      node_agent      = "batch.node.ubuntu 24.04"
      dedicated_nodes = 1
    }
    job j {
      pool = bare
      task t {
        command = "cat in.txt"
        input "in.txt" { blob = data.inputs["in.txt"] }
      }
    }
    """

  @Test func aPoolWithIdentitiesIsWrittenAsATemplateAndOnlyPoolsLackingTheirIdentitiesAreWarnedOf() throws {
    let payloads = try #require(AzureTargetTests.compile(Self.pools))
    #expect(payloads.errors.isEmpty, "\(payloads.errors)")
    let held = try #require(payloads.files.first { $0.path == "pools/held.json" }?.contents)
    #expect(held.contains("\"type\": \"Microsoft.Batch/batchAccounts/pools\""))
    #expect(held.contains("\"apiVersion\": \"\(AzureTarget.poolManagementAPIVersion)\""))
    let bare = try #require(payloads.files.first { $0.path == "pools/bare.json" }?.contents)
    #expect(!bare.contains("$schema"))
    #expect(payloads.poolTemplates == ["held": []])
    let script = try #require(payloads.files.first { $0.path == "submit.sh" }?.contents)
    #expect(script.contains("\ndeploy_pool held\n"))
    #expect(script.contains("\ncreate_pool bare\n"))
    #expect(
      script.contains("#   AZURE_RESOURCE_GROUP   the resource group of the account (required by the pool templates)"))
    // `held` holds the identity its mount uses (IDs compare without regard to case); `bare`'s task
    // reads through it without holding it.
    #expect(payloads.warnings.count == 1)
    #expect(payloads.warnings.first?.hasPrefix("pool `bare`: its nodes reach storage") == true)
  }

  @Test func anAutoPoolCannotHoldIdentities() throws {
    let text = """
      pool a {
        vm_size    = "Standard_D2s_v3"
        image      = "canonical/ubuntu-24_04-lts/server"
        node_agent = "batch.node.ubuntu 24.04"
        identities = ["/subscriptions/0/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/n"]
        auto { keep_alive = false }
      }
      job j {
        pool = a
        task t { command = "true" }
      }
      """
    let payloads = try #require(AzureTargetTests.compile(text))
    #expect(payloads.errors.contains { $0.hasPrefix("pool `a`: an auto pool cannot hold managed identities") })
  }
}
