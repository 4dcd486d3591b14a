// The lexer: UTF-8 bytes in, tokens plus comment trivia plus diagnostics out. Never fails.

/// The tokens of a byte range, the comments between them, and lexical errors.
package struct LexResult: Sendable {
  /// The tokens, ending with one `.endOfFile`.
  package var tokens: [Token]
  /// Every `//` and `/* */` comment, in order (the formatter reattaches them).
  package var comments: [TextRange]
  /// Lexical errors.
  package var diagnostics: [Diagnostic]
  /// Whether an unterminated block comment swallowed the rest of the input.
  package var swallowedEnd: Bool
}

/// Splits UTF-8 bytes into tokens.
///
/// It reads the bytes through a buffer pointer, valid for the one call to `tokenize`: the scanning
/// loops then index memory directly, with no array bounds check or reload per byte.
package struct Lexer {
  private let bytes: UnsafeBufferPointer<UInt8>
  /// The same bytes as an array, for the helpers shared with the parser.
  private let array: [UInt8]
  private let file: FileID
  private var i: Int
  private let end: Int
  /// Where lexing starts: the scan for bytes that are not UTF-8 covers what was lexed from here.
  private let first: Int
  /// Whether bytes that are not UTF-8 are reported: by the lexer of a file, or of the part of it
  /// an edit parses again.
  private var reportsEncoding = true
  private var tokens: [Token] = []
  private var comments: [TextRange] = []
  private var diagnostics: [Diagnostic] = []
  private var sawNewline = true
  private var swallowedEnd = false
  /// Where a lexer of part of a file may stop: at a token that starts a line at an offset where
  /// this holds.
  private var stop: ((Int) -> Bool)?
  /// The index of the token it stopped at.
  private var stoppedAt: Int?

  /// Tokenizes `bytes[range]` (the whole file by default). Bytes that are not UTF-8 are reported
  /// only when it lexes the whole file: a range inside it (an interpolation's) is part of what the
  /// file's lexer reported.
  package static func tokenize(_ bytes: [UInt8], file: FileID, range: TextRange? = nil) -> LexResult {
    bytes.withUnsafeBufferPointer { buffer in
      var lexer = Lexer(bytes: buffer, array: bytes, file: file, range: range ?? TextRange(0, bytes.count))
      lexer.reportsEncoding = range == nil
      lexer.run()
      return LexResult(
        tokens: lexer.tokens, comments: lexer.comments, diagnostics: lexer.diagnostics,
        swallowedEnd: lexer.swallowedEnd)
    }
  }

  /// Whether replacing `range` of `bytes` with `replacement` deletes a comment: one stands in the
  /// range and the replacement does not carry it.
  package static func deletesComment(_ bytes: [UInt8], file: FileID, _ range: TextRange, _ replacement: String) -> Bool
  {
    guard range.start < range.end, range.end <= bytes.count, bytes[range.start..<range.end].contains(UInt8(ascii: "/"))
    else { return false }
    return tokenize(bytes, file: file, range: range).comments.contains { comment in
      !replacement.contains(String(decoding: bytes[comment.start..<comment.end], as: UTF8.self))
    }
  }

  /// Tokenizes `bytes` from `start`, the start of a line, up to the first token that starts a
  /// line at an offset where `stop` holds, then the rest of that line and three more tokens (what
  /// the parser may look at from that token); the tokens end with `.endOfFile`. `stop` is the index
  /// of the token it stopped at, nil when it lexed to the end of the file.
  package static func tokenize(
    _ bytes: [UInt8], file: FileID, from start: Int, stoppingAt stop: @escaping (Int) -> Bool
  ) -> (LexResult, stop: Int?) {
    bytes.withUnsafeBufferPointer { buffer in
      // It usually stops within a statement or two of `start`: room for the rest of the file
      // (about 2.4 bytes per byte) would be a large block to allocate, and free, at every edit.
      var lexer = Lexer(
        bytes: buffer, array: bytes, file: file, range: TextRange(start, bytes.count), reserving: 1024)
      lexer.stop = stop
      lexer.run()
      let result = LexResult(
        tokens: lexer.tokens, comments: lexer.comments, diagnostics: lexer.diagnostics,
        swallowedEnd: lexer.swallowedEnd)
      return (result, lexer.stoppedAt)
    }
  }

  /// A lexer of `range`, with room for about as many tokens as it holds (one per 5 bytes), or at
  /// most `reserving`.
  private init(
    bytes: UnsafeBufferPointer<UInt8>, array: [UInt8], file: FileID, range: TextRange, reserving: Int = .max
  ) {
    self.bytes = bytes
    self.array = array
    self.file = file
    self.i = range.start
    self.end = min(range.end, bytes.count)
    // A byte order mark, as Windows editors write, is no token: the file starts after it.
    if i == 0 { i = min(SourceFile.byteOrderMarkLength(bytes), end) }
    self.first = i
    tokens.reserveCapacity(min((end - i) / 5 + 1, reserving))
  }

  private mutating func run() {
    while true {
      skipTrivia()
      guard i < end else { break }
      if sawNewline, let stop {
        if let stopped = stoppedAt {
          if tokens.count - stopped >= 4 { break }
        } else if stop(i) {
          stoppedAt = tokens.count
        }
      }
      let start = i
      let b = bytes[i]
      switch b {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
        var k = i + 1
        while k < end && isIdentifierContinue(bytes[k]) { k += 1 }
        if k < end && bytes[k] >= 0x80, let mistake = LexicalMistake.nonASCIIName(bytes, start: start, at: k, end: end)
        {
          report(mistake, .unexpectedCharacter, start)
          continue
        }
        i = k
        emit(.identifier, start)
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        lexNumber(start)
      case UInt8(ascii: "-"):
        if i + 1 < end && isDigit(bytes[i + 1]) {
          i += 1
          lexNumber(start)
        } else {
          i += 1
          error(
            .unexpectedCharacter, start,
            "unexpected `-`: names may contain `-` but not start with it, and numbers need a digit after it")
        }
      case UInt8(ascii: "\""):
        if i + 2 < end && bytes[i + 1] == UInt8(ascii: "\"") && bytes[i + 2] == UInt8(ascii: "\"") {
          lexMultilineString(start)
        } else {
          lexString(start)
        }
      case UInt8(ascii: "'"): lexSingleQuoted(start)
      case UInt8(ascii: "{"): single(.leftBrace)
      case UInt8(ascii: "}"): single(.rightBrace)
      case UInt8(ascii: "["): single(.leftBracket)
      case UInt8(ascii: "]"): single(.rightBracket)
      case UInt8(ascii: "("): single(.leftParen)
      case UInt8(ascii: ")"): single(.rightParen)
      case UInt8(ascii: "="): single(.equals)
      case UInt8(ascii: ","): single(.comma)
      case UInt8(ascii: ";"): lexSemicolon(start)
      case UInt8(ascii: ":"): single(.colon)
      case UInt8(ascii: "#"):
        // A comment as a shell or YAML writes it: reported once, with `//` as a safe fix, and the
        // rest of the line read as the comment it was meant to be (not as names, each an error).
        while i < end && bytes[i] != 0x0A && bytes[i] != 0x0D { i += 1 }
        diagnostics.append(
          Diagnostic(
            .unexpectedCharacter, at: Location(file, TextRange(start, start + 1)),
            "unexpected character `#`: comments start with `//`",
            fixIts: [
              FixIt(
                "write `//`", edits: [TextEdit(file: file, range: TextRange(start, start + 1), replacement: "//")],
                isSafe: true)
            ]))
        emit(.invalid, start)
      case UInt8(ascii: "."):
        if i + 1 < end && bytes[i + 1] == UInt8(ascii: ".") {
          i += 2
          emit(.dotDot, start)
        } else {
          single(.dot)
        }
      default:
        if b >= 0x80 && utf8SequenceWidth(bytes, at: i, end: end) == 0 {
          // Not UTF-8: reported with the rest of the line's bytes (`reportInvalidUTF8`).
          i += 1
          emit(.invalid, start)
          continue
        }
        if b >= 0x80, let character = LookalikeCharacter(bytes, at: i, end: end) {
          reportLookalike(character)
          continue
        }
        i += max(1, scalarWidth(b))
        i = min(i, end)
        let shown = String(decoding: bytes[start..<i], as: UTF8.self)
        if b == UInt8(ascii: "*") && i < end && bytes[i] == UInt8(ascii: "/") {
          i += 1
          error(
            .unexpectedCharacter, start,
            "unexpected `*/`: block comments do not nest, so the comment ended at an earlier `*/`; close each `/*` once"
          )
          continue
        }
        // A control character is named by its code point: shown, it would be invisible, or act.
        let named =
          b < 0x20 || b == 0x7F
          ? "control character U+00\(b < 0x10 ? "0" : "")\(String(b, radix: 16, uppercase: true))"
          : "character `\(shown)`"
        error(.unexpectedCharacter, start, "unexpected \(named)")
      }
    }
    let last = stoppedAt == nil ? end : i
    tokens.append(Token(.endOfFile, last, last, isAtLineStart: true))
    if reportsEncoding { reportInvalidUTF8(first..<max(first, min(i, end))) }
  }

  /// Reports bytes in `range` that are not UTF-8, the first of each line, in among the other
  /// diagnostics by place. (Text decoded from them would hold U+FFFD where the file has something
  /// else: a file saved as Latin-1, most often.)
  private mutating func reportInvalidUTF8(_ range: Range<Int>) {
    guard let base = bytes.baseAddress else { return }
    var found: [Diagnostic] = []
    var k = range.lowerBound
    while k < range.upperBound {
      // Eight bytes at a time while they are ASCII, as they mostly are.
      while k + 8 <= range.upperBound,
        UnsafeRawPointer(base + k).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
      {
        k += 8
      }
      guard k < range.upperBound else { break }
      if bytes[k] < 0x80 {
        k += 1
        continue
      }
      let width = utf8SequenceWidth(bytes, at: k, end: range.upperBound)
      if width > 0 {
        k += width
        continue
      }
      let byte = "0x" + String(bytes[k], radix: 16, uppercase: true)
      found.append(
        Diagnostic(
          .invalidUTF8, at: Location(file, TextRange(k, k + 1)),
          "this byte (\(byte)) is not UTF-8: batchspec reads specs as UTF-8; save the file as UTF-8"))
      while k < range.upperBound && bytes[k] != 0x0A && bytes[k] != 0x0D { k += 1 }
    }
    guard !found.isEmpty else { return }
    var merged: [Diagnostic] = []
    merged.reserveCapacity(diagnostics.count + found.count)
    var next = 0
    for diagnostic in diagnostics {
      while next < found.count && found[next].location.range.start < diagnostic.location.range.start {
        merged.append(found[next])
        next += 1
      }
      merged.append(diagnostic)
    }
    merged += found[next...]
    diagnostics = merged
  }

  /// Reports `mistake`, a token from `start`, with its fix, and skips it.
  private mutating func report(_ mistake: LexicalMistake, _ code: DiagnosticCode, _ start: Int) {
    i = mistake.end
    let range = TextRange(start, i)
    let fixIts = mistake.replacement.map {
      [FixIt("write `\($0)`", edits: [TextEdit(file: file, range: range, replacement: $0)], isSafe: mistake.isSafe)]
    }
    diagnostics.append(Diagnostic(code, at: Location(file, range), mistake.message, fixIts: fixIts ?? []))
    emit(.invalid, start)
  }

  /// Reports an invisible or look-alike character at `i` with a fix; one that stands where white
  /// space would is then read as white space, so that nothing around it is reported too. A curly
  /// quote that opens a string is read with the text up to its closing quote on the line as one
  /// token, the value it was meant to be, each quote reported once.
  private mutating func reportLookalike(_ character: LookalikeCharacter) {
    let start = i
    reportLookalike(character, at: i)
    i += character.width
    if character.isSpace { return }
    if character.opensString {
      var k = i
      while k < end && bytes[k] != 0x0A && bytes[k] != 0x0D && bytes[k] != UInt8(ascii: "\"") {
        if bytes[k] >= 0x80, let closing = LookalikeCharacter(bytes, at: k, end: end), closing.closesString {
          reportLookalike(closing, at: k)
          i = k + closing.width
          break
        }
        k += 1
      }
      if k < end && bytes[k] == UInt8(ascii: "\"") { i = k + 1 }
    }
    emit(.invalid, start)
  }

  private mutating func reportLookalike(_ character: LookalikeCharacter, at k: Int) {
    let range = TextRange(k, k + character.width)
    let fix = FixIt(
      character.replacement.isEmpty ? "remove it" : "write `\(character.replacement)`",
      edits: [TextEdit(file: file, range: range, replacement: character.replacement)], isSafe: true)
    diagnostics.append(
      Diagnostic(.unexpectedCharacter, at: Location(file, range), character.message, fixIts: [fix]))
  }

  /// `;`, as C and JavaScript end statements: at the end of a line, reported and read as nothing;
  /// between statements on one line, read as the `,` it stands for, which the parser reports
  /// where it knows what separates statements there (`,` in a block, a line break at the top
  /// level), so that what follows is still read.
  private mutating func lexSemicolon(_ start: Int) {
    i += 1
    var k = i
    while k < end {
      if bytes[k] == 0x20 || bytes[k] == 0x09 || bytes[k] == 0x0D {
        k += 1
      } else if k + 1 < end, bytes[k] == UInt8(ascii: "/"), bytes[k + 1] == UInt8(ascii: "*"),
        let close = blockCommentEndOnLine(from: k + 2)
      {
        k = close  // `; /* note */ b = 2`: what comes after the comment decides
      } else {
        break
      }
    }
    let endsLine =
      k == end || bytes[k] == 0x0A || bytes[k] == UInt8(ascii: "}")
      || (k + 1 < end && bytes[k] == UInt8(ascii: "/") && bytes[k + 1] == UInt8(ascii: "/"))
    guard endsLine else { return emit(.comma, start) }
    let range = TextRange(start, i)
    diagnostics.append(
      Diagnostic(
        .unexpectedCharacter, at: Location(file, range),
        "unexpected `;`: a line break ends a statement here; remove it",
        fixIts: [FixIt("remove it", edits: [TextEdit(file: file, range: range, replacement: "")], isSafe: true)]))
  }

  /// The offset after the `*/` closing a comment whose text starts at `start`, when it closes on
  /// the same line.
  private func blockCommentEndOnLine(from start: Int) -> Int? {
    var k = start
    while k + 1 < end, bytes[k] != 0x0A {
      if bytes[k] == UInt8(ascii: "*") && bytes[k + 1] == UInt8(ascii: "/") { return k + 2 }
      k += 1
    }
    return nil
  }

  private mutating func single(_ kind: TokenKind) {
    let start = i
    i += 1
    emit(kind, start)
  }

  private mutating func emit(_ kind: TokenKind, _ start: Int, unterminated: Bool = false) {
    tokens.append(Token(kind, start, i, isAtLineStart: sawNewline, isUnterminated: unterminated))
    sawNewline = false
  }

  private mutating func error(_ code: DiagnosticCode, _ start: Int, _ message: String, end: Int? = nil) {
    diagnostics.append(Diagnostic(code, at: Location(file, TextRange(start, end ?? i)), message))
    emit(.invalid, start)
  }

  /// Skips blanks, line breaks and comments. Inlined into the token loop: most trivia is a blank or
  /// two; comments, rarer, are read out of line.
  @inline(__always)
  private mutating func skipTrivia() {
    while i < end {
      let b = bytes[i]
      if b == 0x20 || b == 0x09 {
        i += 1
      } else if b == 0x0A || b == 0x0D {
        sawNewline = true
        i += 1
      } else if b != UInt8(ascii: "/") || !skipComment() {
        return
      }
    }
  }

  /// Skips the `//` or `/* */` comment at `i`, recording it; false when `i` starts no comment.
  private mutating func skipComment() -> Bool {
    guard i + 1 < end else { return false }
    let start = i
    if bytes[i + 1] == UInt8(ascii: "/") {
      while i < end && bytes[i] != 0x0A && bytes[i] != 0x0D { i += 1 }
      comments.append(TextRange(start, i))
      return true
    }
    guard bytes[i + 1] == UInt8(ascii: "*") else { return false }
    i += 2
    var closed = false
    var nested: [Int] = []  // the `/*` written inside the comment, before its end
    while i < end {
      if bytes[i] == UInt8(ascii: "*") && i + 1 < end && bytes[i + 1] == UInt8(ascii: "/") {
        i += 2
        closed = true
        break
      }
      if bytes[i] == UInt8(ascii: "/") && i + 1 < end && bytes[i + 1] == UInt8(ascii: "*") { nested.append(i) }
      if bytes[i] == 0x0A || bytes[i] == 0x0D { sawNewline = true }
      i += 1
    }
    nested.removeAll { $0 + 1 == i - 2 }  // `/*/`: the `*` is the end's
    if closed, !nested.isEmpty, let nestedEnd = nestedCommentEnd(from: i, depth: nested.count) {
      reportNested(inner: nested, firstClose: i - 2)
      if bytes[i..<nestedEnd].contains(where: { $0 == 0x0A || $0 == 0x0D }) { sawNewline = true }
      i = nestedEnd
    }
    comments.append(TextRange(start, i))
    if !closed {
      swallowedEnd = true
      diagnostics.append(
        Diagnostic(
          .unterminatedBlockComment, at: Location(file, TextRange(start, start + 2)),
          "unterminated block comment: add `*/` where the comment should end"))
    }
    return true
  }

  /// Where a comment written as if comments nested ends: after the `*/` that closes `depth` more
  /// `/*` from `i` (counting those opened on the way); nil when none does before the end.
  private func nestedCommentEnd(from start: Int, depth: Int) -> Int? {
    var depth = depth
    var k = start
    while k + 1 < end {
      if bytes[k] == UInt8(ascii: "*") && bytes[k + 1] == UInt8(ascii: "/") {
        depth -= 1
        k += 2
        if depth == 0 { return k }
      } else if bytes[k] == UInt8(ascii: "/") && bytes[k + 1] == UInt8(ascii: "*") {
        depth += 1
        k += 2
      } else {
        k += 1
      }
    }
    return nil
  }

  /// Reports a comment written as if comments nested (`/* a /* b */ c */`), which is read to its
  /// last `*/` as its writer meant: once, at the inner `/*`, rather than an error for each word
  /// after the first `*/`. With one inner comment, the fix makes its `/*` and `*/` text of the
  /// outer one.
  private mutating func reportNested(inner: [Int], firstClose: Int) {
    let fixIts =
      inner.count == 1
      ? [
        FixIt(
          "remove the inner `/*` and `*/`",
          edits: [
            TextEdit(file: file, range: TextRange(inner[0], inner[0] + 2), replacement: ""),
            TextEdit(file: file, range: TextRange(firstClose, firstClose + 2), replacement: ""),
          ], isSafe: true)
      ] : []
    diagnostics.append(
      Diagnostic(
        .unexpectedCharacter, at: Location(file, TextRange(inner[0], inner[0] + 2)),
        "block comments do not nest: this `/*` is text of the comment around it, which ends at the first `*/`; remove it, or end the outer comment before it",
        notes: [Note("the comment ends here", at: Location(file, TextRange(firstClose, firstClose + 2)))],
        fixIts: fixIts))
  }

  /// Digits (with `_` separators), optionally followed by duration units: `42`, `1_000`, `90s`, `1h30m`.
  private mutating func lexNumber(_ start: Int) {
    while i < end && (isDigit(bytes[i]) || bytes[i] == UInt8(ascii: "_")) { i += 1 }
    if i + 1 < end && bytes[i] == UInt8(ascii: ".") && isDigit(bytes[i + 1]) {
      report(LexicalMistake.decimal(bytes, start: start, dot: i, end: end), .invalidNumber, start)
      return
    }
    guard i < end && isLetter(bytes[i]) else {
      emit(.integer, start)
      return
    }
    // A suffix: must be a well-formed duration such as `30m` or `1h30m`.
    while i < end && isIdentifierContinue(bytes[i]) { i += 1 }
    if DurationSyntax.seconds(array, TextRange(start, i)) != nil {
      emit(.duration, start)
    } else {
      let text = String(decoding: bytes[start..<i], as: UTF8.self)
      // A duration as people spell it (`20min`, `2hrs`): as an attribute's value (after `=`) the
      // same span, so the fix is safe; anywhere else it may be a name (`task 10min {`), which the
      // fix would rename, so it is offered, unsafe, beside the advice for names.
      if let milliseconds = DurationSyntax.spelledOut(text) {
        let literal = Value.formatDuration(milliseconds)
        var before = start - 1
        while before >= 0 && (bytes[before] == 0x20 || bytes[before] == 0x09) { before -= 1 }
        let isValue = before >= 0 && bytes[before] == UInt8(ascii: "=")
        report(
          LexicalMistake(
            end: i,
            message: "durations are written `\(literal)` here, not `\(text)`"
              + (isValue ? "" : "; a name starts with a letter, or is quoted"),
            replacement: literal, isSafe: isValue),
          .invalidNumber, start)
        return
      }
      // Letters no duration uses: a name (`1pool`), perhaps a label.
      let hint =
        text.utf8.contains { isLetter($0) && !"dhmsDHMS".utf8.contains($0) }
        ? "; a name starts with a letter, or is quoted" : ""
      error(
        .invalidNumber, start,
        "invalid number `\(text)`: write an integer, or a duration such as `45s`, `30m`, `2h`, `7d` or `1h30m`\(hint)")
    }
  }

  /// A double-quoted string on one line; `${...}` interpolations may nest strings and braces.
  private mutating func lexString(_ start: Int) {
    i += 1
    while i < end {
      let b = bytes[i]
      if b == UInt8(ascii: "\"") {
        i += 1
        emit(.string, start)
        return
      } else if b == UInt8(ascii: "\\") {
        skipEscape()
      } else if b == 0x0A || b == 0x0D {
        break
      } else if b == UInt8(ascii: "$") && i + 1 < end && bytes[i + 1] == UInt8(ascii: "{") {
        if !skipInterpolation(closing: "after the name") {
          emit(.string, start, unterminated: true)
          return
        }
      } else {
        i += 1
      }
    }
    diagnostics.append(
      Diagnostic(
        .unterminatedString, at: Location(file, TextRange(start, i)),
        "unterminated string: add a closing `\"` before the end of the line"))
    emit(.string, start, unterminated: true)
  }

  /// A multi-line string, `\"\"\"` to `\"\"\"`: its content lines are checked by the parser
  /// (`MultilineString`); here only its end is found. Escapes and `${...}` work as in a one-line
  /// string; an interpolation must close on its line.
  private mutating func lexMultilineString(_ start: Int) {
    i += 3
    while i < end {
      let b = bytes[i]
      if b == UInt8(ascii: "\"") && i + 2 < end && bytes[i + 1] == UInt8(ascii: "\"")
        && bytes[i + 2] == UInt8(ascii: "\"")
      {
        i += 3
        emit(.string, start)
        return
      } else if b == UInt8(ascii: "\\") {
        skipEscape()
      } else if b == UInt8(ascii: "$") && i + 1 < end && bytes[i + 1] == UInt8(ascii: "{") {
        _ = skipInterpolation(closing: "on the same line")
      } else {
        i += 1
      }
    }
    diagnostics.append(
      Diagnostic(
        .unterminatedString, at: Location(file, TextRange(start, start + 3)),
        "unterminated multi-line string: close it with `\"\"\"` on a line of its own"))
    swallowedEnd = true
    emit(.string, start, unterminated: true)
  }

  /// Skips a string's backslash and the byte it escapes (not a line break).
  private mutating func skipEscape() {
    i += 1
    if i < end && bytes[i] != 0x0A && bytes[i] != 0x0D { i += 1 }
  }

  /// Skips the `${...}` of a string starting at `i`; reports it, and returns false, when it does
  /// not close on its line. `closing` says where the `}` goes.
  private mutating func skipInterpolation(closing: String) -> Bool {
    let open = i
    i += 2
    if skipInterpolation() { return true }
    diagnostics.append(
      Diagnostic(
        .invalidInterpolation, at: Location(file, TextRange(open, open + 2)),
        "unclosed `${`: add `}` \(closing) (or write `\\${` for a literal `${`)"))
    return false
  }

  /// `'text'`: reported once, then read as a string so the value still checks.
  private mutating func lexSingleQuoted(_ start: Int) {
    i += 1
    while i < end && bytes[i] != UInt8(ascii: "'") && bytes[i] != 0x0A && bytes[i] != 0x0D { i += 1 }
    let closed = i < end && bytes[i] == UInt8(ascii: "'")
    if closed { i += 1 }
    let inner = String(decoding: bytes[(start + 1)..<(closed ? i - 1 : i)], as: UTF8.self)
    // Single quotes take their text literally, as a shell's do: the double-quoted literal of that
    // text escapes `\`, `"` and `${`, or `C:\temp` would hold a tab. Only the user knows whether
    // `${x}` was meant as an interpolation, so a fix that escapes anything is unsafe.
    let literal = Literal.string(inner)
    let same = literal == "\"\(inner)\""
    diagnostics.append(
      Diagnostic(
        .unexpectedCharacter, at: Location(file, TextRange(start, start + 1)),
        "strings use double quotes: write `\(literal)`",
        fixIts: [
          FixIt(
            same ? "use double quotes" : "use double quotes, escaping what they would read otherwise",
            edits: [TextEdit(file: file, range: TextRange(start, i), replacement: literal)],
            isSafe: same)
        ]))
    emit(.string, start, unterminated: !closed)
  }

  /// Skips to the `}` closing an interpolation; returns false at a line end.
  private mutating func skipInterpolation() -> Bool {
    var depth = 1
    while i < end {
      let b = bytes[i]
      switch b {
      case 0x0A, 0x0D: return false
      case UInt8(ascii: "{"): depth += 1
      case UInt8(ascii: "}"):
        depth -= 1
        if depth == 0 {
          i += 1
          return true
        }
      case UInt8(ascii: "\""):
        i += 1
        while i < end && bytes[i] != UInt8(ascii: "\"") && bytes[i] != 0x0A && bytes[i] != 0x0D {
          if bytes[i] == UInt8(ascii: "\\") { i += 1 }
          i += 1
        }
        if i >= end || bytes[i] != UInt8(ascii: "\"") { return false }
      default: break
      }
      i += 1
    }
    return false
  }

  private func scalarWidth(_ lead: UInt8) -> Int { utf8ScalarWidth(lead) }
}

/// The length of the well-formed UTF-8 sequence at `bytes[k]` (RFC 3629: no overlong forms, no
/// surrogates, nothing past U+10FFFF), or 0 when the bytes there are not UTF-8.
func utf8SequenceWidth(_ bytes: UnsafeBufferPointer<UInt8>, at k: Int, end: Int) -> Int {
  func continues(_ j: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
    j < end && bytes[j] >= low && bytes[j] <= high
  }
  switch bytes[k] {
  case 0x00...0x7F: return 1
  case 0xC2...0xDF: return continues(k + 1) ? 2 : 0
  case 0xE0: return continues(k + 1, 0xA0) && continues(k + 2) ? 3 : 0
  case 0xED: return continues(k + 1, 0x80, 0x9F) && continues(k + 2) ? 3 : 0
  case 0xE1...0xEF: return continues(k + 1) && continues(k + 2) ? 3 : 0
  case 0xF0: return continues(k + 1, 0x90) && continues(k + 2) && continues(k + 3) ? 4 : 0
  case 0xF1...0xF3: return continues(k + 1) && continues(k + 2) && continues(k + 3) ? 4 : 0
  case 0xF4: return continues(k + 1, 0x80, 0x8F) && continues(k + 2) && continues(k + 3) ? 4 : 0
  default: return 0
  }
}

/// The length of the UTF-8 sequence that `lead` starts (1 for a stray continuation byte).
func utf8ScalarWidth(_ lead: UInt8) -> Int {
  switch lead {
  case 0xC0..<0xE0: 2
  case 0xE0..<0xF0: 3
  case 0xF0..<0xF8: 4
  default: 1
  }
}

@inline(__always) func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
@inline(__always) func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
@inline(__always) func isIdentifierContinue(_ b: UInt8) -> Bool {
  isLetter(b) || isDigit(b) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
}
