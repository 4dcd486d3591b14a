// Evaluating a formula the way the Batch service does at each autoscale interval: statements in
// order, over the metrics' samples (one every 30 seconds, available to formulas after a delay),
// the pool's current node counts and the time. The result is the targets it sets and every
// variable's value, written as the service writes an autoscale run's results.

/// A value computed by a formula.
package enum FormulaValue: Sendable, Equatable {
  case number(Double)
  case vector([Double])
  /// Seconds since 1970-01-01T00:00:00Z.
  case timestamp(Double)
  /// Seconds.
  case interval(Double)
  case string(String)

  /// The value as an autoscale run's results write it: `10`, `0.5`, `2016-10-13T19:18:47.805Z`.
  package var description: String {
    switch self {
    case .number(let n): FormulaValue.format(n)
    case .vector(let values): "[" + values.map(FormulaValue.format).joined(separator: ",") + "]"
    case .timestamp(let t): FormulaTime.iso(t)
    case .interval(let s): FormulaTime.interval(s)
    case .string(let text): text
    }
  }

  /// A number without a needless fraction: `3`, `0.25`.
  package static func format(_ n: Double) -> String {
    if n.isNaN { return "NaN" }
    if n == n.rounded() && abs(n) < 1e15 { return String(Int64(n)) }
    var text = String(n)
    if text.hasSuffix(".0") { text.removeLast(2) }
    return text
  }
}

/// A metric's history: samples taken every `period` seconds, each available to formulas `delay`
/// seconds after it is taken.
package struct SampleSeries: Sendable {
  /// Sample times (seconds, increasing) and values.
  package private(set) var samples: [(time: Double, value: Double)]

  /// A series of `samples`, sorted by time.
  package init(_ samples: [(time: Double, value: Double)]) {
    self.samples = samples.sorted { $0.time < $1.time }
  }

  /// Adds a sample where its time puts it: at the end, as a simulation's history grows, which is
  /// then never sorted or copied again.
  package mutating func append(time: Double, value: Double) {
    if let last = samples.last, last.time > time {
      samples.insert((time, value), at: index(after: time))
    } else {
      samples.append((time, value))
    }
  }

  /// The index of the first sample taken after `time` (the count when none is): a binary search,
  /// so that a window of a long history is found without reading all of it.
  func index(after time: Double) -> Int { samples.partitioningIndex { $0.time > time } }

  /// The index of the first sample taken at `time` or later.
  func index(from time: Double) -> Int { samples.partitioningIndex { $0.time >= time } }
}

/// What a formula sees when it is evaluated.
package struct FormulaEnvironment: Sendable {
  /// The time of the evaluation, in seconds since 1970.
  package var now: Double
  /// The sample variables' histories (`$PendingTasks`, ...); a variable without one has no samples.
  package var metrics: [String: SampleSeries] = [:]
  /// `$CurrentDedicatedNodes`, `$CurrentLowPriorityNodes`, `$UsableNodeCount`, `$TaskSlotsPerNode`.
  package var numbers: [String: Double] = [:]
  /// The targets before this evaluation: what `$TargetDedicatedNodes` reads before it is set.
  package var targetDedicated: Double = 0
  /// The same for `$TargetLowPriorityNodes`.
  package var targetLowPriority: Double = 0
  /// How often a sample is taken (30 seconds on Batch).
  package var samplePeriod: Double = 30
  /// How long a sample takes to reach formulas (about a minute on Batch).
  package var sampleDelay: Double = 60
  /// The seed of `rand()`, so a simulation is repeatable.
  package var seed: UInt64 = 1

  /// An environment at `now`.
  package init(now: Double) { self.now = now }
}

/// The outcome of one evaluation.
package struct FormulaRun: Sendable {
  /// Every variable the formula set, in the order first set (service variables included).
  package var values: [(name: String, value: FormulaValue)] = []
  /// Why the evaluation failed (the pool then keeps its size), with where in the formula.
  package var error: (message: String, range: TextRange)?
  /// Whether `stop()` ended it.
  package var stopped = false

  /// The value of `name` (old names count for the new: `$TargetDedicated` for `$TargetDedicatedNodes`).
  package func value(_ name: String) -> FormulaValue? {
    for entry in values.reversed() where entry.name == name { return entry.value }
    if let old = FormulaCatalogue.variables.first(where: { $0.replacement == name })?.name {
      for entry in values.reversed() where entry.name == old { return entry.value }
    }
    return nil
  }

  /// The most nodes a target can ask for: a pool's node counts are 32-bit integers in Batch's API.
  package static let largestTarget = Int(Int32.max)

  /// The dedicated target the pool resizes to (nil: unchanged): the value, as a whole number of nodes.
  package var targetDedicated: Int? { Self.nodes(value("$TargetDedicatedNodes")) }
  /// The Spot target.
  package var targetLowPriority: Int? { Self.nodes(value("$TargetLowPriorityNodes")) }

  /// What became of targets that are not a node count as written: a negative one is 0 nodes, one
  /// over `largestTarget` is that many (`$TargetDedicatedNodes = 1e+20 is more nodes than a pool
  /// can have: clamped to 2147483647`).
  package var targetNotes: [String] {
    ["$TargetDedicatedNodes", "$TargetLowPriorityNodes"].compactMap { name in
      guard let n = Self.number(value(name)), n.isFinite else { return nil }
      if n < 0 { return "`\(name)` = \(FormulaValue.format(n)) is negative: 0 nodes" }
      if n >= Double(Self.largestTarget) + 1 {
        return
          "`\(name)` = \(FormulaValue.format(n)) is more nodes than a pool can have: clamped to \(Self.largestTarget)"
      }
      return nil
    }
  }
  /// `$NodeDeallocationOption` (`requeue` unless set).
  package var deallocation: String {
    if case .string(let word)? = value("$NodeDeallocationOption") { return word }
    return "requeue"
  }

  /// The run's results as the service writes them: the targets and the deallocation option, then
  /// the formula's own variables by name: `$TargetDedicatedNodes=3;$TargetLowPriorityNodes=0;...`.
  package func results(environment: FormulaEnvironment) -> String {
    var parts = [
      "$TargetDedicatedNodes=\(FormulaValue.format(Double(targetDedicated ?? Int(environment.targetDedicated))))",
      "$TargetLowPriorityNodes=\(FormulaValue.format(Double(targetLowPriority ?? Int(environment.targetLowPriority))))",
      "$NodeDeallocationOption=\(deallocation)",
    ]
    var own: [String: FormulaValue] = [:]
    for (name, value) in values where FormulaCatalogue.variable(name) == nil { own[name] = value }
    for name in own.keys.sorted(by: { $0.lowercased() < $1.lowercased() }) {
      parts.append("\(name)=\(own[name]!.description)")
    }
    return parts.joined(separator: ";")
  }

  /// A target value as a node count: a number (or a one-value vector), fractions dropped, from 0
  /// to `largestTarget`. (A target that is not finite fails the evaluation: see `FormulaEvaluator`.)
  private static func nodes(_ value: FormulaValue?) -> Int? {
    guard let n = number(value), n.isFinite else { return nil }
    return Int(min(max(0, n.rounded(.down)), Double(largestTarget)))
  }

  /// A target's value as one number: a number or a one-value vector.
  private static func number(_ value: FormulaValue?) -> Double? {
    switch value {
    case .number(let n)?: n
    case .vector(let values)? where values.count == 1: values[0]
    default: nil
    }
  }
}

/// Evaluates parsed formulas.
package struct FormulaEvaluator {
  /// Evaluates `program` in `environment`. A program with syntax errors is not run.
  package static func run(_ program: FormulaProgram, in environment: FormulaEnvironment) -> FormulaRun {
    var evaluator = FormulaEvaluator(environment: environment, random: environment.seed)
    if let issue = program.issues.first {
      evaluator.result.error = ("the formula has a syntax error: \(issue.message)", issue.range)
      return evaluator.result
    }
    do {
      for statement in program.statements {
        switch statement {
        case .assignment(let name, let expr, let range):
          let value = try evaluator.evaluate(expr)
          try evaluator.checkTarget(name.text, value, range)
          evaluator.set(name.text, value)
        case .expression(let expr, _):
          _ = try evaluator.evaluate(expr)
        }
      }
    } catch let failure as Failure {
      if failure.isStop {
        evaluator.result.stopped = true
      } else {
        evaluator.result.error = (failure.message, failure.range)
      }
    } catch {}
    return evaluator.result
  }

  private struct Failure: Error {
    var message: String
    var range: TextRange
    var isStop = false
  }

  private let environment: FormulaEnvironment
  private var result = FormulaRun()
  private var variables: [String: FormulaValue] = [:]
  private var random: UInt64

  private init(environment: FormulaEnvironment, random: UInt64) {
    self.environment = environment
    self.random = random
  }

  /// A target must be a number of nodes: infinity or NaN (`1/0`, `0/0`) fails the evaluation, as a
  /// value the service cannot resize to, and the pool keeps its size.
  private func checkTarget(_ name: String, _ value: FormulaValue, _ range: TextRange) throws {
    let canonical = FormulaCatalogue.variable(name)?.replacement ?? name
    guard canonical == "$TargetDedicatedNodes" || canonical == "$TargetLowPriorityNodes" else { return }
    let n: Double
    switch value {
    case .number(let x): n = x
    case .vector(let v) where v.count == 1: n = v[0]
    default: return
    }
    guard !n.isFinite else { return }
    throw Failure(
      message: "`\(name)` = \(FormulaValue.format(n)) is not a number of nodes: the pool keeps its size", range: range)
  }

  private mutating func set(_ name: String, _ value: FormulaValue) {
    variables[name] = value
    result.values.append((name, value))
  }

  // MARK: Expressions

  private mutating func evaluate(_ expr: FormulaExpr) throws -> FormulaValue {
    switch expr {
    case .number(let n, _): return .number(n)
    case .string(let s, _): return .string(s)
    case .error(let range): throw Failure(message: "the formula has a syntax error here", range: range)
    case .name(let name): return try read(name)
    case .call(let name, let arguments, let range):
      return try call(name.text, try arguments.map { try evaluate($0) }, range)
    case .method(let base, let name, let arguments, let range):
      guard case .name(let variable) = base, environment.isSampled(variable.text) else {
        throw Failure(message: "`\(name.text)` is a method of the sample variables", range: range)
      }
      return try method(variable.text, name.text, try arguments.map { try evaluate($0) }, range)
    case .member(let base, let name, let range):
      guard case .timestamp(let t) = try evaluate(base),
        let value = FormulaTime.member(name.text, of: t)
      else { throw Failure(message: "`.\(name.text)` needs a timestamp", range: range) }
      return .number(value)
    case .unary(let op, let operand, let range):
      let value = try evaluate(operand)
      switch (op, value) {
      case (.not, _): return .number(try truth(value, range) ? 0 : 1)
      case (_, .number(let n)): return .number(-n)
      case (_, .vector(let v)): return .vector(v.map { -$0 })
      case (_, .interval(let s)): return .interval(-s)
      default: throw Failure(message: "cannot negate \(value.kind)", range: range)
      }
    case .binary(let op, let left, let right, let range):
      let a = try evaluate(left)
      if op == .and, !(try truth(a, range)) { return .number(0) }
      if op == .or, try truth(a, range) { return .number(1) }
      let b = try evaluate(right)
      return try binary(op, a, b, range)
    case .conditional(let condition, let then, let otherwise, let range):
      return try truth(try evaluate(condition), range) ? try evaluate(then) : try evaluate(otherwise)
    }
  }

  private func read(_ name: FormulaName) throws -> FormulaValue {
    let canonical = FormulaCatalogue.variable(name.text)?.replacement ?? name.text
    if let value = variables[name.text] ?? variables[canonical] { return value }
    switch canonical {
    case "$TargetDedicatedNodes": return .number(environment.targetDedicated)
    case "$TargetLowPriorityNodes": return .number(environment.targetLowPriority)
    case "$NodeDeallocationOption": return .string("requeue")
    default: break
    }
    if let number = environment.numbers[canonical] { return .number(number) }
    if let seconds = FormulaCatalogue.timeInterval(name.text) { return .interval(seconds) }
    if FormulaCatalogue.deallocationOptions.contains(name.text) { return .string(name.text) }
    if FormulaCatalogue.variable(canonical)?.access == .readOnlyNumber { return .number(0) }
    throw Failure(message: "`\(name.text)` has no value here", range: name.range)
  }

  private func truth(_ value: FormulaValue, _ range: TextRange) throws -> Bool {
    switch value {
    case .number(let n): return n != 0
    case .vector(let v) where v.count == 1: return v[0] != 0
    default: throw Failure(message: "a condition must be a number (nonzero is true), not \(value.kind)", range: range)
    }
  }

  // MARK: Operators

  private func binary(_ op: FormulaOperator, _ a: FormulaValue, _ b: FormulaValue, _ range: TextRange) throws
    -> FormulaValue
  {
    func arithmetic(_ x: Double, _ y: Double) -> Double {
      switch op {
      case .add: x + y
      case .subtract: x - y
      case .multiply: x * y
      default: x / y
      }
    }
    switch op {
    case .and: return .number(try truth(b, range) ? 1 : 0)
    case .or: return .number(try truth(b, range) ? 1 : 0)
    case .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual:
      let ordering: Int
      switch (a, b) {
      case (.string(let x), .string(let y)): ordering = x < y ? -1 : (x == y ? 0 : 1)
      default:
        guard let x = scalar(a), let y = scalar(b) else {
          throw Failure(message: "cannot compare \(a.kind) with \(b.kind)", range: range)
        }
        ordering = x < y ? -1 : (x == y ? 0 : 1)
      }
      let holds: Bool
      switch op {
      case .less: holds = ordering < 0
      case .lessEqual: holds = ordering <= 0
      case .greater: holds = ordering > 0
      case .greaterEqual: holds = ordering >= 0
      case .equal: holds = ordering == 0
      default: holds = ordering != 0
      }
      return .number(holds ? 1 : 0)
    default: break
    }
    switch (a, b) {
    case (.number(let x), .number(let y)): return .number(arithmetic(x, y))
    case (.vector(let v), .number(let y)): return .vector(v.map { arithmetic($0, y) })
    case (.number(let x), .vector(let v)): return .vector(v.map { arithmetic(x, $0) })
    case (.vector(let v), .vector(let w)):
      guard v.count == w.count else {
        throw Failure(message: "vectors of \(v.count) and \(w.count) values cannot be combined", range: range)
      }
      return .vector(zip(v, w).map { arithmetic($0, $1) })
    case (.interval(let s), .number(let y)) where op == .multiply || op == .divide:
      return try interval(arithmetic(s, y), range)
    case (.number(let x), .interval(let s)) where op == .multiply: return try interval(x * s, range)
    case (.interval(let s), .interval(let t)) where op == .add || op == .subtract:
      return try interval(arithmetic(s, t), range)
    case (.timestamp(let t), .interval(let s)) where op == .add || op == .subtract:
      return try timestamp(arithmetic(t, s), range)
    case (.interval(let s), .timestamp(let t)) where op == .add: return try timestamp(s + t, range)
    case (.timestamp(let t), .timestamp(let u)) where op == .subtract: return try interval(t - u, range)
    default:
      throw Failure(message: "`\(op.rawValue)` does not apply to \(a.kind) and \(b.kind)", range: range)
    }
  }

  /// An interval .NET's `TimeSpan` can hold (about 29,000 years either way), or a failure.
  private func interval(_ seconds: Double, _ range: TextRange) throws -> FormulaValue {
    guard abs(seconds) <= FormulaTime.longestInterval else {
      throw Failure(
        message: "the time interval is \(FormulaValue.format(seconds)) seconds, longer than one can be", range: range)
    }
    return .interval(seconds)
  }

  /// A timestamp from the year 1 to 9999 (.NET's `DateTime`), or a failure.
  private func timestamp(_ t: Double, _ range: TextRange) throws -> FormulaValue {
    guard FormulaTime.timestamps.contains(t) else {
      throw Failure(message: "the time is outside the years 1 to 9999", range: range)
    }
    return .timestamp(t)
  }

  /// A number, a one-value vector, a timestamp or an interval as one number (for comparisons).
  private func scalar(_ value: FormulaValue) -> Double? {
    switch value {
    case .number(let n), .timestamp(let n), .interval(let n): n
    case .vector(let v) where v.count == 1: v[0]
    default: nil
    }
  }

  // MARK: Functions

  private mutating func call(_ name: String, _ arguments: [FormulaValue], _ range: TextRange) throws -> FormulaValue {
    func flattened() throws -> [Double] {
      var values: [Double] = []
      for argument in arguments {
        switch argument {
        case .number(let n): values.append(n)
        case .vector(let v): values += v
        default: throw Failure(message: "`\(name)` takes numbers and vectors, not \(argument.kind)", range: range)
        }
      }
      return values
    }
    func nonEmpty() throws -> [Double] {
      let values = try flattened()
      guard !values.isEmpty else {
        throw Failure(message: "`\(name)` of no values: the samples read were empty", range: range)
      }
      return values
    }
    func elementwise(_ f: (Double) -> Double) throws -> FormulaValue {
      if arguments.count == 1, case .number(let n) = arguments[0] { return .number(f(n)) }
      return .vector(try flattened().map(f))
    }
    switch name {
    case "avg":
      let v = try nonEmpty()
      return .number(v.reduce(0, +) / Double(v.count))
    case "sum": return .number(try flattened().reduce(0, +))
    case "len": return .number(Double(try flattened().count))
    case "max": return .number(try nonEmpty().max()!)
    case "min": return .number(try nonEmpty().min()!)
    case "range":
      let v = try nonEmpty()
      return .number(v.max()! - v.min()!)
    case "norm": return .number(try flattened().reduce(0) { $0 + $1 * $1 }.squareRoot())
    case "std":
      let v = try nonEmpty()
      guard v.count > 1 else { return .number(0) }
      let mean = v.reduce(0, +) / Double(v.count)
      return .number((v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count - 1)).squareRoot())
    case "ceil": return try elementwise { $0.rounded(.up) }
    case "floor": return try elementwise { $0.rounded(.down) }
    case "round": return try elementwise { $0.rounded(.toNearestOrAwayFromZero) }
    case "lg": return try elementwise { FormulaMath.log2($0) }
    case "ln": return try elementwise { FormulaMath.ln($0) }
    case "log": return try elementwise { FormulaMath.ln($0) / FormulaMath.ln(10) }
    case "percentile":
      guard arguments.count == 2, case .number(let p) = arguments[1], !p.isNaN else {
        throw Failure(message: "`percentile` takes a vector and a percentage", range: range)
      }
      var values = arguments[0] == .number(0) ? [] : try FormulaEvaluator.values(of: arguments[0], range)
      guard !values.isEmpty else { throw Failure(message: "`percentile` of no values", range: range) }
      values.sort()
      let rank = max(0, min(Double(values.count - 1), (p / 100) * Double(values.count - 1)))
      return .number(values[Int(rank.rounded(.toNearestOrAwayFromZero))])
    case "val":
      guard arguments.count == 2, case .number(let i) = arguments[1] else {
        throw Failure(message: "`val` takes a vector and an index", range: range)
      }
      let values = try FormulaEvaluator.values(of: arguments[0], range)
      // Compared as a number first: a huge or NaN index has no `Int`.
      guard i > -1, i < Double(values.count) else {
        throw Failure(
          message: "`val` index \(FormulaValue.format(i)) is outside the \(values.count) values", range: range)
      }
      return .number(values[Int(i)])
    case "rand":
      random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return .number(Double(random >> 11) / Double(UInt64(1) << 53))
    case "stop": throw Failure(message: "stopped", range: range, isStop: true)
    case "time":
      guard let argument = arguments.first else { return .timestamp(environment.now) }
      guard case .string(let text) = argument, let t = FormulaTime.parse(text) else {
        throw Failure(
          message: "`time` takes a date such as \"Mon, 06 Oct 2014 10:20:00 GMT\" or \"2014-10-06T10:20:00Z\"",
          range: range)
      }
      return .timestamp(t)
    default:
      throw Failure(message: "unknown function `\(name)`", range: range)
    }
  }

  private static func values(of value: FormulaValue, _ range: TextRange) throws -> [Double] {
    switch value {
    case .vector(let v): return v
    case .number(let n): return [n]
    default: throw Failure(message: "expected a vector, not \(value.kind)", range: range)
    }
  }

  // MARK: Samples

  private func method(_ variable: String, _ name: String, _ arguments: [FormulaValue], _ range: TextRange) throws
    -> FormulaValue
  {
    let series = environment.metrics[variable] ?? SampleSeries([])
    // The samples that have reached formulas, and each window of them, are found by binary search:
    // a simulation's history grows with every evaluation.
    let availableEnd = series.index(after: environment.now - environment.sampleDelay)
    let available = series.samples[..<availableEnd]
    /// The window `start..end` ago (intervals) or between two timestamps.
    func window(_ start: FormulaValue, _ end: FormulaValue?) throws -> (from: Double, to: Double) {
      func time(_ value: FormulaValue) throws -> Double {
        switch value {
        case .interval(let s): return environment.now - s
        case .timestamp(let t): return t
        default:
          throw Failure(message: "`\(name)` takes a time interval or a timestamp here, not \(value.kind)", range: range)
        }
      }
      let a = try time(start)
      let b = try end.map(time) ?? environment.now
      return (min(a, b), max(a, b))
    }
    func percent(_ from: Double, _ to: Double) -> (values: [Double], percent: Double) {
      let inWindow = available[min(series.index(from: from), availableEnd)..<min(series.index(after: to), availableEnd)]
      let expected = ((to - from) / environment.samplePeriod).rounded(.down)
      let share = expected > 0 ? min(100, Double(inWindow.count) / expected * 100) : (inWindow.isEmpty ? 0 : 100)
      return (inWindow.map(\.value), share)
    }
    switch name {
    case "GetSample":
      guard let first = arguments.first else { break }
      if case .number(let count) = first, arguments.count == 1 {
        // As the service does, too few samples fail the evaluation (the pool keeps its size).
        guard count >= 0, count.isFinite else {
          throw Failure(
            message: "`\(variable).GetSample` takes a count of samples, not \(FormulaValue.format(count))", range: range
          )
        }
        guard count.rounded(.down) <= Double(available.count) else {
          throw Failure(
            message:
              "`\(variable).GetSample(\(FormulaValue.format(count)))` found \(available.count) sample\(available.count == 1 ? "" : "s"): the evaluation stops and the pool keeps its size",
            range: range)
        }
        return .vector(available.suffix(Int(count.rounded(.down))).map(\.value))
      }
      var end: FormulaValue?
      var required: Double?
      if arguments.count >= 2 {
        if case .number(let p) = arguments[1] { required = p } else { end = arguments[1] }
      }
      if arguments.count == 3, case .number(let p) = arguments[2] { required = p }
      let (from, to) = try window(first, end)
      let read = percent(from, to)
      if let required, read.percent < required {
        throw Failure(
          message:
            "`\(variable).GetSample` found \(FormulaValue.format(read.percent.rounded()))% of the window's samples, fewer than the \(FormulaValue.format(required))% required: the evaluation stops and the pool keeps its size",
          range: range)
      }
      return .vector(read.values)
    case "GetSamplePercent":
      guard let first = arguments.first else { break }
      let (from, to) = try window(first, arguments.count > 1 ? arguments[1] : nil)
      return .number(percent(from, to).percent)
    case "GetSamplePeriod": return .interval(environment.samplePeriod)
    case "Count": return .number(Double(available.count))
    case "HistoryBeginTime":
      guard let oldest = available.first else {
        throw Failure(message: "`\(variable)` has no samples yet", range: range)
      }
      return .timestamp(oldest.time)
    default: break
    }
    throw Failure(message: "`\(variable).\(name)` cannot take these arguments", range: range)
  }
}

extension FormulaEnvironment {
  /// Whether `name` is a sample variable (so has methods).
  func isSampled(_ name: String) -> Bool { FormulaCatalogue.variable(name)?.access == .samples }
}

extension FormulaValue {
  /// How messages name the value's type.
  var kind: String {
    switch self {
    case .number: "a number"
    case .vector: "a vector"
    case .timestamp: "a timestamp"
    case .interval: "a time interval"
    case .string: "a string"
    }
  }
}
