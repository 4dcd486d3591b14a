// Sweeps check one body once per member; what does not mention the sweep variable is evaluated once.

/// The attribute values of one sweep's body that do not mention its variable: evaluated for the
/// first member and reused for the others, which would get the same value, diagnostics (reported
/// once anyway) and references (the same locations).
final class SweepCache {
  private enum Entry {
    /// The expression mentions the variable: evaluated for every member.
    case varies
    /// The expression's value (nil: it did not check) for every member.
    case fixed(Value?)
  }

  /// The sweep variable's name.
  let variable: String
  /// By the start of the attribute's value: unique in the sweep's file.
  private var entries: [Int: Entry] = [:]

  init(variable: String) { self.variable = variable }

  /// The value of `expression`: `evaluate`d for every member when it mentions the variable,
  /// else only the first time.
  func value(of expression: Expr, _ evaluate: () -> Value?) -> Value? {
    let key = expression.range.start
    switch entries[key] {
    case .fixed(let value)?:
      return value
    case .varies?:
      return evaluate()
    case nil:
      if mentions(expression) {
        entries[key] = .varies
        return evaluate()
      }
      let value = evaluate()
      entries[key] = .fixed(value)
      return value
    }
  }

  /// Whether `expression` names the variable anywhere, `${...}` included (by name alone: a
  /// member or function name that happens to match counts too, which is only slower).
  func mentions(_ expression: Expr) -> Bool {
    switch expression {
    case .string(let literal):
      if literal.constantText != nil { return false }
      for case .interpolation(let inner, _) in literal.parts where mentions(inner) { return true }
      return false
    case .integer, .duration, .bool, .error:
      return false
    case .name(let name):
      return name.text == variable
    case .list(let items, _):
      return items.contains(where: mentions)
    case .map(let entries, _):
      return entries.contains { $0.key.text == variable || mentions($0.value) }
    case .member(let base, let name, _):
      return name.text == variable || mentions(base)
    case .index(let base, let index, _):
      return mentions(base) || mentions(index)
    case .call(let callee, let arguments, _):
      return callee.text == variable || arguments.contains(where: mentions)
    case .range(let lower, let upper, let step, _):
      return mentions(lower) || mentions(upper) || step.map(mentions) ?? false
    }
  }
}
