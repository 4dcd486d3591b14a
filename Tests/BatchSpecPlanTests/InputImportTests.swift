// `batchspec import` reads its input as the Batch service does: names without regard to case, the
// last of a member given twice, null as absent, numbers by their value, durations strictly, IDs
// without regard to case; and it never copies a literal credential into a spec.

import BatchSpecCore
import Testing

import BatchSpecPlan

@Suite struct InputImportTests {
  static let pool = #"{"id": "p", "vmSize": "Standard_D2s_v3", "targetDedicatedNodes": 1}"#

  /// The imported text of `name`.
  static func text(_ result: ImportResult, _ name: String) -> String {
    result.files.first { $0.name == name }?.text ?? ""
  }

  @Test func twoJobsWithOneIDAreRefusedNamingBoth() {
    for second in ["j1", "J1"] {
      let result = AzureImporter.importFiles([
        ("j1.json", #"{"id": "j1", "poolInfo": {"poolId": "p"}}"#),
        ("j1c.json", #"{"id": "\#(second)", "poolInfo": {"poolId": "p"}, "priority": 7}"#),
      ])
      #expect(result.errors.map(\.file) == ["j1c.json"])
      #expect(result.errors.first?.path == "$")
      #expect(result.errors.first?.message.contains("j1.json at $") == true, "\(result.errors)")
      #expect(result.files.map(\.name) == ["pools.batch", "j1.batch"])
      #expect(!Self.text(result, "j1.batch").contains("priority"))
    }
  }

  @Test func twoPoolsWithOneIDAreRefusedNamingBoth() {
    let second = #"{"id": "P", "vmSize": "Standard_D2s_v3", "targetDedicatedNodes": 1}"#
    let result = AzureImporter.importFiles([("a.json", Self.pool), ("b.json", second)])
    #expect(result.errors.map(\.file) == ["b.json"])
    #expect(result.errors.first?.message.contains("a.json at $") == true)
  }

  @Test func aMemberGivenTwiceIsItsLastValueWithAWarning() {
    let job = #"{"id": "j", "displayName": "first", "poolInfo": {"poolId": "p"}, "displayName": "second"}"#
    let result = AzureImporter.importFiles([("job.json", job)])
    #expect(Self.text(result, "j.batch").contains("\"second\""))
    #expect(!Self.text(result, "j.batch").contains("\"first\""))
    #expect(result.warnings.map(\.path) == ["$.displayName"])
  }

  @Test func bytesThatAreNotUTF8AreRefusedWithTheirOffset() {
    let bytes = Array(#"{"id": "p", "displayName": ""#.utf8) + [0xFF] + Array(#"", "vmSize": "x"}"#.utf8)
    let result = AzureImporter.importFiles(bytes: [("pool.json", bytes)])
    #expect(result.files.isEmpty)
    #expect(result.errors.first?.message.contains("not UTF-8") == true)
    #expect(result.errors.first?.message.contains("at byte 28") == true, "\(result.errors)")
  }

  @Test func propertyNamesAreReadWithoutRegardToCase() {
    let pool = #"{"ID": "p", "VMSize": "Standard_D2s_v3", "TargetDedicatedNodes": 2}"#
    let job = #"{"id": "j", "poolInfo": {"poolId": "p"}}"#
    let task = #"{"id": "t", "commandLine": "run", "userIdentity": {"userName": "bob"}}"#
    let result = AzureImporter.importFiles([("pool.json", pool), ("job.json", job), ("task.json", task)])
    #expect(result.warnings.isEmpty, "\(result.warnings)")
    #expect(Self.text(result, "pools.batch").contains("Standard_D2s_v3"))
    #expect(Self.text(result, "pools.batch").contains("dedicated_nodes = 2"))
    #expect(
      Self.text(result, "j.batch").contains("run_as  = \"bob\"")
        || Self.text(result, "j.batch").contains("run_as = \"bob\""))
  }

  /// URLs of one storage account that carry different SAS tokens are read with one token: a
  /// warning says so, naming each token's scope and uses and what the one token must cover.
  @Test func differentSASTokensOfOneAccountAreReportedWithWhatTheOneTokenMustCover() {
    let job = #"{"id": "j", "poolInfo": {"poolId": "p"}}"#
    let url = "https://acct.blob.core.windows.net"
    let tasks = """
      [{"id": "a", "commandLine": "true",
        "resourceFiles": [{"httpUrl": "\(url)/inputs/x.txt?sv=2024-11-04&sr=b&sp=r&sig=BBBB", "filePath": "x.txt"}],
        "outputFiles": [{"filePattern": "*.log", "uploadOptions": {"uploadCondition": "taskcompletion"},
          "destination": {"container": {"containerUrl": "\(url)/logs?sv=2024-11-04&sr=c&sp=w&sig=AAAA"}}}]},
       {"id": "b", "commandLine": "true",
        "resourceFiles": [{"httpUrl": "\(url)/inputs/y.txt?sv=2024-11-04&sr=b&sp=r&sig=BBBB", "filePath": "y.txt"}]}]
      """
    let result = AzureImporter.importFiles([("job.json", job), ("tasks.json", tasks)])
    let differing = result.warnings.filter { $0.message.contains("different SAS tokens") }
    #expect(differing.map(\.path) == ["$[0].outputFiles[0].destination.container.containerUrl"], "\(result.warnings)")
    let message = differing.first?.message ?? ""
    for part in [
      "carry 2 different SAS tokens", "$ACCT_SAS", "an account SAS", "containers `inputs`, `logs`",
      "permissions `r`, `w`",
      "`sr=b&sp=r` for blob `inputs/x.txt` (tasks.json at $[0].resourceFiles[0].httpUrl), blob `inputs/y.txt`",
      "`sr=c&sp=w` for container `logs`",
    ] {
      #expect(message.contains(part), "no \(part) in \(message)")
    }
    #expect(!message.contains("AAAA") && !message.contains("BBBB"))
    // One token, however many URLs carry it, says nothing more.
    let same = tasks.replacing("sr=c&sp=w&sig=AAAA", with: "sr=b&sp=r&sig=BBBB")
    let once = AzureImporter.importFiles([("job.json", job), ("tasks.json", same)])
    #expect(!once.warnings.contains { $0.message.contains("different SAS tokens") })
  }

  /// A URL that carried a SAS token, of a storage account another URL reaches with a managed
  /// identity, is reached with the identity: a warning says so, where, and how to keep the token.
  @Test func aSASURLOfAnAccountReachedByAnIdentityIsReportedAsSwitched() {
    let job = #"{"id": "j", "poolInfo": {"poolId": "p"}}"#
    let identity = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1"
    let tasks = """
      [{"id": "a", "commandLine": "true", "outputFiles": [{"filePattern": "*.log",
          "uploadOptions": {"uploadCondition": "taskcompletion"},
          "destination": {"container": {"containerUrl": "https://acct.blob.core.windows.net/logs?sr=c&sp=w&sig=AAAA"}}}]},
       {"id": "b", "commandLine": "true", "outputFiles": [{"filePattern": "*.out",
          "uploadOptions": {"uploadCondition": "taskcompletion"},
          "destination": {"container": {"containerUrl": "https://acct.blob.core.windows.net/out",
            "identityReference": {"resourceId": "\(identity)"}}}}]}]
      """
    let result = AzureImporter.importFiles([("job.json", job), ("tasks.json", tasks)])
    let switched = result.warnings.filter { $0.message.contains("managed identity") }
    #expect(switched.map(\.path) == ["$[0].outputFiles[0].destination.container.containerUrl"], "\(result.warnings)")
    let message = switched.first?.message ?? ""
    for part in [
      identity, "tasks.json at $[1].outputFiles[0].destination.container.identityReference", "$ACCT_SAS",
      "is not used", "remove `identity` from `storage acct`", "container `logs` (tasks.json at $[0]",
    ] {
      #expect(message.contains(part), "no \(part) in \(message)")
    }
    #expect(!result.warnings.contains { $0.message.contains("different SAS tokens") })
  }

  @Test func nullIsAbsentEverywhere() {
    let job = #"{"id": "j", "poolInfo": {"poolId": "p"}, "extraTop": null, "priority": null}"#
    let result = AzureImporter.importFiles([("job.json", job)])
    #expect(result.warnings.isEmpty, "\(result.warnings)")
    #expect(result.errors.isEmpty)
  }

  @Test func literalCredentialsInTheEnvironmentAreNotCopied() {
    let connection =
      "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=abc123==;EndpointSuffix=core.windows.net"
    let task = """
      {"id": "t", "commandLine": "run", "environmentSettings": [
        {"name": "CONN", "value": "\(connection)"},
        {"name": "TOKEN", "value": "sv=2022-11-02&se=2030-01-01&sig=abcdef"},
        {"name": "MODE", "value": "fast"}]}
      """
    let job = #"{"id": "j", "poolInfo": {"poolId": "p"}}"#
    let result = AzureImporter.importFiles([("job.json", job), ("task.json", task)])
    let text = Self.text(result, "j.batch")
    #expect(!text.contains("AccountKey") && !text.contains("sig="))
    #expect(text.contains("MODE = \"fast\""))
    #expect(result.warnings.map(\.path) == ["$.environmentSettings[0]", "$.environmentSettings[1]"])
    #expect(result.warnings.first?.message.contains("a connection string") == true)
  }

  @Test func aTemplateOfPoolsAndStorageImportsBoth() {
    let template = """
      {"resources": [
        {"type": "Microsoft.Batch/batchAccounts/pools", "apiVersion": "2024-07-01", "name": "acct/pool1",
         "properties": {"vmSize": "Standard_D2s_v3",
           "deploymentConfiguration": {"virtualMachineConfiguration": {"nodeAgentSkuId": "batch.node.ubuntu 22.04",
             "imageReference": {"publisher": "canonical", "offer": "o", "sku": "s", "version": "latest"}}},
           "scaleSettings": {"fixedScale": {"targetDedicatedNodes": 1}}}},
        {"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "labdata",
         "kind": "StorageV2", "location": "westeurope"}
      ]}
      """
    let result = AzureImporter.importFiles([("template.json", template)])
    #expect(result.errors.isEmpty, "\(result.errors)")
    #expect(result.warnings.isEmpty, "\(result.warnings)")
    #expect(Self.text(result, "pools.batch").contains("pool pool1 {"))
    #expect(Self.text(result, "resources.batch").contains("storage labdata {"))
  }

  @Test func numbersAreReadByTheirValue() {
    let job = { (retries: String) in
      #"{"id": "j", "poolInfo": {"poolId": "p"}, "constraints": {"maxTaskRetryCount": \#(retries)}}"#
    }
    let whole = AzureImporter.importFiles([("job.json", job("3.0"))])
    #expect(whole.errors.isEmpty && whole.warnings.isEmpty, "\(whole.errors) \(whole.warnings)")
    #expect(Self.text(whole, "j.batch").contains("retries = 3"))
    for large in ["99999999999999999999999", "1e400"] {
      let result = AzureImporter.importFiles([("job.json", job(large))])
      #expect(result.errors.isEmpty, "\(result.errors)")
      #expect(result.warnings.map(\.path) == ["$.constraints.maxTaskRetryCount"])
      #expect(result.warnings.first?.message.contains("out of range") == true, "\(result.warnings)")
    }
    let quoted = AzureImporter.importFiles([("job.json", job("\"2\""))])
    #expect(quoted.warnings.map(\.path) == ["$.constraints.maxTaskRetryCount"])
    #expect(Self.text(quoted, "j.batch").contains("retries = 2"))
  }

  @Test func durationsAreReadStrictly() {
    let job = { (duration: String) in
      #"{"id": "j", "poolInfo": {"poolId": "p"}, "constraints": {"maxWallClockTime": "\#(duration)"}}"#
    }
    let invalid = AzureImporter.importFiles([("job.json", job("P1DT"))])
    #expect(invalid.errors.map(\.path) == ["$.constraints.maxWallClockTime"])
    let fine = AzureImporter.importFiles([("job.json", job("PT0.0001S"))])
    #expect(fine.warnings.map(\.path) == ["$.constraints.maxWallClockTime"])
    let unlimited = AzureImporter.importFiles([("job.json", job("P10675199DT2H48M5.4775807S"))])
    #expect(unlimited.warnings.isEmpty && unlimited.errors.isEmpty, "\(unlimited.warnings)")
    #expect(!Self.text(unlimited, "j.batch").contains("max_wall_clock"))
  }
}

extension InputImportTests {
  @Test func aTemplateExpressionIsReportedWhereAndAsTheFileWritesIt() {
    let template = """
      {"parameters": {"nodes": {"type": "int"}}, "resources": [
        {"type": "Microsoft.Batch/batchAccounts/pools", "apiVersion": "2024-07-01", "name": "acct/pool1",
         "properties": {"vmSize": "Standard_D2s_v3",
           "scaleSettings": {"fixedScale": {"targetDedicatedNodes": "[parameters('nodes')]"}}}}
      ]}
      """
    let result = AzureImporter.importFiles([("template.json", template)])
    #expect(
      result.warnings.map(\.path) == ["$.resources[0].properties.scaleSettings.fixedScale.targetDedicatedNodes"])
    #expect(result.warnings.first?.message.contains("`[parameters('nodes')]`") == true, "\(result.warnings)")
  }
}
