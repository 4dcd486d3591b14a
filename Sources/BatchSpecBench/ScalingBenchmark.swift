// The scaling benchmark: the checker and every validation rule of `RuleRegistry`, timed on
// generated projects that grow one dimension at a time (pools, jobs, tasks, storage accounts,
// accounts, params, dependencies) and all together, from 1,000 to 8,000. It fails (exit 1) when a
// time grows faster than n log n. Run in release mode:
//
//     swift run -c release batchspec-bench scaling [--sizes 1000,2000,4000,8000] [--runs 5]
//         [--tolerance 1.5] [--dimension NAME] [--rules]
//
// Times are thread CPU time, best of `--runs`, so other load on the machine moves them little. A
// time passes at size s when t(s) ≤ tolerance × (s log s)/(s₀ log s₀) × t(s₀) + 1 ms, where s₀ is
// the smallest size: the millisecond absorbs the noise of times too small to measure, and a
// quadratic rule is far past it (64× from 1,000 to 8,000, against 10.4× for n log n). A row that
// fails at one size is not timed at larger ones.

import BatchSpecCore
import Foundation

enum ScalingBenchmark {
  struct Options {
    var sizes = [1000, 2000, 4000, 8000]
    var runs = 5
    var tolerance = 1.5
    var dimension: String?
    var everyRule = false
  }

  /// One measured row: a rule (or the checker) in one dimension, a time per size.
  struct Row {
    var name: String
    var seconds: [Double?]
    var failedAt: Int?
  }

  static func run(arguments: [String]) -> Int32 {
    guard let options = parse(arguments) else {
      print(
        "usage: batchspec-bench scaling [--sizes 1000,2000,4000,8000] [--runs 5] [--tolerance 1.5] [--dimension NAME] [--rules]"
      )
      return 2
    }
    let dimensions = ScalingDimension.all.filter { options.dimension == nil || $0.name == options.dimension }
    guard !dimensions.isEmpty else {
      print(
        "error: no dimension `\(options.dimension ?? "")`: \(ScalingDimension.all.map(\.name).joined(separator: ", "))")
      return 2
    }
    let first = options.sizes[0]
    let last = options.sizes[options.sizes.count - 1]
    print(
      "scaling: sizes \(options.sizes.map(String.init).joined(separator: ", ")); best of \(options.runs) runs of thread CPU time; a time may grow \(format(options.tolerance))× n log n (\(format(bound(last, from: first, options)))× from \(first) to \(last)) plus 1 ms"
    )
    var summary: [String] = []
    var failures: [String] = []
    for dimension in dimensions {
      let rows = measure(dimension, options)
      let failed = rows.filter { $0.failedAt != nil }
      for row in failed {
        let size = options.sizes[row.failedAt!]
        failures.append(
          "\(dimension.name): \(row.name) grows faster than n log n: \(times(row)) (at \(size), more than \(format(bound(size, from: first, options)))× its time at \(first) plus 1 ms)"
        )
      }
      if options.everyRule {
        print("\n\(dimension.name):")
        for row in rows { print("  \(row.name.padding(toLength: 44, withPad: " ", startingAt: 0)) \(times(row))") }
      }
      summary.append(summaryLine(dimension, rows, options))
    }
    print(
      "\n| dimension (\(first) → \(last)) | check, ms | ratio | all rules, ms | ratio | fastest-growing rule | ratio |")
    print("|---|---|---|---|---|---|---|")
    for line in summary { print(line) }
    if failures.isEmpty {
      print("\nevery rule and the checker grow no faster than n log n")
      return 0
    }
    print("")
    for failure in failures { print("FAIL \(failure)") }
    return 1
  }

  /// Times the checker, the project facts and every rule at each size of `dimension`.
  ///
  /// Every size is generated and checked first; then each round times every row once at every
  /// size, so a change of load on the machine touches all sizes alike, and each row keeps its best
  /// round. Before each timed run the caches are flushed: a small project would otherwise stay in
  /// them from one run to the next while a large one cannot, which is not what the rule costs.
  static func measure(_ dimension: ScalingDimension, _ options: Options) -> [Row] {
    let names = ["check", "facts"] + RuleRegistry.all.map { "\($0.code.rawValue) \($0.name)" }
    let projects = options.sizes.map { Project(files: dimension.counts($0).files()) }
    let contexts = projects.map { project in
      let checked = Checker.check(project).project
      if let problem = checked.diagnostics.first(where: { $0.severity == .error }) {
        print("warning: the \(dimension.name) project has errors, so rules see less of it: \(problem.message)")
      }
      return ValidationContext(project: checked, configuration: ValidationConfiguration())
    }
    var best = Array(repeating: Array(repeating: Double.infinity, count: options.sizes.count), count: names.count)
    // A row over its bound and slower than a quarter second in the first round is not timed at
    // larger sizes (a quadratic rule would take minutes there): it has failed.
    var capped = Array(repeating: Int?.none, count: names.count)
    var flusher = CacheFlusher()
    for round in 0..<options.runs {
      // The first round goes up in size; then the order alternates.
      let order = round % 2 == 0 ? Array(options.sizes.indices) : options.sizes.indices.reversed()
      for index in order {
        let context = contexts[index]
        for row in names.indices where capped[row].map({ index <= $0 }) ?? true {
          flusher.flush()
          let start = threadCPUSeconds()
          switch row {
          case 0: _ = Checker.check(projects[index])
          case 1: _ = ProjectFacts(context.project)
          default:
            var copy = context
            RuleRegistry.all[row - 2].check(&copy)
          }
          best[row][index] = min(best[row][index], threadCPUSeconds() - start)
          if round == 0, index > 0, capped[row] == nil, best[row][index] > 0.25,
            best[row][index] > bound(options.sizes[index], from: options.sizes[0], options) * best[row][0] + 0.001
          {
            capped[row] = index
          }
        }
      }
    }
    return names.indices.map { row in
      let seconds = options.sizes.indices.map { index in best[row][index].isFinite ? best[row][index] : nil }
      let over = options.sizes.indices.dropFirst().first { index in
        best[row][index] > bound(options.sizes[index], from: options.sizes[0], options) * best[row][0] + 0.001
      }
      return Row(name: names[row], seconds: seconds, failedAt: over ?? capped[row])
    }
  }

  /// Evicts the caches by writing a buffer larger than them (64 MB, twice this machine's L3).
  struct CacheFlusher {
    private var buffer = [UInt64](repeating: 0, count: 8 << 20)
    private var pass: UInt64 = 0

    mutating func flush() {
      pass &+= 1
      let value = pass
      buffer.withUnsafeMutableBufferPointer { words in
        // One word per 64-byte line is enough to own the line.
        for index in stride(from: 0, to: words.count, by: 8) { words[index] = value }
      }
    }
  }

  /// How many times its time at `base` a time at `size` may take: `tolerance` × n log n.
  static func bound(_ size: Int, from base: Int, _ options: Options) -> Double {
    let n = Double(size)
    let b = Double(base)
    return options.tolerance * (n * log(n)) / (b * log(b))
  }

  static func summaryLine(_ dimension: ScalingDimension, _ rows: [Row], _ options: Options) -> String {
    func ratio(_ row: Row) -> Double? {
      guard let first = row.seconds.first ?? nil, let last = row.seconds.last ?? nil, row.failedAt == nil else {
        return nil
      }
      return last / max(first, 1e-9)
    }
    let check = rows[0]
    let rules = rows.dropFirst(2)
    let total = { (index: Int) -> Double? in
      rules.reduce(Double?(0)) { sum, row in
        guard let sum, index < row.seconds.count, let value = row.seconds[index] else { return nil }
        return sum + value
      }
    }
    let firstTotal = total(0)
    let lastTotal = total(options.sizes.count - 1)
    // The rule whose time grew most, among those that take long enough to measure (0.2 ms at the end).
    let measurable = rules.filter { ($0.seconds.last ?? nil).map { $0 >= 0.0002 } ?? true }
    let steepest = measurable.max { (ratio($0) ?? .infinity) < (ratio($1) ?? .infinity) }
    let failed = rows.contains { $0.failedAt != nil }
    let steepestRatio = steepest.map { ratio($0).map { format($0) + "×" } ?? "FAIL" } ?? "–"
    return
      "| \(dimension.name) | \(millis(check.seconds.first ?? nil)) → \(millis(check.seconds.last ?? nil)) | \(ratio(check).map { format($0) + "×" } ?? "FAIL") | \(millis(firstTotal)) → \(millis(lastTotal)) | \(firstTotal.flatMap { f in lastTotal.map { format($0 / max(f, 1e-9)) + "×" } } ?? (failed ? "FAIL" : "–")) | \(steepest?.name ?? "–") | \(steepestRatio) |"
  }

  static func times(_ row: Row) -> String {
    row.seconds.map { millis($0) }.joined(separator: "  ") + (row.failedAt != nil ? "  FAIL" : "")
  }

  static func millis(_ seconds: Double?) -> String {
    guard let seconds else { return "–" }
    return seconds >= 0.1 ? String(format: "%.0f", seconds * 1000) : String(format: "%.2f", seconds * 1000)
  }

  static func format(_ value: Double) -> String { String(format: "%.1f", value) }

  static func parse(_ arguments: [String]) -> Options? {
    var options = Options()
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      let value = index + 1 < arguments.count ? arguments[index + 1] : nil
      switch argument {
      case "--sizes":
        guard let sizes = value?.split(separator: ",").compactMap({ Int($0) }), sizes.count >= 2,
          sizes.allSatisfy({ $0 >= 2 }), sizes == sizes.sorted()
        else { return nil }
        options.sizes = sizes
        index += 2
      case "--runs":
        guard let runs = value.flatMap({ Int($0) }), runs >= 1 else { return nil }
        options.runs = runs
        index += 2
      case "--tolerance":
        guard let tolerance = value.flatMap({ Double($0) }), tolerance >= 1 else { return nil }
        options.tolerance = tolerance
        index += 2
      case "--dimension":
        guard let value else { return nil }
        options.dimension = value
        index += 2
      case "--rules":
        options.everyRule = true
        index += 1
      default: return nil
      }
    }
    return options
  }
}
