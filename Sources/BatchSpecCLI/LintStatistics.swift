// `lint --statistics`: how many findings of each code, most frequent first.

import BatchSpecCore

/// Counts findings per code.
enum LintStatistics {
  /// The counts as a table (human, concise) or JSON.
  static func render(_ groups: [ReportGroup], format: String) -> String {
    var counts: [String: (code: DiagnosticCode, count: Int, fixable: Int)] = [:]
    for diagnostic in groups.allDiagnostics {
      let fixable = diagnostic.fixIts.contains(where: \.isSafe) ? 1 : 0
      let entry = counts[diagnostic.code.rawValue] ?? (diagnostic.code, 0, 0)
      counts[diagnostic.code.rawValue] = (entry.code, entry.count + 1, entry.fixable + fixable)
    }
    let rows = counts.values.sorted { ($1.count, $0.code.rawValue) < ($0.count, $1.code.rawValue) }
    if format == "json" {
      let items = rows.map { row in
        JSON.object([
          ("code", .string(row.code.rawValue)), ("name", .string(row.code.name)), ("count", .integer(row.count)),
          ("fixable", .integer(row.fixable)),
        ])
      }
      return JSON.object([("statistics", .array(items))]).serialized() + "\n"
    }
    let width = String(rows.first?.count ?? 0).count
    var out = ""
    for row in rows {
      let count = String(row.count)
      let fixable = row.fixable > 0 ? " (\(row.fixable) fixable)" : ""
      out += String(repeating: " ", count: width - count.count) + count
      out += "  \(row.code.rawValue)  \(row.code.name)\(fixable)\n"
    }
    return out + DiagnosticOutput.summary(groups) + "\n"
  }
}
