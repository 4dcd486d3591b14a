// The estimator: a plan's tasks scheduled offline on their pools' nodes and slots with the local
// runner's rules (jobs by priority then plan order, each job's ready tasks first come first served,
// `max_parallel_tasks`, `NodeFill.prefers` for the node, start tasks and job preparation before a
// node's first task), every task succeeding at its first attempt, for its `expected_duration` or
// the duration a local run measured.

package import BatchSpecCore

/// How to estimate.
package struct EstimateOptions: Sendable {
  /// At most this many nodes per pool (as `run --max-nodes`).
  package var maxNodes: Int?
  /// Node counts by pool ID (lowercased), over the plan's: for autoscaled pools, or what-ifs.
  package var nodes: [String: Int] = [:]
  /// A local run whose measured durations replace the expected ones.
  package var measured: RunEvents?
  /// What measured durations are multiplied by.
  package var scale: Double = 1
  /// The prices.
  package var prices: VMPrices = .embedded
  /// Whether every node of a pool is simulated, even those no task can use (slow for a large pool;
  /// the figures are the same, as a test checks).
  package var simulatesEveryNode = false

  package init() {}
}

/// Estimates plans.
package enum Estimator {
  private final class Node {
    let pool: Int
    let id: String
    let slots: Int
    var free: Int
    /// When its start task ends (tasks wait for it when `waitForSuccess`).
    var usableAt: Double
    /// When each job's preparation ends on it (absent: not run yet).
    var prepared: [Int: Double] = [:]
    var busyUntil: Double = 0
    init(pool: Int, id: String, slots: Int, usableAt: Double) {
      self.pool = pool
      self.id = id
      self.slots = slots
      self.free = slots
      self.usableAt = usableAt
    }
  }

  private struct Running {
    var end: Double
    var job: Int
    var task: Int
    var node: Int
    /// A multi-instance task's other nodes, where it holds `slots` too.
    var subtaskNodes: [Int]
    var slots: Int
  }

  /// When a running task ends; `start` orders tasks that end together by when they started.
  private struct Ending: Comparable {
    var end: Double
    var start: Int
    static func < (a: Ending, b: Ending) -> Bool { (a.end, a.start) < (b.end, b.start) }
  }

  /// The estimate of `plan`.
  package static func estimate(_ plan: Plan, options: EstimateOptions = EstimateOptions()) -> Estimate {
    var notes: [String] = []
    let poolIndex = Dictionary(plan.pools.enumerated().map { ($0.element.id.lowercased(), $0.offset) }) { a, _ in a }
    let jobs = plan.jobs.map { withManager($0, pool: poolIndex[$0.pool.lowercased()].map { plan.pools[$0] }) }
      .enumerated().sorted {
        $0.element.priority != $1.element.priority ? $0.element.priority > $1.element.priority : $0.offset < $1.offset
      }.map(\.element)
    // Durations.
    // (A task the run interrupted ran only part of its time: that is no measure.)
    func duration(_ job: PlanJob, _ task: PlanTask) -> (Double, Estimate.DurationSource) {
      if let measured = options.measured?.task(job.id, task.id), measured.state != "interrupted",
        let seconds = measured.duration
      {
        return (seconds * options.scale, .run)
      }
      if let expected = task.expectedDurationMs { return (Double(expected) / 1_000, .expected) }
      return (0, .none)
    }
    func measured(_ durations: [String: Double]?, node: String) -> Double {
      guard let durations else { return 0 }
      return (durations[node] ?? durations.values.max() ?? 0) * options.scale
    }
    // Nodes, for the pools some job uses.
    var nodes: [Node] = []
    var poolNodes: [[Int]] = Array(repeating: [], count: plan.pools.count)
    var counts: [(dedicated: Int, spot: Int, autoscaled: Bool)] = plan.pools.map {
      ($0.dedicatedNodes, $0.spotNodes, false)
    }
    let used = Set(jobs.compactMap { poolIndex[$0.pool.lowercased()] })
    // The nodes the tasks of each pool hold at most at once: one each, a multi-instance task's many.
    var tasksOnPool: [Int: Int] = [:]
    for job in jobs {
      guard let p = poolIndex[job.pool.lowercased()] else { continue }
      for task in job.tasks { tasksOnPool[p, default: 0] += instances(of: task) }
    }
    var poolSize: [Int] = Array(repeating: 0, count: plan.pools.count)
    // When the nodes no task can use end their start task: they keep the pool busy until then.
    var idleNodesEnd: [Int: Double] = [:]
    for (index, pool) in plan.pools.enumerated() where used.contains(index) {
      var count = max(pool.nodeCount, 1)
      if let override = options.nodes[pool.id.lowercased()] {
        count = max(override, 1)
        counts[index] = (min(pool.dedicatedNodes, count), max(0, count - min(pool.dedicatedNodes, count)), false)
        if pool.nodeCount == 0 { counts[index] = (count, 0, pool.autoscale != nil) }
      } else if pool.nodeCount == 0 {
        counts[index] = (1, 0, pool.autoscale != nil)
        notes.append(
          "pool `\(pool.id)` has no fixed node count (\(pool.autoscale != nil ? "autoscaled" : "0 nodes")): estimated on 1 node; `--nodes \(pool.id)=N` sets it"
        )
      }
      if let limit = options.maxNodes, count > limit {
        count = max(limit, 1)
        let dedicated = min(counts[index].dedicated, count)
        counts[index] = (dedicated, count - dedicated, counts[index].autoscaled)
      }
      poolSize[index] = count
      // Only the nodes the tasks can use are simulated: a task goes to a node that is busy, or to
      // the first idle one, so no more nodes than tasks (counting each instance of a multi-instance
      // task) ever run one (more when a measured run's start tasks make some nodes usable before
      // others). The others only run their start task;
      // they still count in node hours and cost, through `counts`.
      let starts = startDurations(options.measured, pool: pool.id)
      let modeled =
        options.simulatesEveryNode ? count : min(count, max(tasksOnPool[index] ?? 0, 1) + (starts?.count ?? 0))
      if modeled < count, pool.startTask != nil {
        idleNodesEnd[index] = measured(starts, node: "\(pool.id)-node-\(modeled + 1)")
      }
      for n in 1...modeled {
        let id = "\(pool.id)-node-\(n)"
        let startTask = pool.startTask.map { _ in measured(starts, node: id) } ?? 0
        let waits = pool.startTask?.waitForSuccess ?? false
        poolNodes[index].append(nodes.count)
        nodes.append(Node(pool: index, id: id, slots: max(pool.taskSlotsPerNode, 1), usableAt: waits ? startTask : 0))
        nodes[nodes.count - 1].busyUntil = startTask
      }
    }
    // Tasks, their dependencies and the ready queues.
    var remaining: [[Int]] = []
    var dependents: [[[Int]]] = []
    var ready: [[Int]] = []
    var head: [Int] = Array(repeating: 0, count: jobs.count)
    var runningCount: [Int] = Array(repeating: 0, count: jobs.count)
    var durations: [[(Double, Estimate.DurationSource)]] = []
    for job in jobs {
      let index = Dictionary(job.tasks.enumerated().map { ($0.element.id.lowercased(), $0.offset) }) { a, _ in a }
      var waiting = Array(repeating: 0, count: job.tasks.count)
      var after = Array(repeating: [Int](), count: job.tasks.count)
      var queue: [Int] = []
      for (t, task) in job.tasks.enumerated() {
        for dependency in task.dependsOn {
          guard let d = index[dependency.lowercased()] else { continue }
          waiting[t] += 1
          after[d].append(t)
        }
        if waiting[t] == 0 { queue.append(t) }
      }
      remaining.append(waiting)
      dependents.append(after)
      ready.append(queue)
      durations.append(job.tasks.map { duration(job, $0) })
    }
    // The simulation. Nodes join the index of free slots when their start task lets them take
    // tasks; the running tasks and the preparations are ordered by when they end.
    var placed: [Estimate.Task] = []
    var running: [Running] = []
    var endings = BinaryHeap<Ending>()
    var preparedEnds = BinaryHeap<Double>()
    var index = FreeSlotIndex(slots: plan.pools.map(\.taskSlotsPerNode))
    let pending = nodes.indices.sorted { (nodes[$0].usableAt, $0) < (nodes[$1].usableAt, $1) }
    var nextPending = 0
    var now = 0.0
    var unplaceable = 0
    var needMoreNodes = 0
    var jobEnds: [Double] = Array(repeating: 0, count: jobs.count)
    while true {
      while nextPending < pending.count, nodes[pending[nextPending]].usableAt <= now {
        let n = pending[nextPending]
        index.add(n, pool: nodes[n].pool, free: nodes[n].free)
        nextPending += 1
      }
      // Start what can start now (again after a preparation that takes no time).
      var again = true
      while again {
        again = false
        for (j, job) in jobs.enumerated() {
          guard let p = poolIndex[job.pool.lowercased()] else { continue }
          let preparation = job.preparationTask
          let prepDurations = options.measured?.preparations[job.id]
          while head[j] < ready[j].count, job.maxParallelTasks < 0 || runningCount[j] < job.maxParallelTasks {
            let t = ready[j][head[j]]
            let slots = max(job.tasks[t].requiredSlots, 1)
            if slots > max(plan.pools[p].taskSlotsPerNode, 1) {
              head[j] += 1
              unplaceable += 1
              continue
            }
            // A multi-instance task holds `slots` on as many nodes at once (as the runner does).
            let instances = instances(of: job.tasks[t])
            if instances > poolSize[p] {
              head[j] += 1
              needMoreNodes += 1
              continue
            }
            let waitsForPreparation = preparation?.waitForSuccess ?? false
            /// Starts the job's preparation on `n` where it has not run and is not waited for: it
            /// runs beside the task.
            func prepareBeside(_ n: Int) {
              guard preparation != nil, !waitsForPreparation, nodes[n].prepared[j] == nil else { return }
              let end = now + measured(prepDurations, node: nodes[n].id)
              nodes[n].prepared[j] = end
              preparedEnds.push(end)
              nodes[n].busyUntil = max(nodes[n].busyUntil, end)
            }
            let best =
              waitsForPreparation || options.simulatesEveryNode
              // Only nodes prepared for the job will do: read every node (as the runner does).
              ? scan(
                poolNodes[p], nodes, slots: slots, job: j, waitsForPreparation: waitsForPreparation, now: now,
                fill: plan.pools[p].nodeFill)
              : index.best(pool: p, slots: slots, fill: plan.pools[p].nodeFill) { nodes[$0].free }
            // The runner starts the preparation on the primary's node even when the others are not free.
            if let best { prepareBeside(best) }
            let others = best.flatMap { best in
              subtaskNodes(
                poolNodes[p], nodes, besides: best, count: instances - 1, slots: slots, job: j,
                waitsForPreparation: waitsForPreparation, now: now)
            }
            guard let n = best, let others else {
              // Prepare more nodes for the job, as many as there are tasks waiting, or as the task
              // needs (as the runner does).
              if let preparation, preparation.waitForSuccess {
                var preparing = poolNodes[p].filter { (nodes[$0].prepared[j] ?? -1) > now }.count
                let missing =
                  instances > 1
                  ? instances
                    - poolNodes[p].filter {
                      canTake(nodes[$0], slots: slots, job: j, waitsForPreparation: true, now: now)
                    }.count : 0
                let waiting = max(ready[j].count - head[j], missing)
                for n in poolNodes[p]
                where preparing < waiting && nodes[n].prepared[j] == nil && nodes[n].usableAt <= now {
                  let end = now + measured(prepDurations, node: nodes[n].id)
                  nodes[n].prepared[j] = end
                  preparedEnds.push(end)
                  nodes[n].busyUntil = max(nodes[n].busyUntil, end)
                  preparing += 1
                  if end <= now { again = true }
                }
              }
              break
            }
            head[j] += 1
            for other in others { prepareBeside(other) }
            let start = now
            let (length, source) = durations[j][t]
            /// Takes the task's slots on `held`.
            func hold(_ held: Int) {
              nodes[held].free -= slots
              index.add(held, pool: p, free: nodes[held].free)
            }
            hold(n)
            others.forEach(hold)
            runningCount[j] += 1
            endings.push(Ending(end: start + length, start: running.count))
            running.append(
              Running(end: start + length, job: j, task: t, node: n, subtaskNodes: others, slots: slots))
            placed.append(
              Estimate.Task(
                job: job.id, task: job.tasks[t].id, node: nodes[n].id, subtaskNodes: others.map { nodes[$0].id },
                slots: slots, start: start, end: start + length, source: source))
          }
        }
      }
      // The next moment something changes.
      var next = endings.top?.end
      if nextPending < pending.count {
        let usable = nodes[pending[nextPending]].usableAt
        next = min(next ?? usable, usable)
      }
      while let end = preparedEnds.top, end <= now { preparedEnds.pop() }
      if let end = preparedEnds.top { next = min(next ?? end, end) }
      guard let moment = next else { break }
      now = moment
      // Finish what ends now, in the order it started.
      var finished: [Int] = []
      while let ending = endings.top, ending.end <= now {
        endings.pop()
        finished.append(ending.start)
      }
      for done in finished.sorted().map({ running[$0] }) {
        /// Gives the task's slots on `held` back.
        func release(_ held: Int) {
          nodes[held].free += done.slots
          index.add(held, pool: nodes[held].pool, free: nodes[held].free)
          nodes[held].busyUntil = max(nodes[held].busyUntil, done.end)
        }
        release(done.node)
        done.subtaskNodes.forEach(release)
        runningCount[done.job] -= 1
        jobEnds[done.job] = max(jobEnds[done.job], done.end)
        for dependent in dependents[done.job][done.task] {
          remaining[done.job][dependent] -= 1
          if remaining[done.job][dependent] == 0 { ready[done.job].append(dependent) }
        }
      }
    }
    let total = jobs.reduce(0) { $0 + $1.tasks.count }
    let notPlaced = unplaceable + needMoreNodes
    if placed.count + notPlaced < total {
      let why = notPlaced > 0 ? "they depend on a task not placed, or" : "their"
      notes.append("\(total - placed.count - notPlaced) tasks never became ready (\(why) dependencies form a cycle)")
    }
    if unplaceable > 0 { notes.append("\(unplaceable) tasks need more slots than their pool's nodes have: not placed") }
    if needMoreNodes > 0 {
      notes.append(
        "\(needMoreNodes) tasks need more nodes at once (`multi_instance`) than their pool has: not placed")
    }
    // Release tasks run on every node that prepared the job, when the job's tasks are done.
    for (j, job) in jobs.enumerated() where job.releaseTask != nil {
      guard let p = poolIndex[job.pool.lowercased()] else { continue }
      for n in poolNodes[p] where nodes[n].prepared[j] != nil {
        let end = max(jobEnds[j], nodes[n].busyUntil) + measured(options.measured?.releases[job.id], node: nodes[n].id)
        nodes[n].busyUntil = max(nodes[n].busyUntil, end)
      }
    }
    // Figures per pool.
    let poolOfNode = Dictionary(nodes.map { ($0.id, $0.pool) }) { a, _ in a }
    var busySlotSeconds: [Int: Double] = [:]
    for task in placed {
      if let pool = poolOfNode[task.node] {
        busySlotSeconds[pool, default: 0] += Double(task.slots * (1 + task.subtaskNodes.count)) * task.duration
      }
    }
    var pools: [Estimate.Pool] = []
    for (index, pool) in plan.pools.enumerated() where used.contains(index) {
      let active = max(poolNodes[index].map { nodes[$0].busyUntil }.max() ?? 0, idleNodesEnd[index] ?? 0)
      let busy = busySlotSeconds[index] ?? 0
      let isWindows = pool.nodeAgent.lowercased().contains("windows")
      let prices = options.prices.prices(of: pool.vmSize)
      pools.append(
        Estimate.Pool(
          id: pool.id, vmSize: pool.vmSize, isWindows: isWindows, dedicatedNodes: counts[index].dedicated,
          spotNodes: counts[index].spot, slotsPerNode: max(pool.taskSlotsPerNode, 1),
          isAutoscaled: counts[index].autoscaled, activeSeconds: active, busySlotSeconds: busy,
          dedicatedPrice: prices?.price(windows: isWindows, spot: false),
          spotPrice: prices?.price(windows: isWindows, spot: true)))
    }
    let makespan = max(
      nodes.map(\.busyUntil).max() ?? 0, placed.map(\.end).max() ?? 0, idleNodesEnd.values.max() ?? 0)
    return Estimate(
      makespan: makespan, tasks: placed.sorted { ($0.start, $0.end) < ($1.start, $1.end) },
      criticalPath: criticalPath(jobs, placed), pools: pools, notes: notes, priceSource: options.prices.source,
      currency: options.prices.currencyCode)
  }

  /// The node of `candidates` a task of `slots` slots goes to now, by `fill`: one whose start task
  /// has ended, and when `waitsForPreparation`, where the job's preparation has ended.
  private static func scan(
    _ candidates: [Int], _ nodes: [Node], slots: Int, job j: Int, waitsForPreparation: Bool, now: Double,
    fill: NodeFill
  ) -> Int? {
    var best: Int?
    for n in candidates {
      let node = nodes[n]
      guard canTake(node, slots: slots, job: j, waitsForPreparation: waitsForPreparation, now: now) else { continue }
      if let current = best {
        if fill.prefers(freeSlots: node.free, over: nodes[current].free) { best = n }
      } else {
        best = n
      }
    }
    return best
  }

  /// Whether `node` can take a task of `slots` slots of job `j` now: its start task has ended, it
  /// has the slots free, and when `waitsForPreparation`, the job's preparation has ended there.
  private static func canTake(_ node: Node, slots: Int, job j: Int, waitsForPreparation: Bool, now: Double) -> Bool {
    guard node.usableAt <= now, node.free >= slots else { return false }
    guard waitsForPreparation else { return true }
    guard let ready = node.prepared[j] else { return false }
    return ready <= now
  }

  /// The nodes of a multi-instance task's subtasks besides its primary's: the first `count` other
  /// nodes of `candidates`, in order, that can take it now (as the runner picks them); nil when
  /// fewer can.
  private static func subtaskNodes(
    _ candidates: [Int], _ nodes: [Node], besides primary: Int, count: Int, slots: Int, job j: Int,
    waitsForPreparation: Bool, now: Double
  ) -> [Int]? {
    guard count > 0 else { return [] }
    let chosen = Array(
      candidates.lazy.filter {
        $0 != primary
          && canTake(nodes[$0], slots: slots, job: j, waitsForPreparation: waitsForPreparation, now: now)
      }.prefix(count))
    return chosen.count == count ? chosen : nil
  }

  /// How many nodes `task` holds at once: its `multi_instance` instances, else one.
  private static func instances(of task: PlanTask) -> Int { max(task.multiInstance?.numberOfInstances ?? 1, 1) }

  /// Start task durations measured on the nodes of `pool`.
  /// `job` with its manager as its first task, as the runner schedules it: with all of a node's
  /// slots when it runs exclusive. (The tasks a manager adds are not in the plan, so not estimated.)
  static func withManager(_ job: PlanJob, pool: PlanPool?) -> PlanJob {
    guard let manager = job.manager else { return job }
    var task = manager.task
    if manager.runExclusive { task.requiredSlots = max(pool?.taskSlotsPerNode ?? 1, 1) }
    var job = job
    job.tasks.insert(task, at: 0)
    return job
  }

  private static func startDurations(_ events: RunEvents?, pool: String) -> [String: Double]? {
    guard let events else { return nil }
    let ofPool = events.startTasks.filter { $0.key.hasPrefix(pool + "-node-") }
    return ofPool.isEmpty ? nil : ofPool
  }

  /// The longest chain of dependencies by duration, over every job (tasks in dependency order, so
  /// no recursion: a chain may be thousands of tasks long).
  private static func criticalPath(_ jobs: [PlanJob], _ placed: [Estimate.Task]) -> [Estimate.Task] {
    var best: [Estimate.Task] = []
    var bestLength = -1.0
    let placedByJob = Dictionary(grouping: placed, by: \.job)
    for job in jobs {
      let tasks = Dictionary((placedByJob[job.id] ?? []).map { ($0.task.lowercased(), $0) }) { a, _ in a }
      let index = Dictionary(job.tasks.enumerated().map { ($0.element.id.lowercased(), $0.offset) }) { a, _ in a }
      var waiting = Array(repeating: 0, count: job.tasks.count)
      var after = Array(repeating: [Int](), count: job.tasks.count)
      for (t, task) in job.tasks.enumerated() {
        for dependency in task.dependsOn {
          guard let d = index[dependency.lowercased()] else { continue }
          waiting[t] += 1
          after[d].append(t)
        }
      }
      var length = Array(repeating: 0.0, count: job.tasks.count)
      var previous: [Int?] = Array(repeating: nil, count: job.tasks.count)
      var queue = waiting.indices.filter { waiting[$0] == 0 }
      var cursor = 0
      while cursor < queue.count {
        let t = queue[cursor]
        cursor += 1
        let own = tasks[job.tasks[t].id.lowercased()]?.duration ?? 0
        let total = length[t] + own
        if total > bestLength {
          bestLength = total
          var chain: [Int] = [t]
          while let before = previous[chain[chain.count - 1]] { chain.append(before) }
          best = chain.reversed().compactMap { tasks[job.tasks[$0].id.lowercased()] }
        }
        for next in after[t] {
          if total > length[next] || previous[next] == nil {
            length[next] = max(length[next], total)
            if length[next] == total { previous[next] = t }
          }
          waiting[next] -= 1
          if waiting[next] == 0 { queue.append(next) }
        }
      }
    }
    return best
  }
}
