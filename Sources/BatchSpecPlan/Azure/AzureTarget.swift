// The Azure Batch target: the same lowering as the local plan (`PlanCompiler`), written as the
// bodies of the Batch REST calls, an ARM template per account and a script that submits them.

package import BatchSpecCore

/// The files `batchspec compile --target azure-batch` writes, by path relative to the output
/// directory, in a stable order.
package struct AzurePayloads: Sendable {
  /// `(relative path, contents)`, in the order they are listed in `submit.sh`.
  package var files: [(path: String, contents: String)] = []
  /// Why the project cannot go to Azure as it is (no file should be written then).
  package var errors: [String] = []
  /// What the payloads leave to be done by hand.
  package var warnings: [String] = []
  /// The pools written as ARM templates (their nodes hold managed identities), by ID, with the
  /// placeholders their templates take as secure parameters.
  package var poolTemplates: [String: [String]] = [:]
}

/// Compiles checked projects to Azure Batch payloads.
package enum AzureTarget {
  /// The Batch data-plane REST API version the payloads are written for, and the `api-version`
  /// `submit.sh` sends them with: the newest stable one (the `azure-batch` 15.1.0 SDK speaks it).
  package static let dataPlaneAPIVersion = "2025-06-01"
  /// The service's limit of tasks per "add task collection" call.
  package static let tasksPerCollection = 100
  /// A collection body stays under this many bytes (the service refuses bodies over 1 MB).
  package static let collectionBytes = 1_000_000
  /// Room counted for the value `submit.sh` puts in place of one `{{VARIABLE}}` (a SAS token from
  /// `az storage account generate-sas` is about 150 bytes; passwords are shorter).
  package static let placeholderBytes = 512

  /// The payloads of `project`, or nil when it has errors.
  package static func compile(_ project: CheckedProject) -> AzurePayloads? {
    guard let plan = PlanCompiler.compile(project) else { return nil }
    let storage = StorageContext(project: project, plan: plan)
    var payloads = AzurePayloads()
    for account in project.accounts {
      guard let name = account.label else { continue }
      payloads.files.append(("accounts/\(name).json", accountTemplate(account, in: project).pretty()))
    }
    let variables = project.params
    var errors: [String] = []
    // The managed identities each pool's nodes need, by lowercased pool ID: those its bodies and
    // the bodies of the jobs on it name.
    var needed: [String: Set<String>] = [:]
    for (block, pool) in zip(project.pools, plan.pools) {
      // Auto pools are created by the service for each job or schedule that uses them.
      if block.isAutoPool {
        if pool.identities != nil {
          errors.append(
            "pool `\(pool.id)`: an auto pool cannot hold managed identities (Azure assigns them through ARM "
              + "only, to pools of an account): declare it as a pool of its own without `auto`")
        }
        continue
      }
      let body = poolBody(pool, block: block, variables: variables, storage: storage)
      needed[pool.id.lowercased(), default: []].formUnion(identityReferences(in: body))
      guard let identities = pool.identities else {
        payloads.files.append(("pools/\(pool.id).json", body.pretty()))
        continue
      }
      switch poolTemplate(id: pool.id, account: pool.account, body: body, identities: identities) {
      case .success(let template):
        payloads.files.append(("pools/\(pool.id).json", template.template.pretty()))
        payloads.poolTemplates[pool.id] = template.secureParameters
      case .failure(let failure):
        errors += failure.messages
      }
    }
    let lowering = JobLowering(project: project, plan: plan, storage: storage)
    // A job a schedule runs is the schedule's job specification, not a job of its own.
    let scheduled = Set(project.schedules.compactMap { $0[\.job]?.key })
    for (block, job) in zip(project.jobs, plan.jobs) where !scheduled.contains(job.id.lowercased()) {
      var body = JSONObject(lowering.jobBody(job, block: block)) ?? JSONObject()
      let tasks = block.children(\.task)
      let collections = taskCollections(job, blocks: tasks, variables: variables, storage: storage)
      // Batch ends a job that ends with its tasks as soon as it has none: such a job is created
      // without that, and updated once its tasks are in.
      let terminates = job.onAllTasksComplete == .terminateJob && !collections.isEmpty
      let completion = terminates ? body["onAllTasksComplete"] : nil
      if terminates { body.remove("onAllTasksComplete") }
      needed[job.pool.lowercased(), default: []].formUnion(
        collections.reduce(into: identityReferences(in: body.json)) { references, collection in
          for task in collection.tasks { references.formUnion(identityReferences(in: task)) }
        })
      payloads.files.append(("jobs/\(job.id).json", body.json.pretty()))
      for (index, collection) in collections.enumerated() {
        let number = String(index + 1)
        let name = String(repeating: "0", count: max(0, 3 - number.count)) + number
        payloads.files.append(("jobs/\(job.id)/tasks-\(name).json", collection.text))
      }
      if let completion {
        let update = JSON.object([("onAllTasksComplete", completion)])
        payloads.files.append((SubmitScript.afterTasksPath(job.id), update.pretty()))
      }
    }
    for schedule in project.schedules {
      guard let id = schedule.label, let body = lowering.scheduleBody(schedule) else { continue }
      if let pool = body["jobSpecification"]?["poolInfo"]?["poolId"]?.stringValue {
        needed[pool.lowercased(), default: []].formUnion(identityReferences(in: body))
      }
      payloads.files.append(("schedules/\(id).json", body.pretty()))
    }
    payloads.files.append(("submit.sh", SubmitScript.render(project: project, plan: plan, payloads: payloads)))
    payloads.errors = errors + localReferences(plan)
    payloads.warnings = manualSteps(project, plan: plan, needed: needed)
    return payloads
  }

  /// What batchspec cannot put in a payload but Azure needs. `needed` holds the managed
  /// identities each pool's nodes need (by lowercased pool ID).
  static func manualSteps(_ project: CheckedProject, plan: Plan, needed: [String: Set<String>]) -> [String] {
    var warnings: [String] = []
    for account in project.accounts where account[\.allocation] == .userSubscription && account[\.keyVault] == nil {
      warnings.append(
        "account `\(account.label ?? "")`: a `user_subscription` account needs a Key Vault, which "
          + "accounts/\(account.label ?? "").json does not name: set `key_vault` to the vault's resource ID")
    }
    let existing = Set(project.existingPools.compactMap { $0.label?.lowercased() })
    for pool in plan.pools {
      let held = Set((pool.identities ?? []).map { $0.lowercased() })
      let missing = (needed[pool.id.lowercased()] ?? []).filter { !held.contains($0.lowercased()) }
      guard !missing.isEmpty else { continue }
      let names = missing.sorted().joined(separator: ", ")
      warnings.append(
        existing.contains(pool.id.lowercased())
          ? "existing pool `\(pool.id)`: its nodes reach storage or a registry through managed identities "
            + "(\(names)): make sure the pool holds them (a pool's identities are assigned through ARM)"
          : "pool `\(pool.id)`: its nodes reach storage or a registry through managed identities they do not hold "
            + "(\(names)): add them to the pool's `identities` (compile then writes it as an ARM template)")
    }
    return warnings
  }

  /// Inputs whose URL a Batch node could not download (`file://`, a bare path): they name
  /// something of this machine, which must not reach a payload.
  static func localReferences(_ plan: Plan) -> [String] {
    var errors: [String] = []
    func check(_ inputs: [PlanInput], _ owner: String) {
      for input in inputs where input.source == .url || input.source == .containerURL {
        let url = (input.url ?? "").lowercased()
        if !url.hasPrefix("https://") && !url.hasPrefix("http://") {
          errors.append(
            "\(owner): input `\(input.path)` downloads `\(input.url ?? "")`, which a Batch node cannot reach: "
              + "put the file in storage and use `blob`, or give an http(s) URL")
        }
      }
    }
    for pool in plan.pools { check(pool.startTask?.inputs ?? [], "pool `\(pool.id)` start task") }
    for job in plan.jobs {
      check(job.preparationTask?.inputs ?? [], "job `\(job.id)` prepare")
      check(job.releaseTask?.inputs ?? [], "job `\(job.id)` release")
      for task in job.tasks { check(task.inputs, "task `\(task.id)` of job `\(job.id)`") }
    }
    return errors
  }

}

/// Where a project's storage accounts are and how tasks reach them: the auto-storage of each
/// pool's account, SAS placeholders, managed identities.
struct StorageContext {
  /// Storage accounts by lowercased name.
  var storage: [String: Checked<Schema.Storage>] = [:]
  /// The auto-storage account (lowercased) of each pool's account, by pool ID (lowercased).
  var autoStorageOfPool: [String: String] = [:]

  init(project: CheckedProject, plan: Plan) {
    for block in project.storageAccounts {
      if let label = block.label { storage[label.lowercased()] = block }
    }
    // Without accounts, a storage account marked `linked` is the one of the account submitted to.
    let linked = project.accounts.isEmpty ? project.storageAccounts.first { $0[\.linked] == true }?.label : nil
    for pool in project.pools {
      guard let id = pool.label else { continue }
      if let storage = project.account(of: pool)?[\.storage] {
        autoStorageOfPool[id.lowercased()] = storage.key
      } else if let linked {
        autoStorageOfPool[id.lowercased()] = linked.lowercased()
      }
    }
    if let linked {
      for pool in project.existingPools {
        if let id = pool.label { autoStorageOfPool[id.lowercased()] = linked.lowercased() }
      }
    }
  }

  /// `https://<account>.blob.core.windows.net/<container>`.
  static func containerURL(_ account: String, _ container: String) -> String {
    "https://\(account.lowercased()).blob.core.windows.net/\(container)"
  }

  /// The environment variable holding a SAS token for `account`: its `sas_token`, else
  /// `<ACCOUNT>_SAS` (which `submit.sh` generates for an auto-storage account).
  func sasVariable(_ account: String) -> String {
    if let secret = storage[account.lowercased()]?[\.sasToken] { return secret.variable }
    return account.uppercased() + "_SAS"
  }

  /// The managed identity nodes use to reach `account`, if it declares one.
  func identity(_ account: String) -> String? {
    storage[account.lowercased()]?[\.identity]
  }

  /// The placeholder `submit.sh` replaces with the SAS token of `account`.
  static func placeholder(_ variable: String) -> String { "{{\(variable)}}" }

  /// The URL of a container, with a SAS placeholder unless an identity reaches it.
  func url(_ account: String, _ container: String, blob: String? = nil) -> JSON {
    var url = Self.containerURL(account, container)
    if let blob { url += "/" + Self.percentEncodePath(blob) }
    guard identity(account) == nil else { return .string(url) }
    return .placeholders(url + "?" + Self.placeholder(sasVariable(account)))
  }

  /// `{"resourceId": …}` for an account reached with a managed identity.
  func identityReference(_ account: String) -> JSON? {
    identity(account).map { .object([("resourceId", .string($0))]) }
  }

  /// Percent-encodes a blob name for a URL, keeping `/` and the unreserved characters.
  static func percentEncodePath(_ path: String) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(path.utf8.count)
    for byte in path.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
        UInt8(ascii: "~"), UInt8(ascii: "/"):
        out.append(byte)
      default:
        let hex = Array("0123456789ABCDEF".utf8)
        out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}
