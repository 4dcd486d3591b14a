// The formula parser: recursive descent over the lexer's tokens, with the operators' precedence
// from lowest to highest: `? :`, `||`, `&&`, `== !=`, `< <= > >=`, `+ -`, `* /`, unary `- !`, then
// calls, methods and members. Statements are separated by `;` (the last one may omit it). After a
// syntax error it skips to the next `;`, so one mistake is reported once.

/// Parses autoscale formulas.
enum FormulaParser {
  /// The deepest nesting of parentheses and operators read; deeper input is reported, not recursed
  /// into, so no formula can exhaust the stack.
  static let maxNesting = 64

  static func parse(_ text: String) -> FormulaProgram {
    let bytes = Array(text.utf8)
    let lexed = FormulaLexer.tokenize(bytes)
    var parser = State(bytes: bytes, tokens: lexed.tokens)
    parser.issues = lexed.issues
    let statements = parser.program()
    return FormulaProgram(
      text: text, statements: statements, tokens: lexed.tokens, comments: lexed.comments, issues: parser.issues)
  }

  private struct State {
    let bytes: [UInt8]
    let tokens: [FormulaToken]
    var index = 0
    var depth = 0
    var issues: [FormulaIssue] = []
    /// Whether the current statement already has a syntax error (the rest of it is skipped).
    var failed = false

    init(bytes: [UInt8], tokens: [FormulaToken]) {
      self.bytes = bytes
      // Invalid tokens were reported by the lexer; the parser does not see them.
      self.tokens = tokens.filter { $0.kind != .invalid }
    }

    var peek: FormulaToken { tokens[index] }
    func peek(_ ahead: Int) -> FormulaToken { tokens[min(index + ahead, tokens.count - 1)] }

    mutating func advance() -> FormulaToken {
      let token = tokens[index]
      if index < tokens.count - 1 { index += 1 }
      return token
    }

    func text(_ token: FormulaToken) -> String {
      String(decoding: bytes[token.range.start..<token.range.end], as: UTF8.self)
    }

    mutating func error(_ range: TextRange, _ message: String) -> FormulaExpr {
      if !failed { issues.append(FormulaIssue(kind: .syntax, range: range, message: message)) }
      failed = true
      return .error(range)
    }

    func describe(_ token: FormulaToken) -> String {
      token.kind == .end ? token.kind.display : "`\(text(token))`"
    }

    // MARK: Statements

    mutating func program() -> [FormulaStatement] {
      var statements: [FormulaStatement] = []
      while peek.kind != .end {
        let before = index
        failed = false
        if peek.kind == .semicolon {
          _ = advance()
          continue
        }
        let statement = self.statement()
        statements.append(statement)
        if peek.kind == .semicolon {
          _ = advance()
        } else if peek.kind != .end {
          if !failed {
            let previous = tokens[max(index - 1, 0)]
            _ = error(
              peek.range,
              "expected `;` between statements, found \(describe(peek)): end the statement before it with `;`")
            _ = previous
          }
          // Recover at the next `;`.
          while peek.kind != .semicolon && peek.kind != .end { _ = advance() }
          if peek.kind == .semicolon { _ = advance() }
        }
        if index == before { _ = advance() }  // progress guard
      }
      return statements
    }

    mutating func statement() -> FormulaStatement {
      if peek.kind == .identifier && peek(1).kind == .assign {
        let nameToken = advance()
        _ = advance()
        let name = FormulaName(text: text(nameToken), range: nameToken.range)
        if peek.kind == .semicolon || peek.kind == .end {
          let value = error(
            TextRange(nameToken.range.start, peek.range.start),
            "`\(name.text) =` has no value: write an expression after `=`")
          return .assignment(name, value, TextRange(nameToken.range.start, peek.range.start))
        }
        let value = expression()
        return .assignment(name, value, TextRange(nameToken.range.start, value.range.end))
      }
      let value = expression()
      if !failed && peek.kind == .assign {
        _ = error(peek.range, "only a variable can be assigned: write `name = value`")
      }
      return .expression(value, value.range)
    }

    // MARK: Expressions

    mutating func expression() -> FormulaExpr {
      depth += 1
      defer { depth -= 1 }
      guard depth <= FormulaParser.maxNesting else {
        return error(peek.range, "the formula nests deeper than \(FormulaParser.maxNesting) levels")
      }
      let condition = binary(0)
      guard peek.kind == .question else { return condition }
      _ = advance()
      let then = expression()
      guard peek.kind == .colon else {
        return error(peek.range, "expected `:` in `condition ? a : b`, found \(describe(peek))")
      }
      _ = advance()
      let otherwise = expression()
      return .conditional(condition, then, otherwise, TextRange(condition.range.start, otherwise.range.end))
    }

    /// Binary operators by level, lowest first.
    static let levels: [[(FormulaTokenKind, FormulaOperator)]] = [
      [(.orOr, .or)],
      [(.andAnd, .and)],
      [(.equalEqual, .equal), (.bangEqual, .notEqual)],
      [(.less, .less), (.lessEqual, .lessEqual), (.greater, .greater), (.greaterEqual, .greaterEqual)],
      [(.plus, .add), (.minus, .subtract)],
      [(.star, .multiply), (.slash, .divide)],
    ]

    mutating func binary(_ level: Int) -> FormulaExpr {
      guard level < Self.levels.count else { return unary() }
      var left = binary(level + 1)
      while let op = Self.levels[level].first(where: { $0.0 == peek.kind })?.1 {
        _ = advance()
        let right = binary(level + 1)
        left = .binary(op, left, right, TextRange(left.range.start, right.range.end))
      }
      return left
    }

    mutating func unary() -> FormulaExpr {
      if peek.kind == .minus || peek.kind == .bang {
        let token = advance()
        depth += 1
        defer { depth -= 1 }
        guard depth <= FormulaParser.maxNesting else {
          return error(token.range, "the formula nests deeper than \(FormulaParser.maxNesting) levels")
        }
        let operand = unary()
        return .unary(token.kind == .minus ? .negate : .not, operand, TextRange(token.range.start, operand.range.end))
      }
      return postfix()
    }

    mutating func postfix() -> FormulaExpr {
      var base = primary()
      while peek.kind == .dot {
        _ = advance()
        guard peek.kind == .identifier else {
          return error(peek.range, "expected a method or member name after `.`, found \(describe(peek))")
        }
        let nameToken = advance()
        let name = FormulaName(text: text(nameToken), range: nameToken.range)
        if peek.kind == .leftParen {
          let (arguments, end) = self.arguments(of: name.text)
          base = .method(base, name, arguments, TextRange(base.range.start, end))
        } else {
          base = .member(base, name, TextRange(base.range.start, name.range.end))
        }
      }
      return base
    }

    mutating func primary() -> FormulaExpr {
      let token = peek
      switch token.kind {
      case .number:
        _ = advance()
        return .number(Double(text(token)) ?? 0, token.range)
      case .string:
        _ = advance()
        let inner = String(decoding: bytes[(token.range.start + 1)..<(token.range.end - 1)], as: UTF8.self)
        return .string(inner, token.range)
      case .identifier:
        _ = advance()
        let name = FormulaName(text: text(token), range: token.range)
        if peek.kind == .leftParen {
          let (arguments, end) = self.arguments(of: name.text)
          return .call(name, arguments, TextRange(token.range.start, end))
        }
        return .name(name)
      case .leftParen:
        _ = advance()
        let inner = expression()
        guard peek.kind == .rightParen else {
          return error(
            peek.kind == .end ? token.range : peek.range,
            peek.kind == .end
              ? "this `(` is never closed: add `)`" : "expected `)`, found \(describe(peek))")
        }
        _ = advance()
        return inner
      default:
        return error(
          token.range.isEmpty ? TextRange(max(0, token.range.start - 1), token.range.start) : token.range,
          "expected a value, found \(describe(token))")
      }
    }

    /// `( a, b, ... )` after a function or method name: the arguments and the offset after `)`.
    mutating func arguments(of callee: String) -> ([FormulaExpr], Int) {
      let open = advance()
      var arguments: [FormulaExpr] = []
      if peek.kind == .rightParen { return (arguments, advance().range.end) }
      while true {
        let before = index
        arguments.append(expression())
        if failed { return (arguments, peek.range.start) }
        if peek.kind == .comma {
          _ = advance()
          continue
        }
        if peek.kind == .rightParen { return (arguments, advance().range.end) }
        _ = error(
          peek.kind == .end ? open.range : peek.range,
          peek.kind == .end
            ? "the `(` of `\(callee)(` is never closed: add `)`"
            : "expected `,` or `)` after an argument of `\(callee)(`, found \(describe(peek)): close the call with `)`")
        if index == before { _ = advance() }
        return (arguments, peek.range.start)
      }
    }
  }
}
