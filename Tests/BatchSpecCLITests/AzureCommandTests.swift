// `compile --target azure-batch` and `import` through the real binary, and the generated
// submit.sh of samples/everything run against a fake Batch service (FakeBatchService).

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

  @Test func compileWritesPayloadsAndRemovesOnlyStaleOnesItWrote() throws {
    let out = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let manager = FileManager.default
    // A file of the user's own, where payloads go: never removed, named in a warning.
    try manager.createDirectory(at: out.appendingPathComponent("pools"), withIntermediateDirectories: true)
    try Data("{}".utf8).write(to: out.appendingPathComponent("pools/mine.json"))
    let everything = Self.repository.appendingPathComponent("samples/everything").path
    #expect(try spawn(["compile", everything, "--target", "azure-batch", "-o", out.path]).status == 0)
    #expect(manager.fileExists(atPath: out.appendingPathComponent("schedules/nightly.json").path))
    let sample = Self.repository.appendingPathComponent("samples/render-farm").path
    #expect(
      try spawn(["compile", sample, "--target", "azure-batch", "-o", out.path, "--param", "frames=1000"]).status == 0)
    #expect(manager.fileExists(atPath: out.appendingPathComponent("jobs/render/tasks-010.json").path))
    #expect(!manager.fileExists(atPath: out.appendingPathComponent("schedules").path), "the schedule is gone")
    let result = try spawn(["compile", sample, "--target", "azure-batch", "-o", out.path, "--param", "frames=150"])
    #expect(result.status == 0, "\(result.stderr)")
    let files = manager.subpaths(atPath: out.path) ?? []
    #expect(files.contains("pools/render-pool.json"))
    #expect(files.contains("jobs/render/tasks-002.json"))
    #expect(!files.contains("jobs/render/tasks-003.json"))
    #expect(!files.contains("jobs/render/tasks-010.json"))
    #expect(files.contains("pools/mine.json"))
    #expect(
      result.stderr.contains(
        "removed 9 payloads an earlier compile wrote into \(out.path) and this one did not (jobs/render/tasks-003.json, ...)"
      ), "\(result.stderr)")
    #expect(
      result.stderr.contains("warning: \(out.path)/pools/mine.json was not written by a compile; it is left alone"),
      "\(result.stderr)")
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
    #expect(
      result.stderr.contains(
        "warning: \(fixture)/tasks.json: $.value[0].outputFiles[0].destination.container.containerUrl"))
    #expect(
      result.stderr.contains("error: \(fixture)/pool.json: $.certificateReferences: Batch certificates were retired"))
    #expect(try spawn(["import"]).status == 2)
    // A body refused on its own is the input's problem (1), as invalid JSON is; no JSON at all is a
    // usage error (2).
    let refused = Self.repository.appendingPathComponent("Tests/Interop/corpus/azure-cli--batchCreateTask.json").path
    let alone = try spawn(["import", refused])
    #expect(alone.status == 1, "\(alone.stderr)")
    #expect(alone.stderr.hasSuffix("error: nothing was imported\n"), "\(alone.stderr)")
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let invalid = directory.appendingPathComponent("bad.json")
    try Data("{ not json".utf8).write(to: invalid)
    #expect(try spawn(["import", invalid.path]).status == 1)
    try FileManager.default.removeItem(at: invalid)
    #expect(try spawn(["import", directory.path]).status == 2)
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

  /// The secrets submit.sh reads for samples/everything, with characters JSON must escape.
  static let secrets = [
    "BATCHADMIN_PASSWORD": "p\"w\\d", "VIEWER_PASSWORD": "v\tx", "PARTNER_SAS_TOKEN": "?sv=1&sig=a/b",
    "PARTNER_REGISTRY_PASSWORD": "r", "ARCHIVE_PASSWORD": "a", "SIMSTORE_KEY": "k", "BATCHADMIN_SSH_KEY": "s",
    "REPORTER_PASSWORD": "rp",
  ]
  /// The SAS token variables: submit.sh drops their leading `?`.
  static let sasVariables: Set = ["PARTNER_SAS_TOKEN"]

  /// One run of samples/everything's submit.sh against the fake service: simlab signs with its
  /// shared key (`key`, default the service's), simlabprivate sends an Entra ID token.
  struct Submission {
    var out: URL
    var result: (status: Int32, stdout: String, stderr: String)
    var requests: [FakeBatchService.Request]
    /// Every argument list curl, openssl and az were given.
    var arguments: String
    /// The parameters files of the pool deployments, as az read them.
    var deploymentParameters: String
    var key: String
  }

  func submit(service arguments: [String] = [], key: String? = nil) throws -> Submission {
    let work = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: work) }
    let out = try temporaryDirectory()
    let sample = Self.repository.appendingPathComponent("samples/everything").path
    #expect(try spawn(["compile", sample, "--target", "azure-batch", "-o", out.path]).status == 0)
    let serviceKey = Data((0..<64).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
    let service = try FakeBatchService(
      record: work.appendingPathComponent("record"),
      arguments: ["--account", "simlab=\(serviceKey)", "--token", "simlabprivate=\(FakeCommands.token)"] + arguments)
    defer { service.stop() }
    let log = work.appendingPathComponent("arguments.txt")
    try FakeCommands.install(in: work.appendingPathComponent("bin"), log: log)
    var environment = Self.secrets
    environment["PATH"] = work.appendingPathComponent("bin").path + ":/usr/bin:/bin"
    environment["AZURE_RESOURCE_GROUP"] = "rg"
    environment["SIMLAB_BATCH_KEY"] = key ?? serviceKey
    let endpoint: String = try #require(service.endpoints["simlab"], "the fake service did not start")
    let privateEndpoint: String = try #require(service.endpoints["simlabprivate"])
    environment["SIMLAB_BATCH_ENDPOINT"] = endpoint
    environment["SIMLABPRIVATE_BATCH_ENDPOINT"] = privateEndpoint
    let result = try runScript(out.appendingPathComponent("submit.sh"), environment: environment)
    let arguments = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    let parameters = (try? String(contentsOf: URL(fileURLWithPath: log.path + ".parameters"), encoding: .utf8)) ?? ""
    return Submission(
      out: out, result: result, requests: try service.requests(), arguments: arguments,
      deploymentParameters: parameters, key: key ?? serviceKey)
  }

  /// A payload file as submit.sh must send it: placeholders filled with JSON-escaped values.
  static func filled(_ file: URL) throws -> Data {
    var text = try String(contentsOf: file, encoding: .utf8)
    for (name, value) in secrets {
      var value = sasVariables.contains(name) && value.hasPrefix("?") ? String(value.dropFirst()) : value
      value = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        .replacingOccurrences(of: "\t", with: "\\t").replacingOccurrences(of: "\n", with: "\\n")
      text = text.replacingOccurrences(of: "{{\(name)}}", with: value)
    }
    return Data(text.utf8)
  }

  /// The calls the steps of `script` make on a service where nothing exists yet:
  /// (account, method, path, payload file).
  static func expectedCalls(_ script: String) -> [[String?]] {
    var account = ""
    var calls: [[String?]] = []
    for line in script.split(separator: "\n") {
      let words = line.split(separator: " ").map(String.init)
      guard words.count >= 2 else { continue }
      let id = words[1]
      switch words[0] {
      case "deploy_account": account = id
      case "create_pool":
        calls += [[account, "GET", "/pools/\(id)", nil], [account, "POST", "/pools", "pools/\(id).json"]]
      case "deploy_pool":
        calls.append([account, "GET", "/pools/\(id)", nil])  // then deployed by az, not POSTed
      case "create_job":
        calls += [[account, "GET", "/jobs/\(id)", nil], [account, "POST", "/jobs", "jobs/\(id).json"]]
        calls += words.dropFirst(3).map { [account, "POST", "/jobs/\(id)/addtaskcollection", $0] }
        if words[2] == "then-update" { calls.append([account, "PATCH", "/jobs/\(id)", "jobs/\(id).after-tasks.json"]) }
      case "create_schedule":
        calls += [
          [account, "GET", "/jobschedules/\(id)", nil], [account, "POST", "/jobschedules", "schedules/\(id).json"],
        ]
      default: continue
      }
    }
    return calls
  }

  @Test func submitScriptSendsEveryPayloadAsWrittenToTheBatchAPIInOrder() throws {
    let submission = try submit()
    defer { try? FileManager.default.removeItem(at: submission.out) }
    #expect(submission.result.status == 0, "\(submission.result.stderr)")
    let script = try String(contentsOf: submission.out.appendingPathComponent("submit.sh"), encoding: .utf8)
    #expect(script.contains("\nBATCH_API_VERSION=2025-06-01\n"))
    let requests = submission.requests
    let calls = Self.expectedCalls(script)
    #expect(requests.count == calls.count)
    // Every call in order, to its account, each body byte for byte the compiled file, filled.
    for (request, call) in zip(requests, calls) {
      #expect([request.account, request.method, request.path] == call.prefix(3).map { $0 ?? "" })
      #expect(request.query == "api-version=2025-06-01")
      #expect(request.auth == (request.account == "simlab" ? "SharedKey" : "Bearer"), "\(request.path)")
      if let file = call[3] {
        #expect(request.error == nil, "\(request.method) \(request.path): \(request.error ?? "")")
        let body = try #require(request.body)
        #expect(body == (try Self.filled(submission.out.appendingPathComponent(file))), "\(file) differs as sent")
        #expect((try? JSONSerialization.jsonObject(with: body)) != nil, "\(file) is not JSON once filled")
      } else {
        #expect(request.status == 404, "\(request.path) \(request.error ?? "")")
      }
    }
    // Every payload but the account and pool templates was sent, once: 4 pools, 6 jobs, 6 task
    // collections, 3 job updates, 1 schedule.
    let payloads = (FileManager.default.subpaths(atPath: submission.out.path) ?? [])
      .filter { $0.hasSuffix(".json") && !$0.hasPrefix("accounts/") && $0 != "pools/batch-pool.json" }
    #expect(Set(calls.compactMap { $0[3] }) == Set(payloads))
    #expect(calls.compactMap { $0[3] }.count == 20)
    // Tasks go in before the update that ends the job with them, and the secure pool to its account.
    let tasks = try #require(requests.firstIndex { $0.path == "/jobs/postprocess/addtaskcollection" })
    let update = try #require(requests.firstIndex { $0.method == "PATCH" && $0.path == "/jobs/postprocess" })
    #expect(tasks < update)
    #expect(requests.contains { $0.account == "simlabprivate" && $0.method == "POST" && $0.path == "/pools" })
    // No key, token or password is an argument of any process.
    for secret in Array(Self.secrets.values) + [submission.key, FakeCommands.token] where secret.count > 2 {
      #expect(!submission.arguments.contains(secret), "\(secret) was a process argument")
    }
    #expect(submission.arguments.contains("curl --config -"))
    #expect(submission.arguments.contains("az account get-access-token --resource https://batch.core.windows.net/"))
  }

  /// batch-pool's nodes hold the sim-nodes identity, which only ARM assigns: its pools/<id>.json
  /// is a template that az deploys into simlab, with the secrets in a filled parameters file.
  @Test func submitScriptDeploysAPoolWithIdentitiesThroughARMInsteadOfPostingIt() throws {
    let submission = try submit()
    defer { try? FileManager.default.removeItem(at: submission.out) }
    #expect(submission.result.status == 0, "\(submission.result.stderr)")
    #expect(submission.result.stdout.contains("pool batch-pool deployed (ARM template"))
    let requests = submission.requests
    #expect(requests.contains { $0.method == "GET" && $0.path == "/pools/batch-pool" })
    let posted = requests.filter { $0.method == "POST" && $0.path == "/pools" }.compactMap(\.body)
    #expect(posted.count == 4)
    #expect(
      !posted.contains { String(decoding: $0, as: UTF8.self).contains("\"batch-pool\"") }, "batch-pool was POSTed")
    let account = try #require(
      submission.arguments.range(of: "az deployment group create --resource-group rg --name batchspec-simlab"))
    let pool = try #require(
      submission.arguments.range(
        of:
          "az deployment group create --resource-group rg --name batchspec-pool-batch-pool --template-file pools/batch-pool.json --parameters @"
      ))
    #expect(account.lowerBound < pool.lowerBound, "the pool was deployed before its account")
    // The template takes the secrets as secure parameters; az read them filled, the SAS token without its `?`.
    let object = try JSONSerialization.jsonObject(with: Data(submission.deploymentParameters.utf8))
    let parameters = try #require(object as? [String: [String: String]])
    #expect(parameters["batchAccountName"]?["value"] == "simlab")
    #expect(parameters["BATCHADMIN_PASSWORD"]?["value"] == Self.secrets["BATCHADMIN_PASSWORD"])
    #expect(parameters["VIEWER_PASSWORD"]?["value"] == "v\tx")
    #expect(parameters["PARTNER_SAS_TOKEN"]?["value"] == "sv=1&sig=a/b")
    let template = try String(
      contentsOf: submission.out.appendingPathComponent("pools/batch-pool.json"), encoding: .utf8)
    #expect(!template.contains("{{"), "a placeholder left in the template")
    let script = try String(contentsOf: submission.out.appendingPathComponent("submit.sh"), encoding: .utf8)
    #expect(script.contains("# Pools whose nodes hold managed identities (batch-pool) are not POSTed"))
  }

  @Test func submitScriptKeepsWhatExists() throws {
    let submission = try submit(service: ["--existing", "simlab/pools/mpi-pool", "--existing", "simlab/jobs/cfd-solve"])
    defer { try? FileManager.default.removeItem(at: submission.out) }
    #expect(submission.result.status == 0, "\(submission.result.stderr)")
    #expect(submission.result.stdout.contains("pool mpi-pool exists: kept\n"))
    #expect(submission.result.stdout.contains("job cfd-solve exists: kept, its tasks not added again\n"))
    let posts = submission.requests.filter { $0.method != "GET" }
    #expect(!posts.contains { $0.path.hasPrefix("/jobs/cfd-solve") })
    #expect(!posts.contains { String(decoding: $0.body ?? Data(), as: UTF8.self).contains("\"id\": \"mpi-pool\"") })
    #expect(posts.contains { $0.path == "/jobs/postprocess/addtaskcollection" })
  }

  @Test func submitScriptSendsACallAgainWhenTheServiceIsBusy() throws {
    // The 3rd request (the first pool's POST, after a GET of each of the first two pools) and the
    // 11th are answered 503 once.
    let submission = try submit(service: ["--busy", "3", "--busy", "11"])
    defer { try? FileManager.default.removeItem(at: submission.out) }
    #expect(submission.result.status == 0, "\(submission.result.stderr)")
    let requests = submission.requests
    try #require(requests.count > 11)
    #expect(requests[2].status == 503 && requests[3].status == 201)
    #expect(requests[2].body == requests[3].body && requests[2].path == requests[3].path)
    #expect(requests[10].status == 503 && requests[11].path == requests[10].path && requests[11].error == nil)
  }

  /// A project of `storage` blocks, pool `p` and job `j` running `task`, compiled for Azure without
  /// accounts; its submit.sh run (with `environment` added) against a fake service's account
  /// `envaccount`: the script, what the run printed, and the requests the service was sent.
  func submitWithoutAccounts(storage: String, task: String, environment: [String: String]) throws -> (
    script: String, result: (status: Int32, stdout: String, stderr: String), requests: [FakeBatchService.Request]
  ) {
    let work = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: work) }
    let project = work.appendingPathComponent("project")
    try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
    let spec = """
      \(storage)
      pool p {
        vm_size         = "Standard_D2s_v3"
        image           = "canonical/ubuntu-24_04-lts/server"
        node_agent      = "batch.node.ubuntu 24.04"
        dedicated_nodes = 1
      }
      job j {
        pool = p
        \(task)
      }
      """
    try Data(spec.utf8).write(to: project.appendingPathComponent("main.batch"))
    let out = work.appendingPathComponent("out")
    #expect(try spawn(["compile", project.path, "--target", "azure-batch", "-o", out.path]).status == 0)
    let key = Data((0..<64).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
    let service = try FakeBatchService(
      record: work.appendingPathComponent("record"), arguments: ["--account", "envaccount=\(key)"])
    defer { service.stop() }
    try FakeCommands.install(in: work.appendingPathComponent("bin"), log: work.appendingPathComponent("log.txt"))
    let endpoint: String = try #require(service.endpoints["envaccount"])
    let script = out.appendingPathComponent("submit.sh")
    let result = try runScript(
      script,
      environment: environment.merging(
        [
          "PATH": work.appendingPathComponent("bin").path + ":/usr/bin:/bin", "AZURE_BATCH_ACCOUNT": "envaccount",
          "AZURE_BATCH_ENDPOINT": endpoint + "/", "AZURE_BATCH_ACCESS_KEY": key,
        ], uniquingKeysWith: { $1 }))
    return (try String(contentsOf: script, encoding: .utf8), result, try service.requests())
  }

  @Test func submitScriptWithoutAccountsSendsToTheEnvironmentsAccount() throws {
    let submission = try submitWithoutAccounts(
      storage: #"storage data { sas_token = env("DATA_SAS") }"#,
      task: #"task t { command = "/bin/true", input "y" { container = data.inputs } }"#,
      environment: ["DATA_SAS": "?sv=1&sig=s"])
    #expect(submission.result.status == 0, "\(submission.result.stderr)")
    let requests = submission.requests
    #expect(
      requests.map { "\($0.method) \($0.path)" } == [
        "GET /pools/p", "POST /pools", "GET /jobs/j", "POST /jobs", "POST /jobs/j/addtaskcollection",
      ])
    #expect(requests.allSatisfy { $0.auth == "SharedKey" })
    let tasks = String(decoding: requests.last?.body ?? Data(), as: UTF8.self)
    #expect(tasks.contains("https://data.blob.core.windows.net/inputs?sv=1&sig=s\""))
  }

  /// Before: submit.sh took every `{{NAME}}` in a payload for a placeholder, so a task's own text
  /// made it demand `$USER` and was rewritten with the variables' values. Now its resolve fills
  /// only the placeholders compile wrote: the task's text (even `{{DATA_SAS}}`, a placeholder's
  /// very name) is sent exactly as written, and a secret whose value holds another placeholder's
  /// `{{NAME}}` is sent as it is too.
  @Test func submitScriptFillsOnlyThePlaceholdersCompileWrote() throws {
    let submission = try submitWithoutAccounts(
      storage: #"storage data { sas_token = env("DATA_SAS") }"# + "\n"
        + #"storage more { sas_token = env("MORE_SAS") }"#,
      task: #"""
        task t {
          command     = "echo {{USER}} {{DATA_SAS}} > out"
          environment = { GREETING = "Hello {{name}}, {{{raw}}}" }
          input "x" { container = data.inputs }
          input "y" { container = more.inputs }
        }
        """#,
      environment: ["DATA_SAS": "?sv=1&sig={{MORE_SAS}}", "MORE_SAS": "sv=2&sig=m"])
    #expect(submission.result.status == 0, "\(submission.result.stderr)")
    #expect(submission.script.contains("placeholders=(DATA_SAS MORE_SAS)\n"))
    #expect(!submission.script.contains("USER"))
    let body = try #require(submission.requests.last?.body)
    let collection = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
    let task = try #require((collection["value"] as? [[String: Any]])?.first)
    #expect(task["commandLine"] as? String == "echo {{USER}} {{DATA_SAS}} > out")
    let settings = task["environmentSettings"] as? [[String: String]]
    #expect(settings == [["name": "GREETING", "value": "Hello {{name}}, {{{raw}}}"]])
    let urls = (task["resourceFiles"] as? [[String: Any]])?.compactMap { $0["storageContainerUrl"] as? String }
    #expect(
      urls == [
        "https://data.blob.core.windows.net/inputs?sv=1&sig={{MORE_SAS}}",
        "https://more.blob.core.windows.net/inputs?sv=2&sig=m",
      ])
  }

  @Test(
    arguments: [
      (
        ["--conflict", "simlab/pools/scaled-pool"], nil, "POST /pools",
        "submit.sh: pool scaled-pool failed: HTTP 409 PoolExists: The specified pool already exists. RequestId:"
      ),
      (
        ["--refuse-task", "simlab/cfd-solve/mesh-check"], nil, "POST /jobs/cfd-solve/addtaskcollection",
        "submit.sh: tasks of job cfd-solve (jobs/cfd-solve/tasks-001.json) failed: tasks not added:\n  task mesh-check: InvalidPropertyValue: The value provided"
      ),
      (
        [], "c2VjcmV0", "GET /pools/batch-pool",
        "submit.sh: pool batch-pool failed: HTTP 403 AuthenticationFailed: Server failed to authenticate the request."
      ),
    ] as [([String], String?, String, String)])
  func submitScriptNamesTheStepAndTheServicesErrorWhenACallFails(
    service: [String], key: String?, lastCall: String, message: String
  ) throws {
    let submission = try submit(service: service, key: key)
    defer { try? FileManager.default.removeItem(at: submission.out) }
    #expect(submission.result.status == 1)
    #expect(submission.result.stderr.contains(message), "\(submission.result.stderr)")
    #expect(!submission.result.stdout.contains("submitted"))
    // Nothing is sent after the call that failed.
    #expect(submission.requests.last.map { "\($0.method) \($0.path)" } == lastCall)
  }
}
