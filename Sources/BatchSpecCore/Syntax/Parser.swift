// The resilient recursive-descent parser: tokens in, a tree plus diagnostics out. Never fails.
//
// Recovery: each list loop either parses an element, reports and skips to the next line (the
// next attribute or block), or stops so the enclosing loop recovers. When the file's braces do
// not balance, a block header that starts a line no further right than an open block's own header
// closes that block (and a header at column 0 closes them all), so a missing `}` is reported once,
// where it belongs, and the following block parses as the sibling its indentation says it is.

/// Parses one file.
package struct Parser {
  private let bytes: [UInt8]
  private let file: FileID
  private let tokens: [Token]
  private var p = 0
  private var diagnostics: [Diagnostic] = []
  /// For each top-level statement, how many diagnostics were reported before it was parsed.
  private var statementDiagnostics: [Int] = []
  /// Where a parse after an edit may take the rest of the last tree's statements.
  private var resume: Resume?
  /// The last tree's statement the parse stopped at, taking it and the rest.
  private var resumedAt: Int?
  /// `{` less `}` in the file.
  private let braceBalance: Int
  /// More `{` than `}` in the file: enables the indentation recovery for missing `}`.
  private var bracesUnbalanced: Bool { braceBalance > 0 }
  /// Whether the end of input was swallowed by an unterminated comment (suppresses missing `}`).
  private let swallowedEnd: Bool
  /// How many expressions enclose the one being parsed.
  private var nesting = 0
  /// Set when a value nested too deeply was abandoned: the enclosing brackets are not reported.
  private var abandonedNesting = false
  /// Where lists are built before they become exact-size arrays; shared with sub-parsers.
  private let scratch: Scratch
  /// The deepest nesting of values (and the longest `.`/`[]` chain) parsed; deeper input is
  /// reported and skipped, so no later recursive walk can exhaust the stack. An interpolation's
  /// expression counts from the value its string is in.
  static let maxNesting = 128
  /// How many blocks enclose the one being parsed.
  private var blockNesting = 0
  /// The deepest nesting of blocks parsed (no resource of a spec nests more than a few levels);
  /// the body of a block deeper still is reported and skipped, as a value's is.
  package static let maxBlockNesting = 32

  /// Parses `source` into a syntax tree.
  package static func parse(_ source: SourceFile) -> SyntaxTree {
    if let (code, range, message) = notSpecDiagnostic(source.bytes) {
      // An executable, an image or a YAML file saved as a spec: one error, not one per line.
      let lexed = Lexer.tokenize(source.bytes, file: source.id, range: TextRange(0, 0))
      var parser = Parser(bytes: source.bytes, file: source.id, lexed: lexed, scratch: Scratch())
      parser.report(code, range, message)
      return parser.tree(statements: [], lexed: lexed)
    }
    let lexed = Lexer.tokenize(source.bytes, file: source.id)
    var parser = Parser(bytes: source.bytes, file: source.id, lexed: lexed, scratch: Scratch())
    if startsLikeJSON(source.bytes),
      (try? JSONParser.parse(Array(source.bytes.dropFirst(SourceFile.byteOrderMarkLength(source.bytes))))) != nil
    {
      // Batch's JSON, pasted or saved as a spec: one error that says what reads it, not one at
      // every line.
      parser.report(
        .unexpectedToken, parser.peek.range,
        "this file is JSON, not a spec: `batchspec import \(source.path) -o DIR` turns Batch's request bodies (pools, jobs, tasks, schedules) into a spec"
      )
      return parser.tree(statements: [], lexed: lexed)
    }
    let statements = parser.parseBody(depth: 0, owner: nil).statements
    return parser.tree(statements: statements, lexed: lexed)
  }

  /// Whether the first byte after a byte order mark and white space opens a JSON object or array:
  /// never the start of a spec.
  package static func startsLikeJSON(_ bytes: [UInt8]) -> Bool {
    let first = bytes.dropFirst(SourceFile.byteOrderMarkLength(bytes)).first {
      $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") && $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r")
    }
    return first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
  }

  /// Parses `source`, an edit of `previous` whose tree is `old`, into the tree `parse(source)`
  /// gives, lexing and parsing again only what the edit can have changed.
  ///
  /// The statements that end before the edit are `old`'s, but for the last of them, parsed again
  /// with the rest: what the parser read of a statement reaches at most the first token of the
  /// next one when that starts a line. After the edit, once the parse is about to parse a statement
  /// that starts a line after the edit where one of `old`'s started, the rest are `old`'s, moved by
  /// the change of length: the parser starts each top-level statement afresh, and the lexer each
  /// token. Both depend on the whole file's braces and comments balancing, so the two texts must
  /// agree on those.
  ///
  /// The lexer reads from the first statement parsed again to the first place the parse may stop
  /// at (and what the parser may look at past it); when the parse does not stop there, the whole
  /// file is lexed and the parse runs on until it can stop.
  package static func parse(_ source: SourceFile, after previous: SourceFile, tree old: SyntaxTree) -> SyntaxTree {
    guard old.file == source.id, old.statementDiagnostics.count == old.statementCount,
      !startsLikeJSON(source.bytes), !startsLikeJSON(previous.bytes),
      notSpecDiagnostic(source.bytes) == nil, notSpecDiagnostic(previous.bytes) == nil
    else { return parse(source) }
    let bytes = source.bytes
    let (prefix, suffix) = ByteComparison.commonAffixes(previous.bytes, bytes)
    let delta = bytes.count - previous.bytes.count
    // The first statement to parse again: the one before the first the edit reaches, or an
    // earlier one when it does not start a line.
    var first = (0..<old.statementCount).partitioningIndex { old.range(ofStatement: $0).end >= prefix }
    first = max(0, first - 1)
    while first > 0 && !startsLine(old.range(ofStatement: first).start, in: bytes) { first -= 1 }
    let start = first == 0 ? 0 : old.range(ofStatement: first).start
    let resume = Resume(old: old, editEnd: bytes.count - suffix, delta: delta)
    let edit = Edit(old: old, first: first, start: start, delta: delta)

    if !old.swallowedEnd {
      let (window, stop) = Lexer.tokenize(bytes, file: source.id, from: start) {
        resume.statement(startingAt: $0, atLineStart: true, in: bytes) != nil
      }
      if let stop {
        // The braces of the text between, before and after the edit.
        let end = window.tokens[stop].start
        let before = Lexer.tokenize(previous.bytes, file: source.id, range: TextRange(start, end - delta))
        let balance = old.braceBalance - braceBalance(before.tokens[...]) + braceBalance(window.tokens[..<stop])
        guard (balance > 0) == (old.braceBalance > 0) else { return parse(source) }
        var parser = Parser(
          bytes: bytes, file: source.id, tokens: window.tokens, braceBalance: balance, swallowedEnd: false,
          scratch: Scratch())
        parser.resume = resume
        let parsed = parser.parseBody(depth: 0, owner: nil).statements
        if let resumed = parser.resumedAt, old.range(ofStatement: resumed).start + delta == end {
          // The lexer's findings: the last tree's around the text lexed again, which stops at `end`.
          let oldLexer = old.diagnostics[..<old.lexerDiagnosticCount]
          var lexer = Array(oldLexer.prefix { $0.location.range.start < start })
          lexer += window.diagnostics.lazy.filter { $0.location.range.start < end }
          lexer += oldLexer.lazy.filter { $0.location.range.start >= end - delta }.map { edit.shifted($0) }
          var comments = Array(old.comments[..<old.comments.partitioningIndex { $0.end > start }])
          comments += window.comments.lazy.filter { $0.start < end }
          comments += old.comments[old.comments.partitioningIndex { $0.start >= end - delta }...].lazy.map {
            $0.shifted(by: delta)
          }
          return edit.tree(
            parser, parsed: parsed, resumedAt: resumed, lexer: lexer, comments: comments, braceBalance: balance,
            swallowedEnd: false)
        }
      }
    }

    let lexed = Lexer.tokenize(bytes, file: source.id)
    var parser = Parser(bytes: bytes, file: source.id, lexed: lexed, scratch: Scratch())
    guard (parser.braceBalance > 0) == (old.braceBalance > 0), lexed.swallowedEnd == old.swallowedEnd else {
      let statements = parser.parseBody(depth: 0, owner: nil).statements
      return parser.tree(statements: statements, lexed: lexed)
    }
    parser.p = parser.tokens.partitioningIndex { $0.start >= start }
    parser.resume = resume
    let parsed = parser.parseBody(depth: 0, owner: nil).statements
    return edit.tree(
      parser, parsed: parsed, resumedAt: parser.resumedAt, lexer: lexed.diagnostics, comments: lexed.comments,
      braceBalance: parser.braceBalance, swallowedEnd: lexed.swallowedEnd)
  }

  /// `{` less `}` among `tokens`.
  private static func braceBalance(_ tokens: ArraySlice<Token>) -> Int {
    var balance = 0
    for token in tokens {
      if token.kind == .leftBrace { balance += 1 } else if token.kind == .rightBrace { balance -= 1 }
    }
    return balance
  }

  /// An edit's parse: the last tree, the statements of it kept before the edit, and the change of
  /// length.
  private struct Edit {
    let old: SyntaxTree
    /// The first of `old`'s statements parsed again, and where it starts.
    let first: Int
    let start: Int
    let delta: Int

    /// A diagnostic of the last tree, moved with the text after the edit.
    func shifted(_ diagnostic: Diagnostic) -> Diagnostic {
      guard delta != 0 else { return diagnostic }
      return diagnostic.relocated { Location($0.file, $0.range.shifted(by: delta)) }
    }

    /// The tree: `old`'s statements before the edit, those `parser` parsed, and when it stopped
    /// at one of `old`'s, that one and the rest moved; the lexer's findings and comments given.
    func tree(
      _ parser: Parser, parsed: [Statement], resumedAt resumed: Int?, lexer: [Diagnostic], comments: [TextRange],
      braceBalance: Int, swallowedEnd: Bool
    ) -> SyntaxTree {
      let oldParserDiagnostics = old.diagnostics[old.lexerDiagnosticCount...]
      let kept = first == 0 ? 0 : old.statementDiagnostics[first]
      var statements = Array(old.parsed[..<first])
      var shifts = old.shifts.isEmpty ? [Int](repeating: 0, count: first) : Array(old.shifts[..<first])
      var statementDiagnostics = Array(old.statementDiagnostics[..<first])
      var diagnostics = lexer
      diagnostics += oldParserDiagnostics.prefix(kept)
      statements += parsed
      shifts += repeatElement(0, count: parsed.count)
      statementDiagnostics += parser.statementDiagnostics.lazy.map { $0 + kept }
      diagnostics += parser.diagnostics
      if let resumed {
        let skipped = old.statementDiagnostics[resumed]
        let added = kept + parser.diagnostics.count - skipped
        // The statements after the edit are the last tree's, shared rather than copied, each
        // with how far it has moved.
        statements += old.parsed[resumed...]
        shifts += (resumed..<old.statementCount).lazy.map { old.shift(ofStatement: $0) + delta }
        diagnostics += oldParserDiagnostics.dropFirst(skipped).lazy.map(shifted)
        statementDiagnostics += old.statementDiagnostics[resumed...].lazy.map { $0 + added }
      }
      var tree = SyntaxTree(
        file: old.file, statements: statements, shifts: shifts, comments: comments, diagnostics: diagnostics)
      tree.lexerDiagnosticCount = lexer.count
      tree.statementDiagnostics = statementDiagnostics
      tree.braceBalance = braceBalance
      tree.swallowedEnd = swallowedEnd
      return tree
    }
  }

  /// Whether the byte at `offset` is the first on its line but for spaces and tabs.
  private static func startsLine(_ offset: Int, in bytes: [UInt8]) -> Bool {
    var k = offset
    while k > 0 && (bytes[k - 1] == 0x20 || bytes[k - 1] == 0x09) { k -= 1 }
    return k == 0 || bytes[k - 1] == 0x0A || bytes[k - 1] == 0x0D
  }

  /// The tree of a parse of the whole file.
  private func tree(statements: [Statement], lexed: LexResult) -> SyntaxTree {
    var tree = SyntaxTree(
      file: file, statements: statements, comments: lexed.comments, diagnostics: lexed.diagnostics + diagnostics)
    tree.lexerDiagnosticCount = lexed.diagnostics.count
    tree.statementDiagnostics = statementDiagnostics
    tree.braceBalance = braceBalance
    tree.swallowedEnd = swallowedEnd
    return tree
  }

  /// Where a parse after an edit stops: at a top-level statement of the last tree, moved.
  private struct Resume {
    /// The last tree.
    let old: SyntaxTree
    /// The offset just after the edit, in the new text.
    let editEnd: Int
    /// The edit's change of length.
    let delta: Int

    /// The last tree's statement that starts where a token at `offset` does, moved, when the
    /// token starts a line that starts after the edit.
    func statement(startingAt offset: Int, atLineStart: Bool, in bytes: [UInt8]) -> Int? {
      guard atLineStart, offset > editEnd else { return nil }
      var lineStart = offset
      while lineStart > editEnd && bytes[lineStart - 1] != 0x0A && bytes[lineStart - 1] != 0x0D { lineStart -= 1 }
      guard lineStart > editEnd else { return nil }
      let before = offset - delta
      let index = (0..<old.statementCount).partitioningIndex { old.range(ofStatement: $0).start >= before }
      return index < old.statementCount && old.range(ofStatement: index).start == before ? index : nil
    }
  }

  private init(bytes: [UInt8], file: FileID, lexed: LexResult, scratch: Scratch) {
    self.init(
      bytes: bytes, file: file, tokens: lexed.tokens, braceBalance: Self.braceBalance(lexed.tokens[...]),
      swallowedEnd: lexed.swallowedEnd, scratch: scratch)
  }

  /// A parser of `tokens`, in a file whose braces and comments balance as `braceBalance` and
  /// `swallowedEnd` say (`tokens` may be those of a part of it).
  private init(
    bytes: [UInt8], file: FileID, tokens: [Token], braceBalance: Int, swallowedEnd: Bool, scratch: Scratch
  ) {
    self.bytes = bytes
    self.file = file
    self.scratch = scratch
    self.tokens = tokens
    self.swallowedEnd = swallowedEnd
    self.braceBalance = braceBalance
  }

  // MARK: Tokens

  private var peek: Token { tokens[p] }
  private func peek(_ ahead: Int) -> Token { tokens[min(p + ahead, tokens.count - 1)] }

  @discardableResult
  @inline(__always)
  private mutating func advance() -> Token {
    let index = p
    let token = tokens[p]
    if p < tokens.count - 1 { p += 1 }
    if token.kind == .comma && bytes[token.start] == UInt8(ascii: ";") { reportSemicolon(at: index) }
    return token
  }

  /// The lexer reads a `;` between statements, elements or entries as `,`: reported here, out of
  /// the way of every other token.
  @inline(never)
  private mutating func reportSemicolon(at index: Int) {
    // After an opening bracket or another separator, or first on its line, it separates nothing.
    let token = tokens[index]
    let before = index > 0 ? tokens[index - 1].kind : .leftBrace
    let separatesNothing =
      token.isAtLineStart || before == .leftBrace || before == .leftBracket || before == .leftParen
      || before == .comma
    report(
      .unexpectedCharacter, token.range,
      "unexpected `;`: on one line, `,` separates statements, list elements and map entries",
      fixIts: [
        separatesNothing
          ? FixIt("remove it", edits: [TextEdit(file: file, range: token.range, replacement: "")], isSafe: true)
          : FixIt("write `,`", edits: [TextEdit(file: file, range: token.range, replacement: ",")], isSafe: true)
      ])
  }

  /// `range` with the blanks (spaces and tabs, not comments) on either side: what a fix that
  /// breaks the line there replaces, so that neither line keeps them.
  private func blanksAround(_ range: TextRange) -> TextRange {
    var start = range.start
    var end = range.end
    while start > 0, bytes[start - 1] == 0x20 || bytes[start - 1] == 0x09 { start -= 1 }
    while end < bytes.count, bytes[end] == 0x20 || bytes[end] == 0x09 { end += 1 }
    return TextRange(start, end)
  }

  /// The line break the file uses at `offset`'s line: `\r\n` when that line ends so.
  private func lineBreak(after offset: Int) -> String {
    var k = offset
    while k < bytes.count, bytes[k] != 0x0A { k += 1 }
    return k < bytes.count && k > 0 && bytes[k - 1] == 0x0D ? "\r\n" : "\n"
  }

  private func text(_ token: Token) -> String { String(decoding: bytes[token.start..<token.end], as: UTF8.self) }

  /// A token as messages name it: "name `image`", "number `3`", "`)`".
  private func describe(_ token: Token) -> String {
    switch token.kind {
    case .identifier: "name `\(text(token))`"
    case .integer, .duration: "number `\(text(token))`"
    case .string: "string"
    default: token.kind.display
    }
  }

  private func isWord(_ token: Token, _ word: StaticString) -> Bool {
    guard token.kind == .identifier, token.end - token.start == word.utf8CodeUnitCount else { return false }
    return word.withUTF8Buffer { buffer in
      for k in 0..<buffer.count where bytes[token.start + k] != buffer[k] { return false }
      return true
    }
  }

  /// The end of the last consumed token.
  private var previousEnd: Int { p > 0 ? tokens[p - 1].end : 0 }

  private mutating func report(
    _ code: DiagnosticCode, _ range: TextRange, _ message: String, notes: [Note] = [], fixIts: [FixIt] = []
  ) {
    diagnostics.append(Diagnostic(code, at: Location(file, range), message, notes: notes, fixIts: fixIts))
  }

  /// Skips to the next token that starts a line, a `}` or the end of the file.
  private mutating func skipToLineEnd() {
    advance()
    while peek.kind != .endOfFile && peek.kind != .rightBrace && !peek.isAtLineStart { advance() }
  }

  /// Skips a stray token and what follows on its line, up to a `name =` that can start a statement.
  private mutating func skipStray() {
    advance()
    while peek.kind != .endOfFile && peek.kind != .rightBrace && !peek.isAtLineStart {
      if peek.kind == .identifier && peek(1).kind == .equals { return }
      advance()
    }
  }

  /// The spaces and tabs that start the line holding `offset`.
  private func indentation(of offset: Int) -> Int {
    var start = offset
    while start > 0 && bytes[start - 1] != 0x0A && bytes[start - 1] != 0x0D { start -= 1 }
    var end = start
    while end < offset && (bytes[end] == 0x20 || bytes[end] == 0x09) { end += 1 }
    return end - start
  }

  /// Whether the tokens at `p` look like `kind label? {`, `kind label for` or `param name`.
  private func looksLikeBlockHeader() -> Bool {
    guard peek.kind == .identifier else { return false }
    let next = peek(1)
    if isWord(peek, "param") && next.kind == .identifier && !next.isAtLineStart { return true }
    if next.kind == .leftBrace { return true }
    if next.kind == .identifier || next.kind == .string {
      let after = peek(2)
      return after.kind == .leftBrace || isWord(after, "for")
    }
    return false
  }

  // MARK: Statements

  private struct BodyResult {
    var statements: [Statement]
    var closeBrace: TextRange?
  }

  /// Parses statements until `}` (for a block) or the end of the file (at depth 0).
  private mutating func parseBody(depth: Int, owner: Owner?) -> BodyResult {
    let start = scratch.statements.count
    while true {
      let before = p
      let token = peek
      let reported = diagnostics.count
      if depth == 0, token.kind != .endOfFile, let resume,
        let resumed = resume.statement(startingAt: token.start, atLineStart: token.isAtLineStart, in: bytes)
      {
        resumedAt = resumed
        return BodyResult(statements: scratch.statements.take(from: start), closeBrace: nil)
      }
      switch token.kind {
      case .endOfFile:
        if let owner { reportUnclosed(owner) }
        return BodyResult(statements: scratch.statements.take(from: start), closeBrace: nil)
      case .rightBrace:
        advance()
        if depth > 0 { return BodyResult(statements: scratch.statements.take(from: start), closeBrace: token.range) }
        report(.unexpectedToken, token.range, "unexpected `}`: no block is open here; remove it")
      case .comma where depth > 0:
        advance()
      case .comma where bytes[token.start] == UInt8(ascii: ";"):
        // `pool a { } ; pool b { }`: the top level takes no `,`.
        report(
          .unexpectedCharacter, token.range, "unexpected `;`: at the top level, each statement goes on its own line",
          fixIts: [
            FixIt(
              "write a line break",
              edits: [
                TextEdit(
                  file: file, range: blanksAround(token.range), replacement: lineBreak(after: token.start))
              ],
              isSafe: true)
          ])
        p += 1
      case .invalid:
        // A `#` starts what was meant as a comment: the line is skipped. After any other stray
        // character, a `name =` later on the line is read (`pool p {\u{1}vm_size = ...`).
        if bytes[token.start] == UInt8(ascii: "#") { skipToLineEnd() } else { skipStray() }
      case .string where !peek(1).isAtLineStart && (peek(1).kind == .equals || peek(1).kind == .colon):
        // `"name" = value`, or JSON's `"name": value`: an attribute with its name in quotes, read
        // as a statement (`parseAttribute` reports the quotes) so that its value is checked and a
        // required attribute is not also reported missing.
        fallthrough
      case .identifier:
        if let owner, bracesUnbalanced, token.isAtLineStart, indentation(of: token.start) <= owner.indentation,
          looksLikeBlockHeader(), !owner.isFlat || Schema.topLevelKinds.contains(text(token))
        {
          reportUnclosed(owner)
          return BodyResult(statements: scratch.statements.take(from: start), closeBrace: nil)
        }
        if let statement = parseStatement(depth: depth) {
          if depth == 0 { statementDiagnostics.append(reported) }
          scratch.statements.push(statement)
          expectStatementEnd(depth: depth)
        }
      default:
        report(
          .unexpectedToken, token.range,
          "unexpected \(describe(token)): expected an attribute `name = value` or a block `kind label { ... }`")
        skipStray()
      }
      if p == before { advance() }  // progress guard
    }
  }

  /// The block whose body is being parsed: what a missing `}` is reported against.
  private struct Owner {
    var kind: Name
    var label: Name?
    var open: TextRange
    /// The indentation of the header's line: a header as far left inside the body is a sibling.
    var indentation: Int
    /// Whether the body starts no further right than the header (a file written flush left): then
    /// indentation tells nothing, and only a top-level kind's header is taken for a sibling.
    var isFlat = false

    /// `task "x"` or `pool gpu`, as written.
    var shown: String {
      guard let label else { return kind.text }
      return "\(kind.text) \(label.isQuoted ? "\"\(label.text)\"" : label.text)"
    }
  }

  /// In a flush-left file, where the `}` goes is a guess: no fix is offered.
  private mutating func reportUnclosed(_ owner: Owner) {
    if swallowedEnd { return }
    let at = TextRange.empty(at: previousEnd)
    report(
      .expectedClosingBrace, at, "expected `}` to close `\(owner.shown)`",
      notes: [Note("the block opened here", at: Location(file, owner.open))],
      fixIts: owner.isFlat
        ? [] : [FixIt("insert `}`", edits: [TextEdit(file: file, range: at, replacement: "\n}")], isSafe: false)])
  }

  /// After an attribute: a line break, a `,`, a `}` or the end of the file must follow. At the top
  /// level (`depth` 0), which takes no `,`, only a line break separates statements.
  private mutating func expectStatementEnd(depth: Int) {
    let next = peek
    if next.isAtLineStart || next.kind == .comma || next.kind == .rightBrace || next.kind == .endOfFile { return }
    if next.kind == .invalid {
      skipToLineEnd()
      return
    }
    if reportSplitDuration(next) { return }
    // `name = ...`, or a block's header (`task b {`, `task b for i in ...`): read as the next statement.
    let startsBlock = next.kind == .identifier && peek(1).kind != .equals && looksLikeBlockHeader()
    let startsStatement = next.kind == .identifier && (peek(1).kind == .equals || startsBlock)
    let what = startsBlock ? "block" : "attribute"
    let at = TextRange.empty(at: previousEnd)
    report(
      .expectedSeparator, startsStatement ? at : next.range,
      !startsStatement
        ? "unexpected \(describe(next)) after the value: put each attribute on its own line or separate them with `,`"
        : depth == 0
          ? "expected a line break before `\(text(next))`: at the top level, each \(what) goes on its own line"
          : "expected `,` or a line break before `\(text(next))`: put each \(what) on its own line or separate them "
            + "with `,`",
      fixIts: !startsStatement
        ? []
        : depth == 0
          ? [
            FixIt(
              "insert a line break",
              edits: [
                TextEdit(file: file, range: blanksAround(at), replacement: lineBreak(after: at.start))
              ],
              isSafe: true)
          ]
          : [FixIt("insert `,`", edits: [TextEdit(file: file, range: at, replacement: ",")], isSafe: true)])
    if !startsStatement { skipToLineEnd() }
  }

  /// `1h 30m`, a duration written in words of its own: reported with a safe fix that joins them,
  /// when they make one duration (`1h30m`). Returns whether it reported.
  private mutating func reportSplitDuration(_ next: Token) -> Bool {
    guard next.kind == .duration, tokens[p - 1].kind == .duration else { return false }
    var last = p
    while peek(last - p + 1).kind == .duration && !peek(last - p + 1).isAtLineStart { last += 1 }
    let pieces = [tokens[p - 1]] + (p...last).map { tokens[$0] }
    let joined = pieces.map { Array(bytes[$0.start..<$0.end]) }.joined()
    let written = Array(joined)
    guard DurationSyntax.milliseconds(written, TextRange(0, written.count)) != nil else { return false }
    let literal = String(decoding: written, as: UTF8.self)
    let range = TextRange(pieces[0].start, pieces[pieces.count - 1].end)
    report(
      .expectedSeparator, range, "a duration is one word: `\(literal)`",
      fixIts: [
        FixIt("write `\(literal)`", edits: [TextEdit(file: file, range: range, replacement: literal)], isSafe: true)
      ])
    while p <= last { advance() }
    return true
  }

  private mutating func parseStatement(depth: Int) -> Statement? {
    // `kind label` at the end of a line: a block whose `{` is missing at the top level (where
    // attributes cannot stand), an attribute whose `=` is missing inside a block.
    let first = peek
    let next = peek(1)
    if isWord(first, "param") && next.isAtLineStart {
      // The name, like the rest of the declaration, is on the line of `param`: the next line is
      // a statement of its own.
      report(
        .invalidParamDeclaration, TextRange.empty(at: first.end),
        "expected a name after `param` on the same line: `param name: type = value`")
      advance()
      return nil
    }
    if isWord(first, "param") && next.kind == .identifier
      && (peek(2).kind == .colon || peek(2).kind == .equals || peek(2).isAtLineStart)
    {
      return .param(parseParam())
    }
    switch next.kind {
    case .equals:
      return .attribute(parseAttribute())
    case .colon where !peek(2).isAtLineStart && canStartValue(peek(2).kind):
      // YAML's and JSON's `name: value`.
      return .attribute(parseAttribute())
    case .leftBrace:
      return .block(parseBlock())
    case .identifier, .string, .integer, .duration, .invalid:
      let after = peek(2)
      if next.kind == .identifier || next.kind == .string,
        after.kind == .leftBrace || isWord(after, "for") || (depth == 0 && after.isAtLineStart)
      {
        return .block(parseBlock())
      }
      if !next.isAtLineStart && badLabelEnd(from: p + 1) != nil { return .block(parseBlock()) }
      guard next.kind == .identifier || next.kind == .string else {
        if !next.isAtLineStart { return .attribute(parseAttribute()) }
        break
      }
      if !after.isAtLineStart && (after.kind == .identifier || after.kind == .string) && lineHasBrace() {
        return .block(parseBlock())
      }
      if !next.isAtLineStart { return .attribute(parseAttribute()) }
    default:
      if !next.isAtLineStart && canStartValue(next.kind) { return .attribute(parseAttribute()) }
    }
    let name = text(first)
    report(
      .expectedEquals, TextRange.empty(at: first.end),
      "expected `=` or `{` after `\(name)`: write `\(name) = value` for an attribute or `\(name) { ... }` for a block")
    skipToLineEnd()
    return nil
  }

  /// Whether a `{` appears later on the current line.
  private func lineHasBrace() -> Bool {
    var k = p + 1
    while k < tokens.count && !tokens[k].isAtLineStart && tokens[k].kind != .endOfFile {
      if tokens[k].kind == .leftBrace { return true }
      k += 1
    }
    return false
  }

  private func canStartValue(_ kind: TokenKind) -> Bool {
    switch kind {
    case .identifier, .integer, .duration, .string, .leftBracket, .leftBrace, .invalid: true
    default: false
    }
  }

  private mutating func parseAttribute() -> Attribute {
    let nameToken = advance()
    let name =
      nameToken.kind == .string
      ? Name(quotedName(nameToken).text, nameToken.range) : Name(text(nameToken), nameToken.range)
    if peek.kind == .equals || peek.kind == .colon {
      let separator = advance()
      if nameToken.kind == .string || separator.kind == .colon {
        reportWrittenAsJSON(name, quoted: nameToken.kind == .string, separator: separator)
      }
      let value = parseValue(after: separator.range)
      return Attribute(name: name, value: value)
    }
    // `name value`: the `=` is missing.
    let at = TextRange.empty(at: nameToken.end)
    report(
      .expectedEquals, at, "expected `=` between `\(name.text)` and its value",
      fixIts: [FixIt("insert `=`", edits: [TextEdit(file: file, range: at, replacement: " =")], isSafe: true)])
    let value = parseExpression()
    return Attribute(name: name, value: value)
  }

  /// Reports an attribute or map entry written as JSON or YAML write them: a name in quotes
  /// (`"name" = value`), a `:` for the `=` (`name: value`), or both. The caller reads it as
  /// `name = value`; the fix-it writes that.
  private mutating func reportWrittenAsJSON(_ name: Name, quoted: Bool, separator: Token) {
    // A quoted name that is no identifier cannot lose its quotes: then there is no fix. (A map's
    // key may be quoted: the caller passes `quoted` for an attribute's name only.)
    let fixable = !quoted || Literal.isIdentifier(name.text)
    var edits: [TextEdit] = []
    if quoted { edits.append(TextEdit(file: file, range: name.range, replacement: name.text)) }
    if separator.kind == .colon {
      // `name: value` becomes `name = value`; `name : value`, `name = value`.
      let spaced = separator.start > name.range.end
      edits.append(TextEdit(file: file, range: separator.range, replacement: spaced ? "=" : " ="))
    }
    let written =
      quoted
      ? (fixable ? name.text : "name") : String(decoding: bytes[name.range.start..<name.range.end], as: UTF8.self)
    let problem =
      switch (quoted, separator.kind == .colon) {
      case (true, true): "without quotes around the name, and with `=` rather than `:`"
      case (true, false): "without quotes around the name"
      default: "with `=` rather than `:`"
      }
    report(
      quoted ? .unexpectedToken : .expectedEquals, quoted ? name.range : separator.range,
      "write `\(written) = value`, \(problem)",
      fixIts: fixable ? [FixIt("write `\(written) =`", edits: edits, isSafe: true)] : [])
  }

  /// A value after `=`: it must start on the same line.
  private mutating func parseValue(after equals: TextRange) -> Expr {
    let next = peek
    if next.isAtLineStart || next.kind == .endOfFile || next.kind == .rightBrace || next.kind == .comma {
      report(.expectedValue, TextRange.empty(at: equals.end), "expected a value after `=`")
      return .error(TextRange.empty(at: equals.end))
    }
    return parseExpression()
  }

  private mutating func parseParam() -> ParamDeclaration {
    let keyword = advance()
    let nameToken = advance()
    var declaration = ParamDeclaration(
      name: Name(text(nameToken), nameToken.range), type: nil, defaultValue: nil,
      range: keyword.range.union(nameToken.range))
    if peek.kind == .colon && !peek.isAtLineStart {
      let colon = advance()
      if peek.kind == .identifier && !peek.isAtLineStart {
        let typeToken = advance()
        declaration.type = Name(text(typeToken), typeToken.range)
        declaration.range = declaration.range.union(typeToken.range)
      } else {
        report(
          .invalidParamDeclaration, TextRange.empty(at: colon.end),
          "expected a type after `:`: `int`, `string`, `bool` or `duration`")
      }
    }
    if peek.kind == .equals && !peek.isAtLineStart {
      let equals = advance()
      let value = parseValue(after: equals.range)
      declaration.defaultValue = value
      declaration.range = declaration.range.union(value.range)
    }
    return declaration
  }

  private mutating func parseBlock() -> Block {
    let kindToken = advance()
    let kind = Name(text(kindToken), kindToken.range)
    var label: Name?
    var sweep: Sweep?
    if !peek.isAtLineStart, let end = badLabelEnd(from: p) {
      label = parseBadLabel(upTo: end)
    } else if peek.kind == .identifier && !isWord(peek, "for") {
      let token = advance()
      label = Name(text(token), token.range)
    } else if peek.kind == .string {
      let token = advance()
      label = quotedName(token)
    }
    var headerReported = false
    if isWord(peek, "for") {
      let before = diagnostics.count
      sweep = parseSweep()
      headerReported = diagnostics.count > before
    }
    if peek.kind != .leftBrace && headerReported {
      while peek.kind != .leftBrace && peek.kind != .endOfFile && !(peek.isAtLineStart && peek.kind != .leftBrace) {
        advance()
      }
      // The rest of a header broken across lines (`1..` then `3 {`): no statement starts so.
      if peek.isAtLineStart && peek.kind != .identifier && peek.kind != .string && peek.kind != .rightBrace
        && lineHasBraceFromCurrent()
      {
        while peek.kind != .leftBrace { advance() }
      }
    } else if peek.kind != .leftBrace {
      // Extra words before `{` on this line: report once and skip to the brace.
      if !peek.isAtLineStart && lineHasBraceFromCurrent() {
        let start = peek.start
        // `for lr in [...], bs in [...]`: a second sweep variable.
        let secondVariable = sweep != nil && peek.kind == .comma && peek(1).kind == .identifier && isWord(peek(2), "in")
        while peek.kind != .leftBrace { p += 1 }
        report(
          .invalidBlockHeader, TextRange(start, previousEnd),
          secondVariable
            ? "a sweep has one variable: sweep one, and write a block for each value of the other, or sweep a "
              + "list of combinations (`for run in [\"0.1-32\", \"0.1-64\"]`)"
            : "unexpected \(tokens[p - 1].kind == .identifier ? "words" : "tokens") in the block header: a block is "
              + "`kind label { ... }`; join words with `-` or quote the label")
      }
    }
    guard peek.kind == .leftBrace else {
      let at = TextRange.empty(at: previousEnd)
      report(.invalidBlockHeader, at, "expected `{` to open the `\(kind.text)` block")
      return Block(
        kind: kind, label: label, sweep: sweep, body: [], openBrace: at, closeBrace: nil,
        range: kindToken.range.union(at))
    }
    let open = advance()
    if blockNesting >= Self.maxBlockNesting {
      report(
        .unexpectedToken, open.range,
        "blocks nest more than \(Self.maxBlockNesting) levels deep here: no resource nests so deep; close the blocks above it"
      )
      let close = skipBlockBody()
      return Block(
        kind: kind, label: label, sweep: sweep, body: [], openBrace: open.range, closeBrace: close,
        range: kindToken.range.union(close ?? TextRange.empty(at: previousEnd)))
    }
    blockNesting += 1
    defer { blockNesting -= 1 }
    var owner = Owner(kind: kind, label: label, open: open.range, indentation: indentation(of: kindToken.start))
    if bracesUnbalanced && peek.isAtLineStart && peek.kind != .rightBrace {
      owner.isFlat = indentation(of: peek.start) <= owner.indentation
    }
    let body = parseBody(depth: 1, owner: owner)
    let end = body.closeBrace?.end ?? previousEnd
    return Block(
      kind: kind, label: label, sweep: sweep, body: body.statements, openBrace: open.range,
      closeBrace: body.closeBrace, range: TextRange(kindToken.start, end))
  }

  /// When the tokens from `k` on, written without space between them, are a label that is not a
  /// name or a string (`step.1`, `t1:`, `1pool`) and a `{` or `for` follows on the line: where the
  /// label ends.
  private func badLabelEnd(from k: Int) -> Int? {
    var end = k
    while end < tokens.count - 1, end == k || (tokens[end].start == tokens[end - 1].end && !tokens[end].isAtLineStart) {
      switch tokens[end].kind {
      case .identifier, .integer, .duration, .invalid, .string: break
      case .dot, .dotDot, .colon: if end == k { return nil }
      default: return nil
      }
      end += 1
      if tokens[end].kind == .leftBrace || isWord(tokens[end], "for") { break }
    }
    let after = tokens[end]
    guard end > k, after.kind == .leftBrace || isWord(after, "for"), !after.isAtLineStart else { return nil }
    if end == k + 1 && (tokens[k].kind == .identifier || tokens[k].kind == .string) { return nil }
    return end
  }

  /// The label `step.1` (or `t1:`) that `badLabelEnd` found, reported once: quote it or use only
  /// letters, digits, `-` and `_`. The lexer has already reported a label holding a bad character
  /// or a bad number.
  private mutating func parseBadLabel(upTo end: Int) -> Name {
    let first = p
    var lexerReported = false
    while p < end {
      if peek.kind == .invalid { lexerReported = true }
      advance()
    }
    let range = TextRange(tokens[first].start, tokens[end - 1].end)
    let written = String(decoding: bytes[range.start..<range.end], as: UTF8.self)
    if !lexerReported {
      if end == first + 2 && tokens[first].kind == .identifier && tokens[first + 1].kind == .colon {
        let colon = tokens[first + 1].range
        report(
          .invalidBlockHeader, colon,
          "unexpected `:` after the label `\(text(tokens[first]))`: a block is `kind label { ... }`; remove `:`",
          fixIts: [FixIt("remove `:`", edits: [TextEdit(file: file, range: colon, replacement: "")], isSafe: true)])
        return Name(text(tokens[first]), tokens[first].range)
      }
      let quoted = Literal.string(written)
      report(
        .invalidBlockHeader, range,
        "the label `\(written)` is not a name: quote it, `\(quoted)`, or use only letters, digits, `-` and `_`",
        fixIts: [
          FixIt("quote the label", edits: [TextEdit(file: file, range: range, replacement: quoted)], isSafe: false)
        ])
    }
    return Name(written, range)
  }

  /// When the `{` at `p` closes on its line and another `{` follows it there: where that one is.
  private func braceAfterBracedGroup() -> Int? {
    var depth = 0
    var k = p
    while k < tokens.count - 1 && (k == p || !tokens[k].isAtLineStart) {
      if tokens[k].kind == .leftBrace { depth += 1 }
      if tokens[k].kind == .rightBrace {
        depth -= 1
        if depth == 0 {
          let next = tokens[k + 1]
          return next.kind == .leftBrace && !next.isAtLineStart ? k + 1 : nil
        }
      }
      k += 1
    }
    return nil
  }

  private func lineHasBraceFromCurrent() -> Bool {
    var k = p
    while k < tokens.count && tokens[k].kind != .endOfFile && (k == p || !tokens[k].isAtLineStart) {
      if tokens[k].kind == .leftBrace { return true }
      k += 1
    }
    return false
  }

  /// A sweep header's `for` or `in` on a line of its own: reported, and read as if on the line before.
  /// The fix joins the lines when only white space stands between.
  private mutating func reportHeaderLineBreak(before token: Token) {
    let gap = TextRange(p > 1 ? tokens[p - 2].end : 0, token.start)
    let blank = bytes[gap.start..<gap.end].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    report(
      .invalidBlockHeader, token.range,
      "`\(text(token))` stands on the line of the block header: write the header on one line, `task t for i in 1..10 {`",
      fixIts: blank
        ? [FixIt("join the lines", edits: [TextEdit(file: file, range: gap, replacement: " ")], isSafe: true)] : [])
  }

  private mutating func parseSweep() -> Sweep? {
    let forToken = advance()
    if forToken.isAtLineStart { reportHeaderLineBreak(before: forToken) }
    guard peek.kind == .identifier, !peek.isAtLineStart else {
      report(
        .invalidBlockHeader, TextRange.empty(at: forToken.end),
        "expected a variable name after `for`: `for i in 1..10`")
      return nil
    }
    let variableToken = advance()
    let variable = Name(text(variableToken), variableToken.range)
    guard isWord(peek, "in") else {
      report(
        .invalidBlockHeader, TextRange.empty(at: variableToken.end),
        "expected `in` after `for \(variable.text)`: `for \(variable.text) in 1..10`")
      return Sweep(
        variable: variable, values: .error(variableToken.range), range: forToken.range.union(variableToken.range))
    }
    let inToken = advance()
    if inToken.isAtLineStart { reportHeaderLineBreak(before: inToken) }
    if peek.kind == .leftBrace && !peek.isAtLineStart, let body = braceAfterBracedGroup() {
      // `for k in { x = 1 } {`: a map where the values go, skipped to the body's `{`.
      let values = TextRange(peek.start, tokens[body - 1].end)
      report(
        .invalidBlockHeader, values,
        "expected values after `in`: a range `1..10` or a list `[\"a\", \"b\"]`, not a map")
      p = body
      return Sweep(variable: variable, values: .error(values), range: forToken.range.union(values))
    }
    if peek.kind == .leftBrace || peek.isAtLineStart {
      report(
        .invalidBlockHeader, TextRange.empty(at: inToken.end), "expected values after `in`: a range `1..10` or a list")
      return Sweep(variable: variable, values: .error(inToken.range), range: forToken.range.union(inToken.range))
    }
    let values = parseExpression()
    return Sweep(variable: variable, values: values, range: forToken.range.union(values.range))
  }

  // MARK: Expressions

  private mutating func parseExpression() -> Expr {
    if nesting >= Self.maxNesting { return abandonDeepValue() }
    nesting += 1
    defer {
      nesting -= 1
      if nesting == 0 { abandonedNesting = false }
    }
    let lower = parsePostfix()
    guard peek.kind == .dotDot && !peek.isAtLineStart else { return lower }
    let dots = advance()
    if peek.isAtLineStart || !canStartValue(peek.kind) {
      report(
        .expectedValue, TextRange.empty(at: dots.end),
        peek.isAtLineStart && peek.kind != .endOfFile
          ? "expected an upper bound after `..` on its line: write the range on one line, `1..10`"
          : "expected an upper bound after `..`")
      return .range(lower, .error(TextRange.empty(at: dots.end)), step: nil, lower.range.union(dots.range))
    }
    let upper = parsePostfix()
    var step: Expr?
    var range = lower.range.union(upper.range)
    if isWord(peek, "step") && !peek.isAtLineStart {
      let stepToken = advance()
      let value = peek.isAtLineStart ? Expr.error(TextRange.empty(at: stepToken.end)) : parsePostfix()
      if case .error = value, peek.isAtLineStart {
        report(.expectedValue, TextRange.empty(at: stepToken.end), "expected a step after `step`")
      }
      step = value
      range = range.union(value.range)
    }
    return .range(lower, upper, step: step, range)
  }

  /// Skips a block's body, blocks in it and all, after its `{`; returns its `}`, or nil when the
  /// input ends first.
  private mutating func skipBlockBody() -> TextRange? {
    var depth = 1
    while peek.kind != .endOfFile {
      let token = advance()
      if token.kind == .leftBrace { depth += 1 }
      if token.kind == .rightBrace {
        depth -= 1
        if depth == 0 { return token.range }
      }
    }
    return nil
  }

  /// Reports a value nested more than `maxNesting` deep and skips the rest of its line.
  private mutating func abandonDeepValue() -> Expr {
    let start = peek.range.start
    if !abandonedNesting {
      report(
        .unexpectedToken, peek.range, "values nest more than \(Self.maxNesting) levels deep here: flatten them")
    }
    abandonedNesting = true
    while !peek.isAtLineStart && peek.kind != .endOfFile { advance() }
    return .error(TextRange(start, max(start, previousEnd)))
  }

  private mutating func parsePostfix() -> Expr {
    var expr = parsePrimary()
    var length = 0
    while !peek.isAtLineStart {
      length += 1
      if length > Self.maxNesting && (peek.kind == .dot || peek.kind == .leftBracket) {
        return abandonDeepValue()
      }
      switch peek.kind {
      case .dot:
        let dot = advance()
        guard peek.kind == .identifier && !peek.isAtLineStart else {
          report(.expectedValue, TextRange.empty(at: dot.end), "expected a name after `.`")
          return .error(expr.range.union(dot.range))
        }
        let member = advance()
        expr = .member(expr, Name(text(member), member.range), expr.range.union(member.range))
      case .leftBracket:
        let open = advance()
        let index = peek.kind == .rightBracket ? reportMissingIndex(open) : parseExpression()
        let close = expectClosing(.rightBracket, "`]`", opened: open, what: "index")
        expr = .index(expr, index, expr.range.union(TextRange(open.start, close)))
      case .leftParen:
        guard case .name(let callee) = expr else { return expr }
        let open = advance()
        let start = scratch.expressions.count
        while peek.kind != .rightParen && peek.kind != .endOfFile && !peek.isAtLineStart {
          let before = p
          scratch.expressions.push(parseExpression())
          if peek.kind == .comma { advance() } else { break }
          if p == before { break }
        }
        let arguments = scratch.expressions.take(from: start)
        let close = expectClosing(.rightParen, "`)`", opened: open, what: "call")
        expr = .call(callee, arguments, TextRange(callee.range.start, close))
      default:
        return expr
      }
    }
    return expr
  }

  private mutating func reportMissingIndex(_ open: Token) -> Expr {
    report(.expectedValue, TextRange.empty(at: open.end), "expected an index inside `[]`: a blob name or a sweep value")
    return .error(TextRange.empty(at: open.end))
  }

  /// Consumes the closing token, or reports it missing; returns the end offset of the construct.
  private mutating func expectClosing(_ kind: TokenKind, _ shown: String, opened: Token, what: String) -> Int {
    if peek.kind == kind { return advance().end }
    let at = TextRange.empty(at: previousEnd)
    if abandonedNesting { return previousEnd }
    report(
      .expectedClosingBracket, at, "expected \(shown) to close the \(what)",
      notes: [Note("opened here", at: Location(file, opened.range))])
    return previousEnd
  }

  private mutating func parsePrimary() -> Expr {
    let token = peek
    switch token.kind {
    case .string:
      advance()
      return .string(parseString(token))
    case .integer:
      advance()
      let integer = parseInteger(token)
      return spacedUnit(after: integer) ?? integer
    case .duration:
      advance()
      return .duration(DurationSyntax.milliseconds(bytes, token.range) ?? 0, token.range)
    case .identifier:
      advance()
      if isWord(token, "true") { return .bool(true, token.range) }
      if isWord(token, "false") { return .bool(false, token.range) }
      return .name(Name(text(token), token.range))
    case .leftBracket:
      return parseList()
    case .leftBrace:
      return parseMap()
    case .invalid:
      advance()
      return .error(token.range)
    default:
      report(.expectedValue, token.range, "expected a value, found \(token.kind.display)")
      if token.kind != .rightBrace && token.kind != .endOfFile && token.kind != .rightBracket
        && token.kind != .comma && token.kind != .rightParen
      {
        advance()
      }
      return .error(token.range)
    }
  }

  /// The unit letters of the words a unit may be spelt as, after a number and a blank.
  private static let unitWords: [String: String] = [
    "ms": "ms", "s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s",
    "m": "m", "min": "m", "mins": "m", "minute": "m", "minutes": "m",
    "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h", "d": "d", "day": "d", "days": "d",
  ]

  /// `30 m`, `2 hours`, `20 min`: a number, then a unit word on its own that ends the value.
  /// Reported with a safe fix that joins them (`30m`), as `1h 30m` is; read as that duration.
  private mutating func spacedUnit(after integer: Expr) -> Expr? {
    guard case .integer(let number, let range) = integer, number >= 0, peek.kind == .identifier,
      !peek.isAtLineStart, peek.start > range.end,
      let unit = Self.unitWords[text(peek).lowercased()],
      // `M` alone is as often months as minutes.
      text(peek) != "M"
    else { return nil }
    let after = peek(1)
    guard
      after.isAtLineStart || after.kind == .comma || after.kind == .rightBrace || after.kind == .rightBracket
        || after.kind == .endOfFile
    else { return nil }
    let literal = "\(number)\(unit)"
    let written = Array(literal.utf8)
    guard let milliseconds = DurationSyntax.milliseconds(written, TextRange(0, written.count)) else { return nil }
    let word = advance()
    let whole = TextRange(range.start, word.end)
    report(
      .expectedSeparator, whole, "a duration is one word: `\(literal)`",
      fixIts: [
        FixIt("write `\(literal)`", edits: [TextEdit(file: file, range: whole, replacement: literal)], isSafe: true)
      ])
    return .duration(milliseconds, whole)
  }

  private mutating func parseInteger(_ token: Token) -> Expr {
    var value: Int64 = 0
    var negative = false
    var overflow = false
    for k in token.start..<token.end {
      let b = bytes[k]
      if b == UInt8(ascii: "-") {
        negative = true
      } else if isDigit(b) {
        // Counted with its sign (the `-` comes first), so that the smallest int can be written.
        let (m, o1) = value.multipliedReportingOverflow(by: 10)
        let digit = Int64(b - 0x30)
        let (s, o2) = negative ? m.subtractingReportingOverflow(digit) : m.addingReportingOverflow(digit)
        overflow = overflow || o1 || o2
        value = s
      }
    }
    if overflow {
      report(
        .invalidNumber, token.range,
        "number `\(text(token))` is too \(negative ? "small" : "large"): ints are 64-bit, from -9223372036854775808 to 9223372036854775807"
      )
      return .error(token.range)
    }
    return .integer(value, token.range)
  }

  /// Lists: `[a, b, c]`; elements are separated by `,` or line breaks; a trailing `,` is fine.
  private mutating func parseList() -> Expr {
    let open = advance()
    let start = scratch.expressions.count
    var isEmpty: Bool { scratch.expressions.count == start }
    while true {
      let before = p
      let token = peek
      if token.kind == .rightBracket {
        let close = advance()
        return .list(scratch.expressions.take(from: start), TextRange(open.start, close.end))
      }
      if token.kind == .endOfFile || token.kind == .rightBrace
        || (token.isAtLineStart && (startsAttribute() || startsLabelledStatement()))
      {
        _ = expectClosing(.rightBracket, "`]`", opened: open, what: "list")
        return .list(scratch.expressions.take(from: start), TextRange(open.start, previousEnd))
      }
      if token.kind == .comma {
        if isEmpty || tokens[p - 1].kind == .comma {
          report(.expectedValue, token.range, "expected a list element before `,`")
        }
        advance()
        continue
      }
      if !isEmpty && !token.isAtLineStart && tokens[p - 1].kind != .comma {
        report(.expectedSeparator, token.range, "expected `,` or `]` after the list element")
      }
      scratch.expressions.push(parseExpression())
      if p == before { advance() }
    }
  }

  /// Maps: `{ KEY = value, "other key" = value }`, entries separated by `,` or line breaks.
  private mutating func parseMap() -> Expr {
    let open = advance()
    let start = scratch.mapEntries.count
    while true {
      let before = p
      let token = peek
      switch token.kind {
      case .rightBrace:
        let close = advance()
        return .map(scratch.mapEntries.take(from: start), TextRange(open.start, close.end))
      case .endOfFile:
        _ = expectClosing(.rightBrace, "`}`", opened: open, what: "map")
        return .map(scratch.mapEntries.take(from: start), TextRange(open.start, previousEnd))
      case .comma:
        advance()
      case .identifier, .string:
        advance()
        let key =
          token.kind == .string
          ? quotedName(token)
          : Name(text(token), token.range)
        guard peek.kind == .equals || (peek.kind == .colon && !peek(1).isAtLineStart && canStartValue(peek(1).kind))
        else {
          report(.expectedEquals, TextRange.empty(at: token.end), "expected `=` after the map key `\(key.text)`")
          skipToLineEnd()
          continue
        }
        let separator = advance()
        if separator.kind == .colon { reportWrittenAsJSON(key, quoted: false, separator: separator) }
        let value = parseValue(after: separator.range)
        scratch.mapEntries.push(MapEntry(key: key, value: value))
        expectEntryEnd()
      case .invalid:
        skipToLineEnd()
      default:
        report(.unexpectedToken, token.range, "unexpected \(token.kind.display) in a map: expected `key = value`")
        skipToLineEnd()
      }
      if p == before { advance() }
    }
  }

  private mutating func expectEntryEnd() {
    let next = peek
    if next.isAtLineStart || next.kind == .comma || next.kind == .rightBrace || next.kind == .endOfFile { return }
    report(.expectedSeparator, TextRange.empty(at: previousEnd), "expected `,` or a line break after the map entry")
    if next.kind != .identifier && next.kind != .string { skipToLineEnd() }
  }

  private func startsAttribute() -> Bool {
    peek.kind == .identifier && (peek(1).kind == .equals || peek(1).kind == .leftBrace)
  }

  /// Whether a name followed by a name or string on its line starts here (`pool render {`,
  /// `task frame for i in ...`, `param n: int`... reads `param n`): what no list element is, so an
  /// unclosed `[` above it (typed top-down) ends there rather than swallowing the next block.
  private func startsLabelledStatement() -> Bool {
    peek.kind == .identifier && (peek(1).kind == .identifier || peek(1).kind == .string) && !peek(1).isAtLineStart
  }

  // MARK: Strings

  /// Decodes a string token into text parts and parsed interpolations.
  private mutating func parseString(_ token: Token) -> StringLiteral {
    let start = scratch.stringParts.count
    if let constant = pushStringParts(token) { return StringLiteral(constant: constant, range: token.range) }
    return StringLiteral(parts: scratch.stringParts.take(from: start), range: token.range)
  }

  /// A quoted label or map key: its decoded text, or the token as written when it interpolates.
  /// Its errors are reported as for any string; its parts are not kept.
  private mutating func quotedName(_ token: Token) -> Name {
    let start = scratch.stringParts.count
    let text =
      pushStringParts(token) ?? scratch.stringParts.withElements(from: start) { StringLiteral.constantText(of: $0) }
    scratch.stringParts.drop(from: start)
    return Name(text ?? self.text(token), token.range, isQuoted: true)
  }

  /// The text of a string token with no escape and no interpolation, exactly as written; for any
  /// other string, nil after pushing its decoded parts on the scratch stack.
  private mutating func pushStringParts(_ token: Token) -> String? {
    if MultilineString.isMultiline(bytes, token.range) {
      pushMultilineParts(token)
      return nil
    }
    let contentEnd = token.isUnterminated ? token.end : token.end - 1
    // The common case: no escape and no interpolation, so the text is the bytes as written.
    if !bytes[(token.start + 1)..<max(token.start + 1, contentEnd)].contains(where: {
      $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "$")
    }) {
      let content = bytes[(token.start + 1)..<max(token.start + 1, contentEnd)]
      return String(decoding: content, as: UTF8.self)
    }
    var text = TextAccumulator(start: token.start + 1)
    decodeContent(token.start + 1, contentEnd, into: &text)
    text.flush(at: contentEnd, bytes: bytes, into: scratch.stringParts)
    return nil
  }

  /// Pushes the parts of a multi-line string: its lines without their shared indentation, joined
  /// by `\n`. Layout mistakes are reported; the text is still read.
  private mutating func pushMultilineParts(_ token: Token) {
    let layout = MultilineString.layout(bytes, token.range, unterminated: token.isUnterminated)
    for error in layout.errors { report(.invalidMultilineString, error.range, error.message) }
    var text = TextAccumulator(start: layout.lines.first?.start ?? token.start + 3)
    text.isRaw = false
    for (index, line) in layout.lines.enumerated() {
      if index > 0 { text.decoded.append(0x0A) }
      decodeContent(line.start, line.end, into: &text)
      text.leaveRaw(upTo: line.end, bytes: bytes)
    }
    text.flush(at: layout.lines.last?.end ?? token.start + 3, bytes: bytes, into: scratch.stringParts)
  }

  /// Decodes `start..<end` of a string's content into `text`, pushing interpolations (and the
  /// text before each) on the scratch stack.
  private mutating func decodeContent(_ start: Int, _ end: Int, into text: inout TextAccumulator) {
    var k = start
    while k < end {
      let b = bytes[k]
      if b == UInt8(ascii: "\\") {
        text.leaveRaw(upTo: k, bytes: bytes)
        let escape = StringEscapes.decode(bytes, at: k, end: end)
        if let error = escape.error { report(.invalidEscape, TextRange(k, escape.next), error) }
        text.decoded.append(contentsOf: escape.bytes)
        k = escape.next
      } else if b == UInt8(ascii: "$") && k + 1 < end && bytes[k + 1] == UInt8(ascii: "{") {
        text.flush(at: k, bytes: bytes, into: scratch.stringParts)
        let open = k
        let close = interpolationEnd(from: k + 2, end: end)
        let inner = TextRange(open + 2, close ?? end)
        let expr = parseInterpolation(inner, open: open, closed: close != nil)
        let after = close.map { $0 + 1 } ?? end
        scratch.stringParts.push(.interpolation(expr, TextRange(open, after)))
        k = after
        text = TextAccumulator(start: k)
      } else {
        if !text.isRaw { text.decoded.append(b) }
        k += 1
      }
    }
  }

  /// The offset of the `}` closing an interpolation whose contents start at `start`.
  private func interpolationEnd(from start: Int, end: Int) -> Int? {
    var depth = 1
    var k = start
    while k < end {
      switch bytes[k] {
      case UInt8(ascii: "{"): depth += 1
      case UInt8(ascii: "}"):
        depth -= 1
        if depth == 0 { return k }
      case UInt8(ascii: "\""):
        k += 1
        while k < end && bytes[k] != UInt8(ascii: "\"") {
          if bytes[k] == UInt8(ascii: "\\") { k += 1 }
          k += 1
        }
      default: break
      }
      k += 1
    }
    return nil
  }

  private mutating func parseInterpolation(_ inner: TextRange, open: Int, closed: Bool) -> Expr {
    let whole = TextRange(open, closed ? inner.end + 1 : inner.end)
    guard closed else { return .error(whole) }  // the lexer reported it
    // The common case, `${name}`: a name needs no lexer or parser of its own.
    if inner.length > 0, isLetter(bytes[inner.start]) || bytes[inner.start] == UInt8(ascii: "_"),
      bytes[inner.start..<inner.end].allSatisfy(isIdentifierContinue)
    {
      let text = String(decoding: bytes[inner.start..<inner.end], as: UTF8.self)
      if text != "true" && text != "false" { return .name(Name(text, inner)) }
    }
    let lexed = Lexer.tokenize(bytes, file: file, range: inner)
    diagnostics.append(contentsOf: lexed.diagnostics)
    guard lexed.tokens.count > 1 else {
      report(
        .invalidInterpolation, whole,
        "empty `${}`: put a param or sweep variable name inside, or write `\\${` for a literal `${`")
      return .error(whole)
    }
    var sub = Parser(bytes: bytes, file: file, lexed: lexed, scratch: scratch)
    sub.nesting = nesting
    let expr = sub.parseExpression()
    diagnostics.append(contentsOf: sub.diagnostics)
    if sub.peek.kind != .endOfFile {
      report(
        .invalidInterpolation, TextRange(sub.peek.start, inner.end),
        "unexpected \(sub.describe(sub.peek)) in `${...}`: an interpolation holds one name or expression")
    }
    return expr
  }
}

/// The text of a string between interpolations, as it is decoded: the source bytes as written while
/// nothing needed decoding (`isRaw`), else the decoded bytes.
private struct TextAccumulator {
  /// Where the part's source starts.
  var segmentStart: Int
  /// The decoded bytes, once an escape or a line join made them differ from the source.
  var decoded: [UInt8] = []
  /// Whether the text is still `bytes[segmentStart..<end]`.
  var isRaw = true

  init(start: Int) { segmentStart = start }

  /// Stops reading the source as written: copies what was read up to `k` into `decoded`.
  mutating func leaveRaw(upTo k: Int, bytes: [UInt8]) {
    guard isRaw else { return }
    decoded.append(contentsOf: bytes[segmentStart..<k])
    isRaw = false
  }

  /// Pushes the text read so far as a part ending at `k`, if there is any.
  func flush(at k: Int, bytes: [UInt8], into stack: ScratchStack<StringPart>) {
    if isRaw {
      if k > segmentStart {
        stack.push(.text(String(decoding: bytes[segmentStart..<k], as: UTF8.self), TextRange(segmentStart, k)))
      }
    } else if !decoded.isEmpty || k > segmentStart {
      stack.push(.text(String(decoding: decoded, as: UTF8.self), TextRange(segmentStart, max(k, segmentStart))))
    }
  }
}

/// The stacks a parse builds its lists on (see `ScratchStack`), one per element type.
private struct Scratch {
  let statements = ScratchStack<Statement>()
  let expressions = ScratchStack<Expr>()
  let mapEntries = ScratchStack<MapEntry>()
  let stringParts = ScratchStack<StringPart>(capacity: 8)
}
