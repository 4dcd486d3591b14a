// Tokens: a kind and a byte range, no text (as the Zig tokenizer stores them).

/// What a token is.
package enum TokenKind: UInt8, Sendable {
  case identifier, integer, duration, string
  case leftBrace, rightBrace, leftBracket, rightBracket, leftParen, rightParen
  case equals, comma, dot, dotDot, colon
  /// Bytes the lexer already reported as an error; the parser skips them silently.
  case invalid
  case endOfFile

  /// How the token is named in messages.
  package var display: String {
    switch self {
    case .identifier: "a name"
    case .integer: "a number"
    case .duration: "a duration"
    case .string: "a string"
    case .leftBrace: "`{`"
    case .rightBrace: "`}`"
    case .leftBracket: "`[`"
    case .rightBracket: "`]`"
    case .leftParen: "`(`"
    case .rightParen: "`)`"
    case .equals: "`=`"
    case .comma: "`,`"
    case .dot: "`.`"
    case .dotDot: "`..`"
    case .colon: "`:`"
    case .invalid: "an invalid token"
    case .endOfFile: "the end of the file"
    }
  }
}

/// One token: its kind, its byte range and whether a line break precedes it.
package struct Token: Sendable {
  /// The kind.
  package var kind: TokenKind
  /// Whether a line break (in whitespace or a comment) stands between this token and the previous.
  package var isAtLineStart: Bool
  /// Whether the token is a string with no closing quote.
  package var isUnterminated: Bool
  private var start32: UInt32
  private var end32: UInt32

  /// Creates a token.
  package init(_ kind: TokenKind, _ start: Int, _ end: Int, isAtLineStart: Bool, isUnterminated: Bool = false) {
    self.kind = kind
    self.isAtLineStart = isAtLineStart
    self.isUnterminated = isUnterminated
    self.start32 = UInt32(truncatingIfNeeded: start)
    self.end32 = UInt32(truncatingIfNeeded: end)
  }

  /// The offset of the first byte.
  package var start: Int { Int(start32) }
  /// The offset one past the last byte.
  package var end: Int { Int(end32) }
  /// The byte range.
  package var range: TextRange { TextRange(start, end) }
}
