// Importing jobs, their preparation and release tasks, tasks, resource and output files and
// exit conditions.

import BatchSpecCore
import Foundation

extension ImportState {
  static let allTasksComplete = ["noaction": "no_action", "terminatejob": "terminate_job"]
  static let taskFailure = ["noaction": "no_action", "performexitoptionsjobaction": "perform_exit_options_job_action"]
  static let uploadConditions = ["tasksuccess": "success", "taskfailure": "failure", "taskcompletion": "completion"]

  mutating func readJob(_ value: JSON, file: String) {
    guard let job = JSONReader(value, file: file, path: "$", log: log) else { return }
    defer { job.finish() }
    guard let id = job.string("id"), Literal.isIdentifier(id) else {
      log.warn(file, "$.id", "a job needs a plain ID; job left out")
      return
    }
    var block = ImportedBlock("job", label: id)
    var poolID: String?
    if let info = job.object("poolInfo") {
      poolID = info.string("poolId")
      if let pool = poolID { block.set("pool", Literal.isIdentifier(pool) ? pool : Literal.string(pool)) }
      info.finish()
    }
    block.set("display_name", job.string("displayName").map(Literal.string))
    block.set("priority", job.int("priority").map(String.init))
    block.set("max_parallel_tasks", job.int("maxParallelTasks").map(String.init))
    var retries = 0
    if let constraints = job.object("constraints") {
      block.set("max_wall_clock", constraints.duration("maxWallClockTime").map(Literal.duration))
      retries = constraints.int("maxTaskRetryCount") ?? 0
      block.set("retries", constraints.int("maxTaskRetryCount").map(String.init))
      constraints.finish()
    }
    block.set("on_all_tasks_complete", job.word("onAllTasksComplete", Self.allTasksComplete))
    let onTaskFailure = job.word("onTaskFailure", Self.taskFailure)
    block.set("on_task_failure", onTaskFailure)
    if let uses = job.bool("usesTaskDependencies") { block.set("uses_task_dependencies", uses ? "true" : "false") }
    block.set("environment", map(job.nameValues("commonEnvironmentSettings")))
    block.set("metadata", map(job.nameValues("metadata")))
    let autoStorage = poolID.flatMap { id in pools.first { $0.label?.lowercased() == id.lowercased() } }
      .flatMap(autoStorageFor)
    if let prepare = job.object("jobPreparationTask") {
      var task = ImportedBlock("prepare")
      prepare.ignore("id")
      task.set("command", prepare.string("commandLine").map(Literal.string))
      task.set("environment", map(prepare.nameValues("environmentSettings")))
      identity(prepare, into: &task, scopes: false)
      task.set("wait_for_success", prepare.bool("waitForSuccess").map { $0 ? "true" : "false" })
      task.set("rerun_on_reboot", prepare.bool("rerunOnNodeRebootAfterSuccess").map { $0 ? "true" : "false" })
      constraints(prepare, into: &task)
      task.children += prepare.objects("resourceFiles").compactMap { input($0, autoStorage: autoStorage) }
      prepare.finish()
      block.children.append(task)
    }
    if let release = job.object("jobReleaseTask") {
      var task = ImportedBlock("release")
      release.ignore("id")
      task.set("command", release.string("commandLine").map(Literal.string))
      task.set("environment", map(release.nameValues("environmentSettings")))
      identity(release, into: &task, scopes: false)
      task.set("max_wall_clock", release.duration("maxWallClockTime").map(Literal.duration))
      task.set("retention", release.duration("retentionTime").map(Literal.duration))
      task.children += release.objects("resourceFiles").compactMap { input($0, autoStorage: autoStorage) }
      release.finish()
      block.children.append(task)
    }
    jobs.append((id, block, onTaskFailure == "perform_exit_options_job_action", retries))
  }

  /// `max_wall_clock`, `retention` and `retries` of `constraints`. A task's `constraints` without a
  /// retry count mean 0 retries, not the job's (`jobRetries`, which only a task without
  /// `constraints` takes), so that 0 is written.
  func constraints(_ reader: JSONReader, into block: inout ImportedBlock, jobRetries: Int = 0) {
    guard let constraints = reader.object("constraints") else { return }
    block.set("max_wall_clock", constraints.duration("maxWallClockTime").map(Literal.duration))
    block.set("retention", constraints.duration("retentionTime").map(Literal.duration))
    let retries = constraints.int("maxTaskRetryCount") ?? (jobRetries != 0 ? 0 : nil)
    block.set("retries", retries.map(String.init))
    constraints.finish()
  }

  mutating func readTask(_ value: JSON, file: String, path: String, job jobID: String) {
    guard let index = jobs.firstIndex(where: { $0.id.lowercased() == jobID.lowercased() }) else {
      log.warn(file, path, "job `\(jobID)` is not among the imported files; task left out")
      return
    }
    guard let task = JSONReader(value, file: file, path: path, log: log) else { return }
    defer { task.finish() }
    guard let id = task.string("id") else {
      task.warn("id", "a task needs an ID; task left out")
      return
    }
    var block = ImportedBlock("task", label: Literal.name(id))
    block.set("display_name", task.string("displayName").map(Literal.string))
    block.set("command", task.string("commandLine").map(Literal.string))
    block.set("environment", map(task.nameValues("environmentSettings")))
    if let dependsOn = task.object("dependsOn") {
      var names: [String] = []
      for name in dependsOn.strings("taskIds") {
        if Literal.isIdentifier(name) {
          names.append(name)
        } else {
          dependsOn.warn("taskIds", "`\(name)` cannot be written as a reference; dependency left out")
        }
      }
      if !names.isEmpty { block.set("depends_on", Literal.list(names)) }
      dependsOn.finish()
    }
    constraints(task, into: &block, jobRetries: jobs[index].retries)
    block.set("required_slots", task.int("requiredSlots").map(String.init))
    identity(task, into: &block, scopes: true)
    block.set("applications", applicationList(task))
    if let multi = task.object("multiInstanceSettings") {
      var settings = ImportedBlock("multi_instance")
      settings.set("instances", multi.int("numberOfInstances").map(String.init) ?? "1")
      settings.set("coordination_command", multi.string("coordinationCommandLine").map(Literal.string))
      multi.finish()
      block.children.append(settings)
    }
    let poolID = jobs[index].block.attributes.first { $0.0 == "pool" }?.1
    let autoStorage = poolID.flatMap { id in pools.first { $0.label?.lowercased() == id.lowercased() } }
      .flatMap(autoStorageFor)
    block.children += task.objects("resourceFiles").compactMap { input($0, autoStorage: autoStorage) }
    block.children += task.objects("outputFiles").compactMap { output($0) }
    if let exits = task.object("exitConditions") {
      block.children += exitConditions(exits, performsExitActions: jobs[index].performsExitActions)
      exits.finish()
    }
    jobs[index].block.children.append(block)
  }

  /// A parsed blob URL: `https://<account>.blob.core.windows.net/<container>[/<blob>][?<query>]`.
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
      account: account, container: container, blob: blob.map { $0.removingPercentEncoding ?? $0 }, query: query)
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
      } else {
        entry.identity = identity
      }
    } else if let query = url.query, !query.isEmpty {
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

  mutating func input(_ file: JSONReader, autoStorage: String?) -> ImportedBlock? {
    defer { file.finish() }
    let identity = file.object("identityReference").flatMap { reference -> String? in
      defer { reference.finish() }
      return reference.string("resourceId")
    }
    let path = file.string("filePath")
    var block = ImportedBlock("input", label: path.map(Literal.string))
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
      block.set("container", "\(account).\(container)")
      block.set("prefix", file.string("blobPrefix").map(Literal.string))
    } else if let text = file.string("storageContainerUrl") {
      guard let url = Self.blobURL(text), url.blob == nil, Literal.isMemberName(url.container),
        storageReference(url, identity: identity, reader: file, key: "storageContainerUrl")
      else {
        file.warn("storageContainerUrl", "not a container of an Azure Storage account batchspec can reach; left out")
        file.ignoreAll()
        return nil
      }
      block.set("container", "\(url.account.lowercased()).\(url.container)")
      block.set("prefix", file.string("blobPrefix").map(Literal.string))
    } else if let text = file.string("httpUrl") {
      if let url = Self.blobURL(text), let blob = url.blob, Literal.isMemberName(url.container),
        storageReference(url, identity: identity, reader: file, key: "httpUrl")
      {
        block.set("blob", "\(url.account.lowercased()).\(url.container)[\(Literal.string(blob))]")
      } else {
        block.set("url", Literal.string(text))
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
    block.set("file_mode", file.string("fileMode").map(Literal.string))
    return block
  }

  mutating func output(_ file: JSONReader) -> ImportedBlock? {
    defer { file.finish() }
    guard let pattern = file.string("filePattern") else {
      file.warn("filePattern", "an output file needs a pattern; left out")
      return nil
    }
    var block = ImportedBlock("output", label: Literal.string(pattern))
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
    block.set("container", "\(url.account.lowercased()).\(url.container)")
    block.set("path", container.string("path").map(Literal.string))
    if let options = file.object("uploadOptions") {
      block.set("when", options.word("uploadCondition", Self.uploadConditions))
      options.finish()
    }
    return block
  }

  /// `exit` blocks. Where the JSON leaves the job action out, the service's default is written
  /// (`terminate` but for exit code 0 alone), since batchspec's default is `none`.
  func exitConditions(_ exits: JSONReader, performsExitActions: Bool) -> [ImportedBlock] {
    func options(_ reader: JSONReader?, zeroOnly: Bool, into block: inout ImportedBlock) {
      let action = reader?.word("jobAction", ["none": "none", "disable": "disable", "terminate": "terminate"])
      if performsExitActions {
        block.set("job_action", action ?? (zeroOnly ? nil : "terminate"))
      } else if action != nil {
        reader?.warn(
          "jobAction",
          "the job's onTaskFailure is not performexitoptionsjobaction, so Batch refuses a job action; left out")
      }
      block.set("dependency_action", reader?.word("dependencyAction", ["satisfy": "satisfy", "block": "block"]))
      reader?.finish()
    }
    var blocks: [ImportedBlock] = []
    var group: (codes: [Int], options: JSON?, zero: Bool)?
    var groupReader: JSONReader?
    func flush() {
      guard let current = group else { return }
      var block = ImportedBlock("exit")
      block.set("codes", Literal.list(current.codes.map(String.init)))
      options(groupReader, zeroOnly: current.zero, into: &block)
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
      var block = ImportedBlock("exit")
      let start = range.int("start") ?? 0
      let end = range.int("end") ?? start
      block.set("range", "\(start)..\(end)")
      options(range.object("exitOptions"), zeroOnly: start == 0 && end == 0, into: &block)
      range.finish()
      blocks.append(block)
    }
    for (key, error) in [
      ("preProcessingError", "pre_processing"), ("fileUploadError", "file_upload"), ("default", nil),
    ] {
      guard exits.has(key) else { continue }
      var block = ImportedBlock("exit")
      block.set("error", error)
      options(exits.object(key), zeroOnly: false, into: &block)
      blocks.append(block)
    }
    return blocks
  }
}
