// The rendered source line: long lines cut to a window around the caret, wide characters counted
// as two columns, so output stays bounded and the caret stays under what it marks.

import Testing
import BatchSpecCore

@Suite struct SnippetWindowTests {
  /// The source and caret lines of each rendered diagnostic of `text`.
  private func snippets(_ text: String) -> [(line: String, caret: String)] {
    let project = Project(path: "s.batch", text: text)
    let renderer = DiagnosticRenderer(useColor: false) { project.file($0) }
    return Checker.check(project).project.diagnostics.map { diagnostic in
      let lines = renderer.render(diagnostic).split(separator: "\n").map(String.init)
      let source = lines.firstIndex { $0.hasPrefix("1 | ") || $0.hasPrefix("2 | ") }!
      return (String(lines[source].dropFirst(4)), String(lines[source + 1].dropFirst(4)))
    }
  }

  /// The display columns of `text`: 2 for the wide characters these tests use.
  private func columns(_ text: String) -> Int {
    text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1F300 || (0x4E00...0x9FFF).contains($1.value) ? 2 : 1) }
  }

  @Test func aLongLineIsCutToAWindowAroundTheCaret() {
    let long = String(repeating: "é", count: 50_000)  // two bytes each: a cut must not split one
    let text = "pool p1 { display_name = \"\(long)\" @ \(long) }\n"
    let at = snippets(text).first { $0.line.contains("@") }!
    #expect(at.line.hasPrefix("...") && at.line.hasSuffix("..."))
    #expect(columns(at.line) <= 140 + 6)
    #expect(!at.line.contains("\u{FFFD}"))
    // The caret is under the `@`.
    let caretColumn = at.caret.firstIndex(of: "^").map { at.caret.distance(from: at.caret.startIndex, to: $0) }
    let atColumn = at.line.firstIndex(of: "@").map { at.line.distance(from: at.line.startIndex, to: $0) }
    #expect(caretColumn == atColumn)
    // Every snippet of the file is bounded, whatever the line's length.
    #expect(snippets(text).allSatisfy { columns($0.line) <= 146 && $0.caret.count <= 146 })
    // A short line is shown whole.
    #expect(snippets("pool p1 { @ }\n").allSatisfy { $0.line == "pool p1 { @ }" })
  }

  @Test func theCaretCountsWideCharactersAsTwoColumnsAndKeepsTabs() {
    let text = "pool p1 {\n\tdisplay_name = \"😀中文\" @\n}\n"
    let at = snippets(text).first { $0.line.contains("@") }!
    #expect(at.caret == "\t" + String(repeating: " ", count: columns("display_name = \"😀中文\" ")) + "^")
  }
}
