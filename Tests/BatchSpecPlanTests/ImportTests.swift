// `batchspec import`: the payloads of every sample, and hand-written Batch JSON, import to a
// project that compiles back to the same JSON (modulo key order); what cannot be expressed is
// reported with its JSON path.

import BatchSpecCore
import Foundation
import Testing

import BatchSpecPlan

enum RoundTrip {
  /// Imports `files`, checks the project and compiles it to Azure payloads.
  static func reimport(_ files: [(path: String, text: String)]) -> (AzurePayloads?, ImportResult, [Diagnostic]) {
    let result = AzureImporter.importFiles(files)
    let project = Project(
      files: result.files.enumerated().map { index, file in
        SourceFile(id: FileID(index), path: "imported/" + file.name, bytes: Array(file.text.utf8))
      })
    let checked = Checker.check(project).project
    let errors = (checked.diagnostics + Validator.validate(checked).diagnostics).filter { $0.severity == .error }
    return (AzureTarget.compile(checked), result, errors)
  }

  /// The payloads as canonical JSON by file, task collections of a job joined into one list
  /// (how tasks are split into files is not part of their meaning).
  static func canonical(_ payloads: [(path: String, contents: String)]) throws -> [String: Any] {
    var result: [String: Any] = [:]
    var tasks: [String: [Any]] = [:]
    for file in payloads where file.path.hasSuffix(".json") {
      let value = try JSONSerialization.jsonObject(with: Data(file.contents.utf8))
      if let job = AzureImporter.jobOfTaskFile(file.path) {
        let object = value as? [String: Any]
        tasks[job, default: []] += (object?["value"] as? [Any]) ?? (value as? [Any]) ?? [value]
      } else {
        result[file.path] = value
      }
    }
    for (job, list) in tasks { result["jobs/\(job)/tasks"] = list }
    return result
  }

  static func text(_ value: Any) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .prettyPrinted])) ?? Data()
    return String(decoding: data, as: UTF8.self)
  }
}

@Suite struct ImportTests {
  @Test(arguments: PlanSamples.all())
  func samplePayloadsImportAndCompileToTheSameJSON(_ name: String) throws {
    let payloads = try #require(AzureSamples.compile(name, params: PlanTests.goldenParams[name] ?? [:]))
    let inputs = payloads.files.filter { $0.path.hasSuffix(".json") || $0.path == "submit.sh" }.map {
      (path: $0.path, text: $0.contents)
    }
    let (recompiled, result, errors) = RoundTrip.reimport(inputs)
    #expect(errors.isEmpty, "the imported \(name) does not check: \(errors.map(\.message))")
    #expect(result.warnings.isEmpty, "\(result.warnings)")
    let again = try #require(recompiled)
    let expected = try RoundTrip.canonical(payloads.files)
    let actual = try RoundTrip.canonical(again.files)
    #expect(Set(expected.keys) == Set(actual.keys))
    for key in expected.keys.sorted() {
      #expect(RoundTrip.text(expected[key] ?? "") == RoundTrip.text(actual[key] ?? ""), "\(name): \(key) differs")
    }
  }

  @Test func interopEdgeCasesImportAndCompileToTheSameJSON() throws {
    let directory = PlanSamples.repository.appendingPathComponent("Tests/Interop/edge-cases").path
    let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".batch") }
      .sorted()
    let project = Project(
      files: names.map { name in
        SourceFile(
          id: FileID(0), path: "edge-cases/\(name)",
          bytes: [UInt8](FileManager.default.contents(atPath: directory + "/" + name) ?? Data()))
      })
    let payloads = try #require(AzureTarget.compile(Checker.check(project).project))
    let inputs = payloads.files.filter { $0.path.hasSuffix(".json") }.map { (path: $0.path, text: $0.contents) }
    let (recompiled, result, errors) = RoundTrip.reimport(inputs)
    #expect(errors.isEmpty, "\(errors.map(\.message))")
    // Two accounts: the JSON does not say which one the pools and the application belong to.
    #expect(result.warnings.allSatisfy { $0.message.contains("assumed") })
    let again = try #require(recompiled)
    let expected = try RoundTrip.canonical(payloads.files)
    let actual = try RoundTrip.canonical(again.files)
    #expect(Set(expected.keys) == Set(actual.keys))
    for key in expected.keys.sorted() {
      #expect(RoundTrip.text(expected[key] ?? "") == RoundTrip.text(actual[key] ?? ""), "\(key) differs")
    }
  }

  @Test func numberedTasksFoldBackIntoSweeps() throws {
    let payloads = try #require(AzureSamples.compile("render-farm", params: ["frames": "240"]))
    let inputs = payloads.files.filter { $0.path.hasSuffix(".json") }.map { (path: $0.path, text: $0.contents) }
    let (recompiled, result, errors) = RoundTrip.reimport(inputs)
    #expect(errors.isEmpty)
    let job = try #require(result.files.first { $0.name == "render.batch" }?.text)
    #expect(job.contains("task frame for i in 1..240 {"))
    #expect(job.contains("depends_on     = [frame]"))
    #expect(job.contains("depends_on = [frame[1]]"))
    #expect(job.split(separator: "\n").count < 80)
    let again = try #require(recompiled)
    let expected = try RoundTrip.canonical(payloads.files)
    let actual = try RoundTrip.canonical(again.files)
    for key in expected.keys.sorted() {
      #expect(RoundTrip.text(expected[key] ?? "") == RoundTrip.text(actual[key] ?? ""), "\(key) differs")
    }
  }

  /// A `taskIdRanges` over tasks that are not imported (workers a job manager adds later) cannot
  /// be named by `depends_on`: it is left out with one warning, and the rest of the task is kept.
  /// It was expanded into one quoted ID per task (quadratic time, and BS2006 for every ID).
  @Test func rangeOverTasksNotImportedIsLeftOutWithOneWarning() throws {
    let job = "{\"id\": \"big\", \"poolInfo\": {\"poolId\": \"p\"}, \"usesTaskDependencies\": true}"
    let tasks = """
      [{"id": "a", "commandLine": "a"},
       {"id": "future", "commandLine": "f",
        "dependsOn": {"taskIds": ["a"], "taskIdRanges": [{"start": 1, "end": 5000}]}}]
      """
    let (_, result, errors) = RoundTrip.reimport([("job.json", job), ("tasks.json", tasks)])
    #expect(errors.isEmpty, "\(errors.map(\.message))")
    let text = try #require(result.files.first { $0.name == "big.batch" }?.text)
    #expect(text.contains("depends_on = [a]"))
    #expect(!text.contains("\"1\""))
    #expect(result.warnings.count == 1, "\(result.warnings)")
    let warning = try #require(result.warnings.first)
    #expect(warning.path == "$[1].dependsOn.taskIdRanges[0]")
    #expect(warning.message.contains("1..5000"))
  }

  /// A range over imported tasks is kept, even one read before its tasks; a range of which only
  /// some tasks are imported is left out.
  @Test func rangeOverImportedTasksBecomesASweepReference() throws {
    let job = "{\"id\": \"j\", \"poolInfo\": {\"poolId\": \"p\"}}"
    let numbered = (1...10).map { "{\"id\": \"\($0)\", \"commandLine\": \"run \($0)\"}" }
    let tasks =
      "[{\"id\": \"early\", \"commandLine\": \"e\", \"dependsOn\": {\"taskIdRanges\": [{\"start\": 1, \"end\": 10}]}},"
      + numbered.joined(separator: ",")
      + ",{\"id\": \"late\", \"commandLine\": \"l\", \"dependsOn\": {\"taskIdRanges\": [{\"start\": 3, \"end\": 5}, {\"start\": 8, \"end\": 12}]}}]"
    let (recompiled, result, errors) = RoundTrip.reimport([("job.json", job), ("tasks.json", tasks)])
    #expect(errors.isEmpty, "\(errors.map(\.message))")
    let text = try #require(result.files.first { $0.name == "j.batch" }?.text)
    #expect(text.contains("depends_on = [tasks]"))
    #expect(text.contains("depends_on = [tasks[3..5]]"))
    #expect(result.warnings.map(\.path) == ["$[11].dependsOn.taskIdRanges[1]"])
    let payloads = try RoundTrip.canonical(try #require(recompiled).files)
    let early = try #require((payloads["jobs/j/tasks"] as? [[String: Any]])?.first { $0["id"] as? String == "early" })
    #expect(RoundTrip.text(early["dependsOn"] ?? "") == RoundTrip.text(["taskIdRanges": [["start": 1, "end": 10]]]))
  }

  /// An auto pool without `autoPoolIdPrefix` (which Batch allows) imports with `id_prefix = ""`,
  /// and compile sends no prefix: it sent the invented label `<job>-pool`, which with a long job
  /// ID also failed check (BS5050).
  @Test func autoPoolWithoutAPrefixComesBackWithout() throws {
    let job = """
      {"id": "customer-invoices-monthly-reconciliation", "poolInfo": {"autoPoolSpecification": {"poolLifetimeOption": "job",
       "pool": {"vmSize": "Standard_D2s_v3", "targetDedicatedNodes": 1,
        "virtualMachineConfiguration": {"imageReference": {"publisher": "canonical", "offer": "ubuntu-24_04-lts",
         "sku": "server", "version": "latest"}, "nodeAgentSKUId": "batch.node.ubuntu 24.04"}}}}}
      """
    let (recompiled, result, errors) = RoundTrip.reimport([("job.json", job)])
    #expect(errors.isEmpty, "\(errors.map(\.message))")
    #expect(result.warnings.isEmpty, "\(result.warnings)")
    let payloads = try RoundTrip.canonical(try #require(recompiled).files)
    let body = try #require(payloads["jobs/customer-invoices-monthly-reconciliation.json"] as? [String: Any])
    let specification = (body["poolInfo"] as? [String: Any])?["autoPoolSpecification"] as? [String: Any]
    #expect(specification?["poolLifetimeOption"] as? String == "job")
    #expect(specification?["autoPoolIdPrefix"] == nil)
  }

  /// `az batch pool show` output: Python timedeltas for durations (the .NET maximum is no
  /// limit, as in the REST form), and the read-only state of a GET left out with one summary line.
  /// A timedelta was refused, failing the import, and each read-only member had its own warning.
  @Test func azureCLIShowOutputImports() throws {
    let pool = """
      {"id": "p", "vmSize": "standard_d2s_v3", "resizeTimeout": "0:15:00", "targetDedicatedNodes": 2,
       "virtualMachineConfiguration": {"imageReference": {"publisher": "canonical", "offer": "ubuntu-24_04-lts",
        "sku": "server", "version": "latest"}, "nodeAgentSkuId": "batch.node.ubuntu 24.04"},
       "state": "active", "eTag": "0x1", "url": "https://a.westeurope.batch.azure.com/pools/p",
       "creationTime": "2024-05-01T09:55:00.000000+00:00", "allocationState": "steady", "currentDedicatedNodes": 2,
       "odata.metadata": "https://a.westeurope.batch.azure.com/$metadata#pools/@Element"}
      """
    let job = """
      {"id": "j", "poolInfo": {"poolId": "p"}, "constraints": {"maxWallClockTime": "10675199 days, 2:48:05.477581"},
       "jobPreparationTask": {"commandLine": "x", "constraints": {"retentionTime": "2 days, 1:30:00"}},
       "state": "active", "executionInfo": {"startTime": "2024-05-01T10:00:00Z", "poolId": "p"}}
      """
    let (_, result, errors) = RoundTrip.reimport([("pool.json", pool), ("job.json", job)])
    #expect(result.errors.isEmpty, "\(result.errors)")
    #expect(errors.isEmpty, "\(errors.map(\.message))")
    let pools = try #require(result.files.first { $0.name == "pools.batch" }?.text)
    #expect(pools.contains("resize_timeout  = 15m"))
    let jobText = try #require(result.files.first { $0.name == "j.batch" }?.text)
    #expect(!jobText.contains("max_wall_clock"))
    #expect(jobText.contains("retention = 2d1h30m"))
    #expect(result.warnings.map(\.path) == ["$", "$"], "\(result.warnings)")
    let summary = try #require(result.warnings.first { $0.file == "pool.json" })
    #expect(summary.message.contains("read-only state a GET returns (`state`, `eTag`, `url`, `creationTime`"))
    #expect(result.warnings.contains { $0.file == "job.json" && $0.message.contains("`executionInfo`") })
  }

  /// Extension settings hold texts only: a number or a boolean is kept as its text with a
  /// warning (it is sent as a string), and a nested object or array is left out with a warning at
  /// its path, the other settings kept. A number changed type silently, and one nested setting
  /// dropped all of them.
  @Test func extensionSettingsReportEveryChangedOrDroppedSetting() throws {
    let pool = """
      {"id": "p", "vmSize": "Standard_D2s_v3", "targetDedicatedNodes": 1,
       "virtualMachineConfiguration": {"imageReference": {"publisher": "canonical", "offer": "ubuntu-24_04-lts",
        "sku": "server", "version": "latest"}, "nodeAgentSKUId": "batch.node.ubuntu 24.04",
        "extensions": [{"name": "kv", "publisher": "Microsoft.Azure.KeyVault", "type": "KeyVaultForLinux",
         "typeHandlerVersion": "3.0", "settings": {"name": "x", "retries": 3, "enabled": true,
          "secretsManagementSettings": {"pollingIntervalInS": "300"}, "list": ["a"]}}]}}
      """
    let result = AzureImporter.importFiles([("pool.json", pool)])
    let text = try #require(result.files.first { $0.name == "pools.batch" }?.text)
    #expect(text.contains("settings  = { name = \"x\", retries = \"3\", enabled = \"true\" }"), "\(text)")
    let prefix = "$.virtualMachineConfiguration.extensions[0].settings."
    #expect(
      result.warnings.map(\.path)
        == ["retries", "enabled", "secretsManagementSettings", "list"].map { prefix + $0 }, "\(result.warnings)")
    #expect(result.warnings.first?.message.contains("sent as the string `\"3\"`") == true)
    #expect(result.warnings.dropFirst(2).first?.message.contains("a nested object") == true)
  }

  /// What the service refuses together is reported where it is left out: a `poolId` beside an
  /// auto pool, an autoscale formula of a pool that does not autoscale, an old name beside its new
  /// one, and a name given twice in environment settings or metadata (the last value kept, so
  /// that the project checks). All of them went without a word, or as "cannot express".
  @Test func conflictingMembersAreReportedWhereTheyAreLeftOut() throws {
    let image = """
      "virtualMachineConfiguration": {"imageReference": {"publisher": "canonical", "offer": "ubuntu-24_04-lts",
       "sku": "server", "version": "latest"}, "nodeAgentSKUId": "batch.node.ubuntu 24.04"}
      """
    let pool = """
      {"id": "cf", "vmSize": "Standard_D2s_v3", \(image), "targetDedicated": 3, "targetDedicatedNodes": 5,
       "enableAutoScale": false, "autoScaleFormula": "$TargetDedicatedNodes=1;"}
      """
    let job = """
      {"id": "both", "poolInfo": {"poolId": "real", "autoPoolSpecification": {"poolLifetimeOption": "job",
        "autoPoolIdPrefix": "both", "pool": {"vmSize": "Standard_D2s_v3", "targetDedicatedNodes": 1, \(image)}}},
       "metadata": [{"name": "k", "value": "1"}, {"name": "k", "value": "2"}],
       "jobManagerTask": {"id": "m", "commandLine": "x",
        "environmentSettings": [{"name": "X", "value": "1"}, {"name": "A", "value": "2"}, {"name": "X", "value": "3"}]}}
      """
    let (_, result, errors) = RoundTrip.reimport([("pool.json", pool), ("job.json", job)])
    #expect(errors.isEmpty, "\(errors.map(\.message))")
    let messages = Dictionary(result.warnings.map { ("\($0.file) \($0.path)", $0.message) }) { first, _ in first }
    #expect(messages["pool.json $.targetDedicated"]?.contains("`targetDedicatedNodes` (5) is read") == true)
    #expect(messages["pool.json $.autoScaleFormula"]?.contains("`enableAutoScale` is not true") == true)
    #expect(messages["job.json $.poolInfo.poolId"]?.contains("the auto pool is kept, `real` left out") == true)
    #expect(messages["job.json $.metadata[0]"]?.contains("the last value is kept") == true)
    #expect(messages["job.json $.jobManagerTask.environmentSettings[0]"]?.contains("the last value is kept") == true)
    #expect(result.warnings.count == 5, "\(result.warnings)")
    let text = try #require(result.files.first { $0.name == "both.batch" }?.text)
    #expect(text.contains("metadata = { k = \"2\" }"))
    #expect(text.contains("environment = { A = \"2\", X = \"3\" }"))
  }

  @Test func tasksThatDifferBeyondTheirNumberStayApart() {
    let task = { (id: String, command: String) in
      "{\"id\": \"\(id)\", \"commandLine\": \"\(command)\"}"
    }
    let tasks =
      "[" + [task("part-1", "run 1"), task("part-2", "run 2"), task("part-3", "run 3 --last")].joined(separator: ",")
      + "]"
    let job = "{\"id\": \"j\", \"poolInfo\": {\"poolId\": \"p\"}}"
    let result = AzureImporter.importFiles([("job.json", job), ("tasks.json", tasks)])
    let text = result.files.first { $0.name == "j.batch" }?.text ?? ""
    #expect(!text.contains(" for i in "))
    #expect(text.contains("task part-3 {"))
  }

  /// Every node communication mode is reported: `classic` is retired, and `simplified` or
  /// `default` (what every pool has now) are left out with nothing lost. They went silently.
  @Test func everyNodeCommunicationModeIsReported() {
    for mode in ["classic", "simplified", "default"] {
      let pool = """
        {"id": "p", "vmSize": "Standard_D2s_v3", "targetDedicatedNodes": 1, "targetNodeCommunicationMode": "\(mode)",
         "virtualMachineConfiguration": {"imageReference": {"publisher": "canonical", "offer": "ubuntu-24_04-lts",
         "sku": "server"}, "nodeAgentSKUId": "batch.node.ubuntu 24.04"}}
        """
      let result = AzureImporter.importFiles([("pool.json", pool)])
      let warning = result.warnings.first { $0.path == "$.targetNodeCommunicationMode" }
      #expect(
        warning?.message.contains(mode == "classic" ? "retired" : "left out, with nothing lost") == true, "\(mode)")
    }
  }

  @Test func importedProjectIsFormatted() throws {
    let payloads = try #require(AzureSamples.compile("hello-world"))
    let result = AzureImporter.importFiles(payloads.files.map { (path: $0.path, text: $0.contents) })
    for file in result.files {
      let source = SourceFile(id: FileID(0), path: file.name, bytes: Array(file.text.utf8))
      #expect(Formatter.format(source) == file.text)
    }
  }

  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
    "Golden/import")

  static func fixture(_ name: String) throws -> [(path: String, text: String)] {
    let directory = fixtures.appendingPathComponent(name).path
    return try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
      .map { file in
        (path: "\(name)/\(file)", text: try String(contentsOfFile: directory + "/" + file, encoding: .utf8))
      }
  }

  /// Hand-written JSON, keys in any order and with some defaults spelt out, comes back the same.
  @Test func handWrittenJSONImportsAndCompilesToTheSameJSON() throws {
    let inputs = try Self.fixture("handwritten")
    let (recompiled, result, errors) = RoundTrip.reimport(inputs)
    #expect(errors.isEmpty, "\(errors.map(\.message))")
    #expect(result.warnings.isEmpty, "\(result.warnings)")
    expectGolden(result.files.map { "=== \($0.name) ===\n\($0.text)" }.joined(), "import/handwritten.batch.txt")
    let again = try #require(recompiled)
    let actual = try RoundTrip.canonical(again.files)
    for input in inputs {
      let value = try JSONSerialization.jsonObject(with: Data(input.text.utf8))
      let key =
        input.path.hasSuffix("pool.json")
        ? "pools/etl-pool.json" : input.path.hasSuffix("job.json") ? "jobs/nightly-etl.json" : "jobs/nightly-etl/tasks"
      #expect(
        RoundTrip.text(RoundTrip.normalized(value)) == RoundTrip.text(RoundTrip.normalized(actual[key] ?? [])),
        "\(input.path) differs from \(key)")
    }
  }

  /// What batchspec cannot express is reported with its JSON path, and the rest still imports.
  @Test func inexpressibleJSONIsReportedNotDropped() throws {
    let result = AzureImporter.importFiles(try Self.fixture("inexpressible"))
    let report =
      result.errors.map { "error: \($0)" }.joined(separator: "\n") + "\n"
      + result.warnings.map(\.description).joined(separator: "\n") + "\n"
    expectGolden(
      report + result.files.map { "=== \($0.name) ===\n\($0.text)" }.joined(), "import/inexpressible.txt")
    for path in [
      "$.virtualMachineConfiguration.fancyDisk", "$.userAccounts[0].password", "$.resourceTags",
      "$.targetNodeCommunicationMode", "$.fancy",
      "$.value[0].resourceFiles[0].httpUrl", "$.value[0].resourceFiles[1].autoStorageContainerName",
      "$.value[0].outputFiles[0].destination.container.containerUrl", "$.value[0].constraints.maxWallClockTime",
    ] {
      #expect(result.warnings.contains { $0.path == path }, "no warning at \(path)")
    }
    // Retired features are refused, naming what replaced them.
    for path in ["$.certificateReferences", "$.applicationLicenses"] {
      #expect(result.errors.contains { $0.path == path }, "no error at \(path)")
    }
    for path in [
      "$.value[0].outputFiles[0].uploadOptions", "$.value[0].outputFiles[0].destination.container.uploadHeaders",
    ] {
      #expect(!result.warnings.contains { $0.path == path }, "the output is left out as a whole: no warning at \(path)")
    }
    #expect(!result.files.contains { $0.text.contains("hunter2") || $0.text.contains("sig=abc") })
  }
}

extension RoundTrip {
  /// REST properties whose enum values compare without regard to case, as the service compares them.
  static let enumProperties: Set<String> = [
    "onAllTasksComplete", "onTaskFailure", "uploadCondition", "jobAction", "dependencyAction", "nodeFillType",
    "elevationLevel", "scope",
  ]

  /// `value` without the defaults a hand-written body may spell out (`"scope": "pool"`,
  /// `"maxTaskRetryCount": 0` of a task whose job retries none, ...), enum values lowercased.
  static func normalized(_ value: Any, key: String = "") -> Any {
    if let list = value as? [Any] {
      // Environment settings and metadata are sets: batchspec writes them sorted by name.
      let items = list.map { normalized($0) }
      if key.hasSuffix("nvironmentSettings") || key == "metadata" {
        return items.sorted {
          (($0 as? [String: Any])?["name"] as? String ?? "") < (($1 as? [String: Any])?["name"] as? String ?? "")
        }
      }
      return items
    }
    guard let object = value as? [String: Any] else {
      if enumProperties.contains(key), let text = value as? String { return text.lowercased() }
      return value
    }
    var result: [String: Any] = [:]
    for (name, item) in object {
      let item = normalized(item, key: name)
      if let text = item as? String,
        (name == "scope" && text == "pool") || (name == "elevationLevel" && text == "nonadmin")
      {
        continue
      }
      if let dictionary = item as? [String: Any], dictionary.isEmpty, name != "exitOptions" { continue }
      result[name] = item
    }
    // In a task's constraints, a retry count of 0 is the default.
    if var constraints = result["constraints"] as? [String: Any], result["commandLine"] != nil,
      result["poolInfo"] == nil, constraints.count > 1, constraints["maxTaskRetryCount"] as? Int == 0
    {
      constraints["maxTaskRetryCount"] = nil
      result["constraints"] = constraints
    }
    return result
  }
}

/// A pool as Azure Resource Manager writes it (a template's or Bicep's resource, what
/// `az resource show` prints, or the resource's `properties`) imports as its add-pool body does.
@Suite struct ManagementPoolImportTests {
  static let properties = """
    "vmSize": "Standard_D4s_v3", "taskSlotsPerNode": 4, "interNodeCommunication": "Enabled",
    "deploymentConfiguration": { "virtualMachineConfiguration": {
      "imageReference": { "publisher": "canonical", "offer": "0001-com-ubuntu-server-jammy", "sku": "22_04-lts",
        "version": "latest" },
      "nodeAgentSkuId": "batch.node.ubuntu 22.04" } },
    "scaleSettings": { "fixedScale": { "targetDedicatedNodes": 2, "targetLowPriorityNodes": 3 } }
    """

  /// The same pool as an add-pool body.
  static let body = """
    { "id": "render-pool", "vmSize": "Standard_D4s_v3", "taskSlotsPerNode": 4, "enableInterNodeCommunication": true,
      "virtualMachineConfiguration": {
        "imageReference": { "publisher": "canonical", "offer": "0001-com-ubuntu-server-jammy", "sku": "22_04-lts",
          "version": "latest" },
        "nodeAgentSKUId": "batch.node.ubuntu 22.04" },
      "targetDedicatedNodes": 2, "targetLowPriorityNodes": 3 }
    """

  @Test(arguments: [
    // A template's or Bicep's resource.
    """
    { "type": "Microsoft.Batch/batchAccounts/pools", "apiVersion": "2024-07-01", "name": "acct/render-pool",
      "properties": { \(properties) } }
    """,
    // What `az resource show` prints: the pool's name alone, its ID, and its state.
    """
    { "id": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Batch/batchAccounts/acct/pools/render-pool",
      "name": "render-pool", "type": "Microsoft.Batch/batchAccounts/pools", "etag": "W/\\"1\\"",
      "properties": { \(properties), "provisioningState": "Succeeded", "allocationState": "Steady",
        "currentDedicatedNodes": 2, "creationTime": "2026-01-01T00:00:00Z" } }
    """,
    // The resource's properties, named.
    "{ \"name\": \"render-pool\", \(properties) }",
  ])
  func importsAsItsAddPoolBody(_ json: String) {
    let expected = AzureImporter.importFiles([("pool.json", Self.body)])
    let result = AzureImporter.importFiles([("pool.json", json)])
    #expect(result.errors.isEmpty, "\(result.errors)")
    #expect(result.warnings.allSatisfy { $0.path == "$" }, "\(result.warnings)")
    #expect(result.files.map(\.text) == expected.files.map(\.text))
    #expect(result.files.first?.text.contains("pool render-pool {") == true)
  }

  /// What is reported of one resource is at its path in the file: `$.properties...` for the
  /// resource alone, `$.resources[0].properties...` in a template.
  @Test func warningsOfOneResourceAreAtItsPathInTheFile() {
    let resource = """
      { "type": "Microsoft.Batch/batchAccounts/pools", "name": "acct/render-pool",
        "properties": { \(Self.properties), "fancy": 1 } }
      """
    let alone = AzureImporter.importFiles([("pool.json", resource)])
    #expect(alone.warnings.map(\.path) == ["$.properties.fancy"], "\(alone.warnings)")
    let template = AzureImporter.importFiles([("pool.json", "{ \"resources\": [\(resource)] }")])
    #expect(template.warnings.map(\.path) == ["$.resources[0].properties.fancy"], "\(template.warnings)")
    let unnamed = AzureImporter.importFiles([("pool.json", resource.replacing("acct/render-pool", with: "acct/"))])
    #expect(unnamed.errors.map(\.path) == ["$.name"], "\(unnamed.errors)")
  }

  /// A body that mixes the two shapes, which the service refuses, is refused with what to move.
  @Test func aBodyMixingBothShapesIsRefusedSayingWhatToMove() {
    let mixed = """
      { "id": "p", "vmSize": "Standard_D2s_v3", "targetDedicatedNodes": 1,
        "deploymentConfiguration": { "virtualMachineConfiguration": { "nodeAgentSKUId": "batch.node.ubuntu 22.04" } },
        "virtualMachineConfiguration": { "containerConfiguration": { "type": "dockerCompatible" } } }
      """
    let result = AzureImporter.importFiles([("pool.json", mixed)])
    #expect(result.errors.map(\.path) == ["$.deploymentConfiguration"])
    #expect(result.errors.first?.message.contains("top-level `virtualMachineConfiguration`") == true)
  }
}
