// A parse after an edit, which keeps the statements the edit cannot have changed, gives the tree a
// parse of the whole file gives: statements, places, comments, diagnostics, in the same order.

import Foundation
import Testing
import BatchSpecCore

@Suite struct IncrementalParseTests {
  /// Every sample and every syntax fixture (broken on purpose), edited at random places with
  /// pieces that open and close blocks, strings and comments; after each edit, the tree parsed from
  /// the last one equals a fresh parse, which also checks what the tree keeps for the next edit.
  @Test func aParseAfterAnEditEqualsAFreshParse() throws {
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/syntax")
      .path
    var texts: [[UInt8]] = []
    for name in Samples.all() {
      for file in Samples.project(name).files { texts.append(file.bytes) }
    }
    for name in try FileManager.default.contentsOfDirectory(atPath: fixtures).sorted() where name.hasSuffix(".batch") {
      texts.append([UInt8](FileManager.default.contents(atPath: fixtures + "/" + name) ?? Data()))
    }
    #expect(texts.count > 20)
    let pieces =
      [
        "", "x", "\n", "{", "}", "\"", "pool p {\n", "}\n", " = 1", " ", "//", "/*", "*/", ",", "[", "]", "${",
        "\n  task t { command = \"a\" }\n", "job j {\n  pool = p\n}\n", "param n: int = 3\n", "\n\n", "é",
      ].map { Array($0.utf8) } + [[0xE9], [0xFF, 0x20], [0xC3], [0xEF, 0xBB, 0xBF]]  // not UTF-8, or a mark
    let sameLength = Array("x1{}\"\n /*".utf8)
    var generator = SeededGenerator(state: 11)
    var reusedSome = 0
    for text in texts {
      var bytes = text
      var tree = Parser.parse(SourceFile(id: FileID(0), path: "t.batch", bytes: bytes))
      for _ in 0..<8 {
        let start = Int.random(in: 0...bytes.count, using: &generator)
        let end = min(bytes.count, start + Int.random(in: 0...12, using: &generator))
        var edited = bytes
        if Bool.random(using: &generator) {
          edited.replaceSubrange(start..<end, with: pieces.randomElement(using: &generator)!)
        } else {
          // The same length: nothing after the edit moves.
          for index in start..<end { edited[index] = sameLength.randomElement(using: &generator)! }
        }
        let before = SourceFile(id: FileID(0), path: "t.batch", bytes: bytes)
        let after = SourceFile(id: FileID(0), path: "t.batch", bytes: edited)
        let incremental = Parser.parse(after, after: before, tree: tree)
        let fresh = Parser.parse(after)
        #expect(
          incremental == fresh,
          "after replacing \(start)..<\(end) in:\n\(String(decoding: bytes, as: UTF8.self))")
        if incremental.statements.count > 2, zip(incremental.statements, tree.statements).contains(where: isSameBlock) {
          reusedSome += 1
        }
        bytes = edited
        tree = incremental
      }
    }
    // The test is about the parse that keeps statements: most edits keep some.
    #expect(reusedSome > texts.count)
  }

  /// Edits the random ones rarely make: each would give a different tree if the parse kept a
  /// statement it must parse again.
  @Test(arguments: [
    // `foo bar` is a block or an attribute by whether a `{` ends its line: the statement before
    // the edited one does not start that line, so the parse starts earlier.
    ("foo bar baz = 1 c = 2\njob z {\n", "foo bar baz = 1 c = 2 {\njob z {\n"),
    // With the braces unbalanced, a header no further right than its block's header closes the
    // block: the edit moves `pool b` right, so `task u` now closes it, and `pool b` is not taken
    // from the last tree although it starts after the edit.
    (
      "pool a {\n}\n\tpool b {\n  task u {\n    y = 2\n  }\n}\njob z {\n",
      "pool a {\n}\n \tpool b {\n  task u {\n    y = 2\n  }\n}\njob z {\n"
    ),
  ])
  func editsThatChangeTheStatementsAround(_ before: String, _ after: String) {
    let old = SourceFile(id: FileID(0), path: "t.batch", bytes: Array(before.utf8))
    let new = SourceFile(id: FileID(0), path: "t.batch", bytes: Array(after.utf8))
    #expect(Parser.parse(new, after: old, tree: Parser.parse(old)) == Parser.parse(new))
  }

  /// An edit that keeps the length (a node count, `2` to `9`) moves nothing after it: the tree
  /// takes those statements from the last one, the same objects.
  /// Lexing from an edit to the first place the parse may stop reserves room for a statement or
  /// two, not for every token of the rest of the file: that would be a block of a few hundred
  /// kilobytes to allocate and free at every keystroke in a large file.
  @Test func aWindowLexedAfterAnEditReservesLittle() {
    let bytes = Array(String(repeating: "pool p {\n  dedicated_nodes = 1\n}\n", count: 5000).utf8)
    let start = 33 * 10
    let (window, stop) = Lexer.tokenize(bytes, file: FileID(0), from: start) { $0 > start }
    #expect(stop != nil)
    #expect(window.tokens.count < 20)
    #expect(window.tokens.capacity <= 2048, "room for \(window.tokens.capacity) tokens")
    let whole = Lexer.tokenize(bytes, file: FileID(0))
    #expect(whole.tokens.count == 5000 * 7 + 1)
  }

  @Test func anEditThatKeepsTheLengthSharesTheStatementsAfterIt() throws {
    let text = Samples.project("render-farm").files.map { String(decoding: $0.bytes, as: UTF8.self) }.joined()
    let old = SourceFile(id: FileID(0), path: "t.batch", bytes: Array(text.utf8))
    // The quota's `dedicated_cores = 200`, in the account near the top.
    let bytes200 = Array("= 200".utf8)
    let digit = try #require(old.bytes.indices.first { Array(old.bytes[$0...].prefix(5)) == bytes200 }) + 2
    var bytes = old.bytes
    bytes[digit] = bytes[digit] == 0x39 ? 0x38 : bytes[digit] + 1
    let new = SourceFile(id: FileID(0), path: "t.batch", bytes: bytes)
    let tree = Parser.parse(old)
    let edited = Parser.parse(new, after: old, tree: tree)
    #expect(edited == Parser.parse(new))
    let after = tree.statements.indices.filter {
      guard case .block = tree.statements[$0] else { return false }
      return tree.statements[$0].range.start > digit
    }
    #expect(after.count > 2)
    #expect(after.allSatisfy { isSameBlock(edited.statements[$0], tree.statements[$0]) })
  }

  /// Whether two statements are one block object: kept, not parsed again.
  private func isSameBlock(_ a: Statement, _ b: Statement) -> Bool {
    if case .block(let x) = a, case .block(let y) = b { return x === y }
    return false
  }
}
