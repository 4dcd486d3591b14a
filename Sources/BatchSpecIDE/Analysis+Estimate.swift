// Estimates in the editor: hovering a pool shows its estimated node hours, idle slots and cost,
// and each job gets an inlay hint with its estimated makespan (from `batchspec estimate`'s
// `Estimator`, over the plan the project compiles to; nothing when it has errors).

internal import BatchSpecCore
internal import BatchSpecPlan

extension Analysis {
  /// Projects with more tasks than this get no estimate in the editor: it would hold up the
  /// hover and the hints (`batchspec estimate` has no limit).
  static let estimateTaskLimit = 5_000

  /// The estimate of the project, when it compiles.
  func estimate(of project: ProjectSnapshot) -> (Plan, Estimate)? {
    guard !project.checked.diagnostics.contains(where: { $0.severity == .error }),
      project.checked.jobs.reduce(0, { $0 + $1.instance.children.count }) <= Self.estimateTaskLimit,
      let plan = PlanCompiler.compile(project.checked)
    else { return nil }
    return (plan, Estimator.estimate(plan))
  }

  /// Markdown with a pool's estimated figures, or nil when it runs no job (or nothing compiles).
  func poolEstimate(_ id: String, in project: ProjectSnapshot) -> String? {
    guard let (_, estimate) = estimate(of: project),
      let pool = estimate.pools.first(where: { $0.id.lowercased() == id.lowercased() }),
      estimate.tasks.contains(where: { $0.node.hasPrefix(pool.id + "-node-") })
    else { return nil }
    let onPool = estimate.tasks.filter { $0.node.hasPrefix(pool.id + "-node-") }
    let unknown = onPool.filter { $0.source == .none }.count
    if unknown == onPool.count {
      // Every figure would be 0: say why rather than show them as facts.
      return
        "**Estimate** (`batchspec estimate`): no task on this pool has an `expected_duration` (each is counted as 0), so there is nothing to estimate."
    }
    let hours = FormulaValue.format((pool.nodeHours * 100).rounded() / 100)
    var text =
      "**Estimate** (`batchspec estimate`): busy for \(Self.clock(pool.activeSeconds)) on \(pool.nodes) node\(pool.nodes == 1 ? "" : "s")\(pool.isAutoscaled ? " (autoscaled: 1 assumed)" : ""), \(hours) node hours, \(Int((pool.idleSlotShare * 100).rounded()))% of slot time idle"
    if let cost = pool.cost {
      text += ", \(Self.money(cost, estimate.currency)) at the prices of \(estimate.priceSource)"
    } else if let dedicated = pool.dedicatedCost {
      text += ", \(Self.money(dedicated, estimate.currency)) for the dedicated nodes (no Spot price)"
    }
    if unknown > 0 {
      text +=
        ". \(unknown) task\(unknown == 1 ? " has" : "s have") no `expected_duration` (counted as 0): the figures are a lower bound"
    }
    return text + "."
  }

  /// Hints after each job label in `range`: its estimated makespan.
  func jobEstimateHints(_ statements: [Statement], in range: TextRange, project: ProjectSnapshot) -> [InlayHint] {
    let jobs = statements.compactMap { statement -> Block? in
      guard case .block(let block) = statement, block.kind.text == Schema.Job.schema.kind, let label = block.label,
        range.contains(label.range.end)
      else { return nil }
      return block
    }
    guard !jobs.isEmpty, let (_, estimate) = estimate(of: project) else { return [] }
    return jobs.compactMap { block in
      guard let label = block.label else { return nil }
      let tasks = estimate.tasks.filter { $0.job.lowercased() == label.text.lowercased() }
      guard let end = tasks.map(\.end).max(), let start = tasks.map(\.start).min(), end > 0 else { return nil }
      return InlayHint(
        offset: label.range.end, label: " ≈ \(Self.clock(end - start))",
        tooltip:
          "Estimated: \(tasks.count) tasks from \(Self.clock(start)) to \(Self.clock(end)) after the pool starts (`batchspec estimate`)"
      )
    }
  }
  private static func clock(_ seconds: Double) -> String { Estimate.format(seconds: seconds) }

  private static func money(_ amount: Double, _ currency: String) -> String {
    Estimate.format(money: amount, currency: currency)
  }
}
