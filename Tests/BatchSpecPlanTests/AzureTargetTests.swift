// The Azure Batch target: a golden file per sample (every payload and submit.sh), determinism,
// the 100-task collection limit with dependencies first, and ISO 8601 durations.

import BatchSpecCore
import Foundation
import Testing

import BatchSpecPlan

enum AzureSamples {
  static func compile(_ name: String, params: [String: String] = [:], reversed: Bool = false) -> AzurePayloads? {
    AzureTarget.compile(Checker.check(PlanSamples.project(name, reversed: reversed), params: params).project)
  }

  /// Every file of the payloads, each under a `=== path ===` header.
  static func transcript(_ payloads: AzurePayloads) -> String {
    payloads.files.map { "=== \($0.path) ===\n\($0.contents)" }.joined()
  }
}

@Suite struct AzureTargetTests {
  @Test(arguments: PlanSamples.all())
  func sampleCompilesToItsGoldenPayloads(_ name: String) throws {
    let payloads = try #require(
      AzureSamples.compile(name, params: PlanTests.goldenParams[name] ?? [:]), "\(name) does not compile")
    expectGolden(AzureSamples.transcript(payloads), "\(name).azure.txt")
  }

  @Test(arguments: PlanSamples.all())
  func payloadsAreDeterministicAndLocalFree(_ name: String) throws {
    let first = try #require(AzureSamples.compile(name))
    let second = try #require(AzureSamples.compile(name, reversed: true))
    let text = AzureSamples.transcript(first)
    #expect(text == AzureSamples.transcript(second))
    #expect(!text.contains(PlanSamples.repository.path))
    #expect(!text.contains(FileManager.default.homeDirectoryForCurrentUser.path + "/"))
    for file in first.files where file.path.hasSuffix(".json") {
      #expect(!file.contents.contains("\"file://"), "\(file.path) refers to a local file")
    }
  }

  /// The payloads follow the schema's order, not the order attributes and blocks are written in,
  /// and submit.sh creates pools and jobs in the order of their IDs: reordering a block's attributes,
  /// its child blocks or the resources (or importing the bodies, which writes them in an order of
  /// its own) changes no byte.
  @Test func reorderingAttributesAndBlocksChangesNoPayload() throws {
    let other = """
      pool a-pool {
        vm_size    = "Standard_D2s_v3"
        image      = "canonical/ubuntu/22_04-lts"
        node_agent = "batch.node.ubuntu 22.04"
      }
      job a-job {
        pool = a-pool
        task t { command = "echo" }
      }

      """
    let written =
      other + """
        pool p {
          vm_size         = "Standard_D2s_v3"
          image           = "canonical/ubuntu/22_04-lts"
          node_agent      = "batch.node.ubuntu 22.04"
          dedicated_nodes = 2
          spot_nodes      = 1
          start_task { command = "echo start" }
          security {
            type        = trusted_launch
            secure_boot = true
          }
          os_disk { size_gb = 64 }
        }
        job j {
          pool           = p
          priority       = 5
          max_wall_clock = 1h
          task t {
            command        = "echo"
            retries        = 2
            max_wall_clock = 5m
            environment    = { A = "1" }
          }
        }
        """
    let reordered = """
      pool p {
        os_disk { size_gb = 64 }
        security {
          secure_boot = true
          type        = trusted_launch
        }
        spot_nodes      = 1
        dedicated_nodes = 2
        node_agent      = "batch.node.ubuntu 22.04"
        image           = "canonical/ubuntu/22_04-lts"
        vm_size         = "Standard_D2s_v3"
        start_task { command = "echo start" }
      }
      job j {
        max_wall_clock = 1h
        priority       = 5
        pool           = p
        task t {
          environment    = { A = "1" }
          max_wall_clock = 5m
          retries        = 2
          command        = "echo"
        }
      }

      """ + other
    // The files as written to disk: by path.
    func files(_ text: String) throws -> String {
      var payloads = try #require(Self.compile(text))
      payloads.files.sort { $0.path < $1.path }
      return AzureSamples.transcript(payloads)
    }
    let first = try files(written)
    #expect(first.contains("\"priority\": 5") && first.contains("create_pool a-pool\ncreate_pool p\n"))
    #expect(first.contains("\"securityProfile\"") && first.contains("\"osDisk\"") && first.contains("\"startTask\""))
    #expect(try first == files(reordered))
  }

  @Test func largeSweepsSplitIntoCollectionsOfAtMost100WithDependenciesFirst() throws {
    let payloads = try #require(AzureSamples.compile("render-farm", params: ["frames": "240"]))
    let collections = payloads.files.filter { $0.path.contains("/tasks-") }
    #expect(collections.count >= 3)
    var seen: Set<String> = []
    for file in collections {
      let body = try #require(try JSONSerialization.jsonObject(with: Data(file.contents.utf8)) as? [String: Any])
      #expect(body.count == 1)
      let tasks = try #require(body["value"] as? [[String: Any]], "\(file.path) is not {\"value\": [...]}")
      #expect(tasks.count <= AzureTarget.tasksPerCollection)
      for task in tasks {
        let id = try #require(task["id"] as? String)
        let dependsOn = (task["dependsOn"] as? [String: Any])?["taskIds"] as? [String] ?? []
        for dependency in dependsOn { #expect(seen.contains(dependency), "\(id) comes before \(dependency)") }
        seen.insert(id)
      }
    }
  }

  @Test func isoDurations() {
    let cases: [(Int64, String)] = [
      (0, "PT0S"), (30 * 60_000, "PT30M"), (7 * 86_400_000, "P7D"), (90 * 60_000, "PT1H30M"),
      (45_000, "PT45S"), (1_500, "PT1.5S"), (86_400_000 + 3_600_000, "P1DT1H"), (12 * 3_600_000, "PT12H"),
    ]
    for (milliseconds, text) in cases {
      #expect(ISODuration.format(milliseconds) == text)
      #expect(ISODuration.parse(text) == milliseconds)
    }
    #expect(ISODuration.parse("P1W") == Int64(604_800_000))
    #expect(ISODuration.parse("P1M") == nil)
    #expect(ISODuration.parse("PT") == nil)
    #expect(ISODuration.parse("30M") == nil)
  }

  static let noAccount = """
    storage data { sas_token = env("DATA_SAS") }
    pool p {
      vm_size         = "Standard_D2s_v3"
      image           = "canonical/ubuntu-24_04-lts/server"
      node_agent      = "batch.node.ubuntu 24.04"
      dedicated_nodes = 1
    }
    job j {
      pool = p
      task t {
        command = "/bin/true"
        input "x" { url = "URL" }
        input "y" { container = data.inputs }
      }
    }
    """

  static func compile(_ text: String) -> AzurePayloads? {
    AzureTarget.compile(Checker.check(Project(path: "p/p.batch", text: text)).project)
  }

  @Test func aProjectWithoutAccountsTakesTheAccountFromTheEnvironment() throws {
    let payloads = try #require(
      Self.compile(Self.noAccount.replacingOccurrences(of: "URL", with: "https://x.example/a")))
    #expect(payloads.errors.isEmpty)
    #expect(!payloads.files.contains { $0.path.hasPrefix("accounts/") })
    let script = try #require(payloads.files.first { $0.path == "submit.sh" }?.contents)
    #expect(script.contains(": \"${AZURE_BATCH_ACCOUNT:?"))
    #expect(!script.contains("AZURE_RESOURCE_GROUP:?"))
    #expect(script.contains(": \"${DATA_SAS:?"))
  }

  @Test func inputsOfThisMachineAreRefused() throws {
    for url in ["file:///home/me/secret.txt", "/home/me/secret.txt", "C:\\\\data\\\\x.bin"] {
      let payloads = try #require(Self.compile(Self.noAccount.replacingOccurrences(of: "URL", with: url)))
      #expect(payloads.errors.count == 1, "\(url)")
    }
  }

  @Test func whatAPayloadCannotHoldIsAWarning() throws {
    let everything = try #require(AzureSamples.compile("everything"))
    // Its user-subscription account names its Key Vault, and batch-pool holds the sim-nodes
    // identity; the other pools whose work reads storage through it do not.
    #expect(everything.warnings.count == 4)
    #expect(everything.warnings.allSatisfy { $0.contains("managed identities") })
    #expect(!everything.warnings.contains { $0.contains("`batch-pool`") })
    #expect(everything.warnings.contains { $0.hasPrefix("existing pool `viz-cluster`") })
    let account = """
      account lab { location = "westeurope", allocation = user_subscription }
      """
    let payloads = try #require(Self.compile(account))
    #expect(payloads.warnings.first?.contains("Key Vault") == true)
    #expect(try #require(AzureSamples.compile("hello-world")).warnings.isEmpty)
  }

  /// A blob name goes into its URL percent-encoded byte by byte, but for letters, digits, `-._~`
  /// and `/`; the URL ends in its account's SAS placeholder, which submit.sh lists. A `{{NAME}}` of
  /// the user's (here in a command) is written `\u007b{NAME}}`, the same text once read, which
  /// submit.sh neither lists nor fills: even `{{DATA_SAS}}`, the very placeholder of the URL.
  @Test func blobURLsAreEncodedAndTheirPlaceholdersListed() throws {
    let collections = try Self.collections(
      taskBody: #"command = "/bin/true", input "a" { blob = data.inputs["run 1/é~x_y-z.v2%"] }"#)
    let text = try #require(collections.first?.contents)
    #expect(text.contains(#""https://data.blob.core.windows.net/inputs/run%201/%C3%A9~x_y-z.v2%25?{{DATA_SAS}}""#))
    let payloads = try Self.payloads(
      taskBody: #"command = "echo '{{NOT_ONE}} {{} }} {{DATA_SAS}}'", input "a" { blob = data.inputs["x"] }"#)
    let script = try #require(payloads.files.first { $0.path == "submit.sh" }?.contents)
    #expect(script.contains("placeholders=(DATA_SAS)\n"))
    #expect(!script.contains("NOT_ONE"))
    let tasks = try #require(payloads.files.first { $0.path == "jobs/j/tasks-001.json" }?.contents)
    #expect(tasks.contains(#""commandLine": "echo '\u007b{NOT_ONE}} \u007b{} }} \u007b{DATA_SAS}}'""#))
    #expect(tasks.contains(#"/inputs/x?{{DATA_SAS}}""#))
    let task = try JSONParser.parse(Array(tasks.utf8))["value"]?.arrayValue?.first
    #expect(task?["commandLine"]?.stringValue == "echo '{{NOT_ONE}} {{} }} {{DATA_SAS}}'")
  }

  static func collections(taskBody: String) throws -> [(path: String, contents: String)] {
    try payloads(taskBody: taskBody).files.filter { $0.path.hasPrefix("jobs/j/tasks-") }
  }

  /// The payloads of a project whose job `j` runs 100 tasks of `taskBody`.
  static func payloads(taskBody: String) throws -> AzurePayloads {
    let text = """
      storage data { sas_token = env("DATA_SAS") }
      pool p {
        vm_size         = "Standard_D2s_v3"
        image           = "canonical/ubuntu-24_04-lts/server"
        node_agent      = "batch.node.ubuntu 24.04"
        dedicated_nodes = 1
      }
      job j {
        pool = p
        task t for i in 1..100 { \(taskBody) }
      }
      """
    return try #require(Self.compile(text))
  }

  /// A collection's file is sent as written, placeholders filled: it must fit as such.
  static func expectUnderTheLimit(_ collections: [(path: String, contents: String)]) {
    for file in collections {
      let placeholders = file.contents.components(separatedBy: "{{").count - 1
      #expect(file.contents.utf8.count + placeholders * AzureTarget.placeholderBytes < AzureTarget.collectionBytes)
    }
  }

  @Test func collectionsStayUnderTheServicesBodyLimit() throws {
    let big = String(repeating: "x", count: 30_000)
    let collections = try Self.collections(taskBody: "command = \"/bin/true\", environment = { BIG = \"\(big)\" }")
    #expect(collections.count >= 4)
    Self.expectUnderTheLimit(collections)
  }

  @Test func collectionsAreMeasuredAsWrittenWithRoomForPlaceholders() throws {
    // Small settings: pretty-printed, each takes several indented lines (twice its compact size).
    let settings = (1...300).map { "V\($0) = \"x\"" }.joined(separator: ", ")
    let indented = try Self.collections(taskBody: "command = \"/bin/true\", environment = { \(settings) }")
    #expect(indented.count >= 2)
    Self.expectUnderTheLimit(indented)
    // Inputs whose URLs end in a SAS token placeholder.
    let inputs = (1...120).map { "input \"in\($0)\" { container = data.inputs, prefix = \"p\($0)/\" }" }
    let sas = try Self.collections(taskBody: "command = \"/bin/true\"\n" + inputs.joined(separator: "\n"))
    #expect(sas.count >= 2)
    Self.expectUnderTheLimit(sas)
  }
}
