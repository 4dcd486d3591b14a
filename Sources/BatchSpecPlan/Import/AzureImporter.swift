// `batchspec import`: Azure Batch JSON (add pool, add job, add task and task collection bodies,
// as `az batch ... --json-file` takes them, and the account templates of the Azure target) back
// to a `.batch` project. What batchspec cannot express is reported with its JSON path.

import BatchSpecCore

/// The `.batch` files of an imported project and what could not be carried over.
package struct ImportResult: Sendable {
  /// `(file name, unformatted .batch text)`: `resources.batch`, `pools.batch`, one per job.
  package var files: [(name: String, text: String)] = []
  package var warnings: [ImportWarning] = []
}

/// Imports Azure Batch JSON.
package enum AzureImporter {
  /// Imports `files` (`(path, text)`). A task file under `jobs/<id>/` belongs to job `<id>`;
  /// other task files belong to the only job imported.
  package static func importFiles(_ files: [(path: String, text: String)]) -> ImportResult {
    var state = ImportState()
    var taskFiles: [(path: String, job: String?, tasks: [(JSON, String)])] = []
    var parsed: [(path: String, value: JSON, kind: Kind)] = []
    for file in files {
      do {
        let value = try ImportJSON.parse(file.text)
        parsed.append((file.path, value, classify(value)))
      } catch {
        state.log.warn(file.path, "$", "not JSON (\(error)); file skipped")
      }
    }
    // Accounts first (they say which storage is auto-storage), then pools, jobs and tasks.
    for file in parsed {
      if case .template = file.kind { state.readTemplate(file.value, file: file.path) }
    }
    for file in parsed {
      if case .pool = file.kind { state.readPool(file.value, file: file.path) }
    }
    for file in parsed {
      switch file.kind {
      case .job: state.readJob(file.value, file: file.path)
      case .tasks(let tasks): taskFiles.append((file.path, jobOfTaskFile(file.path), tasks))
      case .unknown:
        state.log.warn(file.path, "$", "neither a pool, a job, tasks nor an account template; file skipped")
      case .template, .pool: break
      }
    }
    for file in taskFiles {
      var job = file.job
      if job == nil {
        if state.jobs.count == 1 {
          job = state.jobs[0].id
        } else {
          state.log.warn(file.path, "$", "tasks of which job? Give the job's JSON too, or put the file in jobs/<id>/")
          continue
        }
      }
      for (task, path) in file.tasks {
        state.readTask(task, file: file.path, path: path, job: job ?? "")
      }
    }
    return state.result()
  }

  enum Kind {
    /// Tasks, each with its JSON path.
    case template, pool, job, tasks([(JSON, String)]), unknown
  }

  static func classify(_ value: JSON) -> Kind {
    switch value {
    case .array(let items): return .tasks(items.enumerated().map { ($1, "$[\($0)]") })
    case .object(let members):
      let keys = Set(members.map(\.0))
      if keys.contains("resources") || keys.contains("$schema") { return .template }
      if keys.contains("value"), case .array(let items)? = members.first(where: { $0.0 == "value" })?.1 {
        return .tasks(items.enumerated().map { ($1, "$.value[\($0)]") })
      }
      if keys.contains("poolInfo") { return .job }
      if keys.contains("vmSize") || keys.contains("virtualMachineConfiguration") { return .pool }
      if keys.contains("commandLine") { return .tasks([(value, "$")]) }
      return .unknown
    default: return .unknown
    }
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

  func result() -> ImportResult {
    var result = ImportResult()
    var resources = accounts.map(\.node)
    for name in storageOrder {
      guard let entry = storage[name] else { continue }
      var block = ImportedBlock<Schema.Storage>(label: Literal.name(name))
      block.add(mapped: entry.mapped)
      let linked = autoStorage.values.contains(name)
      if let variable = entry.sasVariable, !(linked && variable == name.uppercased() + "_SAS") {
        block.set(\.sasToken, Secret(variable: variable))
      }
      block.set(\.identity, entry.identity)
      resources.append(block.node)
    }
    for application in applications {
      var block = ImportedBlock<Schema.Application>(label: Literal.name(application.id))
      if accounts.count > 1, let first = accounts.first?.label {
        block.set(\.account, Reference(.account, first))
        log.warn(
          "(import)", "$", "application `\(application.id)` belongs to one of several accounts: `\(first)` assumed")
      }
      if !application.versions.isEmpty { block.set(\.versions, application.versions) }
      resources.append(block.node)
    }
    if !resources.isEmpty { result.files.append(("resources.batch", render(resources))) }
    if !pools.isEmpty { result.files.append(("pools.batch", render(pools.map(\.node)))) }
    for job in jobs { result.files.append(("\(job.id).batch", render([SweepDetector.fold(job.block.node)]))) }
    result.warnings = log.warnings
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

/// A storage account that imported URLs refer to.
struct ImportedStorage {
  /// What its template resource says of it (kind, location), by the schema's mapping.
  var mapped: [(key: AttributeSchema, literal: String)] = []
  /// The environment variable of its SAS token.
  var sasVariable: String?
  /// The managed identity that reaches it.
  var identity: String?
}
