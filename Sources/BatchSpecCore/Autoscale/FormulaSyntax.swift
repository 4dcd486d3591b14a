// The syntax of Azure Batch autoscale formulas: tokens, expressions and statements, each with its
// byte range in the formula's text (UTF-8). `StringSourceMap` turns those ranges into ranges of the
// `.batch` file that holds the formula.

/// What a formula token is.
package enum FormulaTokenKind: Sendable, Equatable {
  case identifier, number, string
  case plus, minus, star, slash, bang
  case less, lessEqual, greater, greaterEqual, equalEqual, bangEqual, andAnd, orOr
  case question, colon, assign, semicolon, comma, leftParen, rightParen, dot
  /// Bytes the lexer reported.
  case invalid
  case end

  /// How messages name it.
  package var display: String {
    switch self {
    case .identifier: "a name"
    case .number: "a number"
    case .string: "a string"
    case .plus: "`+`"
    case .minus: "`-`"
    case .star: "`*`"
    case .slash: "`/`"
    case .bang: "`!`"
    case .less: "`<`"
    case .lessEqual: "`<=`"
    case .greater: "`>`"
    case .greaterEqual: "`>=`"
    case .equalEqual: "`==`"
    case .bangEqual: "`!=`"
    case .andAnd: "`&&`"
    case .orOr: "`||`"
    case .question: "`?`"
    case .colon: "`:`"
    case .assign: "`=`"
    case .semicolon: "`;`"
    case .comma: "`,`"
    case .leftParen: "`(`"
    case .rightParen: "`)`"
    case .dot: "`.`"
    case .invalid: "an invalid character"
    case .end: "the end of the formula"
    }
  }
}

/// One token of a formula.
package struct FormulaToken: Sendable, Equatable {
  /// The kind.
  package var kind: FormulaTokenKind
  /// Its bytes in the formula.
  package var range: TextRange
}

/// A name in a formula: a variable (`$PendingTasks`, `maxNodes`), function, method or member.
package struct FormulaName: Sendable, Equatable {
  /// The name as written, `$` included.
  package var text: String
  /// Where it is written.
  package var range: TextRange
}

/// The operators of formulas.
package enum FormulaOperator: String, Sendable {
  case add = "+", subtract = "-", multiply = "*", divide = "/"
  case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", equal = "==", notEqual = "!="
  case and = "&&", or = "||", not = "!", negate = "-x"
}

/// An expression of a formula.
package indirect enum FormulaExpr: Sendable {
  case number(Double, TextRange)
  case string(String, TextRange)
  /// A variable or a constant (`TimeInterval_Minute`, `taskcompletion`).
  case name(FormulaName)
  /// `avg(...)`.
  case call(FormulaName, [FormulaExpr], TextRange)
  /// `$PendingTasks.GetSample(...)`.
  case method(FormulaExpr, FormulaName, [FormulaExpr], TextRange)
  /// `$curTime.hour`.
  case member(FormulaExpr, FormulaName, TextRange)
  case unary(FormulaOperator, FormulaExpr, TextRange)
  case binary(FormulaOperator, FormulaExpr, FormulaExpr, TextRange)
  /// `condition ? then : else`.
  case conditional(FormulaExpr, FormulaExpr, FormulaExpr, TextRange)
  /// Missing or malformed (reported).
  case error(TextRange)

  /// Where the expression is written.
  package var range: TextRange {
    switch self {
    case .number(_, let r), .string(_, let r), .call(_, _, let r), .method(_, _, _, let r), .member(_, _, let r),
      .unary(_, _, let r), .binary(_, _, _, let r), .conditional(_, _, _, let r), .error(let r):
      r
    case .name(let name): name.range
    }
  }
}

/// One statement: `name = value` or an expression (`stop()`).
package enum FormulaStatement: Sendable {
  case assignment(FormulaName, FormulaExpr, TextRange)
  case expression(FormulaExpr, TextRange)

  /// Where the statement is written (without its `;`).
  package var range: TextRange {
    switch self {
    case .assignment(_, _, let r), .expression(_, let r): r
    }
  }
}

/// What kind of mistake a formula issue is; each validation rule reports one kind.
package enum FormulaIssueKind: Sendable, Equatable {
  /// A syntax error.
  case syntax
  /// A variable, function, method or member that does not exist (or a variable read before it is set).
  case unknownName
  /// A call with the wrong number of arguments, a method of something that has none, a series used
  /// as a number.
  case invalidCall
  /// An assignment to a read-only service variable.
  case readOnlyAssignment
  /// A formula that sets neither `$TargetDedicatedNodes` nor `$TargetLowPriorityNodes`.
  case noTarget
  /// A sample read over a time window whose sample percentage is never checked.
  case unguardedSample
  /// An old name the service still accepts (`$TargetDedicated`).
  case deprecatedName
}

/// A mistake in a formula, located in the formula's text.
package struct FormulaIssue: Sendable, Equatable {
  /// Its kind.
  package var kind: FormulaIssueKind
  /// Where it is, in the formula.
  package var range: TextRange
  /// What is wrong and what to do, in the diagnostics' style.
  package var message: String
  /// A replacement that fixes it, in the formula: `(range, text, title)`.
  package var fix: FormulaFix?
}

/// A replacement in a formula's text.
package struct FormulaFix: Sendable, Equatable {
  /// What it replaces, in the formula.
  package var range: TextRange
  /// The new text.
  package var replacement: String
  /// What it does: "replace with `$TargetDedicatedNodes`".
  package var title: String
  /// Whether it keeps the formula's meaning but for the mistake.
  package var isSafe: Bool
}

/// A parsed formula: its statements, tokens, comments and syntax errors.
package struct FormulaProgram: Sendable {
  /// The formula's text.
  package var text: String
  /// The statements, in order.
  package var statements: [FormulaStatement]
  /// Every token (for editors), ending with `.end`.
  package var tokens: [FormulaToken]
  /// `//` and `/* */` comments.
  package var comments: [TextRange]
  /// Syntax errors.
  package var issues: [FormulaIssue]

  /// Parses `text`.
  package init(_ text: String) {
    self = FormulaParser.parse(text)
  }

  init(
    text: String, statements: [FormulaStatement], tokens: [FormulaToken], comments: [TextRange], issues: [FormulaIssue]
  ) {
    self.text = text
    self.statements = statements
    self.tokens = tokens
    self.comments = comments
    self.issues = issues
  }
}
