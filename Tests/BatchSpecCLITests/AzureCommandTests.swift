// `compile --target azure-batch` and `import` through the real binary, and the generated
// submit.sh run against a fake `az` that records its commands and the files it is given.

import Foundation
import Testing

@Suite struct AzureCommandTests {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("batchspec-azure-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test func compileWritesPayloadsAndRemovesStaleOnes() throws {
    let out = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let stale = out.appendingPathComponent("jobs/render/tasks-009.json")
    try FileManager.default.createDirectory(at: stale.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data("{}".utf8).write(to: stale)
    let sample = Self.repository.appendingPathComponent("samples/render-farm").path
    let result = try spawn(["compile", sample, "--target", "azure-batch", "-o", out.path, "--param", "frames=150"])
    #expect(result.status == 0, "\(result.stderr)")
    let files = FileManager.default.subpaths(atPath: out.path) ?? []
    #expect(files.contains("pools/render-pool.json"))
    #expect(files.contains("jobs/render/tasks-002.json"))
    #expect(!files.contains("jobs/render/tasks-009.json"))
    #expect(FileManager.default.isExecutableFile(atPath: out.appendingPathComponent("submit.sh").path))
  }

  @Test func compileToAzureNeedsADirectoryAndAKnownTarget() throws {
    let sample = Self.repository.appendingPathComponent("samples/hello-world").path
    #expect(try spawn(["compile", sample, "--target", "azure-batch"]).status == 2)
    #expect(try spawn(["compile", sample, "--target", "aws"]).status == 2)
  }

  @Test func importPrintsAProjectAndWarnsByJSONPath() throws {
    let fixture = Self.repository.appendingPathComponent("Tests/BatchSpecPlanTests/Golden/import/inexpressible").path
    let result = try spawn(["import", fixture])
    // Retired certificates are refused: the project is printed, and the import fails.
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stdout.contains("pool legacy-pool {"))
    #expect(result.stderr.contains("warning: \(fixture)/tasks.json: $.value[0].dependsOn.taskIdRanges"))
    #expect(
      result.stderr.contains("error: \(fixture)/pool.json: $.certificateReferences: Batch certificates were retired"))
    #expect(try spawn(["import"]).status == 2)
  }

  @Test func importIntoADirectoryKeepsExistingSpecsUnlessForced() throws {
    let out = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let fixture = Self.repository.appendingPathComponent("Tests/BatchSpecPlanTests/Golden/import/handwritten").path
    #expect(try spawn(["import", fixture, "-o", out.path]).status == 0)
    let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
    #expect(files == ["nightly-etl.batch", "pools.batch", "resources.batch"])
    #expect(try spawn(["import", fixture, "-o", out.path]).status == 2)
    #expect(try spawn(["import", fixture, "-o", out.path, "--force"]).status == 0)
    #expect(try spawn(["check", out.path]).status == 0)
  }

  @Test func submitScriptRunsTheAzCommandsInOrderWithSecretsFilledIn() throws {
    let work = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: work) }
    let out = work.appendingPathComponent("out")
    let sample = Self.repository.appendingPathComponent("samples/everything").path
    #expect(try spawn(["compile", sample, "--target", "azure-batch", "-o", out.path]).status == 0)
    // A fake az: `show` finds nothing, every --json-file is copied next to the log.
    let bin = work.appendingPathComponent("bin")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    let fake = """
      #!/usr/bin/env bash
      echo "$*" >> "$AZ_LOG/commands.txt"
      [[ " $* " == *" show "* ]] && exit 1
      previous=""
      for argument in "$@"; do
        if [[ "$previous" == --json-file ]]; then
          n=$(wc -l < "$AZ_LOG/commands.txt")
          cp "$argument" "$AZ_LOG/file-$n.json"
        fi
        previous="$argument"
      done
      exit 0
      """
    try Data(fake.utf8).write(to: bin.appendingPathComponent("az"))
    try FileManager.default.setAttributes(
      [.posixPermissions: 0o755], ofItemAtPath: bin.appendingPathComponent("az").path)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = [out.appendingPathComponent("submit.sh").path]
    process.environment = [
      "PATH": bin.path + ":/usr/bin:/bin", "AZ_LOG": work.path, "AZURE_RESOURCE_GROUP": "rg",
      "SIMLAB_BATCH_KEY": "key", "BATCHADMIN_PASSWORD": "p\"w\\d", "VIEWER_PASSWORD": "v",
      "PARTNER_SAS_TOKEN": "?sv=1&sig=a/b", "PARTNER_REGISTRY_PASSWORD": "r", "ARCHIVE_PASSWORD": "a",
      "SIMSTORE_KEY": "k", "BATCHADMIN_SSH_KEY": "s", "REPORTER_PASSWORD": "rp",
    ]
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    let commands = try String(contentsOf: work.appendingPathComponent("commands.txt"), encoding: .utf8)
      .split(separator: "\n").map(String.init)
    let verbs = commands.map { $0.split(separator: " ").prefix(3).joined(separator: " ") }
    #expect(verbs.first == "deployment group create")
    #expect(verbs.firstIndex(of: "batch pool create")! < verbs.firstIndex(of: "batch job create")!)
    #expect(verbs.firstIndex(of: "batch job create")! < verbs.firstIndex(of: "batch task create")!)
    #expect(verbs.contains("batch job-schedule create"))
    // A job that ends with its tasks is switched to that after its tasks are added.
    let update = try #require(commands.firstIndex { $0.hasPrefix("batch job set --job-id postprocess") })
    let tasks = try #require(commands.firstIndex { $0.hasPrefix("batch task create --job-id postprocess") })
    #expect(tasks < update)
    // Every file az was given is JSON, with no placeholder left and the secrets escaped.
    let given = try FileManager.default.contentsOfDirectory(atPath: work.path).filter { $0.hasPrefix("file-") }
    #expect(given.count == 18)  // 4 pools, 5 jobs, 5 task collections, 3 job updates, 1 schedule
    var texts = ""
    for name in given {
      let data = try Data(contentsOf: work.appendingPathComponent(name))
      let value = try JSONSerialization.jsonObject(with: data)
      let command = commands[Int(name.dropFirst(5).dropLast(5))! - 1]
      if command.hasPrefix("batch task create") { #expect(value is [Any]) }
      if command.hasPrefix("batch job create") { #expect((value as? [String: Any])?["onAllTasksComplete"] == nil) }
      if command.hasPrefix("batch job set") {
        #expect((value as? [String: Any])?["onAllTasksComplete"] as? String == "terminatejob")
      }
      texts += String(decoding: data, as: UTF8.self)
    }
    #expect(!texts.contains("{{"))
    #expect(texts.contains("p\\\"w\\\\d"))
    #expect(texts.contains("wind-tunnel?sv=1&sig=a/b"))
  }
}
