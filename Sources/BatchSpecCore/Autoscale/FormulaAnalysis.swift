// What a formula means, checked before Azure sees it: names that exist and are set before they are
// read, calls with the right arguments, assignments to writable variables only, a target set, every
// window of samples read with its sample percentage checked, old names reported. The statements are
// walked in order with a coarse type for each value, as the service evaluates them.

/// The coarse type of a formula value, as far as the analysis can tell.
package enum FormulaType: Sendable, Equatable {
  case number, vector, timestamp, interval, string
  /// A service variable's series of samples (read through its methods).
  case samples
  /// A `$NodeDeallocationOption` word.
  case word
  /// Not known (after an error).
  case unknown

  /// How messages name it.
  var display: String {
    switch self {
    case .number: "a number"
    case .vector: "a vector of numbers"
    case .timestamp: "a timestamp"
    case .interval: "a time interval"
    case .string: "a string"
    case .samples: "a series of samples"
    case .word: "a deallocation option"
    case .unknown: "a value"
    }
  }
}

/// Checks a parsed formula's names, calls and assignments.
package struct FormulaAnalysis {
  /// Every issue of `program`: its syntax errors, then what the walk finds, in order.
  package static func issues(of program: FormulaProgram) -> [FormulaIssue] {
    var analysis = FormulaAnalysis(program: program)
    analysis.run()
    return program.issues + analysis.found
  }

  private let program: FormulaProgram
  private var found: [FormulaIssue] = []
  /// User variables set so far, with the type of their value.
  private var assigned: [String: FormulaType] = [:]
  /// Every name some statement assigns (to tell "set later" from "never set").
  private let assignedAnywhere: Set<String>
  /// Sample variables whose `GetSamplePercent` the formula calls.
  private var checkedPercent: Set<String> = []

  private init(program: FormulaProgram) {
    self.program = program
    var names: Set<String> = []
    for case .assignment(let name, _, _) in program.statements { names.insert(name.text) }
    assignedAnywhere = names
  }

  private mutating func report(
    _ kind: FormulaIssueKind, _ range: TextRange, _ message: String, fix: FormulaFix? = nil
  ) {
    found.append(FormulaIssue(kind: kind, range: range, message: message, fix: fix))
  }

  private mutating func run() {
    checkedPercent = Self.percentChecks(in: program.statements)
    var setsTarget = false
    for statement in program.statements {
      switch statement {
      case .assignment(let name, let value, _):
        let type = check(value)
        if type == .samples { seriesAsValue(value) }
        if let variable = FormulaCatalogue.variable(name.text) {
          if variable.access != .readWrite {
            report(
              .readOnlyAssignment, name.range,
              "`\(name.text)` is read-only: the service sets it; keep the value in a variable of your own (`\(Self.ownName(name.text)) = ...`)"
            )
          }
          deprecated(name, variable)
          if FormulaCatalogue.targets.contains(name.text) { setsTarget = true }
        } else {
          assigned[name.text] = type
        }
      case .expression(let value, _):
        _ = check(value)
      }
    }
    if !setsTarget && program.issues.isEmpty {
      let range =
        program.tokens.first.map { first in
          TextRange(first.range.start, program.tokens[program.tokens.count - 1].range.end)
        }
        ?? TextRange(0, 0)
      report(
        .noTarget, range,
        "the formula never sets `$TargetDedicatedNodes` or `$TargetLowPriorityNodes`, so it never changes the pool's size: assign the node count you want to one of them"
      )
    }
  }

  // MARK: Expressions

  private mutating func check(_ expr: FormulaExpr) -> FormulaType {
    switch expr {
    case .number: return .number
    case .string: return .string
    case .error: return .unknown
    case .name(let name): return read(name)
    case .call(let name, let arguments, let range):
      return call(name, arguments, range)
    case .method(let base, let name, let arguments, let range):
      return method(base, name, arguments, range)
    case .member(let base, let name, _):
      let baseType = check(base)
      switch baseType {
      case .timestamp, .unknown:
        guard FormulaCatalogue.timestampMembers.contains(name.text) else {
          unknown(
            name,
            "`\(name.text)` is not a member of a timestamp (members: \(Self.list(FormulaCatalogue.timestampMembers)))",
            candidates: FormulaCatalogue.timestampMembers)
          return .unknown
        }
        return .number
      case .samples where FormulaCatalogue.method(name.text) != nil:
        report(
          .invalidCall, name.range, "`\(name.text)` is a method: call it, `\(name.text)()`",
          fix: FormulaFix(
            range: TextRange(name.range.end, name.range.end), replacement: "()", title: "add `()`", isSafe: false))
        return .unknown
      default:
        report(
          .invalidCall, name.range, "`.\(name.text)` reads a member of a timestamp, but this is \(baseType.display)")
        return .unknown
      }
    case .unary(let op, let operand, _):
      let type = check(operand)
      if type == .samples { seriesAsValue(operand) }
      if op == .not { return .number }
      return type == .samples ? .unknown : type
    case .binary(let op, let left, let right, _):
      let a = check(left)
      let b = check(right)
      if a == .samples { seriesAsValue(left) }
      if b == .samples { seriesAsValue(right) }
      return Self.result(op, a, b)
    case .conditional(let condition, let then, let otherwise, _):
      if check(condition) == .samples { seriesAsValue(condition) }
      let a = check(then)
      let b = check(otherwise)
      if a == .samples { seriesAsValue(then) }
      if b == .samples { seriesAsValue(otherwise) }
      return a == b ? a : (a == .unknown ? b : (b == .unknown ? a : .unknown))
    }
  }

  /// The type of a variable or constant read here, reporting names that are unknown or unset.
  private mutating func read(_ name: FormulaName) -> FormulaType {
    if let variable = FormulaCatalogue.variable(name.text) {
      deprecated(name, variable)
      switch variable.access {
      case .samples: return .samples
      case .readOnlyNumber: return .number
      case .readWrite: return name.text == "$NodeDeallocationOption" ? .word : .number
      }
    }
    if let type = assigned[name.text] { return type }
    if FormulaCatalogue.timeInterval(name.text) != nil { return .interval }
    if FormulaCatalogue.deallocationOptions.contains(name.text) { return .word }
    if assignedAnywhere.contains(name.text) {
      report(.unknownName, name.range, "`\(name.text)` is read before it is set: assign it in an earlier statement")
      return .unknown
    }
    let candidates: [String]
    if name.text.hasPrefix("$") {
      candidates = FormulaCatalogue.variables.filter { $0.replacement == nil }.map(\.name) + assigned.keys.sorted()
      unknown(
        name, "unknown variable `\(name.text)`: no service variable has this name and no statement sets it",
        candidates: candidates)
    } else {
      candidates =
        assigned.keys.sorted() + FormulaCatalogue.timeIntervals.map(\.name) + FormulaCatalogue.deallocationOptions
      unknown(name, "unknown name `\(name.text)`: no statement sets it and it is no constant", candidates: candidates)
    }
    return .unknown
  }

  private mutating func call(_ name: FormulaName, _ arguments: [FormulaExpr], _ range: TextRange) -> FormulaType {
    let types = arguments.map { check($0) }
    for (argument, type) in zip(arguments, types) where type == .samples { seriesAsValue(argument) }
    guard let function = FormulaCatalogue.function(name.text) else {
      if FormulaCatalogue.method(name.text) != nil {
        report(
          .invalidCall, name.range,
          "`\(name.text)` is a method of the sample variables: call it on one, `$PendingTasks.\(name.text)(...)`")
      } else {
        unknown(
          name, "unknown function `\(name.text)`", candidates: FormulaCatalogue.functions.map(\.name))
      }
      return .unknown
    }
    arity(name, function, arguments.count, range)
    switch name.text {
    case "time": return .timestamp
    case "stop": return .unknown
    case "ceil", "floor", "round", "lg", "ln", "log":
      return types.count == 1 && types[0] != .vector ? .number : .vector
    default: return .number
    }
  }

  private mutating func method(
    _ base: FormulaExpr, _ name: FormulaName, _ arguments: [FormulaExpr], _ range: TextRange
  ) -> FormulaType {
    let baseType = check(base)
    let types = arguments.map { check($0) }
    for (argument, type) in zip(arguments, types) where type == .samples { seriesAsValue(argument) }
    guard let method = FormulaCatalogue.method(name.text) else {
      if FormulaCatalogue.function(name.text) != nil {
        report(
          .invalidCall, name.range,
          "`\(name.text)` is a function, not a method: write `\(name.text)(\(Self.source(base, program)))`")
      } else {
        unknown(name, "unknown method `\(name.text)`", candidates: FormulaCatalogue.methods.map(\.name))
      }
      return .unknown
    }
    if baseType != .samples && baseType != .unknown {
      report(
        .invalidCall, name.range,
        "`\(name.text)` is a method of the service's sample variables such as `$PendingTasks`, but this is \(baseType.display)"
      )
      return .unknown
    }
    arity(name, method, arguments.count, range)
    switch name.text {
    case "GetSample":
      if case .name(let variable) = base, Self.readsWindow(types), !Self.passesPercent(types),
        !checkedPercent.contains(variable.text)
      {
        let shown = Self.source(.method(base, name, arguments, range), program)
        report(
          .unguardedSample, range,
          "`\(shown)` reads a window of samples without checking how many are there: samples reach a formula about a minute late and some go missing; check `\(variable.text).GetSamplePercent(...)` first, or pass the percentage you need (`GetSample(window, 70)`)"
        )
      }
      return .vector
    case "GetSamplePeriod": return .interval
    case "HistoryBeginTime": return .timestamp
    default: return .number
    }
  }

  // MARK: Helpers

  private mutating func arity(_ name: FormulaName, _ function: FormulaFunction, _ count: Int, _ range: TextRange) {
    guard !function.arity.contains(count) else { return }
    let expected: String
    if function.arity.upperBound == Int.max {
      expected = "at least \(function.arity.lowerBound)"
    } else if function.arity.lowerBound == function.arity.upperBound {
      expected = "\(function.arity.lowerBound)"
    } else {
      expected = "\(function.arity.lowerBound) to \(function.arity.upperBound)"
    }
    report(
      .invalidCall, range,
      "`\(name.text)` takes \(expected) argument\(expected == "1" ? "" : "s"), not \(count): \(function.signature)")
  }

  private mutating func unknown(_ name: FormulaName, _ message: String, candidates: [String]) {
    let suggestion = Suggestions.closest(to: name.text, in: candidates)
    report(
      .unknownName, name.range, message + Suggestions.didYouMean(suggestion),
      fix: suggestion.map {
        FormulaFix(range: name.range, replacement: $0, title: "replace with `\($0)`", isSafe: false)
      })
  }

  private mutating func deprecated(_ name: FormulaName, _ variable: FormulaVariable) {
    guard let replacement = variable.replacement else { return }
    report(
      .deprecatedName, name.range,
      "`\(name.text)` is the old name of `\(replacement)`: the service still takes it, but write `\(replacement)`",
      fix: FormulaFix(range: name.range, replacement: replacement, title: "rename to `\(replacement)`", isSafe: true))
  }

  private mutating func seriesAsValue(_ expr: FormulaExpr) {
    let shown = Self.source(expr, program)
    report(
      .invalidCall, expr.range,
      "`\(shown)` is a series of samples, not a number: read it with `\(shown).GetSample(...)` and reduce it (`avg`, `max`, ...)"
    )
  }

  /// Whether `GetSample`'s arguments name a time window (a start, and maybe an end).
  private static func readsWindow(_ types: [FormulaType]) -> Bool {
    guard let first = types.first else { return false }
    return first == .interval || first == .timestamp
  }

  /// Whether `GetSample`'s arguments pass a sample percentage after the window.
  private static func passesPercent(_ types: [FormulaType]) -> Bool {
    if types.count >= 3 { return true }
    if types.count == 2 { return types[1] == .number || types[1] == .unknown }
    return false
  }

  /// The sample variables whose `GetSamplePercent` some statement calls.
  private static func percentChecks(in statements: [FormulaStatement]) -> Set<String> {
    var names: Set<String> = []
    func visit(_ expr: FormulaExpr) {
      switch expr {
      case .method(let base, let name, let arguments, _):
        if name.text == "GetSamplePercent", case .name(let variable) = base { names.insert(variable.text) }
        visit(base)
        arguments.forEach(visit)
      case .call(_, let arguments, _): arguments.forEach(visit)
      case .member(let base, _, _), .unary(_, let base, _): visit(base)
      case .binary(_, let a, let b, _):
        visit(a)
        visit(b)
      case .conditional(let a, let b, let c, _):
        visit(a)
        visit(b)
        visit(c)
      case .number, .string, .name, .error: break
      }
    }
    for statement in statements {
      switch statement {
      case .assignment(_, let value, _), .expression(let value, _): visit(value)
      }
    }
    return names
  }

  /// The result type of a binary operation.
  private static func result(_ op: FormulaOperator, _ a: FormulaType, _ b: FormulaType) -> FormulaType {
    switch op {
    case .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual, .and, .or, .not: return .number
    case .add, .subtract, .multiply, .divide, .negate:
      if a == .unknown || b == .unknown { return .unknown }
      if a == .vector || b == .vector { return .vector }
      if a == .timestamp && b == .timestamp { return .interval }
      if a == .timestamp || b == .timestamp { return .timestamp }
      if a == .interval || b == .interval { return .interval }
      return .number
    }
  }

  /// `$PendingTasks` → `pendingTasks`: a name of the user's own for a read-only value.
  private static func ownName(_ name: String) -> String {
    let bare = name.drop { $0 == "$" }
    guard let first = bare.first else { return "value" }
    return first.lowercased() + bare.dropFirst()
  }

  private static func list(_ words: [String]) -> String { words.map { "`\($0)`" }.joined(separator: ", ") }

  /// The formula text of `expr`.
  static func source(_ expr: FormulaExpr, _ program: FormulaProgram) -> String {
    let bytes = Array(program.text.utf8)
    let range = expr.range
    guard range.start >= 0, range.end <= bytes.count, range.start <= range.end else { return "" }
    return String(decoding: bytes[range.start..<range.end], as: UTF8.self)
  }
}
