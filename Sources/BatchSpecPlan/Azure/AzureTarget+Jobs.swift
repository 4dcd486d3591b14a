// The "add job" body and the "add task collection" bodies of a plan job: tasks in an order where
// every task comes after those it depends on, at most 100 (and 1 MB) per collection.

import BatchSpecCore

extension AzureTarget {
  /// An "add task collection" body: its tasks, and the file's text.
  struct TaskCollection {
    /// The tasks' bodies, in the order they are added.
    var tasks: [JSON]
    /// `{"value": [...]}` as `pretty()` writes it.
    var text: String
  }

  /// The job's tasks in dependency order (source order where free), as "add task collection"
  /// bodies (`{"value": [...]}`). A body's size is counted as `pretty()` writes it, since
  /// `submit.sh` sends the file as written, with `placeholderBytes` for each placeholder it fills.
  /// Each task is rendered once, where it sits in its collection, and measured there.
  static func taskCollections(
    _ job: PlanJob, blocks: [Checked<Schema.Task>], variables: [String: Value], storage: StorageContext
  ) -> [TaskCollection] {
    var collections: [TaskCollection] = []
    var current: [JSON] = []
    var rendered: [[UInt8]] = []
    var bytes = 0
    func close() {
      let text = String(decoding: JSON.prettyObject(key: "value", elements: rendered), as: UTF8.self)
      collections.append(TaskCollection(tasks: current, text: text))
      current = []
      rendered = []
      bytes = 0
    }
    for index in dependencyOrder(job.tasks) {
      let body = taskBody(job.tasks[index], block: blocks[index], job: job, variables: variables, storage: storage)
      let text = body.prettyBytes(depth: 2)
      let size = collectionSize(of: text)
      if current.count == tasksPerCollection || (!current.isEmpty && bytes + size > collectionBytes - 64) { close() }
      current.append(body)
      rendered.append(text)
      bytes += size
    }
    if !current.isEmpty { close() }
    return collections
  }

  /// What a task adds to a pretty-printed collection, given its text as written there
  /// (`prettyBytes(depth: 2)`): the comma, line break and indentation before it, its text, and
  /// room for the values of its placeholders.
  static func collectionSize(of text: [UInt8]) -> Int {
    var placeholders = 0
    var index = 1
    while index < text.count {
      if text[index] == UInt8(ascii: "{") && text[index - 1] == UInt8(ascii: "{") {
        placeholders += 1
        index += 2  // `{{{` opens one placeholder
      } else {
        index += 1
      }
    }
    return 6 + text.count + placeholders * placeholderBytes
  }

  /// Tasks ordered so each comes after the tasks it depends on; among tasks that are ready, the
  /// one first in source order goes first. (The checker refuses cycles; any left keep source order.)
  static func dependencyOrder(_ tasks: [PlanTask]) -> [Int] {
    var index: [String: Int] = [:]
    for (i, task) in tasks.enumerated() { index[task.id.lowercased()] = i }
    var waitingOn = [Int](repeating: 0, count: tasks.count)
    var dependants = [[Int]](repeating: [], count: tasks.count)
    for (i, task) in tasks.enumerated() {
      for dependency in Set(task.dependsOn.map { $0.lowercased() }) {
        guard let j = index[dependency], j != i else { continue }
        waitingOn[i] += 1
        dependants[j].append(i)
      }
    }
    var ready = MinHeap(tasks.indices.filter { waitingOn[$0] == 0 })
    var order: [Int] = []
    var placed = [Bool](repeating: false, count: tasks.count)
    while let next = ready.pop() {
      order.append(next)
      placed[next] = true
      for dependant in dependants[next] {
        waitingOn[dependant] -= 1
        if waitingOn[dependant] == 0 { ready.push(dependant) }
      }
    }
    order += tasks.indices.filter { !placed[$0] }
    return order
  }

  /// One task of a collection: the schema's mapped attributes and blocks, then its files,
  /// retries, dependencies, exit conditions and applications. A task without `constraints` takes
  /// the job's retry count; one with them takes 0 unless it says otherwise, so the count is
  /// written whenever it is not what the service would take.
  static func taskBody(
    _ task: PlanTask, block: Checked<Schema.Task>, job: PlanJob, variables: [String: Value], storage: StorageContext
  ) -> JSON {
    var body = JSONObject()
    body["id"] = .string(task.id)
    var scope = variables
    if let sweep = block.sweep { scope[sweep.variable] = sweep.value }
    RestLowering.write(block.instance, variables: scope, into: &body)
    body["resourceFiles"] = .nonEmptyArray(task.inputs.map { resourceFile($0, pool: job.pool, storage: storage) })
    body["outputFiles"] = .nonEmptyArray(
      zip(task.outputs, block.children(\.output)).map { outputFile($0, block: $1, variables: scope, storage: storage) })
    if let multi = block.child(\.multiInstance) {
      let common = multi.children(\.input).map {
        resourceFile(PlanCompiler.input($0, variables: scope), pool: job.pool, storage: storage)
      }
      body.set([Schema.MultiInstance.schema.restName, "commonResourceFiles"], .nonEmptyArray(common))
    }
    containerMounts(of: block.instance, into: &body)
    let inherited = body["constraints"] == nil ? job.constraints.maxTaskRetryCount : 0
    if task.constraints.maxTaskRetryCount != inherited {
      body.set(["constraints", "maxTaskRetryCount"], .integer(task.constraints.maxTaskRetryCount))
    }
    if !task.dependsOn.isEmpty {
      let dependencies = TaskDependencies(task.dependsOn)
      var dependsOn = JSONObject()
      dependsOn["taskIds"] = .nonEmptyArray(dependencies.ids.map { .string($0) })
      dependsOn["taskIdRanges"] = .nonEmptyArray(
        dependencies.ranges.map {
          .object([("start", .integer($0.lowerBound)), ("end", .integer($0.upperBound))])
        })
      body["dependsOn"] = dependsOn.json
    }
    body["exitConditions"] = exitConditions(task.exitConditions, job: job)
    body["applicationPackageReferences"] = applicationReferences(task.applications)
    return body.json
  }

  /// `exitConditions`. A job action may only be given when the job's `onTaskFailure` is
  /// `performexitoptionsjobaction` (the service refuses it otherwise), and is given when it is not
  /// the service's default (`none` for exit code 0 alone, `terminate` otherwise, which is also
  /// batchspec's default).
  static func exitConditions(_ conditions: [PlanExitCondition], job: PlanJob) -> JSON? {
    if conditions.isEmpty { return nil }
    let jobActions = job.onTaskFailure == .performExitOptionsJobAction
    func options(_ condition: PlanExitCondition, zeroOnly: Bool) -> JSON {
      var object = JSONObject()
      if jobActions && condition.jobAction != (zeroOnly ? JobAction.none : .terminate) {
        object[Schema.ExitCondition.jobAction.restName] = .string(condition.jobAction.restWord)
      }
      if condition.dependencyAction != (zeroOnly ? .satisfy : .block) {
        object[Schema.ExitCondition.dependencyAction.restName] = .string(condition.dependencyAction.restWord)
      }
      return object.json
    }
    var errors = JSONObject()
    var codes: [JSON] = []
    var ranges: [JSON] = []
    for condition in conditions {
      if let list = condition.codes {
        for code in list {
          codes.append(.object([("code", .integer(code)), ("exitOptions", options(condition, zeroOnly: code == 0))]))
        }
      } else if let range = condition.range {
        let zeroOnly = range.start == 0 && range.end == 0
        ranges.append(
          .object([
            ("start", .integer(range.start)), ("end", .integer(range.end)),
            ("exitOptions", options(condition, zeroOnly: zeroOnly)),
          ]))
      } else {
        let key = condition.error?.restWord ?? "default"
        errors[key] = errors[key] ?? options(condition, zeroOnly: false)
      }
    }
    var body = JSONObject()
    body["exitCodes"] = .nonEmptyArray(codes)
    body["exitCodeRanges"] = .nonEmptyArray(ranges)
    for key in ["preProcessingError", "fileUploadError", "default"] { body[key] = errors[key] }
    return body.nonEmpty
  }
}

/// A binary min-heap of task positions: the ready task first in source order.
private struct MinHeap {
  private var items: [Int] = []
  init(_ initial: [Int]) { for item in initial { push(item) } }

  mutating func push(_ item: Int) {
    items.append(item)
    var child = items.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      if items[parent] <= items[child] { break }
      items.swapAt(parent, child)
      child = parent
    }
  }

  mutating func pop() -> Int? {
    guard let first = items.first else { return nil }
    let last = items.removeLast()
    if items.isEmpty { return first }
    items[0] = last
    var parent = 0
    while true {
      let left = 2 * parent + 1
      let right = left + 1
      var smallest = parent
      if left < items.count && items[left] < items[smallest] { smallest = left }
      if right < items.count && items[right] < items[smallest] { smallest = right }
      if smallest == parent { break }
      items.swapAt(parent, smallest)
      parent = smallest
    }
    return first
  }
}
