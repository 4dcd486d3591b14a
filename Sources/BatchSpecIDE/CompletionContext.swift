// Where the cursor stands for completion, read from tokens rather than the syntax tree: the line
// being typed is unfinished, and the parser's recovery may have read it as something else.

internal import BatchSpecCore

/// The enclosing blocks and the statement being written at an offset.
struct CompletionContext {
  /// An open `{`, `[` or `(` before the cursor.
  enum Opener {
    /// A block body: its kind and label.
    case block(kind: String, label: String?)
    /// A list, map, index or call inside the value of attribute `attribute`; `isMap` for `{`.
    case value(attribute: String?, isMap: Bool)
  }

  /// What encloses the cursor, outermost first.
  private(set) var openers: [Opener] = []
  /// The attributes already written in the innermost block (before and after the cursor).
  private(set) var present: Set<String> = []
  /// The kinds of the unlabelled child blocks already written in the innermost block.
  private(set) var presentBlocks: Set<String> = []
  /// The attribute whose value is being written, if any.
  private(set) var valueOf: String?
  /// The attribute whose value is a member being written after a name and `.`: `container` in
  /// `container = data.|` (in a list, `valueOf` says whose list it is).
  private(set) var memberOf: String?
  /// Whether the cursor starts a statement (an attribute or a block may be written).
  private(set) var startsStatement = true
  /// Whether the cursor is inside a comment, where nothing is offered.
  private(set) var isInComment = false
  /// The words and strings (unquoted) already written in the innermost list, other than the one
  /// being typed: what a list should not be offered twice.
  private(set) var listItems: Set<String> = []
  /// The name the innermost `[` indexes, when it follows one directly: `bwa` in
  /// `applications = [bwa[`, `align` in `depends_on = [align[`.
  private(set) var indexBase: String?
  /// The kind of the block whose label is being written: `family` in `family "|`.
  private(set) var labelOf: String?
  /// The token indices of the open `[`s, innermost last.
  private var openBrackets: [Int] = []

  /// Reads the context of `offset` (the start of the word being typed) in `bytes`.
  init(bytes: [UInt8], offset: Int) {
    let lexed = Lexer.tokenize(bytes, file: FileID(0))
    let tokens = lexed.tokens
    // A line comment runs to the end of its line, which is still inside it; a block comment ends
    // before its `*/`'s end.
    isInComment = lexed.comments.contains { comment in
      comment.start < offset
        && (offset < comment.end || offset == comment.end && bytes[comment.start + 1] == UInt8(ascii: "/"))
    }
    var statementStart = 0  // index of the first token of the current statement
    var index = 0
    while index < tokens.count, tokens[index].kind != .endOfFile, tokens[index].start < offset {
      let token = tokens[index]
      if token.isAtLineStart && insideUnclosedList(tokens, index) {
        // `[a, ` left open above a new attribute or block: the list ended where the line did.
        while case .value(_, false)? = openers.last {
          openers.removeLast()
          openBrackets.removeLast(openBrackets.isEmpty ? 0 : 1)
        }
      }
      if token.isAtLineStart && !insideValue { statementStart = index }
      switch token.kind {
      case .leftBrace:
        if index > 0, tokens[index - 1].kind == .equals || insideValue {
          openers.append(.value(attribute: attributeName(tokens, statementStart, bytes), isMap: true))
        } else {
          let header = tokens[statementStart..<index].filter { $0.kind == .identifier || $0.kind == .string }
          openers.append(
            .block(
              kind: header.first.map { text(bytes, $0) } ?? "", label: header.dropFirst().first.map { label(bytes, $0) }
            ))
        }
        statementStart = index + 1
      case .leftBracket, .leftParen:
        openers.append(.value(attribute: attributeName(tokens, statementStart, bytes), isMap: false))
        openBrackets.append(token.kind == .leftBracket ? index : -1)
      case .rightBrace, .rightBracket, .rightParen:
        if token.kind != .rightBrace { openBrackets.removeLast(openBrackets.isEmpty ? 0 : 1) }
        // Only a block's `}` ends a statement: a list's `]` may end a sweep's values, with the
        // header's `{` still to come.
        if case .block? = openers.popLast() { statementStart = index + 1 }
      case .comma where !insideValue:
        statementStart = index + 1
      default:
        break
      }
      index += 1
    }
    if case .value(let attribute, let isMap)? = openers.last {
      valueOf = attribute
      startsStatement = false
      if !isMap, let bracket = openBrackets.last, bracket >= 0 {
        collectListItems(tokens, from: bracket, cursor: offset, bytes)
        let before = bracket > 0 ? tokens[bracket - 1] : nil
        if let before, before.kind == .identifier, before.end == tokens[bracket].start {
          indexBase = text(bytes, before)
        }
      }
    } else {
      var lineStart = offset
      while lineStart > 0 && bytes[lineStart - 1] != 0x0A && bytes[lineStart - 1] != 0x0D { lineStart -= 1 }
      // A statement ends at a line break: only the tokens on the cursor's line count, and not the
      // string the cursor is in (an unclosed `"` just before the cursor included).
      let last = index > 0 ? tokens[index - 1] : nil
      let inString = last.map { $0.kind == .string && (offset < $0.end || $0.isUnterminated) } ?? false
      let statementEnd = inString ? index - 1 : index
      let statement = tokens[min(statementStart, statementEnd)..<statementEnd].filter {
        $0.start >= lineStart && $0.end <= offset
      }
      startsStatement = statement.isEmpty && !inString
      // A block's kind alone, then the cursor (after a space, or in the label's string).
      let header = tokens[min(statementStart, index)..<index].filter { $0.start >= lineStart }
      if let kind = header.first, kind.kind == .identifier,
        header.count == 1 && offset > kind.end || header.count == 2 && header[1].kind == .string && inString
      {
        labelOf = text(bytes, kind)
      }
      // Right after `name =`: a value is one word, so after it nothing more is offered.
      if statement.count == 2, statement[1].kind == .equals {
        valueOf = text(bytes, statement[0])
      }
      if statement.count == 4, statement[1].kind == .equals, statement[2].kind == .identifier,
        statement[3].kind == .dot
      {
        memberOf = text(bytes, statement[0])
      }
    }
    collectPresent(tokens, from: index, cursor: offset, bytes)
  }

  /// Whether `tokens[index]` starts an attribute or a block while a list or call is open.
  private func insideUnclosedList(_ tokens: [Token], _ index: Int) -> Bool {
    guard case .value(_, false)? = openers.last, tokens[index].kind == .identifier, index + 1 < tokens.count else {
      return false
    }
    let next = tokens[index + 1].kind
    return next == .equals || next == .leftBrace
      || (next == .identifier || next == .string) && !tokens[index + 1].isAtLineStart
  }

  private var insideValue: Bool {
    if case .value? = openers.last { return true }
    return false
  }

  /// The innermost block, if any.
  var block: (kind: String, label: String?)? {
    for opener in openers.reversed() {
      if case .block(let kind, let label) = opener { return (kind, label) }
    }
    return nil
  }

  /// The label of the innermost enclosing block of `kind`.
  func label(of kind: String) -> String? {
    for case .block(let k, let label) in openers.reversed() where k == kind { return label }
    return nil
  }

  private func attributeName(_ tokens: [Token], _ statementStart: Int, _ bytes: [UInt8]) -> String? {
    if case .value(let attribute, _)? = openers.last { return attribute }
    guard statementStart + 1 < tokens.count, tokens[statementStart].kind == .identifier,
      tokens[statementStart + 1].kind == .equals
    else { return nil }
    return text(bytes, tokens[statementStart])
  }

  /// The attribute names at the innermost block's own depth, over the whole block, except the
  /// word at `cursor`, which is being rewritten (`pool| = p` may still take `pool`).
  private mutating func collectPresent(_ tokens: [Token], from index: Int, cursor: Int, _ bytes: [UInt8]) {
    guard let blockDepth = openers.lastIndex(where: { if case .block = $0 { true } else { false } }) else { return }
    // Scan the block from its `{`: find it by walking back to the matching depth.
    var depth = openers.count
    var start = index
    while start > 0 && depth > blockDepth {
      start -= 1
      switch tokens[start].kind {
      case .leftBrace, .leftBracket, .leftParen: depth -= 1
      case .rightBrace, .rightBracket, .rightParen: depth += 1
      default: break
      }
    }
    depth = 0
    var i = start + 1
    while i + 1 < tokens.count, tokens[i].kind != .endOfFile {
      switch tokens[i].kind {
      case .leftBrace, .leftBracket, .leftParen: depth += 1
      case .rightBrace, .rightBracket, .rightParen:
        depth -= 1
        if depth < 0 { return }
      case .identifier where tokens[i].start == cursor: break
      case .identifier where depth == 0 && tokens[i + 1].kind == .equals:
        present.insert(text(bytes, tokens[i]))
      case .identifier where depth == 0 && tokens[i + 1].kind == .leftBrace:
        presentBlocks.insert(text(bytes, tokens[i]))
      default: break
      }
      i += 1
    }
  }

  /// The items at the depth of the list opened at `tokens[bracket]`, up to its `]` (or a line
  /// that starts an attribute), except the one starting at `cursor`.
  private mutating func collectListItems(_ tokens: [Token], from bracket: Int, cursor: Int, _ bytes: [UInt8]) {
    var depth = 0
    for (index, token) in tokens.enumerated().dropFirst(bracket + 1) {
      // `[a, ` left open above a new attribute: the list ended where the line did.
      if token.isAtLineStart && index + 1 < tokens.count && tokens[index + 1].kind == .equals { return }
      switch token.kind {
      case .leftBrace, .leftBracket, .leftParen: depth += 1
      case .rightBrace, .rightBracket, .rightParen:
        depth -= 1
        if depth < 0 { return }
      case .endOfFile: return
      case .identifier, .string:
        guard depth == 0, token.start != cursor else { break }
        listItems.insert(label(bytes, token))
      default: break
      }
    }
  }

  /// A label's text: a quoted one without its quotes, as the checker reads it.
  private func label(_ bytes: [UInt8], _ token: Token) -> String {
    let text = text(bytes, token)
    guard token.kind == .string, text.count >= 2, !token.isUnterminated else { return text }
    return String(text.dropFirst().dropLast())
  }

  private func text(_ bytes: [UInt8], _ token: Token) -> String {
    String(decoding: bytes[token.start..<min(token.end, bytes.count)], as: UTF8.self)
  }
}
