// The parser: tree shape, exact ranges, comments as trivia, and that nothing is lost.

import Testing
import BatchSpecCore

@Suite struct ParserTests {
  let source = SourceFile(
    path: "t.batch",
    text: """
      // header comment
      param frames: int = 24
      pool p { /* inline */ vm_size = "Standard_D4s_v3" }
      job j {
        pool = p
        task frame for i in 1..frames step 2 {
          command = "render ${i} \\u{1F600}"
          env_list = [a, b[1], c.d, { K = "v" }, 2h30m, -3, true]
        }
      }
      """)

  @Test func treeShapeAndRanges() {
    let tree = Parser.parse(source)
    #expect(tree.diagnostics.isEmpty)
    #expect(tree.statements.count == 3)
    guard case .param(let param) = tree.statements[0] else {
      Issue.record("expected a param")
      return
    }
    #expect(param.name.text == "frames")
    #expect(param.type?.text == "int")
    #expect(source.text(param.range) == "param frames: int = 24")
    guard case .block(let pool) = tree.statements[1], case .block(let job) = tree.statements[2] else {
      Issue.record("expected blocks")
      return
    }
    #expect(pool.kind.text == "pool" && pool.label?.text == "p")
    #expect(source.text(pool.range) == "pool p { /* inline */ vm_size = \"Standard_D4s_v3\" }")
    guard case .block(let task) = job.body[1] else {
      Issue.record("expected a task")
      return
    }
    #expect(task.sweep?.variable.text == "i")
    #expect(source.text(task.sweep!.values.range) == "1..frames step 2")
    guard case .attribute(let command) = task.body[0], case .string(let literal) = command.value else {
      Issue.record("expected a command string")
      return
    }
    #expect(literal.parts.count == 3)
    if case .text(let tail, _) = literal.parts[2] { #expect(tail == " 😀") }
    guard case .attribute(let list) = task.body[1], case .list(let items, _) = list.value else {
      Issue.record("expected a list")
      return
    }
    #expect(items.map { source.text($0.range) } == ["a", "b[1]", "c.d", "{ K = \"v\" }", "2h30m", "-3", "true"])
    if case .duration(let ms, _) = items[4] { #expect(ms == 9_000_000) }
    if case .integer(let value, _) = items[5] { #expect(value == -3) }
  }

  @Test func quotedLabelsAndAttributeRanges() {
    let source = SourceFile(path: "q.batch", text: "pool \"my pool\" {\n  vm_size = \"x\"\n  env = { K = 1 }\n}\n")
    let tree = Parser.parse(source)
    guard case .block(let pool) = tree.statements.first, let label = pool.label,
      case .attribute(let size) = pool.body[0], case .attribute(let env) = pool.body[1],
      case .map(let entries, _) = env.value
    else {
      Issue.record("expected a pool with a quoted label, an attribute and a map")
      return
    }
    // Whether a name is quoted shares a word with its end offset: each reads back alone.
    #expect(label.isQuoted && label.text == "my pool" && source.text(label.range) == "\"my pool\"")
    #expect(!pool.kind.isQuoted && source.text(pool.kind.range) == "pool")
    var moved = label
    moved.range = TextRange(100, 200)
    #expect(moved.isQuoted && moved.range == TextRange(100, 200))
    // An attribute's and a map entry's ranges run from the name to the end of the value.
    #expect(source.text(size.range) == "vm_size = \"x\"")
    #expect(source.text(entries[0].range) == "K = 1")
  }

  @Test func commentsAreKeptAsTrivia() {
    let tree = Parser.parse(source)
    #expect(tree.comments.map(source.text) == ["// header comment", "/* inline */"])
  }

  /// A comment written as if comments nested is one comment to its last `*/`, reported once; the
  /// fix makes the inner `/*` and `*/` text, after which the file parses clean, the comment whole.
  @Test func aNestedCommentIsReportedOnceAndFixedIntoOne() {
    let source = SourceFile(path: "n.batch", text: "/* a /* b */ c */\npool p { /* x /* y */ z */ }\n")
    let tree = Parser.parse(source)
    #expect(tree.diagnostics.map(\.code) == [.unexpectedCharacter, .unexpectedCharacter])
    #expect(tree.comments.map(source.text) == ["/* a /* b */ c */", "/* x /* y */ z */"])
    let edits = tree.diagnostics.flatMap { $0.fixIts.first?.edits ?? [] }
    let fixed = SourceFile(id: source.id, path: "n.batch", bytes: FixApplication.apply(edits, to: source.bytes))
    #expect(fixed.text(TextRange(0, fixed.bytes.count)) == "/* a  b  c */\npool p { /* x  y  z */ }\n")
    #expect(Parser.parse(fixed).diagnostics.isEmpty)
  }

  /// A byte order mark, as Windows editors write, is read as nothing: the same tree and findings
  /// as without it, three bytes on, and the same columns.
  @Test func aByteOrderMarkIsReadAsNothing() {
    let text = "account ab { bogus = 1\n  location = \"westeurope\"\n  other = 2\n}\n"
    let plain = SourceFile(id: FileID(0), path: "a.batch", bytes: Array(text.utf8))
    let marked = SourceFile(id: FileID(0), path: "a.batch", bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8))
    #expect(
      Parser.parse(marked).statements.map(\.range) == Parser.parse(plain).statements.map { $0.range.shifted(by: 3) })
    let markedTokens = Lexer.tokenize(marked.bytes, file: marked.id).tokens
    let plainTokens = Lexer.tokenize(plain.bytes, file: plain.id).tokens
    #expect(markedTokens.map(\.kind) == plainTokens.map(\.kind))
    #expect(markedTokens.map(\.range) == plainTokens.map { $0.range.shifted(by: 3) })
    func positions(_ source: SourceFile) -> [String] {
      Checker.check(Project(files: [source])).project.diagnostics.map {
        "\($0.code.rawValue) \(source.lines.position(of: $0.location.range.start, encoding: .utf16))"
      }
    }
    #expect(positions(marked) == positions(plain))
    #expect(positions(plain).count == 2)
    // Only at the start of a file: elsewhere U+FEFF is a character like any other.
    let inside = SourceFile(id: FileID(0), path: "a.batch", bytes: Array("account ab {}\n".utf8) + [0xEF, 0xBB, 0xBF])
    #expect(Parser.parse(inside).diagnostics.map(\.code) == [.unexpectedCharacter])
  }

  /// Bytes that are not UTF-8 are reported (BS1006) at the first of each line, in strings, comments
  /// and between tokens, among the other findings by place; well-formed characters of every length
  /// are not.
  @Test func bytesThatAreNotUTF8AreReportedOncePerLine() {
    var bytes = Array("job j {\n  display_name = \"r".utf8)
    let inString = bytes.count
    bytes += [0xE9] + Array("sum".utf8) + [0xE9] + Array("\"\n  // caf".utf8)
    let inComment = bytes.count
    bytes += [0xE9] + Array("\n".utf8)
    let betweenTokens = bytes.count
    bytes += [0xFF] + Array(" priority = 1\n".utf8)
    bytes += Array("  command = \"é 中 😀\"\n".utf8)  // 2, 3 and 4 bytes: UTF-8
    // Inside an interpolation: the file's lexer reports it, not also the interpolation's.
    bytes += Array("  display_name = \"${".utf8)
    let inInterpolation = bytes.count
    bytes += [0xE9] + Array("}\"\n".utf8)
    let malformed: [[UInt8]] = [
      [0xC0, 0x80],  // an overlong NUL
      [0xED, 0xA0, 0x80],  // a surrogate
      [0xF4, 0x90, 0x80, 0x80],  // past U+10FFFF
      [0xE4, 0xB8],  // cut short
      [0x80],  // a continuation byte alone
    ]
    var starts: [Int] = []
    for sequence in malformed {
      bytes += Array("  x = \"".utf8)
      starts.append(bytes.count)
      bytes += sequence + Array("\"\n".utf8)
    }
    bytes += Array("}\n".utf8)
    let file = SourceFile(id: FileID(0), path: "a.batch", bytes: bytes)
    let tree = Parser.parse(file)
    let reported = tree.diagnostics.filter { $0.code == .invalidUTF8 }
    #expect(reported.map(\.location.range.start) == [inString, inComment, betweenTokens, inInterpolation] + starts)
    #expect(reported.allSatisfy { $0.location.range.length == 1 })
    #expect(reported.first?.message.contains("0xE9") == true)
    // The byte between tokens is reported once, as not UTF-8, not also as an unexpected character.
    #expect(!tree.diagnostics.contains { $0.code == .unexpectedCharacter })
    let lexerStarts = tree.diagnostics[..<tree.lexerDiagnosticCount].map(\.location.range.start)
    #expect(lexerStarts == lexerStarts.sorted())
    // A file that is UTF-8 throughout has no such finding.
    #expect(!Parser.parse(source).diagnostics.contains { $0.code == .invalidUTF8 })
  }

  @Test func attributesWrittenAsJSONAreReadAndTheirFixWritesTheLanguage() throws {
    let text = """
      pool p {
        "vm_size": "Standard_D4s_v3", image : "x"
        node_agent: "y"
        "dedicated_nodes" = 2
        "spot nodes": 1
        metadata = { owner: "a", "cost centre": "b" }
      }
      """
    let file = SourceFile(path: "t.batch", text: text)
    let tree = Parser.parse(file)
    guard case .block(let pool) = tree.statements.first else {
      Issue.record("expected a block")
      return
    }
    // Each is read as the attribute it means, its value kept.
    let names = pool.body.compactMap { statement -> String? in
      if case .attribute(let attribute) = statement { return attribute.name.text }
      return nil
    }
    #expect(names == ["vm_size", "image", "node_agent", "dedicated_nodes", "spot nodes", "metadata"])
    #expect(
      tree.diagnostics.map(\.code) == [
        .unexpectedToken, .expectedEquals, .expectedEquals, .unexpectedToken,
        .unexpectedToken, .expectedEquals, .expectedEquals,
      ])
    // A quoted name that is no identifier keeps its quotes: no fix is offered for it.
    #expect(tree.diagnostics.map { $0.fixIts.count } == [1, 1, 1, 1, 0, 1, 1])
    let edits = tree.diagnostics.flatMap { $0.fixIts.filter(\.isSafe).flatMap(\.edits) }
    let fixed = String(decoding: FixApplication.apply(edits, to: file.bytes), as: UTF8.self)
    #expect(
      fixed == """
        pool p {
          vm_size = "Standard_D4s_v3", image = "x"
          node_agent = "y"
          dedicated_nodes = 2
          "spot nodes": 1
          metadata = { owner = "a", "cost centre" = "b" }
        }
        """)
    // Once fixed, only the name that could not be fixed is left.
    let again = Parser.parse(SourceFile(path: "t.batch", text: fixed))
    #expect(
      again.diagnostics.map(\.message) == [
        "write `name = value`, without quotes around the name, and with `=` rather than `:`"
      ])
  }

  @Test func aFileOfJSONIsOneErrorThatNamesImport() {
    let body = #"{ "id": "pool-1", "vmSize": "Standard_D2s_v3", "targetDedicatedNodes": 2 }"#
    for text in [body, "\u{FEFF}\n  " + body, "[" + body + "]"] {
      let tree = Parser.parse(SourceFile(path: "specs/pool.batch", text: text))
      #expect(tree.statementCount == 0)
      #expect(
        tree.diagnostics.map(\.message) == [
          "this file is JSON, not a spec: `batchspec import specs/pool.batch -o DIR` turns Batch's request bodies (pools, jobs, tasks, schedules) into a spec"
        ], "\(text)")
    }
    // What is not JSON is read as a spec, with the usual recovery.
    let broken = Parser.parse(SourceFile(path: "b.batch", text: #"{ "id": "pool-1", "#))
    #expect(!broken.diagnostics.isEmpty && broken.diagnostics.allSatisfy { !$0.message.contains("import") })
    let commented = Parser.parse(SourceFile(path: "c.batch", text: "// a spec\n" + body))
    #expect(commented.diagnostics.allSatisfy { !$0.message.contains("import") })
    // A parse after an edit that makes a file JSON, or a spec again, is a fresh parse's.
    let spec = SourceFile(path: "s.batch", text: "pool p {\n}\n")
    let json = SourceFile(path: "s.batch", text: body)
    #expect(Parser.parse(json, after: spec, tree: Parser.parse(spec)) == Parser.parse(json))
    #expect(Parser.parse(spec, after: json, tree: Parser.parse(json)) == Parser.parse(spec))
  }

  @Test func tokensAndTriviaCoverEveryByte() {
    // Every byte is a token, a comment, or whitespace: the tree can reproduce the source.
    let lexed = Lexer.tokenize(source.bytes, file: source.id)
    var covered = [Bool](repeating: false, count: source.bytes.count)
    for range in lexed.tokens.map(\.range) + lexed.comments {
      for offset in range.start..<range.end { covered[offset] = true }
    }
    for (offset, byte) in source.bytes.enumerated() where !covered[offset] {
      #expect([0x20, 0x09, 0x0A, 0x0D].contains(byte), "byte \(offset) is neither token, comment nor space")
    }
  }

  @Test func missingBraceIsReportedOnceWithANoteAtTheOpening() {
    let file = SourceFile(path: "t.batch", text: "pool a {\n  vm_size = \"x\"\n\npool b {\n}\n")
    let tree = Parser.parse(file)
    #expect(tree.diagnostics.map(\.code) == [.expectedClosingBrace])
    #expect(tree.diagnostics[0].notes.first?.location?.range == TextRange(7, 8))
    #expect(tree.statements.count == 2, "the second pool is a top-level block")
  }

  @Test func nestedFlushLeftBlocksParseWhenBracesBalance() throws {
    // The indentation recovery applies only when braces do not balance.
    let file = SourceFile(path: "t.batch", text: "job j {\npool = p\ntask t {\ncommand = \"x\"\n}\n}\n")
    let tree = Parser.parse(file)
    #expect(tree.diagnostics.isEmpty)
    let job = try #require(Self.block(tree.statements.first))
    #expect(job.body.count == 2)
  }

  @Test func aHeaderAtItsSiblingsIndentationClosesTheUnclosedBlock() throws {
    let text = "job j {\n  task a {\n    command = \"x\"\n\n  task b {\n    command = 3\n  }\n}\n"
    let tree = Parser.parse(SourceFile(path: "t.batch", text: text))
    #expect(tree.diagnostics.map(\.message) == ["expected `}` to close `task a`"])
    let job = try #require(Self.block(tree.statements.first))
    #expect(tree.statements.count == 1)
    let tasks = job.body.compactMap(Self.block)
    #expect(tasks.map(\.label?.text) == ["a", "b"], "task b is task a's sibling, inside the job")
    #expect(tasks.first?.closeBrace == nil && tasks.last?.closeBrace != nil)
    #expect(job.closeBrace != nil, "the last `}` closes the job")
  }

  private static func block(_ statement: Statement?) -> Block? {
    guard case .block(let block)? = statement else { return nil }
    return block
  }
}
