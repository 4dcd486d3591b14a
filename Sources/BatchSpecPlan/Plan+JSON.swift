// Reading and writing plans as JSON, through Core's `JSON` like every other JSON of batchspec:
// sorted keys and two-space indentation, so one project always gives the same bytes on every
// platform; reading checks the plan against grammar/plan.schema.json (`PlanSchema`) and names the
// JSON path of each problem.

package import BatchSpecCore
package import FoundationEssentials

/// Why a plan could not be read.
package struct PlanReadError: Error, Sendable, CustomStringConvertible {
  /// The message, a full sentence without the `error:` prefix.
  package var description: String
}

extension Plan {
  /// How many problems of a malformed plan a read error lists.
  static let reportedProblems = 10

  /// The plan as a JSON value: the model's `Codable` conformance, members sorted by key, each
  /// job's tasks written compactly (`taskDefaults`).
  package var json: JSON {
    // The plan without its tasks goes through its `Codable` conformance; each job's tasks are
    // compared as values (not as JSON: 100,000 of them) and written with `PlanTask.members`.
    var skeleton = self
    for index in skeleton.jobs.indices { skeleton.jobs[index].tasks = [] }
    // A plan holds strings, integers and booleans only, which always encode.
    guard case .object(var members) = (try? JSON(encoding: skeleton)) ?? .object([]),
      let position = members.firstIndex(where: { $0.0 == "jobs" }), case .array(var jobs) = members[position].1
    else { return .object([]) }
    members[position].1 = .null
    for (index, job) in self.jobs.enumerated() where jobs.indices.contains(index) {
      guard case .object(var written) = jobs[index],
        let tasksPosition = written.firstIndex(where: { $0.0 == "tasks" })
      else { continue }
      jobs[index] = .null
      let (defaults, tasks) = Self.compacted(job.tasks)
      written[tasksPosition].1 = .array(tasks)
      // Members are sorted by key: `taskDefaults` comes just before `tasks`.
      if let defaults { written.insert(("taskDefaults", .object(defaults)), at: tasksPosition) }
      jobs[index] = .object(written)
    }
    members[position].1 = .array(jobs)
    return .object(members)
  }

  /// The plan as JSON text: sorted keys, indented two spaces, ending in a newline.
  package func jsonString() -> String { json.pretty() }

  /// The plan as JSON bytes, as `jsonString()`.
  package func jsonData() -> Data { Data(json.prettyBytes()) }

  /// Reads a plan: JSON of the current version, valid against grammar/plan.schema.json.
  package static func read(_ data: Data) throws(PlanReadError) -> Plan {
    try read(parse(data))
  }

  /// Reads the plan in the file at `path` (nil when it cannot be read). The file's bytes are
  /// let go once parsed, before the plan is checked and decoded (a plan of 100,000 tasks is
  /// 50 MB of text).
  package static func read(fileAt path: String) throws(PlanReadError) -> Plan? {
    func parsed() throws(PlanReadError) -> JSON? {
      guard let data = FileManager.default.contents(atPath: path) else { return nil }
      return try parse(data)
    }
    guard let value = try parsed() else { return nil }
    return try read(value)
  }

  /// The JSON value of a plan's text.
  private static func parse(_ data: Data) throws(PlanReadError) -> JSON {
    let parsed = data.withUnsafeBytes { bytes in Result { () throws(JSONParser.Failure) in try JSONParser.parse(bytes) }
    }
    switch parsed {
    case .success(let parsed): return parsed
    case .failure(let error):
      throw PlanReadError(description: "not a plan: the file is not valid JSON (\(error.message))")
    }
  }

  /// Reads a plan from its JSON value. Each job's tasks are taken out of the tree and checked
  /// and decoded one at a time, with the job's `taskDefaults`; then the rest of the plan.
  private static func read(_ value: JSON) throws(PlanReadError) -> Plan {
    guard value.isObject else {
      throw PlanReadError(description: "not a plan: the file holds \(value.shortDescription), not a JSON object")
    }
    guard let version = value["version"] else { throw PlanReadError(description: "not a plan: no `version`") }
    if case .integer(let number) = version, number != currentVersion {
      throw PlanReadError(
        description: "plan version \(number) is not supported; this batchspec reads version \(currentVersion)")
    }
    guard let schema = PlanSchema.compiled else {
      throw PlanReadError(description: "this batchspec's plan schema does not compile; plans cannot be read")
    }
    let (skeleton, jobs) = takingTasks(value)
    var problems: [JSONPathError] = []
    var tasks: [(job: Int, tasks: [PlanTask])] = []
    for job in jobs {
      let path = JSONPath.root.appending("jobs").appending(job.index)
      if job.defaults.contains(where: { $0.0 == "id" }) {
        problems.append(
          JSONPathError(path.appending("taskDefaults").appending("id"), "must not be given: each task has its own ID"))
      }
      var decoded: [PlanTask] = []
      decoded.reserveCapacity(job.tasks.count)
      for (index, task) in job.tasks.enumerated() where problems.count < reportedProblems {
        let here = path.appending("tasks").appending(index)
        let merged = withDefaults(job.defaults, task)
        let found =
          schema.violations(of: merged, definition: "task", at: here, limit: reportedProblems - problems.count) ?? []
        guard found.isEmpty else {
          problems += found
          continue
        }
        do {
          decoded.append(try merged.decode(PlanTask.self))
        } catch {
          problems.append(JSONPathError(JSONPath(steps: here.steps + error.path.steps), error.message))
        }
      }
      tasks.append((job.index, decoded))
    }
    let outside = schema.violations(of: skeleton, limit: reportedProblems)
    if !outside.isEmpty || !problems.isEmpty {
      let ordered = (outside + problems).enumerated().sorted { first, second in
        let order = documentOrder(first.element.path, second.element.path, in: skeleton)
        return order == 0 ? first.offset < second.offset : order < 0
      }
      throw malformed(ordered.prefix(reportedProblems).map(\.element))
    }
    var plan: Plan
    do {
      plan = try skeleton.decode(Plan.self)
    } catch {
      throw malformed([error])
    }
    for (job, decoded) in tasks where plan.jobs.indices.contains(job) { plan.jobs[job].tasks = decoded }
    return plan
  }

  /// Whether `first` comes before (-1) or after (1) `second` in `document` (0: neither); a path
  /// comes before those below it. Paths into what `document` does not hold (a task taken out of
  /// it) compare as equal past the steps it holds.
  private static func documentOrder(_ first: JSONPath, _ second: JSONPath, in document: JSON) -> Int {
    var value: JSON? = document
    for (a, b) in zip(first.steps, second.steps) {
      switch (a, b) {
      case (.index(let i), .index(let j)):
        if i != j { return i < j ? -1 : 1 }
        value = value?.arrayValue.flatMap { $0.indices.contains(i) ? $0[i] : nil }
      case (.key(let k), .key(let l)):
        guard case .object(let members)? = value else { return 0 }
        if k != l {
          let i = members.firstIndex { $0.0 == k } ?? members.count
          let j = members.firstIndex { $0.0 == l } ?? members.count
          return i < j ? -1 : (i > j ? 1 : (k < l ? -1 : 1))
        }
        value = members.first { $0.0 == k }?.1
      default: return 0
      }
    }
    return first.steps.count == second.steps.count ? 0 : (first.steps.count < second.steps.count ? -1 : 1)
  }

  /// The tasks of one job, taken out of a plan's JSON.
  private struct JobTasks {
    /// The job's position in `jobs`.
    var index: Int
    /// Its `taskDefaults` members (none when it has none).
    var defaults: [(String, JSON)]
    var tasks: [JSON]
  }

  /// `value` with each job's `tasks` emptied and its `taskDefaults` removed, and what was taken.
  /// A job whose `tasks` is not an array, or whose `taskDefaults` is not an object, keeps them,
  /// for the schema to report.
  private static func takingTasks(_ value: JSON) -> (JSON, [JobTasks]) {
    guard case .object(var members) = value,
      let position = members.firstIndex(where: { $0.0 == "jobs" }), case .array(var jobs) = members[position].1
    else { return (value, []) }
    members[position].1 = .null
    var taken: [JobTasks] = []
    for index in jobs.indices {
      guard case .object(var job) = jobs[index],
        let tasksPosition = job.firstIndex(where: { $0.0 == "tasks" }), case .array(let tasks) = job[tasksPosition].1
      else { continue }
      job[tasksPosition].1 = .array([])
      var defaults: [(String, JSON)] = []
      if let defaultsPosition = job.firstIndex(where: { $0.0 == "taskDefaults" }),
        case .object(let members) = job[defaultsPosition].1
      {
        defaults = members
        job.remove(at: defaultsPosition)
      }
      taken.append(JobTasks(index: index, defaults: defaults, tasks: tasks))
      jobs[index] = .object(job)
    }
    members[position].1 = .array(jobs)
    return (.object(members), taken)
  }

  /// A task's members with its job's `taskDefaults` for those it does not have.
  private static func withDefaults(_ defaults: [(String, JSON)], _ task: JSON) -> JSON {
    guard !defaults.isEmpty, case .object(let members) = task else { return task }
    return .object(defaults.filter { key, _ in !members.contains { $0.0 == key } } + members)
  }

  /// A job's tasks as JSON: when two or more share members (with equal values, the ID aside),
  /// those members once, as the job's `taskDefaults`, and each task without them. A sweep of
  /// 100,000 tasks is then its defaults and 100,000 IDs (and whatever else differs).
  static func compacted(_ tasks: [PlanTask]) -> (defaults: [(String, JSON)]?, tasks: [JSON]) {
    let whole = { (task: PlanTask) in (try? JSON(encoding: task)) ?? .object([]) }
    guard tasks.count >= 2, let first = tasks.first else { return (nil, tasks.map(whole)) }
    var shared: [(member: PlanTask.Member, json: JSON)] = []
    for member in PlanTask.members where member.key != "id" {
      guard let json = member.json(first), tasks.dropFirst().allSatisfy({ member.same($0, first) }) else { continue }
      shared.append((member, json))
    }
    guard !shared.isEmpty else { return (nil, tasks.map(whole)) }
    let own = PlanTask.members.filter { member in !shared.contains { $0.member.key == member.key } }
    let written = tasks.map { task in
      JSON.object(own.compactMap { member in member.json(task).map { (member.key, $0) } })
    }
    return (shared.map { ($0.member.key, $0.json) }, written)
  }

  /// The error for a plan with `problems`: one on the line, or one per line below.
  private static func malformed(_ problems: [JSONPathError]) -> PlanReadError {
    guard problems.count > 1 else { return PlanReadError(description: "malformed plan: \(problems[0])") }
    var text = "malformed plan:"
    for problem in problems { text += "\n  \(problem)" }
    if problems.count == reportedProblems { text += "\n  (the first \(reportedProblems) problems are shown)" }
    return PlanReadError(description: text)
  }
}

extension PlanTask {
  /// One member of a task as its `Codable` conformance writes it: its key, whether two tasks
  /// have the same value there, and its JSON (nil when left out, as a nil optional is).
  struct Member: Sendable {
    let key: String
    let same: @Sendable (PlanTask, PlanTask) -> Bool
    let json: @Sendable (PlanTask) -> JSON?

    init<Value: Encodable & Equatable & Sendable>(_ key: String, _ value: @escaping @Sendable (PlanTask) -> Value) {
      self.key = key
      same = { value($0) == value($1) }
      json = { try? JSON(encoding: value($0)) }
    }

    init<Value: Encodable & Equatable & Sendable>(_ key: String, _ value: @escaping @Sendable (PlanTask) -> Value?) {
      self.key = key
      same = { value($0) == value($1) }
      json = { value($0).flatMap { try? JSON(encoding: $0) } }
    }

    init(_ key: String, _ value: @escaping @Sendable (PlanTask) -> String) {
      self.key = key
      same = { value($0) == value($1) }
      json = { .string(value($0)) }
    }
  }

  /// Every member, in the order the conformance sorts them (a test checks that it writes the
  /// same JSON): `compacted` compares tasks member by member without encoding each whole.
  static let members: [Member] = [
    Member("applications") { $0.applications },
    Member("commandLine") { $0.commandLine },
    Member("constraints") { $0.constraints },
    Member("container") { $0.container },
    Member("dependsOn") { $0.dependsOn },
    Member("displayName") { $0.displayName },
    Member("environment") { $0.environment },
    Member("exitConditions") { $0.exitConditions },
    Member("expectedDurationMs") { $0.expectedDurationMs },
    Member("id") { $0.id },
    Member("inputs") { $0.inputs },
    Member("multiInstance") { $0.multiInstance },
    Member("outputs") { $0.outputs },
    Member("requiredSlots") { $0.requiredSlots },
    Member("userIdentity") { $0.userIdentity },
  ]
}
