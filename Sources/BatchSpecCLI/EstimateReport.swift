// What `batchspec estimate` prints: the makespan, the critical path and a table of pools, or JSON.

import BatchSpecCore
import BatchSpecPlan

/// Renders an estimate.
enum EstimateReport {
  static func duration(_ seconds: Double) -> String { Estimate.format(seconds: seconds) }

  static func money(_ amount: Double?, _ currency: String) -> String {
    amount.map { Estimate.format(money: $0, currency: currency) } ?? "?"
  }

  static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }

  /// Whether no task of `estimate` has a duration: the figures made of durations are unknown.
  static func hasNoDuration(_ estimate: Estimate) -> Bool {
    !estimate.tasks.isEmpty && estimate.tasks.allSatisfy { $0.source == .none }
  }

  /// The text report.
  static func text(_ estimate: Estimate, name: String, plan: Plan) -> String {
    let taskCount = plan.jobs.reduce(0) { $0 + $1.tasks.count }
    var out =
      "estimate of \(name): \(taskCount) task\(taskCount == 1 ? "" : "s") in \(plan.jobs.count) job\(plan.jobs.count == 1 ? "" : "s") on \(estimate.pools.count) pool\(estimate.pools.count == 1 ? "" : "s")\n\n"
    // With no duration at all, every figure below would be a zero that reads as a result.
    let unknown = hasNoDuration(estimate)
    out += "makespan       \(unknown ? "? (no task has a duration)" : duration(estimate.makespan))\n"
    if !unknown, let first = estimate.criticalPath.first {
      let chain =
        estimate.criticalPath.count <= 6
        ? estimate.criticalPath.map(\.task).joined(separator: " → ")
        : "\(first.task) → … (\(estimate.criticalPath.count - 2) more) → \(estimate.criticalPath.last!.task)"
      let waiting = estimate.makespan - estimate.criticalLength
      out += "critical path  \(chain) (\(duration(estimate.criticalLength)))"
      out +=
        waiting > 0.05 * max(estimate.makespan, 1)
        ? "; \(duration(waiting)) more is waiting for slots or nodes\n" : "\n"
    }
    let sources = Dictionary(grouping: estimate.tasks, by: \.source).mapValues(\.count)
    var durations: [String] = []
    if let n = sources[.expected] { durations.append("\(n) from expected_duration") }
    if let n = sources[.run] { durations.append("\(n) measured in a run") }
    if let n = sources[.none] { durations.append("\(n) with no duration (counted as 0)") }
    out += "durations      " + durations.joined(separator: ", ") + "\n"
    if sources[.none] != nil {
      out +=
        "               give tasks `expected_duration`, or durations measured in a run (`--from-run DIR`)"
        + (unknown ? "" : "; until then the makespan, node hours and costs are lower bounds") + "\n"
    }
    out += "\n"
    let header = ["pool", "vm size", "nodes", "slots", "node hours", "idle slots", "cost (\(estimate.currency))"]
    var rows = [header]
    for pool in estimate.pools {
      var nodes = "\(pool.dedicatedNodes) dedicated"
      if pool.spotNodes > 0 { nodes += " + \(pool.spotNodes) spot" }
      if pool.isAutoscaled { nodes += " (autoscaled)" }
      rows.append([
        pool.id, pool.vmSize, nodes, "\(pool.nodes)×\(pool.slotsPerNode)",
        unknown ? "?" : FormulaValue.format((pool.nodeHours * 100).rounded() / 100),
        unknown ? "?" : percent(pool.idleSlotShare),
        unknown
          ? "?"
          : pool.cost != nil || pool.dedicatedCost == nil
            ? money(pool.cost, estimate.currency) : money(pool.dedicatedCost, estimate.currency) + " + spot ?",
      ])
    }
    if estimate.pools.count > 1 {
      rows.append(["total", "", "", "", "", "", unknown ? "?" : money(estimate.cost, estimate.currency)])
    }
    let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
    for row in rows {
      var line = ""
      for (column, cell) in row.enumerated() {
        let pad = String(repeating: " ", count: widths[column] - cell.count)
        line += column >= 4 ? pad + cell : cell + pad
        if column < row.count - 1 { line += "  " }
      }
      while line.hasSuffix(" ") { line.removeLast() }
      out += line + "\n"
    }
    out += "\nprices: \(estimate.priceSource), pay-as-you-go"
    var missing: [String] = []
    for pool in estimate.pools {
      if pool.dedicatedNodes > 0, pool.dedicatedPrice == nil {
        missing.append("\(pool.vmSize) \(pool.isWindows ? "Windows" : "Linux")")
      }
      if pool.spotNodes > 0, pool.spotPrice == nil {
        missing.append("\(pool.vmSize) \(pool.isWindows ? "Windows" : "Linux") Spot")
      }
    }
    if !missing.isEmpty { out += "; no price for " + missing.joined(separator: ", ") + " (`--prices FILE` gives one)" }
    out += "\n"
    for note in estimate.notes { out += "note: \(note)\n" }
    return out
  }

  /// The estimate as JSON: figures, pools and every task's placement.
  static func json(_ estimate: Estimate) -> String {
    func number(_ value: Double) -> JSON { .double((value * 1_000).rounded() / 1_000) }
    func optional(_ value: Double?) -> JSON { value.map(number) ?? .null }
    // With no task's duration known, the figures made of durations are unknown (`?` in the text):
    // null, not 0, which a budget check would read as free.
    let unknown = hasNoDuration(estimate)
    func timed(_ value: Double) -> JSON { unknown ? .null : number(value) }
    func timed(_ value: Double?) -> JSON { unknown ? .null : optional(value) }
    let pools = estimate.pools.map { pool -> JSON in
      .object([
        ("id", .string(pool.id)), ("vmSize", .string(pool.vmSize)), ("windows", .bool(pool.isWindows)),
        ("dedicatedNodes", .integer(pool.dedicatedNodes)), ("spotNodes", .integer(pool.spotNodes)),
        ("slotsPerNode", .integer(pool.slotsPerNode)), ("autoscaled", .bool(pool.isAutoscaled)),
        ("activeSeconds", timed(pool.activeSeconds)), ("nodeHours", timed(pool.nodeHours)),
        ("idleSlotShare", timed(pool.idleSlotShare)), ("cost", timed(pool.cost)),
      ])
    }
    let tasks = estimate.tasks.map { task -> JSON in
      var members: [(String, JSON)] = [
        ("job", .string(task.job)), ("task", .string(task.task)), ("node", .string(task.node)),
      ]
      // A multi-instance task's other nodes, only for one.
      if !task.subtaskNodes.isEmpty { members.append(("subtaskNodes", .array(task.subtaskNodes.map { .string($0) }))) }
      members += [
        ("slots", .integer(task.slots)), ("start", number(task.start)), ("end", number(task.end)),
        ("duration", .string(task.source.rawValue)),
      ]
      return .object(members)
    }
    let object = JSON.object([
      ("makespanSeconds", timed(estimate.makespan)),
      // Counted as 0 s: with every task so, the figures are no estimate at all.
      ("tasksWithoutDuration", .integer(estimate.tasks.count { $0.source == .none })),
      ("criticalPath", .array(estimate.criticalPath.map { .string($0.job + "/" + $0.task) })),
      ("criticalPathSeconds", timed(estimate.criticalLength)), ("cost", timed(estimate.cost)),
      ("currency", .string(estimate.currency)), ("prices", .string(estimate.priceSource)), ("pools", .array(pools)),
      ("tasks", .array(tasks)), ("notes", .array(estimate.notes.map { .string($0) })),
    ])
    return object.serialized() + "\n"
  }
}
