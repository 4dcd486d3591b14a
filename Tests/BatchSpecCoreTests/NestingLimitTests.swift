// Deeply nested values, interpolations and blocks are reported once and skipped, never
// overflowing the stack (the language server parses whatever is typed, so a pasted `[[[[...` must
// not end it); and the formatter prints deep blocks in time that grows with their size.

import BatchSpecCore
import Testing

@Suite struct NestingLimitTests {
  private func codes(_ value: String) -> [String] {
    let project = Project(path: "deep.batch", text: "job j {\n  pool = p\n  x = \(value)\n}\npool p { }\n")
    return Checker.check(project).project.diagnostics.map(\.code.rawValue)
  }

  @Test func deepListsMapsAndChainsAreOneError() {
    for value in [
      String(repeating: "[", count: 50_000), String(repeating: "{a=", count: 50_000),
      "a" + String(repeating: "[1]", count: 50_000), "a" + String(repeating: ".b", count: 50_000),
      String(repeating: "[", count: 200) + String(repeating: "]", count: 200),
    ] {
      #expect(codes(value).filter { $0 == "BS1013" }.count == 1)
    }
  }

  @Test func deepInterpolationsCountAsValues() {
    let depth = 10_000
    let value = String(repeating: "\"${", count: depth) + "x" + String(repeating: "}\"", count: depth)
    #expect(codes(value).filter { $0 == "BS1013" }.count == 1)
  }

  /// Blocks 5,000 deep: one error at the first `{` past `Parser.maxBlockNesting`, whose body is
  /// skipped to its `}`; what follows is read as usual.
  @Test func deepBlocksAreOneErrorAndWhatFollowsIsRead() throws {
    let depth = 5_000
    let text =
      "job j {\n" + String(repeating: "task t {", count: depth) + String(repeating: "}", count: depth)
      + "\n}\npool after { }\n"
    let tree = Parser.parse(SourceFile(path: "deep.batch", text: text))
    #expect(tree.diagnostics.map(\.code.rawValue) == ["BS1013"])
    let opened = 8 + (Parser.maxBlockNesting - 1) * 8 + 7
    #expect(tree.diagnostics.first?.range == TextRange(opened, opened + 1))
    guard case .block(let last)? = tree.statements.last else {
      Issue.record("expected a block")
      return
    }
    #expect(tree.statements.count == 2 && last.label?.text == "after")
  }

  /// Each block written on one line is printed on one line if it fits, and on lines of its own
  /// if not, deciding once: this took time threefold with each level of nesting (40 levels: years).
  @Test func deepBlocksAreFormattedOnce() throws {
    let depth = 30
    let text = "job j { " + String(repeating: "task t { ", count: depth) + String(repeating: "} ", count: depth + 1)
    let formatted = try #require(Formatter.format(SourceFile(path: "deep.batch", text: text)))
    #expect(formatted.ranges(of: "task t").count == depth)
    #expect(Formatter.format(SourceFile(path: "deep.batch", text: formatted)) == formatted)
  }

  @Test func nestingUpToTheLimitIsFine() {
    let depth = 100
    let value = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    #expect(!codes(value).contains("BS1013"))
  }
}
