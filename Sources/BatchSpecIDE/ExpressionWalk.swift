// Visits every expression written in a file's statements, with the sweep variables in scope: what
// the param index and the sweep variable and container navigation read.

internal import BatchSpecCore

/// A walk over the expressions of statements, outermost first.
enum ExpressionWalk {
  /// Calls `body` with every expression in `statements` (attribute values, param defaults, sweep
  /// values and what they hold) and the sweep variables in scope there: a block's variable is in
  /// scope in its body, not in its own sweep values.
  static func forEach(
    in statements: [Statement], shadowing shadowed: Set<String> = [], _ body: (Expr, Set<String>) -> Void
  ) {
    for statement in statements {
      switch statement {
      case .attribute(let attribute): forEach(in: attribute.value, shadowed, body)
      case .param(let param): if let value = param.defaultValue { forEach(in: value, shadowed, body) }
      case .block(let block):
        var inner = shadowed
        if let sweep = block.sweep {
          forEach(in: sweep.values, shadowed, body)
          inner.insert(sweep.variable.text)
        }
        forEach(in: block.body, shadowing: inner, body)
      }
    }
  }

  /// Calls `body` with `expression` and every expression inside it.
  static func forEach(in expression: Expr, _ shadowed: Set<String>, _ body: (Expr, Set<String>) -> Void) {
    body(expression, shadowed)
    switch expression {
    case .string(let literal):
      for case .interpolation(let inner, _) in literal.parts { forEach(in: inner, shadowed, body) }
    case .list(let items, _): for item in items { forEach(in: item, shadowed, body) }
    case .map(let entries, _): for entry in entries { forEach(in: entry.value, shadowed, body) }
    case .member(let base, _, _): forEach(in: base, shadowed, body)
    case .index(let base, let index, _):
      forEach(in: base, shadowed, body)
      forEach(in: index, shadowed, body)
    case .call(_, let arguments, _): for argument in arguments { forEach(in: argument, shadowed, body) }
    case .range(let lower, let upper, let step, _):
      forEach(in: lower, shadowed, body)
      forEach(in: upper, shadowed, body)
      if let step { forEach(in: step, shadowed, body) }
    default: break
    }
  }
}
