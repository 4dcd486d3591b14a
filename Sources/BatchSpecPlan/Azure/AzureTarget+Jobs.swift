// The "add job" body and the "add task collection" bodies of a plan job: tasks in an order where
// every task comes after those it depends on, at most 100 (and 1 MB) per collection.

import BatchSpecCore

extension AzureTarget {
  static func jobBody(_ job: PlanJob, storage: StorageContext) -> JSON {
    var body = JSONObject()
    body["id"] = .string(job.id)
    body[Schema.Job.displayName.restName] = .string(job.displayName)
    if job.priority != 0 { body[Schema.Job.priority.restName] = .integer(job.priority) }
    if job.maxParallelTasks != -1 { body[Schema.Job.maxParallelTasks.restName] = .integer(job.maxParallelTasks) }
    var constraints = JSONObject()
    constraints["maxWallClockTime"] = .string(job.constraints.maxWallClockMs.map(ISODuration.format))
    if job.constraints.maxTaskRetryCount != 0 {
      constraints["maxTaskRetryCount"] = .integer(job.constraints.maxTaskRetryCount)
    }
    body["constraints"] = constraints.nonEmpty
    if let prepare = job.preparationTask {
      var task = JSONObject()
      task[Schema.Prepare.command.restName] = .string(prepare.commandLine)
      task["resourceFiles"] = .nonEmptyArray(prepare.inputs.map { resourceFile($0, pool: job.pool, storage: storage) })
      task[Schema.Prepare.environment.restName] = .nameValueList(prepare.environment)
      task["constraints"] = taskConstraints(prepare.constraints, defaultRetries: 0)
      task[Schema.Prepare.waitForSuccess.restName] = .bool(prepare.waitForSuccess)
      task["userIdentity"] = userIdentity(prepare.userIdentity)
      task[Schema.Prepare.rerunOnReboot.restName] = .bool(prepare.rerunOnNodeRebootAfterSuccess)
      body[Schema.Prepare.schema.restName] = task.json
    }
    if let release = job.releaseTask {
      var task = JSONObject()
      task[Schema.Release.command.restName] = .string(release.commandLine)
      task["resourceFiles"] = .nonEmptyArray(release.inputs.map { resourceFile($0, pool: job.pool, storage: storage) })
      task[Schema.Release.environment.restName] = .nameValueList(release.environment)
      if let wallClock = release.constraints.maxWallClockMs, wallClock != 15 * 60_000 {
        task[Schema.Release.maxWallClock.restName] = .string(ISODuration.format(wallClock))
      }
      if let retention = release.constraints.retentionMs, retention != 7 * 86_400_000 {
        task[Schema.Release.retention.restName] = .string(ISODuration.format(retention))
      }
      task["userIdentity"] = userIdentity(release.userIdentity)
      body[Schema.Release.schema.restName] = task.json
    }
    body[Schema.Job.environment.restName] = .nameValueList(job.environment)
    body["poolInfo"] = .object([("poolId", .string(job.pool))])
    if job.onAllTasksComplete != .noAction {
      body[Schema.Job.onAllTasksComplete.restName] = .string(job.onAllTasksComplete.restWord)
    }
    if job.onTaskFailure != .noAction {
      body[Schema.Job.onTaskFailure.restName] = .string(job.onTaskFailure.restWord)
    }
    if job.usesTaskDependencies { body[Schema.Job.usesTaskDependencies.restName] = .bool(true) }
    body[Schema.Job.metadata.restName] = .nameValueList(job.metadata)
    return body.json
  }

  /// `constraints` of a task: the wall clock and retention (when not the 7-day default), and the
  /// retry count. A task without `constraints` takes the job's retry count (`defaultRetries`); one
  /// with them takes 0 unless it says otherwise, so the count is written whenever it is not that.
  static func taskConstraints(_ constraints: PlanConstraints, defaultRetries: Int) -> JSON? {
    var object = JSONObject()
    object["maxWallClockTime"] = .string(constraints.maxWallClockMs.map(ISODuration.format))
    if let retention = constraints.retentionMs, retention != 7 * 86_400_000 {
      object["retentionTime"] = .string(ISODuration.format(retention))
    }
    let inherited = object.isEmpty ? defaultRetries : 0
    if constraints.maxTaskRetryCount != inherited {
      object["maxTaskRetryCount"] = .integer(constraints.maxTaskRetryCount)
    }
    return object.nonEmpty
  }

  /// The job's tasks in dependency order (source order where free), as collection bodies.
  static func taskCollections(_ job: PlanJob, storage: StorageContext) -> [JSON] {
    var collections: [JSON] = []
    var current: [JSON] = []
    var bytes = 0
    for task in dependencyOrder(job.tasks) {
      let body = taskBody(task, job: job, storage: storage)
      let size = body.serialized().utf8.count + 1
      if current.count == tasksPerCollection || (!current.isEmpty && bytes + size > collectionBytes - 64) {
        collections.append(.object([("value", .array(current))]))
        current = []
        bytes = 0
      }
      current.append(body)
      bytes += size
    }
    if !current.isEmpty { collections.append(.object([("value", .array(current))])) }
    return collections
  }

  /// Tasks ordered so each comes after the tasks it depends on; among tasks that are ready, the
  /// one first in source order goes first. (The checker refuses cycles; any left keep source order.)
  static func dependencyOrder(_ tasks: [PlanTask]) -> [PlanTask] {
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
    return order.map { tasks[$0] }
  }

  static func taskBody(_ task: PlanTask, job: PlanJob, storage: StorageContext) -> JSON {
    var body = JSONObject()
    body["id"] = .string(task.id)
    body[Schema.Task.displayName.restName] = .string(task.displayName)
    body[Schema.Task.command.restName] = .string(task.commandLine)
    body["resourceFiles"] = .nonEmptyArray(task.inputs.map { resourceFile($0, pool: job.pool, storage: storage) })
    body["outputFiles"] = .nonEmptyArray(task.outputs.map { outputFile($0, storage: storage) })
    body[Schema.Task.environment.restName] = .nameValueList(task.environment)
    body["constraints"] = taskConstraints(task.constraints, defaultRetries: job.constraints.maxTaskRetryCount)
    if task.requiredSlots != 1 { body[Schema.Task.requiredSlots.restName] = .integer(task.requiredSlots) }
    body["userIdentity"] = userIdentity(task.userIdentity)
    if let multi = task.multiInstance {
      var settings = JSONObject()
      settings[Schema.MultiInstance.instances.restName] = .integer(multi.numberOfInstances)
      settings[Schema.MultiInstance.coordinationCommand.restName] = .string(multi.coordinationCommandLine)
      body[Schema.MultiInstance.schema.restName] = settings.json
    }
    if !task.dependsOn.isEmpty {
      body["dependsOn"] = .object([("taskIds", .array(task.dependsOn.map { .string($0) }))])
    }
    body[Schema.ExitCondition.schema.restName] = exitConditions(task.exitConditions, job: job)
    body[Schema.Task.applications.restName] = applicationReferences(task.applications)
    return body.json
  }

  /// `exitConditions`. A job action may only be given when the job's `onTaskFailure` is
  /// `performexitoptionsjobaction` (the service refuses it otherwise), and is given when it is not
  /// the service's default (`none` for exit code 0 alone, `terminate` otherwise; batchspec's
  /// default is `none` everywhere, so a non-zero condition without one says `none`).
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
