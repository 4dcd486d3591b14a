// An autoscale formula evaluated against a load, as the service would: a sample of every metric
// every 30 seconds, an evaluation at the start and then every `interval`, the pool resized to the
// targets at once (a real resize takes minutes: the simulation shows what the formula asks for, not
// how fast nodes arrive). Tasks the load counts as pending run on the slots the pool has.

/// One evaluation of a simulation.
package struct AutoscaleStep: Sendable {
  /// Seconds from the start.
  package var time: Double
  /// The load's metrics at that time, as the latest sample saw them (pending, active, running, cpu).
  package var metrics: [String: Double]
  /// The targets after the evaluation (the previous ones when it failed).
  package var dedicated: Int
  /// The Spot target.
  package var spot: Int
  /// The evaluation's results, as the service writes them.
  package var results: String
  /// Why the evaluation failed, if it did.
  package var error: String?
  /// Targets the pool could not take as written (negative, or more nodes than a pool can have).
  package var notes: [String] = []
  /// The node deallocation option it set.
  package var deallocation: String
}

/// Runs a formula over a load.
package enum AutoscaleSimulation {
  /// Evaluates `program` every `interval` seconds from 0 to `duration` over `load`; the pool's
  /// nodes have `slots` task slots; `start` is the first evaluation's time (seconds since 1970).
  package static func run(
    _ program: FormulaProgram, interval: Double, duration: Double, slots: Int, load: LoadModel, start: Double
  ) -> [AutoscaleStep] {
    var steps: [AutoscaleStep] = []
    var dedicated = 0
    var spot = 0
    var metrics: [String: SampleSeries] = [:]
    var latest: [String: Double] = [:]
    var sampleTime = 0.0
    var evaluation = 0.0
    let period = 30.0
    let slotsPerNode = Double(max(1, slots))
    while evaluation <= duration + 1e-9 {
      // Samples up to this evaluation (taken with the node counts of their time).
      while sampleTime <= evaluation + 1e-9 {
        let capacity = Double(dedicated + spot) * slotsPerNode
        var sample: [String: Double] = [:]
        for (name, _) in LoadModel.metrics {
          guard let value = load.value(name, at: sampleTime) else { continue }
          // Tasks come whole.
          sample[name] =
            LoadModel.taskMetrics.contains(name) ? value.rounded() : value
        }
        if let pending = sample["pending"], sample["running"] == nil, sample["active"] == nil {
          sample["running"] = min(pending, capacity)
          sample["active"] = max(0, pending - capacity)
        } else if sample["pending"] == nil, let active = sample["active"], let running = sample["running"] {
          sample["pending"] = active + running
        }
        sample["nodes"] = Double(dedicated + spot)
        sample["preempted"] = 0
        for (name, value) in sample {
          metrics[name, default: SampleSeries([])].append(time: start + sampleTime, value: value)
        }
        latest = sample
        sampleTime += period
      }
      var environment = FormulaEnvironment(now: start + evaluation)
      environment.samplePeriod = period
      for (name, variable) in LoadModel.metrics + [("nodes", "$SampleNodeCount"), ("preempted", "$PreemptedNodeCount")]
      {
        // Shared, not copied: the environment is gone before the next sample is appended.
        if let series = metrics[name] { environment.metrics[variable] = series }
      }
      environment.numbers = [
        "$CurrentDedicatedNodes": Double(dedicated), "$CurrentLowPriorityNodes": Double(spot),
        "$UsableNodeCount": Double(dedicated + spot), "$TaskSlotsPerNode": slotsPerNode,
      ]
      environment.targetDedicated = Double(dedicated)
      environment.targetLowPriority = Double(spot)
      environment.seed = UInt64(evaluation) &+ 1
      let run = FormulaEvaluator.run(program, in: environment)
      if run.error == nil {
        dedicated = run.targetDedicated ?? dedicated
        spot = run.targetLowPriority ?? spot
      }
      steps.append(
        AutoscaleStep(
          time: evaluation, metrics: latest, dedicated: dedicated, spot: spot,
          results: run.results(environment: environment), error: run.error?.message,
          notes: run.error == nil ? run.targetNotes : [], deallocation: run.deallocation))
      evaluation += max(interval, 1)
    }
    return steps
  }
}
