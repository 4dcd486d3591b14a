// A local run's record, read back from its events file (`batchspec run --events FILE`, and
// `<workdir>/events.jsonl`): when each task started and ended on which node, with what outcome,
// and how long start, preparation and release tasks took. `estimate --from-run` and the run report
// read it.

import BatchSpecCore

/// What a run's events say happened.
package struct RunEvents: Sendable {
  /// One task's last attempt (retries are counted, not timed).
  package struct Task: Sendable {
    package var job: String
    package var task: String
    package var node: String?
    /// Seconds since the run started.
    package var start: Double?
    package var end: Double?
    package var attempts: Int
    /// `succeeded`, `failed`, `blocked`, `skipped`, ...
    package var state: String?
    package var exitCode: Int?
    package var message: String?
    package var slots: Int

    /// How long the last attempt ran, when it started and ended.
    package var duration: Double? {
      guard let start, let end else { return nil }
      return max(0, end - start)
    }
  }

  /// A start, preparation or release task's last run on one node.
  package struct NodeTask: Sendable {
    /// `start task`, `preparation` or `release`.
    package var kind: String
    /// The job (empty for a start task).
    package var job: String
    package var node: String
    package var start: Double
    package var end: Double?
    /// `succeeded` or `failed`, once it ended.
    package var state: String?
    package var exitCode: Int?
    package var message: String?
  }

  /// The tasks, in the order they first appear.
  package var tasks: [Task] = []
  /// Start, preparation and release tasks, in the order they started (a later run's replaces an
  /// earlier one's on the same node).
  package var nodeTasks: [NodeTask] = []
  /// When the last run started (seconds, on the runs' common clock): a task that succeeded before
  /// it was already done when that run began.
  package var lastRunStart: Double?
  /// Start tasks' durations by node.
  package var startTasks: [String: Double] = [:]
  /// Preparation and release durations by `job` then node.
  package var preparations: [String: [String: Double]] = [:]
  package var releases: [String: [String: Double]] = [:]
  /// When the run ended (seconds), if it did.
  package var end: Double?
  /// When it started, as the run wrote it (`2026-01-05T08:00:00Z`).
  package var startedAt: String?

  /// The task `job`/`task`.
  package func task(_ job: String, _ task: String) -> Task? {
    tasks.first { $0.job == job && $0.task == task }
  }

  /// Reads an events file: one JSON object per line. Lines that are not events are skipped.
  package static func parse(_ bytes: [UInt8]) -> RunEvents {
    var result = RunEvents()
    var index: [String: Int] = [:]
    var started: [String: Double] = [:]  // kind/job/node → start time
    // A run that resumed earlier ones appended its events to theirs, each run's times counted from
    // its own start: the runs are laid end to end, each from the last time of the one before.
    var offset = 0.0
    var latest = 0.0
    var runs = 0
    var lineStart = 0
    for k in 0...bytes.count where k == bytes.count || bytes[k] == 0x0A {
      defer { lineStart = k + 1 }
      guard k > lineStart, let json = try? JSONParser.parse(Array(bytes[lineStart..<k])),
        let event = json["event"]?.stringValue, let written = json["time"].flatMap(Self.number)
      else { continue }
      if event == "run-start" {
        if runs > 0 { offset = latest }
        runs += 1
      }
      let time = written + offset
      latest = max(latest, time)
      // An end event's exact `duration` places its start: the start event's time may be later
      // than the start, as times never go back (`--events` of runs before it have no duration).
      let exactStart = json["duration"].flatMap(Self.number).map { max(0, time - $0) }
      let job = json["job"]?.stringValue ?? ""
      let node = json["node"]?.stringValue
      switch event {
      case "run-start":
        result.startedAt = result.startedAt ?? json["startedAt"]?.stringValue
        result.lastRunStart = time
      case "run-end": result.end = time
      case "task-start", "task-end":
        guard let name = json["task"]?.stringValue else { continue }
        let key = job + "/" + name
        if index[key] == nil {
          index[key] = result.tasks.count
          result.tasks.append(Task(job: job, task: name, attempts: 0, slots: 1))
        }
        let i = index[key]!
        if event == "task-start" {
          result.tasks[i].start = time
          result.tasks[i].end = nil
          result.tasks[i].node = node
          result.tasks[i].attempts = json["attempt"]?.intValue ?? result.tasks[i].attempts + 1
          result.tasks[i].slots = json["slots"]?.intValue ?? 1
        } else {
          result.tasks[i].end = time
          if let exactStart, result.tasks[i].start != nil { result.tasks[i].start = exactStart }
          result.tasks[i].state = json["state"]?.stringValue
          result.tasks[i].exitCode = json["exitCode"]?.intValue
          result.tasks[i].message = json["message"]?.stringValue
          if let attempts = json["attempts"]?.intValue { result.tasks[i].attempts = attempts }
          if result.tasks[i].node == nil { result.tasks[i].node = node }
        }
      case "start-task-start", "preparation-start", "release-start":
        started[event + "/" + job + "/" + (node ?? "")] = time
        if let node {
          let kind = event == "start-task-start" ? "start task" : String(event.dropLast(6))
          result.nodeTasks.removeAll { $0.kind == kind && $0.job == job && $0.node == node }
          result.nodeTasks.append(NodeTask(kind: kind, job: job, node: node, start: time))
        }
      case "start-task-end", "preparation-end", "release-end":
        let kind = String(event.dropLast(4))
        guard let node else { continue }
        let kindName = kind == "start-task" ? "start task" : kind
        // One that could not start (an input missing) ends without having started.
        let i =
          result.nodeTasks.lastIndex { $0.kind == kindName && $0.job == job && $0.node == node && $0.end == nil }
          ?? {
            result.nodeTasks.append(NodeTask(kind: kindName, job: job, node: node, start: time))
            return result.nodeTasks.count - 1
          }()
        result.nodeTasks[i].end = time
        result.nodeTasks[i].state = json["state"]?.stringValue
        result.nodeTasks[i].exitCode = json["exitCode"]?.intValue
        result.nodeTasks[i].message = json["message"]?.stringValue
        guard let stamped = started[kind + "-start/" + job + "/" + node] else { continue }
        let begin = exactStart ?? stamped
        result.nodeTasks[i].start = begin
        let duration = max(0, time - begin)
        switch kind {
        case "start-task": result.startTasks[node] = duration
        case "preparation": result.preparations[job, default: [:]][node] = duration
        default: result.releases[job, default: [:]][node] = duration
        }
      default: break
      }
    }
    return result
  }

  private static func number(_ json: JSON) -> Double? {
    switch json {
    case .integer(let i): Double(i)
    case .double(let d): d
    default: nil
    }
  }
}
