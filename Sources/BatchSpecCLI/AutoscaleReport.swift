// What `batchspec autoscale` prints: a table of the evaluations, a chart of the nodes asked for
// against the nodes the pending tasks need, or CSV.

import BatchSpecCore
import FoundationEssentials

/// Renders an autoscale simulation.
enum AutoscaleReport {
  /// `1h05m`, `0m`: a step's time from the start.
  static func clock(_ seconds: Double) -> String {
    let minutes = Int((seconds / 60).rounded())
    if minutes < 60 { return "\(minutes)m" }
    let rest = minutes % 60
    return "\(minutes / 60)h" + (rest == 0 ? "" : (rest < 10 ? "0\(rest)m" : "\(rest)m"))
  }

  /// The metric columns to show: those the steps have, in the load's order.
  private static func columns(_ steps: [AutoscaleStep]) -> [String] {
    LoadModel.metrics.map(\.name).filter { name in steps.contains { $0.metrics[name] != nil } }
  }

  /// A metric's value: tasks whole (`6666666666666666800000000000` rather than `6.7e+29`), the
  /// others to a tenth.
  private static func number(_ value: Double?, metric: String) -> String {
    guard let value else { return "-" }
    if LoadModel.taskMetrics.contains(metric) { return whole(value.rounded()) }
    return FormulaValue.format(abs(value) < 1e15 ? (value * 10).rounded() / 10 : value)
  }

  /// The exact decimal digits of a whole, finite, non-negative number (a load's values are).
  static func whole(_ n: Double) -> String {
    guard n.isFinite, n >= 0, n == n.rounded() else { return FormulaValue.format(n) }
    if n < 9.2e18 { return String(UInt64(n)) }
    // n = significand · 2^k with a 53-bit significand: its digits, least significant first, doubled k times.
    let k = Int(n.exponent) - 52
    var digits = Array(String(UInt64(n.significandBitPattern | (1 << 52))).utf8.reversed().map { Int($0 - 0x30) })
    for _ in 0..<k {
      var carry = 0
      for index in digits.indices {
        let doubled = digits[index] * 2 + carry
        digits[index] = doubled % 10
        carry = doubled / 10
      }
      if carry > 0 { digits.append(carry) }
    }
    return String(digits.reversed().map { Character(String($0)) })
  }

  /// The table: a header naming the pool, the interval and the load, then one row per evaluation.
  static func table(
    _ steps: [AutoscaleStep], pool: String, interval: Double, start: Double, slots: Int, load: String
  ) -> String {
    let metrics = columns(steps)
    var out =
      "pool `\(pool)`: formula every \(clock(interval)), \(steps.count) evaluations from \(FormulaTime.iso(start)), \(slots) task slot\(slots == 1 ? "" : "s") per node\n"
    out += "load: \(load)\n\n"
    let header = ["time"] + metrics + ["dedicated", "spot", "note"]
    var rows: [[String]] = []
    var previous: (Int, Int)?
    for step in steps {
      var note = step.error.map { "evaluation failed: \($0)" } ?? ""
      if note.isEmpty, let (d, s) = previous, d != step.dedicated || s != step.spot {
        note = "resize \(d + s) → \(step.dedicated + step.spot)"
      }
      note = ([note] + step.notes).filter { !$0.isEmpty }.joined(separator: "; ")
      previous = (step.dedicated, step.spot)
      rows.append(
        [clock(step.time)] + metrics.map { number(step.metrics[$0], metric: $0) } + [
          String(step.dedicated), String(step.spot), note,
        ])
    }
    let widths = header.indices.map { column in
      column == header.count - 1 ? 0 : ([header] + rows).map { $0[column].count }.max() ?? 0
    }
    for row in [header] + rows {
      var line = ""
      for (column, cell) in row.enumerated() {
        if column == row.count - 1 {
          line += cell
        } else if column == 0 {
          line += cell + String(repeating: " ", count: widths[column] - cell.count) + "  "
        } else {
          line += String(repeating: " ", count: widths[column] - cell.count) + cell + "  "
        }
      }
      while line.hasSuffix(" ") { line.removeLast() }
      out += line + "\n"
    }
    return out
  }

  /// A chart of the nodes asked for (dedicated `█`, Spot `▒`) and the nodes the pending tasks
  /// need (`•`, pending ÷ slots per node), one column per evaluation (at most 72).
  static func chart(_ steps: [AutoscaleStep], slots: Int, height: Int = 8) -> String {
    guard !steps.isEmpty else { return "" }
    let stride = max(1, (steps.count + 71) / 72)
    let shown = Swift.stride(from: 0, to: steps.count, by: stride).map { steps[$0] }
    let need = shown.map { step in step.metrics["pending"].map { ($0 / Double(max(1, slots))).rounded(.up) } }
    let top = max(1, shown.map { Double($0.dedicated + $0.spot) }.max() ?? 0, need.compactMap { $0 }.max() ?? 0)
    let label = FormulaValue.format(top)
    let margin = max(label.count, 1)
    var out = ""
    for row in (1...height).reversed() {
      let upper = top * Double(row) / Double(height)
      let lower = top * Double(row - 1) / Double(height)
      var line = (row == height ? label : (row == 1 ? "0" : "")).leftPadded(to: margin) + " ┤"
      for (index, step) in shown.enumerated() {
        let nodes = Double(step.dedicated + step.spot)
        let middle = (upper + lower) / 2
        if Double(step.dedicated) >= middle {
          line += "█"
        } else if nodes >= middle {
          line += "▒"
        } else if let needed = need[index], needed > lower, needed <= upper || (row == height && needed > upper) {
          line += "•"
        } else {
          line += " "
        }
      }
      out += line + "\n"
    }
    let axis = String(repeating: " ", count: margin) + " └" + String(repeating: "─", count: shown.count)
    out += axis + "\n"
    let first = clock(shown.first!.time)
    let last = clock(shown.last!.time)
    let gap = max(1, shown.count - first.count - last.count + 2)
    out += String(repeating: " ", count: margin + 2) + first + String(repeating: " ", count: gap) + last + "\n"
    out += "█ dedicated  ▒ spot  • nodes the pending tasks need (pending ÷ \(slots) slot\(slots == 1 ? "" : "s"))"
    out += stride > 1 ? "; one column per \(stride) evaluations\n" : "\n"
    return out
  }

  /// CSV: `time_seconds`, the metrics, the targets, the results the service would print, the error.
  static func csv(_ steps: [AutoscaleStep]) -> String {
    let metrics = columns(steps)
    var out =
      (["time_seconds"] + metrics + ["dedicated", "spot", "deallocation", "results", "error"]).joined(separator: ",")
      + "\n"
    for step in steps {
      let cells =
        [FormulaValue.format(step.time)] + metrics.map { number(step.metrics[$0], metric: $0) } + [
          String(step.dedicated), String(step.spot), step.deallocation, quoted(step.results), quoted(step.error ?? ""),
        ]
      out += cells.joined(separator: ",") + "\n"
    }
    return out
  }

  private static func quoted(_ text: String) -> String {
    text.contains(",") || text.contains("\"") ? "\"" + text.replacing("\"", with: "\"\"") + "\"" : text
  }
}

extension String {
  /// The string with spaces before it up to `width` characters.
  func leftPadded(to width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
