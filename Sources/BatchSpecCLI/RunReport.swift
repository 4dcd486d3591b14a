// `batchspec run --report FILE.html`: one self-contained HTML page (inline CSS and SVG, no script,
// nothing fetched) with a timeline of every task on its node and slot, retries and failures marked,
// each task's exit code, duration and logs, the critical path, and the estimate beside what happened
// when the tasks have an `expected_duration`.

import BatchSpecCore
import BatchSpecPlan
import FoundationEssentials

/// Builds the run report.
enum RunReport {
  /// One task as the report shows it.
  struct Row {
    var job: String
    var task: String
    var node: String
    var lane: Int
    var start: Double?
    var end: Double?
    var attempts: Int
    var state: String
    var exitCode: Int?
    var message: String?
    var stdout: String?
    /// Whether the task ran on a node (so its logs are linked, or said to be empty).
    var ran = false
    var stderr: String?
    var expected: Double?
    var estimatedStart: Double?
    var isCritical: Bool
  }

  /// The page for a run of `plan` whose events are `events`, written to `reportPath`; `workDirectory`
  /// holds the nodes' directories (for the links to each task's logs).
  static func html(plan: Plan, events: RunEvents, workDirectory: String, reportPath: String, name: String) -> String {
    // The critical path by what the tasks took.
    var measured = EstimateOptions()
    measured.measured = events
    let actual = Estimator.estimate(plan, options: measured)
    let critical = Set(actual.criticalPath.map { $0.job + "/" + $0.task })
    // The estimate from `expected_duration`, when some task has one.
    let hasExpected = plan.jobs.contains { $0.tasks.contains { $0.expectedDurationMs != nil } }
    let estimate = hasExpected ? Estimator.estimate(plan) : nil
    let reportDirectory = URL(fileURLWithPath: reportPath).standardizedFileURL.deletingLastPathComponent()
    var rows: [Row] = []
    for job in plan.jobs {
      for task in job.tasks {
        let record = events.task(job.id, task.id)
        var row = Row(
          // A task that failed before it started (an input missing) is marked where it failed.
          // One that never reached a node (no node was usable) has no place on the timeline.
          job: job.id, task: task.id, node: record?.node ?? "", lane: 0,
          start: record?.start ?? (record?.state == "failed" && record?.node != nil ? record?.end : nil),
          end: record?.end,
          attempts: record?.attempts ?? 0, state: record?.state ?? "not run", exitCode: record?.exitCode,
          message: record?.message, expected: task.expectedDurationMs.map { Double($0) / 1_000 },
          estimatedStart: estimate?.tasks.first { $0.job == job.id && $0.task == task.id }?.start,
          isCritical: critical.contains(job.id + "/" + task.id))
        if let node = record?.node, let (pool, n) = Self.node(node, plan: plan) {
          let directory = "\(workDirectory)/nodes/\(pool)/node-\(n)/workitems/\(job.id)/job-1/\(task.id)"
          // A succeeded task's empty logs are removed (as Batch's layout allows): no link to nothing.
          let exists = { FileManager.default.fileExists(atPath: directory + "/" + $0) }
          row.stdout = exists("stdout.txt") ? Self.relative(directory + "/stdout.txt", from: reportDirectory) : nil
          row.stderr = exists("stderr.txt") ? Self.relative(directory + "/stderr.txt", from: reportDirectory) : nil
          row.ran = true
        }
        rows.append(row)
      }
    }
    // Lanes: each node's tasks (and its start, preparation and release tasks) in the first slot
    // free when they start.
    var lanesOfNode: [String: [Double]] = [:]
    func lane(node: String, start: Double, end: Double?) -> Int {
      var lanes = lanesOfNode[node] ?? []
      defer { lanesOfNode[node] = lanes }
      if let free = lanes.firstIndex(where: { $0 <= start + 1e-9 }) {
        lanes[free] = end ?? start
        return free
      }
      lanes.append(end ?? start)
      return lanes.count - 1
    }
    var nodeRows = events.nodeTasks.map { (task: $0, lane: 0) }
    let starts =
      rows.indices.compactMap { i in rows[i].start.map { (start: $0, row: i, node: -1) } }
      + nodeRows.indices.map { (start: nodeRows[$0].task.start, row: -1, node: $0) }
    for item in starts.sorted(by: { $0.start < $1.start }) {
      if item.row >= 0 {
        rows[item.row].lane = lane(node: rows[item.row].node, start: item.start, end: rows[item.row].end)
      } else {
        let task = nodeRows[item.node].task
        nodeRows[item.node].lane = lane(node: task.node, start: task.start, end: task.end)
      }
    }
    let makespan = events.end ?? rows.compactMap(\.end).max() ?? 0
    var html = """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8">
      <title>batchspec run of \(escape(name))</title>
      <style>\(style)</style></head><body>
      <h1>Run of <code>\(escape(name))</code></h1>

      """
    // The console's categories: a task that succeeded before the last run began was already done;
    // one stopped while it ran was interrupted; one blocked by a dependency, skipped by its job's
    // end or never started did not run.
    let lastRun = events.lastRunStart ?? 0
    let done = rows.filter { $0.state == "succeeded" && ($0.end ?? lastRun) < lastRun }.count
    let succeeded = rows.filter { $0.state == "succeeded" }.count - done
    let failed = rows.filter { $0.state == "failed" }.count
    let interrupted = rows.filter { $0.state == "interrupted" }.count
    let notRun = rows.count - succeeded - done - failed - interrupted
    let retried = rows.filter { $0.attempts > 1 }.count
    let nodeFailures = nodeRows.map(\.task).filter { $0.state == "failed" }
    html +=
      "<p class=\"summary\"><span id=\"makespan\" data-seconds=\"\(number(makespan))\">\(duration(makespan))</span> for "
    html += "\(rows.count) task\(rows.count == 1 ? "" : "s"): \(succeeded) succeeded"
    html += done > 0 ? ", \(done) already done" : ""
    html += failed > 0 ? ", <span class=\"bad\">\(failed) failed</span>" : ""
    html += interrupted > 0 ? ", <span class=\"bad\">\(interrupted) interrupted</span>" : ""
    html += notRun > 0 ? ", <span class=\"bad\">\(notRun) not run</span>" : ""
    html += retried > 0 ? ", \(retried) retried" : ""
    for failure in nodeFailures {
      let what = failure.kind == "start task" ? "the start task" : "the job \(failure.kind) task of `\(failure.job)`"
      html += "; <span class=\"bad\">\(escape(what)) failed on \(escape(failure.node))</span>"
    }
    html += events.startedAt.map { " (started \(escape($0)))" } ?? ""
    html += ".</p>\n"
    if let estimate, makespan > 0 {
      let difference = makespan > 0 ? (estimate.makespan - makespan) / makespan : 0
      html +=
        "<p class=\"estimate\">Estimated from <code>expected_duration</code>: <span id=\"estimated-makespan\" data-seconds=\"\(number(estimate.makespan))\">\(duration(estimate.makespan))</span> (\(difference >= 0 ? "+" : "")\(Int((difference * 100).rounded()))% of what happened).</p>\n"
    }
    if !actual.criticalPath.isEmpty {
      html += "<p class=\"critical-path\">Critical path (\(duration(actual.criticalLength))): "
      html += actual.criticalPath.map { "<code>\(escape($0.task))</code>" }.joined(separator: " → ") + "</p>\n"
    }
    html += timeline(rows, nodeRows, lanesOfNode: lanesOfNode, makespan: max(makespan, 0.001))
    html += table(rows, hasExpected: hasExpected)
    html += nodeTable(nodeRows.map(\.task))
    html +=
      "<footer>Written by batchspec \(BatchSpecCommand.version). Times are seconds since the run started.</footer>\n</body></html>\n"
    return html
  }

  // MARK: Parts

  private static func timeline(
    _ rows: [Row], _ nodeRows: [(task: RunEvents.NodeTask, lane: Int)], lanesOfNode: [String: [Double]],
    makespan: Double
  ) -> String {
    let nodes = lanesOfNode.keys.sorted { a, b in
      // `pool-node-2` before `pool-node-10`.
      let (pa, na) = (a.split(separator: "-").last.flatMap { Int($0) } ?? 0, a)
      let (pb, nb) = (b.split(separator: "-").last.flatMap { Int($0) } ?? 0, b)
      return na.dropLast(String(pa).count) == nb.dropLast(String(pb).count) ? pa < pb : na < nb
    }
    let laneHeight = 18.0
    let labelWidth = 170.0
    let width = 1_000.0
    var y = 24.0
    var laneTop: [String: Double] = [:]
    for node in nodes {
      laneTop[node] = y
      y += Double(max(lanesOfNode[node]?.count ?? 1, 1)) * laneHeight + 8
    }
    var svg =
      "<svg id=\"timeline\" viewBox=\"0 0 \(number(labelWidth + width + 10)) \(number(y + 4))\" role=\"img\" aria-label=\"timeline of the tasks by node and slot\">\n"
    for tick in 0...4 {
      let x = labelWidth + width * Double(tick) / 4
      svg += "<line class=\"tick\" x1=\"\(number(x))\" y1=\"14\" x2=\"\(number(x))\" y2=\"\(number(y))\"/>"
      let anchor = tick == 0 ? "start" : (tick == 4 ? "end" : "middle")
      svg +=
        "<text class=\"axis\" x=\"\(number(x))\" y=\"10\" text-anchor=\"\(anchor)\">\(duration(makespan * Double(tick) / 4))</text>\n"
    }
    for node in nodes {
      let top = laneTop[node]!
      let lanes = max(lanesOfNode[node]?.count ?? 1, 1)
      svg += "<text class=\"node\" x=\"4\" y=\"\(number(top + 13))\">\(escape(node))</text>"
      svg +=
        "<rect class=\"lane\" x=\"\(number(labelWidth))\" y=\"\(number(top))\" width=\"\(number(width))\" height=\"\(number(Double(lanes) * laneHeight))\"/>\n"
    }
    for row in rows {
      guard let start = row.start, let top = laneTop[row.node] else { continue }
      let end = row.end ?? start
      let x = labelWidth + width * start / makespan
      let w = max(1.5, width * (end - start) / makespan)
      var classes = ["bar", row.state.replacingAll(" ", "-")]
      if row.attempts > 1 { classes.append("retried") }
      if row.isCritical { classes.append("critical") }
      let tip =
        "\(row.job)/\(row.task) on \(row.node), slot \(row.lane + 1): \(duration(end - start)), \(row.state)"
        + (row.exitCode.map { ", exit code \($0)" } ?? "") + (row.attempts > 1 ? ", \(row.attempts) attempts" : "")
      svg += "<g class=\"\(classes.joined(separator: " "))\" data-task=\"\(escape(row.job + "/" + row.task))\">"
      svg +=
        "<rect x=\"\(number(x))\" y=\"\(number(top + Double(row.lane) * 18 + 2))\" width=\"\(number(w))\" height=\"14\" rx=\"2\"><title>\(escape(tip))</title></rect></g>\n"
    }
    for (task, lane) in nodeRows {
      guard let top = laneTop[task.node] else { continue }
      let end = task.end ?? task.start
      let x = labelWidth + width * task.start / makespan
      let w = max(1.5, width * (end - task.start) / makespan)
      let state = task.state ?? "not finished"
      let name = task.kind == "start task" ? "start task" : "job \(task.kind) task of \(task.job)"
      let tip =
        "\(name) on \(task.node): \(duration(end - task.start)), \(state)"
        + (task.exitCode.map { ", exit code \($0)" } ?? "")
      let kind = task.kind.replacingAll(" ", "-")
      svg +=
        "<g class=\"node-task \(kind) \(state.replacingAll(" ", "-"))\" data-node-task=\"\(escape(kind + "/" + task.node))\">"
      svg +=
        "<rect x=\"\(number(x))\" y=\"\(number(top + Double(lane) * 18 + 2))\" width=\"\(number(w))\" height=\"14\" rx=\"2\"><title>\(escape(tip))</title></rect></g>\n"
    }
    return
      "<h2>Timeline</h2>\n<div class=\"legend\"><span class=\"key succeeded\"></span>succeeded <span class=\"key failed\"></span>failed <span class=\"key retried\"></span>retried <span class=\"key critical\"></span>on the critical path <span class=\"key node-task\"></span>start, preparation or release task</div>\n"
      + svg + "</svg>\n"
  }

  private static func table(_ rows: [Row], hasExpected: Bool) -> String {
    var html =
      "<h2>Tasks</h2>\n<table id=\"tasks\"><thead><tr><th>job</th><th>task</th><th>node</th><th>slot</th><th>start</th><th>duration</th>"
    if hasExpected { html += "<th>expected</th><th>estimated start</th>" }
    html += "<th>attempts</th><th>state</th><th>exit code</th><th>logs</th></tr></thead><tbody>\n"
    for row in rows {
      var classes = [row.state.replacingAll(" ", "-")]
      if row.attempts > 1 { classes.append("retried") }
      if row.isCritical { classes.append("critical") }
      html += "<tr class=\"\(classes.joined(separator: " "))\" data-task=\"\(escape(row.job + "/" + row.task))\">"
      html += "<td>\(escape(row.job))</td><td><code>\(escape(row.task))</code></td><td>\(escape(row.node))</td>"
      html += "<td>\(row.start == nil ? "" : String(row.lane + 1))</td><td>\(row.start.map(number) ?? "")</td>"
      html += "<td>\(row.start.flatMap { start in row.end.map { duration($0 - start) } } ?? "")</td>"
      if hasExpected {
        html += "<td>\(row.expected.map(duration) ?? "")</td><td>\(row.estimatedStart.map(number) ?? "")</td>"
      }
      html +=
        "<td>\(row.attempts)</td><td>\(escape(row.state))\(row.message.map { "<br><small>\(escape($0))</small>" } ?? "")</td>"
      html += "<td>\(row.exitCode.map(String.init) ?? "")</td><td>"
      if row.ran {
        html += [("stdout", row.stdout), ("stderr", row.stderr)].map { name, path in
          path.map { "<a href=\"\(escape($0))\">\(name)</a>" } ?? "<small>no \(name)</small>"
        }.joined(separator: " ")
      }
      html += "</td></tr>\n"
    }
    return html + "</tbody></table>\n"
  }

  /// The start, preparation and release tasks: each node's, with its outcome.
  private static func nodeTable(_ tasks: [RunEvents.NodeTask]) -> String {
    guard !tasks.isEmpty else { return "" }
    var html =
      "<h2>Start, preparation and release tasks</h2>\n<table id=\"node-tasks\"><thead><tr><th>node</th><th>kind</th><th>job</th><th>start</th><th>duration</th><th>state</th><th>exit code</th></tr></thead><tbody>\n"
    for task in tasks {
      let state = task.state ?? "not finished"
      html +=
        "<tr class=\"\(state.replacingAll(" ", "-"))\" data-node-task=\"\(escape(task.kind.replacingAll(" ", "-") + "/" + task.node))\">"
      html += "<td>\(escape(task.node))</td><td>\(escape(task.kind))</td><td>\(escape(task.job))</td>"
      html += "<td>\(number(task.start))</td><td>\(task.end.map { duration($0 - task.start) } ?? "")</td>"
      html +=
        "<td>\(escape(state))\(task.message.map { "<br><small>\(escape($0))</small>" } ?? "")</td><td>\(task.exitCode.map(String.init) ?? "")</td></tr>\n"
    }
    return html + "</tbody></table>\n"
  }

  // MARK: Helpers

  /// The pool and node number of a node ID (`render-pool-node-3`).
  private static func node(_ id: String, plan: Plan) -> (String, Int)? {
    for pool in plan.pools where id.hasPrefix(pool.id + "-node-") {
      if let n = Int(id.dropFirst(pool.id.count + 6)) { return (pool.id, n) }
    }
    return nil
  }

  /// `path` relative to `directory` (`../w/nodes/...`), percent-encoded for an `href`.
  static func relative(_ path: String, from directory: URL) -> String {
    let target = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
    let base = directory.standardizedFileURL.pathComponents
    var common = 0
    while common < min(target.count, base.count) && target[common] == base[common] { common += 1 }
    let parts = Array(repeating: "..", count: base.count - common) + target[common...]
    return parts.map { URIPath.encode($0) }.joined(separator: "/")
  }

  static func escape(_ text: String) -> String {
    text.replacingAll("&", "&amp;").replacingAll("<", "&lt;").replacingAll(">", "&gt;").replacingAll("\"", "&quot;")
  }

  private static func number(_ value: Double) -> String { FormulaValue.format((value * 1_000).rounded() / 1_000) }

  private static func duration(_ seconds: Double) -> String { EstimateReport.duration(seconds) }

  private static let style = """
    body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1d2433; background: #fff; }
    h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
    code { font-family: ui-monospace, monospace; }
    .bad { color: #b3261e; font-weight: 600; }
    svg#timeline { width: 100%; height: auto; border: 1px solid #d0d7e2; background: #fafbfd; }
    .lane { fill: #eef2f8; } .tick { stroke: #d0d7e2; } .axis, .node { font-size: 11px; fill: #4a5568; }
    .bar rect { fill: #2f855a; } .bar.failed rect, .bar.blocked rect { fill: #c53030; }
    .bar.retried rect { stroke: #d69e2e; stroke-width: 2; } .bar.critical rect { fill: #2b6cb0; }
    .bar.failed.critical rect { fill: #c53030; } .bar.interrupted rect { fill: #d69e2e; }
    .node-task rect { fill: #718096; } .node-task.failed rect { fill: #c53030; } .key.node-task { background: #718096; }
    .legend { margin: 6px 0; font-size: 12px; } .key { display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 10px; vertical-align: middle; }
    .key.succeeded { background: #2f855a; } .key.failed { background: #c53030; } .key.retried { border: 2px solid #d69e2e; width: 8px; height: 8px; } .key.critical { background: #2b6cb0; }
    table { border-collapse: collapse; margin-top: 8px; } th, td { padding: 3px 8px; border-bottom: 1px solid #e2e8f0; text-align: left; }
    tr.failed td, tr.blocked td { background: #fff5f5; } tr.interrupted td { background: #fffaf0; } tr.retried td:nth-child(2)::after { content: " ↻"; color: #d69e2e; }
    tr.critical td:nth-child(2) code { color: #2b6cb0; font-weight: 600; }
    footer { margin-top: 24px; font-size: 12px; color: #718096; }
    """
}
