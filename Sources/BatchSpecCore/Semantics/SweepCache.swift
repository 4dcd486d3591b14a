// Sweeps check one body once per member; what does not mention the sweep variable is evaluated once.

/// The attribute values and child blocks of one sweep's body that do not mention its variable:
/// checked for the first member and reused for the others, which would get the same value or
/// checked block, diagnostics (reported once anyway) and references (the same locations).
final class SweepCache {
  private enum Entry {
    /// The expression mentions the variable: evaluated for every member.
    case varies
    /// The expression's value (nil: it did not check) for every member.
    case fixed(Value?)
  }

  private enum Child {
    /// The block mentions the variable: checked for every member.
    case varies
    /// The block's checked form, one object shared by every member.
    case shared(BlockInstance)
  }

  /// The sweep variable's name.
  let variable: String
  /// By the start of the attribute's value: unique in the sweep's file.
  private var entries: [Int: Entry] = [:]
  /// By the start of the child block: unique in the sweep's file.
  private var children: [Int: Child] = [:]
  /// The children of the last member checked that had any (`sharing`).
  private var lastChildren: [BlockInstance]?

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

  /// The checked form of child block `block` of a member: `check`ed for every member when the
  /// block mentions the variable, else only the first time, and that one object shared (a task's
  /// inputs and outputs, in a sweep of thousands).
  func child(_ block: Block, _ check: () -> BlockInstance) -> BlockInstance {
    let key = block.range.start
    switch children[key] {
    case .shared(let instance)?:
      return instance
    case .varies?:
      return check()
    case nil:
      if mentions(block) {
        children[key] = .varies
        return check()
      }
      let instance = check()
      children[key] = .shared(instance)
      return instance
    }
  }

  /// `children` as they are, or the array of the same objects a member had before: the members of
  /// a sweep whose children are all shared then share one array of them too.
  func sharing(_ children: [BlockInstance]) -> [BlockInstance] {
    if let last = lastChildren, last.count == children.count, zip(last, children).allSatisfy({ $0 === $1 }) {
      return last
    }
    if !children.isEmpty { lastChildren = children }
    return children
  }

  /// Whether an attribute of `block` or of a block under it names the variable. (Labels are
  /// kept as written, `${...}` and all, so they are the same for every member.)
  func mentions(_ block: Block) -> Bool {
    block.body.contains { statement in
      switch statement {
      case .attribute(let attribute): mentions(attribute.value)
      case .block(let child): mentions(child)
      case .param: false
      }
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
