// The formula lexer: UTF-8 bytes in, tokens, comments and lexical errors out.

/// Splits a formula's bytes into tokens.
enum FormulaLexer {
  /// The tokens of `bytes` (ending with `.end`), its comments and its lexical errors.
  static func tokenize(_ bytes: [UInt8]) -> (tokens: [FormulaToken], comments: [TextRange], issues: [FormulaIssue]) {
    var tokens: [FormulaToken] = []
    var comments: [TextRange] = []
    var issues: [FormulaIssue] = []
    var i = 0
    let end = bytes.count
    func add(_ kind: FormulaTokenKind, _ start: Int, _ length: Int) {
      tokens.append(FormulaToken(kind: kind, range: TextRange(start, start + length)))
      i = start + length
    }
    func number() {
      let start = i
      while i < end && isDigit(bytes[i]) { i += 1 }
      if i < end && bytes[i] == UInt8(ascii: ".") && i + 1 < end && isDigit(bytes[i + 1]) {
        i += 1
        while i < end && isDigit(bytes[i]) { i += 1 }
      }
      if i < end && (bytes[i] | 0x20) == UInt8(ascii: "e") {
        var k = i + 1
        if k < end && (bytes[k] == UInt8(ascii: "+") || bytes[k] == UInt8(ascii: "-")) { k += 1 }
        if k < end && isDigit(bytes[k]) {
          while k < end && isDigit(bytes[k]) { k += 1 }
          i = k
        }
      }
      tokens.append(FormulaToken(kind: .number, range: TextRange(start, i)))
      if i < end && (isLetter(bytes[i]) || bytes[i] == UInt8(ascii: "_")) {
        let wordStart = i
        while i < end && (isLetter(bytes[i]) || isDigit(bytes[i]) || bytes[i] == UInt8(ascii: "_")) { i += 1 }
        issues.append(
          FormulaIssue(
            kind: .syntax, range: TextRange(start, i),
            message:
              "`\(String(decoding: bytes[start..<i], as: UTF8.self))` is not a number: write units as `\(String(decoding: bytes[start..<wordStart], as: UTF8.self)) * TimeInterval_Minute`"
          ))
        tokens[tokens.count - 1].kind = .invalid
      }
    }
    while i < end {
      let b = bytes[i]
      let next: UInt8 = i + 1 < end ? bytes[i + 1] : 0
      switch b {
      case 0x20, 0x09, 0x0A, 0x0D:
        i += 1
      case UInt8(ascii: "/") where next == UInt8(ascii: "/"):
        let start = i
        while i < end && bytes[i] != 0x0A && bytes[i] != 0x0D { i += 1 }
        comments.append(TextRange(start, i))
      case UInt8(ascii: "/") where next == UInt8(ascii: "*"):
        let start = i
        i += 2
        var closed = false
        while i < end {
          if bytes[i] == UInt8(ascii: "*") && i + 1 < end && bytes[i + 1] == UInt8(ascii: "/") {
            i += 2
            closed = true
            break
          }
          i += 1
        }
        comments.append(TextRange(start, i))
        if !closed {
          issues.append(
            FormulaIssue(
              kind: .syntax, range: TextRange(start, start + 2),
              message: "unterminated comment: add `*/` where the comment ends"))
        }
      case UInt8(ascii: "$"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "_"):
        let start = i
        i += 1
        while i < end && (isLetter(bytes[i]) || isDigit(bytes[i]) || bytes[i] == UInt8(ascii: "_")) { i += 1 }
        tokens.append(FormulaToken(kind: .identifier, range: TextRange(start, i)))
        if i - start == 1 && b == UInt8(ascii: "$") {
          issues.append(
            FormulaIssue(
              kind: .syntax, range: TextRange(start, i),
              message: "a `$` must begin a variable name such as `$PendingTasks`"))
        }
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        number()
      case UInt8(ascii: ".") where isDigit(next):
        number()
      case UInt8(ascii: "\""):
        let start = i
        i += 1
        while i < end && bytes[i] != UInt8(ascii: "\"") && bytes[i] != 0x0A && bytes[i] != 0x0D { i += 1 }
        if i < end && bytes[i] == UInt8(ascii: "\"") {
          i += 1
          tokens.append(FormulaToken(kind: .string, range: TextRange(start, i)))
        } else {
          tokens.append(FormulaToken(kind: .invalid, range: TextRange(start, i)))
          issues.append(
            FormulaIssue(
              kind: .syntax, range: TextRange(start, start + 1),
              message: "unterminated string: add a closing `\"` on this line"))
        }
      case UInt8(ascii: "+"): add(.plus, i, 1)
      case UInt8(ascii: "-"): add(.minus, i, 1)
      case UInt8(ascii: "*"): add(.star, i, 1)
      case UInt8(ascii: "/"): add(.slash, i, 1)
      case UInt8(ascii: "?"): add(.question, i, 1)
      case UInt8(ascii: ":"): add(.colon, i, 1)
      case UInt8(ascii: ";"): add(.semicolon, i, 1)
      case UInt8(ascii: ","): add(.comma, i, 1)
      case UInt8(ascii: "("): add(.leftParen, i, 1)
      case UInt8(ascii: ")"): add(.rightParen, i, 1)
      case UInt8(ascii: "."): add(.dot, i, 1)
      case UInt8(ascii: "<"): next == UInt8(ascii: "=") ? add(.lessEqual, i, 2) : add(.less, i, 1)
      case UInt8(ascii: ">"): next == UInt8(ascii: "=") ? add(.greaterEqual, i, 2) : add(.greater, i, 1)
      case UInt8(ascii: "="): next == UInt8(ascii: "=") ? add(.equalEqual, i, 2) : add(.assign, i, 1)
      case UInt8(ascii: "!"): next == UInt8(ascii: "=") ? add(.bangEqual, i, 2) : add(.bang, i, 1)
      case UInt8(ascii: "&") where next == UInt8(ascii: "&"): add(.andAnd, i, 2)
      case UInt8(ascii: "|") where next == UInt8(ascii: "|"): add(.orOr, i, 2)
      default:
        let start = i
        i += max(1, utf8ScalarWidth(b))
        i = min(i, end)
        let shown = String(decoding: bytes[start..<i], as: UTF8.self)
        var message = "unexpected character `\(shown)` in the formula"
        var fix: FormulaFix?
        switch b {
        case UInt8(ascii: "\\") where next == UInt8(ascii: "\""):
          message += ": a formula's strings need no escaping (a `\\\"` copied from C# or JSON?); write `\"`"
          fix = FormulaFix(range: TextRange(start, i), replacement: "", title: "remove the backslash", isSafe: true)
        case UInt8(ascii: "&"): message += ": write `&&` for and"
        case UInt8(ascii: "|"): message += ": write `||` for or"
        case UInt8(ascii: "%"): message += ": formulas have no `%`; sample percentages are numbers from 0 to 100"
        case UInt8(ascii: "["), UInt8(ascii: "]"):
          message += ": formulas have no list literals; pass values to `avg(1, 2, 3)`"
        case UInt8(ascii: "#"): message += ": comments start with `//`"
        default: break
        }
        tokens.append(FormulaToken(kind: .invalid, range: TextRange(start, i)))
        issues.append(FormulaIssue(kind: .syntax, range: TextRange(start, i), message: message, fix: fix))
      }
    }
    tokens.append(FormulaToken(kind: .end, range: TextRange(end, end)))
    return (tokens, comments, issues)
  }
}
