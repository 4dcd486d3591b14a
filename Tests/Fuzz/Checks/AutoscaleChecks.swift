// What the `autoscale` fuzz target checks of each input: an autoscale formula's parser, analysis
// and evaluator, alone and inside a spec. The libFuzzer harness (Tests/Fuzz/Harness/autoscale.swift)
// traps on a broken invariant; the unit tests replay the stored corpus through the same checks.

import BatchSpecCore

/// The invariants of the autoscale formula language, checked on one input (a formula's text).
enum AutoscaleChecks {
  /// Parses, analyses and evaluates `bytes` as a formula. Every token, issue and fix lies inside
  /// the text, tokens come in order and end with the end token, evaluation is repeatable, and the
  /// formula written into a pool of a spec has its findings (BS7xxx) inside the string that holds it.
  static func check(_ bytes: [UInt8]) -> [String] {
    let text = String(decoding: bytes, as: UTF8.self)
    let length = text.utf8.count
    var problems: [String] = []
    func inside(_ range: TextRange, _ what: String) {
      if range.start < 0 || range.start > range.end || range.end > length {
        problems.append("\(what) outside the formula: \(range) of \(length) bytes")
      }
    }
    let program = FormulaProgram(text)
    var previousEnd = 0
    for token in program.tokens {
      inside(token.range, "a token")
      if token.range.start < previousEnd { problems.append("tokens out of order at \(token.range)") }
      previousEnd = token.range.end
    }
    if program.tokens.last?.kind != .end { problems.append("the tokens do not end with the end token") }
    for comment in program.comments { inside(comment, "a comment") }
    let issues = program.issues + FormulaAnalysis.issues(of: program)
    for issue in issues {
      inside(issue.range, "issue `\(issue.message)`")
      if let fix = issue.fix { inside(fix.range, "the fix of `\(issue.message)`") }
    }
    // The same environment twice gives the same run: samples, rand() and time are the
    // environment's, never the machine's.
    var environment = FormulaEnvironment(now: 1_764_547_200)
    environment.metrics["$PendingTasks"] = SampleSeries(
      (0..<20).map { (1_764_546_000 + Double($0) * 30, Double($0 % 7)) })
    environment.metrics["$CPUPercent"] = SampleSeries((0..<20).map { (1_764_546_000 + Double($0) * 30, 55) })
    environment.numbers["$CurrentDedicatedNodes"] = 2
    let first = FormulaEvaluator.run(program, in: environment)
    let second = FormulaEvaluator.run(program, in: environment)
    if "\(first.values)" != "\(second.values)" {
      problems.append("two evaluations differ: \(first.values) \(second.values)")
    }
    problems += inSpec(text)
    return problems
  }

  /// The formula as a pool's `autoscale { formula = "..." }` (escaped as a string literal): every
  /// BS7xxx finding lies inside the literal.
  static func inSpec(_ text: String) -> [String] {
    let (spec, literal) = embedded(text)
    var problems: [String] = []
    for diagnostic in Linter.lint(Project(path: "p.batch", text: spec)).diagnostics
    where diagnostic.code.rawValue.hasPrefix("BS7") {
      let range = diagnostic.location.range
      if range.start < literal.lowerBound || range.end > literal.upperBound {
        problems.append(
          "\(diagnostic.code.rawValue) at \(range), outside the literal \(literal): \(diagnostic.message)")
      }
    }
    return problems
  }

  /// A spec whose one pool is sized by `text`, and the bytes of the string literal that holds it.
  static func embedded(_ text: String) -> (spec: String, literal: Range<Int>) {
    // Written as `import` writes strings: quotes, backslashes, control characters and `${` escaped.
    let literal = Literal.string(text)
    let prefix = """
      pool p {
        vm_size    = "Standard_D2s_v3"
        image      = "canonical/ubuntu-24_04-lts/server"
        node_agent = "batch.node.ubuntu 24.04"
        autoscale {
          formula =
      """ + " "
    let start = prefix.utf8.count
    return (prefix + literal + "\n  }\n}\n", start..<(start + literal.utf8.count))
  }
}
