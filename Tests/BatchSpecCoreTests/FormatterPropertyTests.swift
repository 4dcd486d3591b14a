// Seeded property tests of the formatter: specs with comments, blank lines and separators inserted
// at random format to text that parses, is idempotent, keeps every comment and means the same.

import Testing
import BatchSpecCore

@Suite struct FormatterPropertyTests {
  static let insertions = [" // note\n", "/* note */", "\n\n", ",", "\n", " /* two\n lines */ ", "\n// own line\n"]

  /// The comments of `text`, each with trailing spaces removed from its lines, sorted.
  func comments(_ text: String) -> [String] {
    let source = SourceFile(path: "x.batch", text: text)
    return Parser.parse(source).comments.map { range in
      source.text(range).split(separator: "\n", omittingEmptySubsequences: false)
        .map { line in String(line.reversed().drop { $0 == " " || $0 == "\r" }.reversed()) }
        .joined(separator: "\n")
    }.sorted()
  }

  @Test func randomCommentsAndBreaksKeepMeaningAndComments() {
    var rng = SeededGenerator(state: 0xF0_4A7)
    let corpus =
      PropertyTests.corpus
      + Samples.all().flatMap { Samples.project($0).files.map { $0.text(TextRange(0, $0.bytes.count)) } }
    var tried = 0
    for _ in 0..<500 {
      var bytes = Array(corpus.randomElement(using: &rng)!.utf8)
      for _ in 0..<Int.random(in: 1...4, using: &rng) {
        // Between tokens, mostly: before a space or a line break.
        var at = Int.random(in: 0...bytes.count, using: &rng)
        while at < bytes.count && bytes[at] != UInt8(ascii: " ") && bytes[at] != UInt8(ascii: "\n") { at += 1 }
        bytes.insert(contentsOf: Self.insertions.randomElement(using: &rng)!.utf8, at: at)
      }
      if expectSameMeaning(String(decoding: bytes, as: UTF8.self)) { tried += 1 }
    }
    #expect(tried > 150)
  }

  /// Byte-level mutations, as the parser's property tests make them: whatever still parses must
  /// format to the same meaning.
  @Test func mutatedSpecsThatStillParseKeepMeaningAndComments() {
    var rng = SeededGenerator(state: 0xF0_4A8)
    var tried = 0
    for _ in 0..<1_500 {
      var bytes = Array(PropertyTests.corpus.randomElement(using: &rng)!.utf8)
      PropertyTests.mutate(&bytes, times: Int.random(in: 1...3, using: &rng), using: &rng)
      if expectSameMeaning(String(decoding: bytes, as: UTF8.self)) { tried += 1 }
    }
    #expect(tried > 100)
  }

  /// Formats `text` when it parses: the output parses, is idempotent, holds the same comments and
  /// means the same to the checker. Returns whether `text` parsed.
  func expectSameMeaning(_ text: String) -> Bool {
    let source = SourceFile(path: "x.batch", text: text)
    guard let output = Formatter.layout(Parser.parse(source), source) else { return false }
    let outputTree = Parser.parse(SourceFile(path: "x.batch", text: output))
    #expect(outputTree.diagnostics.isEmpty, "output does not parse:\n\(output)\n--- from:\n\(text)")
    guard outputTree.diagnostics.isEmpty else { return true }
    #expect(formatted(output) == output, "not idempotent:\n\(output)\n--- from:\n\(text)")
    #expect(comments(output) == comments(text), "comments differ:\n\(output)\n--- from:\n\(text)")
    #expect(
      checkerView(Project(path: "x.batch", text: output)) == checkerView(Project(path: "x.batch", text: text)),
      "meaning differs:\n\(output)\n--- from:\n\(text)")
    return true
  }
}
