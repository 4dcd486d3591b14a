// The run journal: one JSON line appended before and after each task, so that a run stopped at
// any moment (Ctrl-C, SIGTERM, kill -9) resumes without repeating finished tasks.

import BatchSpecCore
import FoundationEssentials
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What an earlier run recorded.
struct JournalState {
  /// Tasks that succeeded, by `job/task` key, with the fingerprint of the task they ran.
  var succeeded: [String: String] = [:]
  /// What a task that succeeded read and wrote, by `job/task` key: the stamp of its inputs
  /// (`LocalStorage.stamp(of:)`) and the blobs it uploaded (`account/container/name`). A task
  /// whose inputs changed since, or one of whose blobs is gone, runs again. Journals written
  /// before these were recorded have neither: their tasks are taken as they are.
  var inputStamps: [String: String] = [:]
  var uploads: [String: [String]] = [:]
  /// Process groups of tasks that began and never ended, and of start tasks and coordination
  /// commands whose background processes the run never stopped: left running by a killed runner.
  var orphanGroups: [pid_t] = []
  /// Preparation tasks that succeeded, by `job/node` key.
  var preparedNodes: Set<String> = []
  /// Nodes whose start task failed last (and has not succeeded since), by `pool/node` key: the
  /// next run brings their pool up again to retry it, even with no task left to run.
  var failedStarts: Set<String> = []
  /// Nodes whose job preparation or release task failed last (and has not succeeded since), by
  /// `job/node` key: the next run runs it there again, even with no task of the job left to run.
  var failedPreparations: Set<String> = []
  var failedReleases: Set<String> = []
  /// Containers that started and never ended: left running by a killed runner.
  var orphanContainers: [String] = []
  /// How many records the file holds.
  var records = 0
}

/// An append-only file of task records.
final class Journal {
  private let descriptor: Int32
  /// The file's path.
  let path: String

  /// Opens (creating) the journal at `path` for appending.
  init(path: String) throws(FileError) {
    self.path = path
    descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0o644)
    if descriptor < 0 {
      throw FileError(description: "cannot open the journal \(path): \(String(cString: strerror(errno)))")
    }
  }

  deinit { close(descriptor) }

  /// The key of a task in the journal.
  static func key(_ job: String, _ task: String) -> String { job + "/" + task }

  /// Appends one record. One `write` of one line: a crash leaves at worst a torn last line,
  /// which reading skips.
  func append(_ members: [(String, JSON?)]) {
    let line = JSON.line(members)
    line.utf8CString.withUnsafeBufferPointer { buffer in
      _ = write(descriptor, buffer.baseAddress, buffer.count - 1)
    }
  }

  /// Reads what earlier runs recorded at `path` (nothing when the file does not exist).
  static func read(_ path: String) -> JournalState {
    var state = JournalState()
    // A link in its place is not followed (opening it for appending then fails, and says so).
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
    guard descriptor >= 0 else { return state }
    defer { close(descriptor) }
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = Platform.read(descriptor, &buffer, buffer.count)
      if count <= 0 { break }
      data.append(contentsOf: buffer[0..<count])
    }
    var begun: [String: pid_t] = [:]
    var containers = Set<String>()
    var groups = Set<pid_t>()
    for line in data.split(separator: UInt8(ascii: "\n")) {
      let record = line.withUnsafeBytes { bytes in try? JSONParser.parse(bytes) }
      guard let record, let kind = record["record"]?.stringValue else { continue }
      state.records += 1
      let job = record["job"]?.stringValue ?? ""
      switch kind {
      case "begin":
        let key = Self.key(job, record["task"]?.stringValue ?? "")
        begun[key] = record["pgid"]?.intValue.flatMap { pid_t(exactly: $0) }
        state.succeeded[key] = nil
      case "end":
        let key = Self.key(job, record["task"]?.stringValue ?? "")
        begun[key] = nil
        if record["state"]?.stringValue == "succeeded" {
          state.succeeded[key] = record["fingerprint"]?.stringValue ?? ""
          state.inputStamps[key] = record["inputs"]?.stringValue
          state.uploads[key] = record["uploaded"]?.arrayValue?.compactMap(\.stringValue)
        }
      case "prepared":
        let key = Self.key(job, record["node"]?.stringValue ?? "")
        state.preparedNodes.insert(key)
        state.failedPreparations.remove(key)
      case "preparation", "release":
        let key = Self.key(job, record["node"]?.stringValue ?? "")
        let failed = record["state"]?.stringValue != "succeeded"
        if kind == "preparation" {
          // Only failures are written: a success is `prepared`.
          if failed { state.preparedNodes.remove(key) }
          state.failedPreparations.update(key, present: failed)
        } else {
          state.failedReleases.update(key, present: failed)
        }
      case "start":
        let key = Self.key(record["pool"]?.stringValue ?? "", record["node"]?.stringValue ?? "")
        if record["state"]?.stringValue == "succeeded" {
          state.failedStarts.remove(key)
        } else {
          state.failedStarts.insert(key)
        }
      case "group", "group-end":
        guard let group = record["pgid"]?.intValue.flatMap({ pid_t(exactly: $0) }) else { continue }
        if kind == "group" { groups.insert(group) } else { groups.remove(group) }
      case "container":
        if let name = record["name"]?.stringValue { containers.insert(name) }
      case "container-end":
        if let name = record["name"]?.stringValue { containers.remove(name) }
      default: continue
      }
    }
    state.orphanGroups = groups.union(begun.values).sorted()
    state.orphanContainers = containers.sorted()
    return state
  }

  /// Rewrites the journal at `path` with only what `state` keeps (successes, preparations and
  /// failed start, preparation and release tasks), through a temporary file and a rename. Call
  /// before opening it for appending.
  static func compact(_ path: String, _ state: JournalState) {
    var text = ""
    for (key, fingerprint) in state.succeeded.sorted(by: { $0.key < $1.key }) {
      let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
      guard parts.count == 2 else { continue }
      text += JSON.line([
        ("record", .string("end")), ("job", .string(parts[0])), ("task", .string(parts[1])),
        ("state", .string("succeeded")), ("fingerprint", .string(fingerprint)),
        ("inputs", state.inputStamps[key].map { .string($0) }),
        ("uploaded", state.uploads[key].map { .array($0.map { .string($0) }) }),
      ])
    }
    for key in state.preparedNodes.sorted() {
      let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
      guard parts.count == 2 else { continue }
      text += JSON.line([("record", .string("prepared")), ("job", .string(parts[0])), ("node", .string(parts[1]))])
    }
    for key in state.failedStarts.sorted() {
      let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
      guard parts.count == 2 else { continue }
      text += JSON.line([
        ("record", .string("start")), ("pool", .string(parts[0])), ("node", .string(parts[1])),
        ("state", .string("failed")),
      ])
    }
    for (kind, keys) in [("preparation", state.failedPreparations), ("release", state.failedReleases)] {
      for key in keys.sorted() {
        let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { continue }
        text += JSON.line([
          ("record", .string(kind)), ("job", .string(parts[0])), ("node", .string(parts[1])),
          ("state", .string("failed")),
        ])
      }
    }
    let temporary = path + ".compacting"
    unlink(temporary)
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { return }
    let written = text.utf8CString.withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count - 1) }
    close(descriptor)
    if written == text.utf8.count { _ = rename(temporary, path) } else { unlink(temporary) }
  }
}

extension Set {
  /// Inserts `member` when `present`, else removes it.
  fileprivate mutating func update(_ member: Element, present: Bool) {
    if present { insert(member) } else { remove(member) }
  }
}

extension JSON {
  /// One journal record or event: `{"key":value,...}` and a newline, members in the order given,
  /// nil ones left out, and non-integer numbers (seconds) to the millisecond.
  static func line(_ members: [(String, JSON?)]) -> String {
    JSON.object(members.compactMap { key, value in value.map { (key, $0) } }).serialized(fractionDigits: 3) + "\n"
  }
}
