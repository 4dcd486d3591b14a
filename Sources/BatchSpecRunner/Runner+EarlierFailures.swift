// Job preparation and release tasks that failed in an earlier run: the run that failed said "run
// the same command again to retry", so the next one runs them again on the nodes where they
// failed, even when every task of the job is already done (as a failed start task is retried).

import BatchSpecPlan

extension Runner {
  /// Reads from the journal where `job`'s preparation and release tasks failed last, for those the
  /// plan still has; notes the retry. Whether there is any to retry (its pool is then brought up).
  func retriesEarlierFailures(_ job: JobRun) -> Bool {
    // Only nodes this run has: a pool made smaller (or `--max-nodes`) leaves the others' failures.
    let pool = plan.pools[job.pool]
    let nodes = Set((1...localNodeCount(pool).run).map { "\(pool.id)-node-\($0)" })
    func failedNodes(_ keys: Set<String>) -> Set<String> {
      Set(
        keys.filter { $0.hasPrefix(job.id + "/") }.map { String($0.dropFirst(job.id.count + 1)) }.filter(
          nodes.contains))
    }
    if job.plan.preparationTask != nil { job.earlierFailedPreparations = failedNodes(previous.failedPreparations) }
    if job.plan.releaseTask != nil { job.earlierFailedReleases = failedNodes(previous.failedReleases) }
    for (what, nodes) in [("preparation", job.earlierFailedPreparations), ("release", job.earlierFailedReleases)]
    where !nodes.isEmpty {
      notes.append(
        "retrying the job \(what) task of `\(job.id)`, which failed on \(nodes.sorted().joined(separator: ", ")) "
          + "in an earlier run")
    }
    return !job.earlierFailedPreparations.isEmpty || !job.earlierFailedReleases.isEmpty
  }

  /// Before `job` is released, runs its preparation again where it failed in an earlier run and
  /// has not run in this one (unless the job was terminated). Whether the job's end must wait: a
  /// node concerned still runs the start task it waits for.
  func retryEarlierPreparations(_ job: JobRun) -> Bool {
    guard !job.earlierFailedPreparations.isEmpty || !job.earlierFailedReleases.isEmpty else { return false }
    var waits = false
    for index in poolNodes[job.pool] {
      let node = nodes[index]
      let preparationFailed = job.earlierFailedPreparations.contains(node.id)
      guard preparationFailed || job.earlierFailedReleases.contains(node.id) else { continue }
      guard node.isUsable else {
        if node.start == .running { waits = true }
        continue
      }
      if preparationFailed, job.status == .active, let preparation = job.plan.preparationTask,
        (node.preparation[job.index] ?? .notRun) == .notRun
      {
        startPreparation(job, preparation, on: index)
      }
    }
    return waits
  }

  /// Whether the release of `job` runs on `node` because it failed there in an earlier run: the
  /// node is usable and the job's preparation did not run there in this run (where it did, the
  /// usual rule decides).
  func retriesRelease(_ job: JobRun, on node: Node) -> Bool {
    job.earlierFailedReleases.contains(node.id) && node.isUsable
      && (node.preparation[job.index] ?? .notRun) == .notRun
  }
}
