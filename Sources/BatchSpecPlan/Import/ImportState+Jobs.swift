// Importing jobs, their preparation and release tasks, tasks, resource and output files and
// exit conditions.

import BatchSpecCore
import FoundationEssentials

extension ImportState {
  mutating func readJob(_ value: JSON, file: String) {
    guard let job = JSONReader(Legacy.modernize(value), file: file, path: "$", log: log) else { return }
    defer { job.finish() }
    guard let id = job.string("id"), Literal.isIdentifier(id) else {
      log.refuse(
        file, "$.id",
        "job `\(job.members.first { $0.0 == "id" }?.1.serialized() ?? "")` has no plain ID (letters, digits, hyphens, underscores): job and its tasks not imported"
      )
      job.ignoreAll()
      return
    }
    guard claim("job", id, file: file, path: "$") else {
      job.ignoreAll()
      return
    }
    ownerAccount = submitted.account(ofJob: id)
    defer { ownerAccount = nil }
    let (block, retries) = jobBlock(job, id: id)
    let performsExitActions = block.literal(\.onTaskFailure) == OnTaskFailure.performExitOptionsJobAction.literal
    jobs.append((id, block, performsExitActions, retries))
  }

  /// A job block read from an add-job body or a job schedule's job specification, with the retry
  /// count its tasks take by default.
  mutating func jobBlock(_ job: JSONReader, id: String) -> (ImportedBlock<Schema.Job>, Int) {
    var block = ImportedBlock<Schema.Job>(label: id)
    var poolID: String?
    if let info = job.object("poolInfo") {
      poolID = info.string("poolId")
      if let specification = info.object("autoPoolSpecification") {
        if let named = poolID {
          info.warn(
            "poolId",
            "`poolInfo` names both the pool `\(named)` and an auto pool, which the service refuses: the auto pool is kept, `\(named)` left out"
          )
        }
        poolID = autoPool(specification, job: id)
      }
      if let pool = poolID { block.set(\.pool, literal: Literal.isIdentifier(pool) ? pool : Literal.string(pool)) }
    }
    block.readMapped(from: job)
    if let uses = job.bool("usesTaskDependencies") { block.set(\.usesTaskDependencies, uses) }
    let retries = job.object("constraints")?.int("maxTaskRetryCount") ?? 0
    let autoStorage =
      poolID.flatMap { pool($0) }
      .flatMap(autoStorageFor) ?? assumedAutoStorage
    if let prepare = job.object(Schema.Prepare.schema.restName) {
      poolScopeOnly(prepare)
      block.updateChildren(\.prepare) { task in
        task.add(\.input, prepare.objects("resourceFiles").compactMap { input($0, autoStorage: autoStorage) })
        containerMounts(prepare, into: &task)
      }
    }
    if let release = job.object(Schema.Release.schema.restName) {
      poolScopeOnly(release)
      block.updateChildren(\.release) { task in
        task.add(\.input, release.objects("resourceFiles").compactMap { input($0, autoStorage: autoStorage) })
        containerMounts(release, into: &task)
      }
    }
    if let manager = job.object(Schema.Manager.schema.restName) {
      removedTaskSettings(manager)
      block.updateChildren(\.manager) { task in
        task.add(\.input, manager.objects("resourceFiles").compactMap { input($0, autoStorage: autoStorage) })
        task.add(\.output, manager.objects("outputFiles").compactMap { output($0) })
        task.set(\.applications, literal: applicationList(manager))
        containerMounts(manager, into: &task)
      }
    }
    return (block, retries)
  }

  /// A `taskIdRanges` range of an imported task, resolved when every task of the import is read
  /// (`resolvingRanges`): it names tasks of its job that may come later.
  struct TaskRange {
    /// The index of the task among its job's child blocks.
    var task: Int
    var start: Int
    var end: Int
    var file: String
    var path: String
  }

  mutating func readTask(_ value: JSON, file: String, path: String, job jobID: String) {
    guard let index = jobIndex(jobID) else {
      log.refuse(file, path, "job `\(jobID)` is not among the imported files: task not imported; import the job too")
      return
    }
    guard let task = JSONReader(Legacy.modernize(value), file: file, path: path, log: log) else { return }
    defer { task.finish() }
    ownerAccount = submitted.account(ofJob: jobID)
    defer { ownerAccount = nil }
    guard let id = task.string("id") else {
      log.refuse(file, path + ".id", "a task needs an ID: task not imported")
      task.ignoreAll()
      return
    }
    var block = ImportedBlock<Schema.Task>(label: Literal.name(id))
    removedTaskSettings(task)
    block.readMapped(from: task)
    if let dependsOn = task.object("dependsOn") {
      // Numeric IDs are written bare for now; SweepDetector turns them into sweep references.
      var names: [String] = []
      for name in dependsOn.strings("taskIds") {
        if Literal.isIdentifier(name) || TaskDependencies.number(name) != nil {
          names.append(name)
        } else {
          dependsOn.warn("taskIds", "`\(name)` cannot be written as a reference; dependency left out")
        }
      }
      let ranges = dependsOn.objects("taskIdRanges")
      for range in ranges {
        defer { range.finish() }
        guard let start = range.int("start"), let end = range.int("end"), start >= 0, start <= end else {
          range.warn("start", "a range needs 0 <= start <= end; left out")
          range.ignoreAll()
          continue
        }
        // Never enumerated here: the range may name a million tasks that are not imported.
        taskRanges[index, default: []].append(
          TaskRange(
            task: jobs[index].block.node.children.count, start: start, end: end, file: file, path: range.path))
      }
      // `[]` stands in until the ranges are resolved, so `depends_on` keeps its place.
      if !names.isEmpty || !ranges.isEmpty { block.set(\.dependsOn, literal: Literal.list(names)) }
      dependsOn.finish()
    }
    // A task's `constraints` without a retry count mean 0 retries, not the job's (which only a task
    // without `constraints` takes), so that 0 is written.
    if let constraints = task.object("constraints") {
      let retries = constraints.int("maxTaskRetryCount").map(Int64.init)
      block.set(\.retries, retries ?? (jobs[index].retries != 0 ? 0 : nil))
    }
    block.set(\.applications, literal: applicationList(task))
    let poolID = jobs[index].block.literal(\.pool)
    let autoStorage =
      poolID.flatMap { pool($0) }
      .flatMap(autoStorageFor) ?? assumedAutoStorage
    let common = task.object(Schema.MultiInstance.schema.restName)?.objects("commonResourceFiles") ?? []
    block.updateChildren(\.multiInstance) { settings in
      // The service's default; batchspec asks for the count.
      if !settings.has(\.instances) { settings.set(\.instances, 1) }
      settings.add(\.input, common.compactMap { input($0, autoStorage: autoStorage) })
    }
    containerMounts(task, into: &block)
    block.add(\.input, task.objects("resourceFiles").compactMap { input($0, autoStorage: autoStorage) })
    block.add(\.output, task.objects("outputFiles").compactMap { output($0) })
    if let exits = task.object(Schema.ExitCondition.schema.restName) {
      block.add(\.exit, exitConditions(exits, performsExitActions: jobs[index].performsExitActions))
      exits.finish()
    }
    jobs[index].block.add(\.task, block)
  }

  /// A parsed blob URL: `https://<account>.blob.core.windows.net/<container>[/<blob>][?<query>]`.
  /// (An `http://` URL is kept as it is written, as its protocol says: check flags it, BS6003.)
  struct BlobURL {
    var account: String
    var container: String
    var blob: String?
    var query: String?
  }

  static func blobURL(_ text: String) -> BlobURL? {
    guard text.hasPrefix("https://") else { return nil }
    var rest = Substring(text.dropFirst("https://".count))
    var query: String?
    if let mark = rest.firstIndex(of: "?") {
      query = String(rest[rest.index(after: mark)...])
      rest = rest[..<mark]
    }
    guard let slash = rest.firstIndex(of: "/") else { return nil }
    let host = rest[..<slash]
    guard host.hasSuffix(".blob.core.windows.net") else { return nil }
    let account = String(host.dropLast(".blob.core.windows.net".count))
    let path = rest[rest.index(after: slash)...]
    let container = String(path.prefix { $0 != "/" })
    guard !account.isEmpty, !container.isEmpty else { return nil }
    let blob = path.count > container.count + 1 ? String(path.dropFirst(container.count + 1)) : nil
    return BlobURL(
      account: account, container: container, blob: blob.map { URIPath.decode($0) ?? $0 }, query: query)
  }

  /// Whether a URL's query holds a SAS token: a `sig` parameter, the token's signature.
  static func hasSASToken(_ query: Substring) -> Bool {
    query.split(separator: "&").contains { $0.lowercased().hasPrefix("sig=") }
  }

  /// A URL kept as it is written (not one of a storage account batchspec reaches): without its
  /// query when that holds a SAS token, which is a secret and is never copied into the spec.
  static func verbatimURL(_ text: String, reader: JSONReader, key: String) -> String {
    guard let mark = text.firstIndex(of: "?"), hasSASToken(text[text.index(after: mark)...]) else { return text }
    reader.warn(
      key,
      "a literal SAS token is not copied into the spec: the URL is kept without its query; give the URL access another way (a storage account of the project, or a managed identity)"
    )
    return String(text[..<mark])
  }

  /// The storage reference of a blob URL: notes the account's SAS variable or identity, and says
  /// whether batchspec can reach it (else the URL is kept as a plain `url`).
  mutating func storageReference(_ url: BlobURL, identity: String?, reader: JSONReader, key: String) -> Bool {
    let name = url.account.lowercased()
    guard name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber) }) else { return false }
    var entry = storage[name] ?? ImportedStorage()
    if let identity {
      if let known = entry.identity, known != identity {
        reader.warn("identityReference", "storage `\(name)` is reached with two identities; the first is kept")
      } else if entry.identity == nil {
        entry.identity = identity
        entry.identityUse = "\(reader.file) at \(reader.path).\(reader.written("identityReference"))"
      }
    } else if let query = url.query, !query.isEmpty {
      let path = "\(reader.path).\(reader.written(key))"
      entry.sasUses.append(
        SASUse(query: query, container: url.container, blob: url.blob, file: reader.file, path: path))
      if let variable = Self.placeholder(query) {
        entry.sasVariable = entry.sasVariable ?? variable
      } else {
        let variable = name.uppercased() + "_SAS"
        reader.warn(key, "a literal SAS token is not copied into the spec: read from $\(variable)")
        entry.sasVariable = entry.sasVariable ?? variable
      }
    } else if entry.identity == nil && entry.sasVariable == nil {
      return false
    }
    note(name, entry)
    return true
  }

  mutating func input(_ file: JSONReader, autoStorage: String?) -> ImportedBlock<Schema.Input>? {
    defer { file.finish() }
    let identity = file.object("identityReference").flatMap { reference -> String? in
      defer { reference.finish() }
      return reference.string("resourceId")
    }
    let path = file.string("filePath")
    var block = ImportedBlock<Schema.Input>(label: path.map(Literal.string))
    if let container = file.string("autoStorageContainerName") {
      guard let account = autoStorage else {
        file.warn(
          "autoStorageContainerName",
          "which storage account is the auto-storage? Import the account template too; left out")
        return nil
      }
      guard Literal.isMemberName(container) else {
        file.warn("autoStorageContainerName", "container `\(container)` cannot be written as a reference; left out")
        file.ignoreAll()
        return nil
      }
      block.set(\.container, ContainerReference(storage: account, name: container))
      block.read(\.prefix, from: file)
    } else if let text = file.string(Schema.Input.containerURL.restName) {
      if let url = Self.blobURL(text), url.blob == nil, Literal.isMemberName(url.container),
        storageReference(url, identity: identity, reader: file, key: "storageContainerUrl")
      {
        block.set(\.container, ContainerReference(storage: url.account.lowercased(), name: url.container))
      } else {
        block.set(\.containerURL, Self.verbatimURL(text, reader: file, key: "storageContainerUrl"))
        if identity != nil {
          file.warn(
            "identityReference",
            "an identity for a container URL outside the project's storage cannot be expressed; left out")
        }
      }
      block.read(\.prefix, from: file)
    } else if let text = file.string(Schema.Input.url.restName) {
      if let url = Self.blobURL(text), let blob = url.blob, Literal.isMemberName(url.container),
        storageReference(url, identity: identity, reader: file, key: "httpUrl")
      {
        block.set(\.blob, BlobReference(storage: url.account.lowercased(), container: url.container, name: blob))
      } else {
        block.set(\.url, Self.verbatimURL(text, reader: file, key: "httpUrl"))
        if identity != nil {
          file.warn("identityReference", "an identity for a plain URL cannot be expressed; left out")
        }
      }
      if file.has("blobPrefix") { file.warn("blobPrefix", "a prefix applies to containers only; left out") }
      file.ignore("blobPrefix")
    } else {
      file.warn("httpUrl", "a resource file needs httpUrl, storageContainerUrl or autoStorageContainerName; left out")
      return nil
    }
    block.read(\.fileMode, from: file)
    return block
  }

  mutating func output(_ file: JSONReader) -> ImportedBlock<Schema.Output>? {
    defer { file.finish() }
    guard let pattern = file.string("filePattern") else {
      file.warn("filePattern", "an output file needs a pattern; left out")
      return nil
    }
    var block = ImportedBlock<Schema.Output>(label: Literal.string(pattern))
    guard let destination = file.object("destination"), let container = destination.object("container") else {
      file.warn("destination", "only container destinations can be expressed; output left out")
      file.ignoreAll()
      return nil
    }
    defer {
      container.finish()
      destination.finish()
    }
    let identity = container.object("identityReference").flatMap { reference -> String? in
      defer { reference.finish() }
      return reference.string("resourceId")
    }
    guard let text = container.string("containerUrl"), let url = Self.blobURL(text), url.blob == nil,
      Literal.isMemberName(url.container),
      storageReference(url, identity: identity, reader: container, key: "containerUrl")
    else {
      container.warn("containerUrl", "not a container of an Azure Storage account batchspec can reach; output left out")
      file.ignoreAll()
      container.ignoreAll()
      destination.ignoreAll()
      return nil
    }
    block.set(\.container, ContainerReference(storage: url.account.lowercased(), name: url.container))
    block.readMapped(from: file)
    // An empty header list says nothing.
    if container.raw("uploadHeaders")?.arrayValue?.isEmpty == true { block.unset(\.headers) }
    return block
  }

  /// `exit` blocks. A job action is kept as the JSON writes it; where it is left out, batchspec's
  /// default is the service's (`none` for exit code 0 alone, `terminate` otherwise).
  func exitConditions(_ exits: JSONReader, performsExitActions: Bool) -> [ImportedBlock<Schema.ExitCondition>] {
    func options(_ reader: JSONReader?, into block: inout ImportedBlock<Schema.ExitCondition>) {
      let actionKey = Schema.ExitCondition.jobAction.restName
      let action = reader.flatMap { JobAction.read($0, actionKey) }
      if performsExitActions {
        block.set(\.jobAction, action)
      } else if action != nil {
        reader?.warn(
          actionKey,
          "the job's onTaskFailure is not performexitoptionsjobaction, so Batch refuses a job action; left out")
      }
      if let reader { block.read(\.dependencyAction, from: reader) }
      reader?.finish()
    }
    var blocks: [ImportedBlock<Schema.ExitCondition>] = []
    var group: (codes: [Int], options: JSON?, zero: Bool)?
    var groupReader: JSONReader?
    func flush() {
      guard let current = group else { return }
      var block = ImportedBlock<Schema.ExitCondition>()
      block.set(\.codes, current.codes.map(Int64.init))
      options(groupReader, into: &block)
      blocks.append(block)
      group = nil
    }
    for entry in exits.objects("exitCodes") {
      let code = entry.int("code") ?? 0
      let raw = entry.raw("exitOptions")
      entry.finish()
      if let current = group, current.options == raw, current.zero == (code == 0) {
        group?.codes.append(code)
        continue
      }
      flush()
      group = ([code], raw, code == 0)
      groupReader = JSONReader(raw, file: exits.file, path: "\(entry.path).exitOptions", log: exits.log)
    }
    flush()
    for range in exits.objects("exitCodeRanges") {
      var block = ImportedBlock<Schema.ExitCondition>()
      let start = range.int("start") ?? 0
      let end = range.int("end") ?? start
      block.set(\.range, IntegerRange(Int64(start), Int64(end)))
      options(range.object("exitOptions"), into: &block)
      range.finish()
      blocks.append(block)
    }
    for error in ExitError.allCases.map(Optional.some) + [nil] {
      let key = error?.restWord ?? "default"
      guard exits.has(key) else { continue }
      var block = ImportedBlock<Schema.ExitCondition>()
      block.set(\.error, error)
      options(exits.object(key), into: &block)
      blocks.append(block)
    }
    return blocks
  }
}

extension ImportState {
  /// `job` with the `taskIdRanges` of its tasks added to their `depends_on`: a range whose every
  /// ID is a task of the job in the import, by its IDs (which `SweepDetector` folds back into a
  /// sweep reference); any other range is left out with one warning, since `depends_on` names
  /// only tasks of the project (tasks a job manager adds later cannot be named). A range is
  /// enumerated only when it is no longer than the job's list of tasks.
  func resolvingRanges(_ job: ImportedNode, _ ranges: [TaskRange], job id: String) -> ImportedNode {
    guard !ranges.isEmpty else { return job }
    var numbered = Set<Int>()
    for child in job.children where child.is(Schema.Task.self) {
      if let number = TaskDependencies.number(SweepDetector.unquoted(child.label ?? "")) { numbered.insert(number) }
    }
    var result = job
    let dependsOn = Schema.Task.dependsOn.schema
    for range in ranges {
      let count = range.end - range.start + 1
      let imported =
        count <= numbered.count
        ? (range.start...range.end).reduce(0) { $0 + (numbered.contains($1) ? 1 : 0) }
        : numbered.reduce(0) { $0 + ((range.start...range.end).contains($1) ? 1 : 0) }
      guard imported == count,
        let position = result.children[range.task].attributes.firstIndex(where: { $0.key === dependsOn })
      else {
        log.warn(
          range.file, range.path,
          (imported == 0
            ? "the range \(range.start)..\(range.end) names no task of job `\(id)` in the import"
            : "\(count - imported) of the \(count) tasks of the range \(range.start)..\(range.end) are no task of job `\(id)` in the import")
            + ", and `depends_on` names only tasks of the project (not ones a job manager adds later): dependency left out; import those tasks too to keep it"
        )
        continue
      }
      var literal = result.children[range.task].attributes[position].literal
      let items = (range.start...range.end).map(String.init).joined(separator: ", ")
      literal = literal == "[]" ? "[" + items + "]" : String(literal.dropLast()) + ", " + items + "]"
      result.children[range.task].attributes[position].literal = literal
    }
    for index in Set(ranges.map(\.task)) {
      result.children[index].attributes.removeAll { $0.key === dependsOn && $0.literal == "[]" }
    }
    return result
  }
}
