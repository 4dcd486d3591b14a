// The load an autoscale simulation runs against: metrics over time, from a pattern written on the
// command line (`pending=0@0m,400@30m,0@2h;cpu=80`) or from a recorded CSV file (a `time` column,
// then one column per metric). Values between the points given are interpolated linearly; before
// the first point and after the last, the nearest point holds.

/// Metrics over time.
package struct LoadModel: Sendable, Equatable {
  /// The metrics a load may give, by the names patterns and CSV headers use.
  package static let metrics: [(name: String, variable: String)] = [
    ("pending", "$PendingTasks"), ("active", "$ActiveTasks"), ("running", "$RunningTasks"),
    ("cpu", "$CPUPercent"), ("succeeded", "$SucceededTasks"), ("failed", "$FailedTasks"),
    ("memory", "$MemoryBytes"), ("disk", "$DiskBytes"), ("network_in", "$NetworkInBytes"),
    ("network_out", "$NetworkOutBytes"),
  ]

  /// The metrics that count tasks (which come whole); the others are bytes or a percentage.
  package static let taskMetrics: Set = ["pending", "active", "running", "succeeded", "failed"]

  /// Each metric's points, `(seconds from the start, value)`, by time.
  package var series: [String: [(time: Double, value: Double)]]

  package static func == (a: LoadModel, b: LoadModel) -> Bool {
    a.series.keys.sorted() == b.series.keys.sorted()
      && a.series.allSatisfy { key, points in
        let other = b.series[key] ?? []
        return points.count == other.count
          && zip(points, other).allSatisfy { $0.time == $1.time && $0.value == $1.value }
      }
  }

  /// The metric's value `time` seconds in (nil when the load does not give it).
  package func value(_ metric: String, at time: Double) -> Double? {
    guard let points = series[metric], let first = points.first, let last = points.last else { return nil }
    if time <= first.time { return first.value }
    if time >= last.time { return last.value }
    let after = points.firstIndex { $0.time >= time }!
    let (a, b) = (points[after - 1], points[after])
    if b.time == a.time { return b.value }
    return a.value + (b.value - a.value) * (time - a.time) / (b.time - a.time)
  }

  /// The last time any metric names.
  package var end: Double { series.values.compactMap { $0.last?.time }.max() ?? 0 }

  /// What is wrong with `value` as a value of `metric`, or nil: every metric counts something
  /// (tasks, bytes) or is a percentage.
  static func problem(_ value: Double, of metric: String) -> String? {
    if metric == "cpu" { return (0...100).contains(value) ? nil : "`cpu` is a percentage, from 0 to 100" }
    guard value < 0 else { return nil }
    let counted = taskMetrics.contains(metric) ? "tasks" : "bytes"
    return "`\(metric)` counts \(counted), so it cannot be negative"
  }

  /// The canonical metric name for `name` (`pending`, `PendingTasks` or `$PendingTasks`).
  static func metric(_ name: String) -> String? {
    let key = name.lowercased().trimmingBlanks
    for metric in metrics
    where metric.name == key || metric.variable.lowercased() == key || metric.variable.dropFirst().lowercased() == key {
      return metric.name
    }
    return nil
  }

  /// A load from a pattern: `;`-separated metrics, each `name=value@time,value@time,...` (a value
  /// alone is constant). Times are durations (`0`, `90s`, `30m`, `1h30m`).
  package static func parse(pattern: String) -> Result<LoadModel, LoadError> {
    var series: [String: [(Double, Double)]] = [:]
    for part in pattern.split(separator: ";").map(String.init) where !part.trimmingBlanks.isEmpty {
      let pieces = part.split(separator: "=", maxSplits: 1)
      guard pieces.count == 2, let name = metric(String(pieces[0])) else {
        return .failure(LoadError("`\(part.trimmingBlanks)` is not `metric=values`; metrics: \(metricList)"))
      }
      guard series[name] == nil else {
        return .failure(LoadError("`\(name)` is given twice: give each metric once, its points separated by `,`"))
      }
      var points: [(Double, Double)] = []
      for point in pieces[1].split(separator: ",") {
        let fields = point.split(separator: "@", maxSplits: 1).map { String($0).trimmingBlanks }
        guard let value = Double(fields[0]), value.isFinite else {
          return .failure(LoadError("`\(point)` in `\(name)`: write `value@time`, such as `400@30m`"))
        }
        if let problem = problem(value, of: name) { return .failure(LoadError("`\(point)`: \(problem)")) }
        var time = points.last?.0 ?? 0
        if fields.count == 2 {
          guard let seconds = duration(fields[1]) else {
            return .failure(LoadError("`\(fields[1])` is not a time: write `0`, `90s`, `30m` or `1h30m`"))
          }
          time = seconds
        }
        if let previous = points.last?.0, time < previous {
          return .failure(LoadError("`\(name)`'s times go back at `\(point)`: list points in time order"))
        }
        points.append((time, value))
      }
      guard !points.isEmpty else { return .failure(LoadError("`\(name)` has no values")) }
      series[name] = points
    }
    guard !series.isEmpty else { return .failure(LoadError("the load names no metric; metrics: \(metricList)")) }
    return .success(LoadModel(series: series))
  }

  /// A load from a CSV file: a header with `time` and metric columns, then one row per time.
  /// Times are seconds or durations (`90s`, `5m`); empty cells are skipped.
  package static func parse(csv text: String) -> Result<LoadModel, LoadError> {
    let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).map(String.init)
      .filter { !$0.trimmingBlanks.isEmpty && !$0.hasPrefix("#") }
    guard let header = lines.first else { return .failure(LoadError("the file is empty")) }
    let columns = header.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingBlanks }
    guard let timeColumn = columns.firstIndex(where: { $0.lowercased() == "time" }) else {
      return .failure(LoadError("line 1: the header has no `time` column"))
    }
    var metricColumns: [(Int, String)] = []
    for (index, column) in columns.enumerated() where index != timeColumn {
      guard let name = metric(column) else {
        return .failure(LoadError("line 1: `\(column)` is not a metric; metrics: \(metricList)"))
      }
      if let twice = metricColumns.first(where: { $0.1 == name }) {
        return .failure(
          LoadError("line 1: `\(column)` and `\(columns[twice.0])` are both `\(name)`: give each metric one column"))
      }
      metricColumns.append((index, name))
    }
    var series: [String: [(Double, Double)]] = [:]
    var lastTime = -Double.infinity
    for (number, line) in lines.enumerated().dropFirst() {
      let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingBlanks }
      guard cells.count == columns.count else {
        return .failure(LoadError("line \(number + 1): \(cells.count) cells where the header has \(columns.count)"))
      }
      guard let time = duration(cells[timeColumn]), time >= lastTime else {
        return .failure(LoadError("line \(number + 1): `\(cells[timeColumn])` is not a time after the previous row's"))
      }
      lastTime = time
      for (index, name) in metricColumns where !cells[index].isEmpty {
        guard let value = Double(cells[index]), value.isFinite else {
          return .failure(LoadError("line \(number + 1): `\(cells[index])` in `\(columns[index])` is not a number"))
        }
        if let problem = problem(value, of: name) {
          return .failure(LoadError("line \(number + 1): `\(cells[index])`: \(problem)"))
        }
        series[name, default: []].append((time, value))
      }
    }
    guard !series.isEmpty else { return .failure(LoadError("the file has no rows")) }
    return .success(LoadModel(series: series))
  }

  /// Seconds of `0`, `90` (seconds), `90s`, `30m`, `2h`, `1h30m`, `1d`, or nil.
  package static func duration(_ text: String) -> Double? {
    if let seconds = Double(text), seconds >= 0 { return seconds }
    let bytes = Array(text.utf8)
    guard let total = DurationSyntax.milliseconds(bytes, TextRange(0, bytes.count)) else { return nil }
    return Double(total) / 1_000
  }

  private static var metricList: String { metrics.map { "`\($0.name)`" }.joined(separator: ", ") }
}

/// A load that cannot be read, and why.
package struct LoadError: Error, Sendable {
  /// What is wrong.
  package var message: String
  init(_ message: String) { self.message = message }
}
