// What `batchspec estimate` computes: when each task would run on which node, the makespan, the
// critical path, and per pool the node hours, the share of slots left idle and the cost.

import BatchSpecCore

/// An estimated schedule and its cost.
package struct Estimate: Sendable {
  /// Where a task's duration came from.
  package enum DurationSource: String, Sendable {
    /// Measured in a local run (`--from-run`), scaled.
    case run
    /// The task's `expected_duration`.
    case expected
    /// Neither: counted as 0.
    case none
  }

  /// One task, placed.
  package struct Task: Sendable {
    package var job: String
    package var task: String
    package var node: String
    /// A multi-instance task's other nodes, where it holds `slots` too (empty for other tasks).
    package var subtaskNodes: [String] = []
    package var slots: Int
    package var start: Double
    package var end: Double
    package var source: DurationSource
    package var duration: Double { end - start }
  }

  /// One pool's figures.
  package struct Pool: Sendable {
    package var id: String
    package var vmSize: String
    package var isWindows: Bool
    package var dedicatedNodes: Int
    package var spotNodes: Int
    package var slotsPerNode: Int
    /// Whether the node count is a guess (an autoscaled pool).
    package var isAutoscaled: Bool
    /// From the start to the end of its last task, start or release task (seconds).
    package var activeSeconds: Double
    /// Slot-seconds its tasks used.
    package var busySlotSeconds: Double
    /// Hourly prices found for its dedicated and Spot nodes (nil: none in the price table).
    package var dedicatedPrice: Double?
    package var spotPrice: Double?

    /// Every node, dedicated and Spot (at most `Int.max`).
    package var nodes: Int {
      let (sum, overflow) = dedicatedNodes.addingReportingOverflow(spotNodes)
      return overflow ? Int.max : sum
    }
    /// Node hours: every node for as long as the pool is in use.
    package var nodeHours: Double { Double(nodes) * activeSeconds / 3_600 }
    /// The share of slot time no task used.
    package var idleSlotShare: Double {
      let capacity = Double(nodes) * Double(slotsPerNode) * activeSeconds
      return capacity > 0 ? max(0, 1 - busySlotSeconds / capacity) : 0
    }
    /// The cost of its dedicated and Spot node hours, when their prices are known.
    package var dedicatedCost: Double? {
      dedicatedNodes == 0 ? 0 : dedicatedPrice.map { $0 * Double(dedicatedNodes) * activeSeconds / 3_600 }
    }
    package var spotCost: Double? {
      spotNodes == 0 ? 0 : spotPrice.map { $0 * Double(spotNodes) * activeSeconds / 3_600 }
    }
    /// Both, when both are known.
    package var cost: Double? {
      guard let dedicated = dedicatedCost, let spot = spotCost else { return nil }
      return dedicated + spot
    }
  }

  /// From the start until the last task (or release task) ends, in seconds.
  package var makespan: Double
  /// Every task that could be placed, in the order they start.
  package var tasks: [Task]
  /// The longest chain of dependencies, by duration: its tasks in order.
  package var criticalPath: [Task]
  /// The pools that run tasks.
  package var pools: [Pool]
  /// What the figures assume or could not know, as sentences.
  package var notes: [String]
  /// Where the prices come from and their currency.
  package var priceSource: String
  package var currency: String

  /// The critical path's length: the makespan with unlimited slots.
  package var criticalLength: Double { criticalPath.reduce(0) { $0 + $1.duration } }
  /// The cost of every pool, when every price is known.
  package var cost: Double? {
    var total = 0.0
    for pool in pools {
      guard let cost = pool.cost else { return nil }
      total += cost
    }
    return total
  }
  /// How many tasks had no duration to go by.
  package var tasksWithoutDuration: Int { tasks.filter { $0.source == .none }.count }
}

extension Estimate {
  /// A duration as estimates print it: `1h02m30s`, `4m05s`, `12.5s`, `350ms`.
  package static func format(seconds: Double) -> String {
    // Beyond what an `Int` of seconds holds, hours alone.
    guard seconds < 1e15 else { return FormulaValue.format((seconds / 3_600).rounded()) + "h" }
    if seconds > 0 && seconds < 1 { return "\(Int((seconds * 1_000).rounded()))ms" }
    if seconds < 60 {
      let tenths = Int((seconds * 10).rounded())
      return tenths % 10 == 0 ? "\(tenths / 10)s" : "\(tenths / 10).\(tenths % 10)s"
    }
    let total = Int(seconds.rounded())
    let (h, m, s) = (total / 3_600, total / 60 % 60, total % 60)
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return h > 0 ? "\(h)h\(two(m))m\(two(s))s" : "\(m)m\(two(s))s"
  }

  /// An amount of money: `$3.20` for US dollars, `3.20 EUR` otherwise.
  package static func format(money amount: Double, currency: String) -> String {
    // Beyond what an `Int` of cents holds, whole units alone.
    let text: String
    if amount < 1e15 {
      let cents = Int((amount * 100).rounded())
      text = "\(cents / 100).\(cents % 100 < 10 ? "0" : "")\(cents % 100)"
    } else {
      text = FormulaValue.format(amount.rounded())
    }
    return currency == "USD" ? "$" + text : text + " " + currency
  }
}
