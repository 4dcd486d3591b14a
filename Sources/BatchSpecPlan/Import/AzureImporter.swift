// `batchspec import`: Azure Batch JSON (add pool, add job, add task and task collection bodies,
// as `az batch ... --json-file` takes them, and the account templates of the Azure target) back
// to a `.batch` project. What batchspec cannot express is reported with its JSON path.

import BatchSpecCore

/// The `.batch` files of an imported project and what could not be carried over.
package struct ImportResult: Sendable {
  /// `(file name, unformatted .batch text)`: `resources.batch`, `pools.batch`, one per job.
  package var files: [(name: String, text: String)] = []
  package var warnings: [ImportWarning] = []
  /// Bodies, or retired features of them, that were not imported: the import fails.
  package var errors: [ImportWarning] = []
}

/// Imports Azure Batch JSON.
package enum AzureImporter {
  /// Imports `files` (`(path, text)`). A task file under `jobs/<id>/` belongs to job `<id>`;
  /// other task files belong to the only job imported.
  package static func importFiles(_ files: [(path: String, text: String)], autoStorage: String? = nil) -> ImportResult {
    importFiles(bytes: files.map { ($0.path, Array($0.text.utf8)) }, autoStorage: autoStorage)
  }

  /// Imports `files` (`(path, contents)`), as `importFiles(_:autoStorage:)` does; a file that is
  /// not UTF-8 is refused with the offset of its first bad byte.
  package static func importFiles(bytes files: [(path: String, bytes: [UInt8])], autoStorage: String? = nil)
    -> ImportResult
  {
    var state = ImportState()
    state.assumedAutoStorage = autoStorage
    if let autoStorage { state.note(autoStorage, ImportedStorage()) }
    var taskFiles: [(path: String, job: String?, tasks: [(JSON, String)])] = []
    var parsed: [(path: String, value: JSON, kind: Kind)] = []
    for file in files where file.path.hasSuffix("submit.sh") {
      state.submitted = SubmittedAccounts(script: String(decoding: file.bytes, as: UTF8.self))
    }
    for file in files where !file.path.hasSuffix("submit.sh") {
      do {
        let (value, duplicates) = try ImportJSON.parse(file.bytes)
        for path in duplicates {
          state.log.warn(file.path, path, "given twice: the last value is read, as the service reads it")
        }
        let update = file.path.hasSuffix(".after-tasks.json") ? jobOfUpdateFile(file.path) : nil
        parsed.append((file.path, value, update.map(Kind.jobUpdate) ?? classify(value)))
      } catch {
        state.log.refuse(file.path, "$", "not JSON (\(error)): file not imported")
      }
    }
    // Accounts first (they say which storage is auto-storage), then pools, jobs and tasks.
    for file in parsed {
      if case .template = file.kind { state.readTemplate(file.value, file: file.path) }
    }
    for file in parsed {
      switch file.kind {
      case .pool: state.readPool(file.value, file: file.path)
      // A template of accounts and pools: its pools are read with the others.
      case .template where !poolResources(file.value).isEmpty:
        state.readPoolTemplate(file.value, file: file.path, besideAccounts: true)
      default: continue
      }
    }
    for file in parsed {
      switch file.kind {
      case .job: state.readJob(file.value, file: file.path)
      case .schedule: state.readSchedule(file.value, file: file.path)
      case .tasks(let tasks): taskFiles.append((file.path, jobOfTaskFile(file.path), tasks))
      case .unknown:
        state.log.refuse(
          file.path, "$",
          "neither a pool, a job, a job schedule, tasks nor an account template: file not imported")
      case .template, .pool, .jobUpdate: break
      }
    }
    for file in taskFiles {
      var job = file.job
      if job == nil {
        if state.jobs.count == 1 {
          job = state.jobs[0].id
        } else {
          state.log.refuse(
            file.path, "$", "tasks of which job? Give the job's JSON too, or put the file in jobs/<id>/: not imported")
          continue
        }
      }
      for (task, path) in file.tasks {
        state.readTask(task, file: file.path, path: path, job: job ?? "")
      }
    }
    for file in parsed {
      if case .jobUpdate(let job) = file.kind { state.readJobUpdate(file.value, file: file.path, job: job) }
    }
    return state.result()
  }

  enum Kind {
    /// Tasks, each with its JSON path.
    case template, pool, job, schedule, tasks([(JSON, String)]), jobUpdate(String), unknown
  }

  /// The ARM resource type of a pool, lowercased.
  static let poolResourceType = "microsoft.batch/batchaccounts/pools"

  static func classify(_ value: JSON) -> Kind {
    switch value {
    case .array(let items): return .tasks(items.enumerated().map { ($1, "$[\($0)]") })
    case .object(let members):
      // Names compared without regard to case, as the service compares them.
      let keys = Set(members.map { $0.0.lowercased() })
      if keys.contains("resources") || keys.contains("$schema") {
        // A pool template (a pool whose nodes hold managed identities) is read with the pools.
        let resources = value.property("resources")?.arrayValue ?? []
        let pools = poolResources(value)
        return !pools.isEmpty && pools.count == resources.count ? .pool : .template
      }
      if case .array(let items)? = value.property("value") {
        return .tasks(items.enumerated().map { ($1, "$.value[\($0)]") })
      }
      if keys.contains("jobspecification") || keys.contains("schedule") { return .schedule }
      if keys.contains("poolinfo") { return .job }
      if keys.contains("vmsize") || keys.contains("virtualmachineconfiguration") { return .pool }
      // A pool as Azure Resource Manager writes it: one resource, Pool_Create's body, or its
      // properties.
      if value.property("type")?.stringValue?.lowercased() == poolResourceType
        || keys.contains("deploymentconfiguration")
        || value.property("properties").map(ImportState.isManagementPool) == true
      {
        return .pool
      }
      if keys.contains("commandline") { return .tasks([(value, "$")]) }
      return .unknown
    default: return .unknown
    }
  }

  /// The `Microsoft.Batch/batchAccounts/pools` resources of a template.
  static func poolResources(_ template: JSON) -> [JSON] {
    (template.property("resources")?.arrayValue ?? []).filter(isPoolResource)
  }

  /// Whether `resource` is a `Microsoft.Batch/batchAccounts/pools` resource.
  static func isPoolResource(_ resource: JSON) -> Bool {
    resource.property("type")?.stringValue?.lowercased() == poolResourceType
  }

  /// The job ID `<id>` of a path `.../jobs/<id>.after-tasks.json`, if it is one.
  package static func jobOfUpdateFile(_ path: String) -> String? {
    let parts = path.split(separator: "/").map(String.init)
    guard parts.count >= 2, parts[parts.count - 2] == "jobs", let name = parts.last else { return nil }
    return String(name.dropLast(".after-tasks.json".count))
  }

  /// The job ID `<id>` of a path `.../jobs/<id>/<file>`, if it is one.
  package static func jobOfTaskFile(_ path: String) -> String? {
    let parts = path.split(separator: "/").map(String.init)
    guard parts.count >= 3, parts[parts.count - 3] == "jobs" else { return nil }
    return parts[parts.count - 2]
  }
}

/// What an import has read so far.
struct ImportState {
  let log = ImportLog()
  var accounts: [ImportedBlock<Schema.Account>] = []
  /// The auto-storage account (lowercased) of each imported account.
  var autoStorage: [String: String] = [:]
  var storageOrder: [String] = []
  var storage: [String: ImportedStorage] = [:]
  /// Application IDs and the versions referenced.
  var applications: [(id: String, versions: [String])] = []
  var pools: [ImportedBlock<Schema.Pool>] = []
  var jobs: [(id: String, block: ImportedBlock<Schema.Job>, performsExitActions: Bool, retries: Int)] = []
  /// The `taskIdRanges` of each job's tasks, by the job's index in `jobs`.
  var taskRanges: [Int: [TaskRange]] = [:]
  /// `jobs`' and `pools`' indexes by lowercased ID, brought up to date when they grow (both are
  /// only appended to): every task of a collection looks up its job and its job's pool.
  private var jobIndexes = IDIndex()
  private var poolIndexes = IDIndex()
  var schedules: [ImportedBlock<Schema.Schedule>] = []
  /// The auto-storage account `--auto-storage` names, for pools whose account is not imported.
  var assumedAutoStorage: String?
  /// Which account `submit.sh` creates each pool, job and schedule in, when it is imported too.
  var submitted = SubmittedAccounts()
  /// The account of the job or schedule being read (for its auto pool and its applications).
  var ownerAccount: String?
  /// The account each application was first referenced from.
  var applicationAccounts: [String: String] = [:]
  /// Where each pool, job and job schedule imported so far was read (`"job j1"`: `"j1.json at $"`),
  /// by kind and lowercased ID.
  var origins: [String: String] = [:]

  /// The index in `jobs` of the first job whose ID is `id` (without regard to case).
  mutating func jobIndex(_ id: String) -> Int? {
    if jobIndexes.count < jobs.count { jobIndexes.add(jobs[jobIndexes.count...].map(\.id)) }
    return jobIndexes[id]
  }

  /// The first pool whose ID is `id` (without regard to case).
  mutating func pool(_ id: String) -> ImportedBlock<Schema.Pool>? {
    if poolIndexes.count < pools.count { poolIndexes.add(pools[poolIndexes.count...].map(\.label)) }
    return poolIndexes[id].map { pools[$0] }
  }

  /// Notes that the body of a `kind` (`pool`, `job`, `job schedule`) with `id` is read from `file`
  /// at `path`; false, reporting both, when one with the same ID was read before. Azure compares
  /// IDs without regard to case (`j1` and `J1` are one job), and so do the file systems of macOS
  /// and Windows, where `j1.batch` and `J1.batch` are one file.
  mutating func claim(_ kind: String, _ id: String, file: String, path: String) -> Bool {
    let key = kind + " " + id.lowercased()
    if let first = origins[key] {
      log.refuse(
        file, path,
        "\(kind) `\(id)` was read already, from \(first): Azure compares IDs without regard to case, so this is the same \(kind) given twice: not imported; give it another ID or import one of the two"
      )
      return false
    }
    origins[key] = "\(file) at \(path)"
    return true
  }

  func result() -> ImportResult {
    var result = ImportResult()
    var resources = accounts.map(\.node)
    for name in storageOrder {
      guard let entry = storage[name] else { continue }
      warnOfSASTokens(name, entry)
      var block = ImportedBlock<Schema.Storage>(label: Literal.name(name))
      block.add(mapped: entry.mapped)
      let linked = autoStorage.values.contains(name) || name == assumedAutoStorage
      if accounts.isEmpty && name == assumedAutoStorage { block.set(\.linked, true) }
      if let variable = entry.sasVariable, !(linked && variable == name.uppercased() + "_SAS") {
        block.set(\.sasToken, Secret(variable: variable))
      }
      block.set(\.identity, entry.identity)
      resources.append(block.node)
    }
    for application in applications {
      var block = ImportedBlock<Schema.Application>(label: Literal.name(application.id))
      if accounts.count > 1, let known = applicationAccounts[application.id.lowercased()] {
        block.set(\.account, Reference(.account, known))
      } else if accounts.count > 1, let first = accounts.first?.label {
        block.set(\.account, Reference(.account, first))
        log.warn(
          "(import)", "$", "application `\(application.id)` belongs to one of several accounts: `\(first)` assumed")
      }
      if !application.versions.isEmpty { block.set(\.versions, application.versions) }
      resources.append(block.node)
    }
    if !resources.isEmpty { result.files.append(("resources.batch", render(resources))) }
    // A pool a job names but no imported body creates is a pool the account already has.
    var existing: [ImportedNode] = []
    for job in jobs {
      guard let id = job.block.literal(\.pool), Literal.isIdentifier(id),
        !pools.contains(where: { $0.label?.lowercased() == id.lowercased() }),
        !existing.contains(where: { $0.label?.lowercased() == id.lowercased() })
      else { continue }
      var block = ImportedBlock<Schema.ExistingPool>(label: id)
      if accounts.count > 1, let account = submitted.account(ofJob: job.id) {
        block.set(\.account, Reference(.account, account))
      }
      existing.append(block.node)
    }
    let poolNodes = pools.map(\.node) + existing
    if !poolNodes.isEmpty { result.files.append(("pools.batch", render(poolNodes))) }
    for (index, job) in jobs.enumerated() {
      let node = resolvingRanges(job.block.node, taskRanges[index] ?? [], job: job.id)
      result.files.append(("\(job.id).batch", render([SweepDetector.fold(node)])))
    }
    if !schedules.isEmpty { result.files.append(("schedules.batch", render(schedules.map(\.node)))) }
    log.reportReadOnly()
    result.warnings = log.warnings
    result.errors = log.errors
    return result
  }

  /// The blocks as a file in the canonical layout.
  private func render(_ blocks: [ImportedNode]) -> String {
    let text =
      "// Imported from Azure Batch JSON by `batchspec import`.\n\n"
      + blocks.map { $0.render() }.joined(separator: "\n")
    return Formatter.format(SourceFile(id: FileID(0), path: "imported.batch", bytes: Array(text.utf8))) ?? text
  }

  mutating func noteApplication(_ id: String, version: String?) {
    if let ownerAccount, applicationAccounts[id.lowercased()] == nil {
      applicationAccounts[id.lowercased()] = ownerAccount
    }
    if let index = applications.firstIndex(where: { $0.id.lowercased() == id.lowercased() }) {
      if let version, !applications[index].versions.contains(version) { applications[index].versions.append(version) }
    } else {
      applications.append((id, version.map { [$0] } ?? []))
    }
  }

  /// `[app, app["1.0"]]` of `applicationPackageReferences`.
  mutating func applicationList(_ reader: JSONReader) -> String? {
    let references = reader.objects("applicationPackageReferences")
    if references.isEmpty { return nil }
    var items: [String] = []
    for reference in references {
      defer { reference.finish() }
      guard let id = reference.string("applicationId") else { continue }
      guard Literal.isIdentifier(id) else {
        reference.warn("applicationId", "`\(id)` cannot be written as a reference; left out")
        continue
      }
      let version = reference.string("version")
      noteApplication(id, version: version)
      items.append(id + (version.map { "[\(Literal.string($0))]" } ?? ""))
    }
    return items.isEmpty ? nil : Literal.list(items)
  }
}

/// The account `submit.sh` creates each pool, job and schedule in: the script deploys (or selects)
/// one account, then creates what belongs to it (`deploy_account simlab ...`, `create_pool
/// mpi-pool`, `create_job cfd-solve ...`).
struct SubmittedAccounts {
  private var accounts: [String: String] = [:]

  init() {}

  /// Reads the steps of a `submit.sh` that `compile --target azure-batch` wrote.
  init(script: String) {
    var current: String?
    for line in script.split(separator: "\n") {
      let words = line.split(separator: " ", omittingEmptySubsequences: true)
      guard words.count >= 2 else { continue }
      switch words[0] {
      case "deploy_account": current = String(words[1])
      case "use_environment_account": current = nil
      case "create_pool", "deploy_pool":
        if let current { accounts["create_pool \(words[1].lowercased())"] = current }
      case "create_job", "create_schedule":
        if let current { accounts["\(words[0]) \(words[1].lowercased())"] = current }
      default: continue
      }
    }
  }

  func account(ofPool id: String) -> String? { accounts["create_pool \(id.lowercased())"] }
  func account(ofJob id: String) -> String? { accounts["create_job \(id.lowercased())"] }
  func account(ofSchedule id: String) -> String? { accounts["create_schedule \(id.lowercased())"] }
}

/// A storage account that imported URLs refer to.
struct ImportedStorage {
  /// What its template resource says of it (kind, location), by the schema's mapping.
  var mapped: [(key: AttributeSchema, literal: String)] = []
  /// The environment variable of its SAS token.
  var sasVariable: String?
  /// The managed identity that reaches it, and where it was first given (`tasks.json at $...`).
  var identity: String?
  var identityUse: String?
  /// Its URLs that carried a SAS token (or its placeholder), in the order read.
  var sasUses: [SASUse] = []
}

/// Where each lowercased ID first stands in a list of IDs that only grows.
struct IDIndex {
  private var first: [String: Int] = [:]
  /// How many of the list's IDs are indexed.
  private(set) var count = 0

  /// Indexes `ids`, the list's next ones (nil: an entry without an ID).
  mutating func add(_ ids: some Sequence<String?>) {
    for id in ids {
      if let id, first[id.lowercased()] == nil { first[id.lowercased()] = count }
      count += 1
    }
  }

  /// The index of the first ID equal to `id` without regard to case.
  subscript(id: String) -> Int? { first[id.lowercased()] }
}
