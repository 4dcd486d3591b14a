// Importing what the schema's mapping cannot read alone: auto pools, job schedules, blobfuse
// containers, container bind mounts, legacy property names and retired features.

import BatchSpecCore

/// Legacy spellings the service still documents, read as today's.
enum Legacy {

  /// `value` with legacy names replaced, recursively: `targetDedicated`, `maxTasksPerNode`,
  /// resource files' `blobSource` (now `httpUrl`), tasks' `runElevated` (now an admin
  /// automatic user) and data disks' `storageAccountType` (now `managedDisk.storageAccountType`).
  static func modernize(_ value: JSON) -> JSON {
    switch value {
    case .array(let items): return .array(items.map(modernize))
    case .object(let members):
      var result: [(String, JSON)] = []
      var elevated = false
      // Names compared without regard to case, as the service compares them.
      let names = Set(members.map { $0.0.lowercased() })
      for (key, member) in members {
        switch key.lowercased() {
        case "blobsource" where !names.contains("httpurl"):
          result.append(("httpUrl", member))
        case "datadisks":
          result.append((key, member.arrayValue.map { .array($0.map(dataDisk)) } ?? member))
        case "runelevated":
          elevated = member.boolValue == true
          if !elevated && !names.contains("useridentity") { continue }
        default:
          if let modern = BlockSchema.legacyRestNames[key.lowercased()], !names.contains(modern.lowercased()) {
            result.append((modern, modernize(member)))
          } else {
            result.append((key, modernize(member)))
          }
        }
      }
      if elevated && !names.contains("useridentity") {
        result.append(("userIdentity", .object([("autoUser", .object([("elevationLevel", .string("admin"))]))])))
      }
      return .object(result)
    default: return value
    }
  }

  /// A data disk with its `storageAccountType` (Batch's API up to 2024-07-01, data plane and
  /// Resource Manager alike) in `managedDisk`, where API 2025-06-01 moved it. Given in both places,
  /// the old one is left for `finish` to report.
  private static func dataDisk(_ disk: JSON) -> JSON {
    let managed = disk.property("managedDisk")
    let movable = managed.map { if case .object = $0 { !$0.hasProperty("storageAccountType") } else { false } } ?? true
    guard case .object(let members) = disk, let type = disk.property("storageAccountType"), movable else {
      return modernize(disk)
    }
    var result: [(String, JSON)] = []
    for (key, member) in members {
      switch key.lowercased() {
      case "storageaccounttype" where managed == nil && !result.contains { $0.0 == "managedDisk" }:
        result.append(("managedDisk", .object([("storageAccountType", type)])))
      case "storageaccounttype": continue
      case "manageddisk": result.append((key, .object(member.objectMembers + [("storageAccountType", type)])))
      default: result.append((key, modernize(member)))
      }
    }
    return .object(result)
  }
}

extension ImportState {
  /// Refuses what Azure Batch retired, naming what replaced it; says nothing of a setting that is
  /// now the only behaviour.
  func refuseRetired(_ pool: JSONReader) {
    if pool.has("cloudServiceConfiguration") {
      log.refuse(
        pool.file, pool.path + ".cloudServiceConfiguration",
        "Cloud Services pools were retired on 29 February 2024: give the pool a `virtualMachineConfiguration` (in batchspec, `image` and `node_agent`)"
      )
      pool.ignore("cloudServiceConfiguration")
    }
    if pool.has("certificateReferences") {
      log.refuse(
        pool.file, pool.path + ".certificateReferences",
        "Batch certificates were retired on 29 February 2024: install certificates with the Azure Key Vault VM extension (an `extension` block of type `KeyVaultForLinux` or `KeyVaultForWindows`)"
      )
      pool.ignore("certificateReferences")
    }
    if pool.has("applicationLicenses") {
      log.refuse(
        pool.file, pool.path + ".applicationLicenses",
        "Batch's pay-per-use rendering licenses were retired on 29 February 2024: bring your own licenses (a license server or an `extension`)"
      )
      pool.ignore("applicationLicenses")
    }
    if let mode = pool.string("targetNodeCommunicationMode") {
      pool.warn(
        "targetNodeCommunicationMode",
        mode.lowercased() == "classic"
          ? "classic node communication was retired on 31 March 2026: pools use simplified communication, the only mode API 2025-06-01 knows"
          : "`\(mode)` node communication is what every pool has (simplified, the only mode API 2025-06-01 knows): left out, with nothing lost"
      )
    }
    if pool.has("resourceTags") {
      pool.warn(
        "resourceTags",
        "pool resource tags are not part of Batch's API 2025-06-01: tag the Batch account or its resource group instead; left out"
      )
      pool.ignore("resourceTags")
    }
  }

  /// Says why a task's `authenticationTokenSettings` is left out: API 2025-06-01 removed it.
  func removedTaskSettings(_ task: JSONReader) {
    guard task.has("authenticationTokenSettings") else { return }
    task.warn(
      "authenticationTokenSettings",
      "task authentication tokens are not part of Batch's API 2025-06-01: give the task a managed identity of the pool instead; left out"
    )
    task.ignore("authenticationTokenSettings")
  }

  /// Blobfuse mounts' `accountName` and `containerName` as one `container` reference; a SAS key
  /// that is the storage account's own placeholder goes without saying.
  mutating func blobfuseContainers(_ pool: JSONReader, into block: inout ImportedBlock<Schema.Pool>) {
    let readers = pool.objects("mountConfiguration").compactMap { $0.object("azureBlobFileSystemConfiguration") }
    var index = 0
    var containers: [ContainerReference?] = []
    for mount in readers {
      guard let account = mount.string("accountName"), let container = mount.string("containerName"),
        Literal.isMemberName(container)
      else {
        mount.warn("containerName", "not a container batchspec can name; the mount needs `container` written by hand")
        containers.append(nil)
        continue
      }
      let name = account.lowercased()
      var entry = storage[name] ?? ImportedStorage()
      if let key = mount.raw("sasKey")?.stringValue, let variable = Secret.placeholderVariable(key) {
        entry.sasVariable = entry.sasVariable ?? variable
      }
      note(name, entry)
      containers.append(ContainerReference(storage: name, name: container))
    }
    block.updateChildren(\.blobfuseMount) { mount in
      defer { index += 1 }
      guard index < containers.count, let container = containers[index] else { return }
      mount.set(\.container, container)
    }
  }

  /// `containerHostBatchBindMounts` of the `containerSettings` of `owner`, as the container's
  /// `mounts` and `read_only_mounts`.
  func containerMounts<Kind: BlockKind>(_ owner: JSONReader, into block: inout ImportedBlock<Kind>) {
    guard let settings = owner.object("containerSettings") else { return }
    var mounts: [ContainerHostPath] = []
    var readOnly: [ContainerHostPath] = []
    for entry in settings.objects("containerHostBatchBindMounts") {
      guard let path = entry.word("source", ContainerHostPath.self) else { continue }
      if entry.bool("isReadOnly") == true { readOnly.append(path) } else { mounts.append(path) }
    }
    block.updateChildren(Schema.TaskContainer.self) { container in
      if !mounts.isEmpty { container.set(\.mounts, mounts) }
      if !readOnly.isEmpty { container.set(\.readOnlyMounts, readOnly) }
    }
  }

  /// A pool block for an auto pool specification; returns its ID for the job's `pool`.
  mutating func autoPool(_ specification: JSONReader, job: String) -> String? {
    let prefix = specification.string("autoPoolIdPrefix")
    var id = prefix.flatMap { Literal.isIdentifier($0) ? $0 : nil } ?? job + "-pool"
    while pools.contains(where: { $0.label?.lowercased() == id.lowercased() }) { id += "-auto" }
    guard let body = specification.object("pool") else {
      specification.warn("pool", "an auto pool needs its pool specification; left out")
      return nil
    }
    var block = poolBlock(body, id: id)
    var auto = ImportedBlock<Schema.AutoPool>()
    auto.readMapped(from: specification)
    // Without a prefix in the body, `id_prefix = ""` keeps it so: compile would send the label.
    if prefix != id { auto.set(\.idPrefix, prefix ?? "") }
    block.add(\.auto, auto)
    pools.append(block)
    return id
  }

  /// The update `compile` writes for a job that ends with its tasks: applied to the job.
  mutating func readJobUpdate(_ value: JSON, file: String, job jobID: String) {
    guard let reader = JSONReader(value, file: file, path: "$", log: log) else { return }
    defer { reader.finish() }
    guard let index = jobIndex(jobID) else {
      log.refuse(file, "$", "an update of job `\(jobID)`, which is not among the imported files: not imported")
      reader.ignoreAll()
      return
    }
    jobs[index].block.read(\.onAllTasksComplete, from: reader)
  }

  /// A job schedule: a `schedule` block and the job of its job specification, named after it.
  mutating func readSchedule(_ value: JSON, file: String) {
    guard let reader = JSONReader(Legacy.modernize(value), file: file, path: "$", log: log) else { return }
    defer { reader.finish() }
    guard let id = reader.string("id"), Literal.isIdentifier(id) else {
      log.refuse(file, "$.id", "a job schedule needs a plain ID (letters, digits, hyphens, underscores): not imported")
      reader.ignoreAll()
      return
    }
    guard claim("job schedule", id, file: file, path: "$") else {
      reader.ignoreAll()
      return
    }
    var schedule = ImportedBlock<Schema.Schedule>(label: id)
    ownerAccount = submitted.account(ofSchedule: id)
    defer { ownerAccount = nil }
    schedule.readMapped(from: reader)
    var jobID = id
    while jobs.contains(where: { $0.id.lowercased() == jobID.lowercased() }) { jobID += "-job" }
    if let specification = reader.object("jobSpecification") {
      let (job, retries) = jobBlock(specification, id: jobID)
      let performs = job.literal(\.onTaskFailure) == OnTaskFailure.performExitOptionsJobAction.literal
      jobs.append((jobID, job, performs, retries))
      schedule.set(\.job, Reference(.job, jobID))
    }
    schedules.append(schedule)
  }
}
