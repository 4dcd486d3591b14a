// Control characters in a spec: named by code point in messages, shown as control pictures in
// rendered diagnostics (never sent to the terminal as they are), and no reason to lose the rest
// of their line.

import BatchSpecCore
import Testing

@Suite struct ControlCharacterTests {
  private let text = "pool p {\u{1}vm_size = \"Stan\u{1B}[31mdard\" }\n"

  @Test func aStrayControlCharacterIsNamedAndTheLineReadOn() {
    let project = Project(path: "c.batch", text: text)
    let diagnostics = Checker.check(project).project.diagnostics
    #expect(
      diagnostics.contains { $0.code.rawValue == "BS1001" && $0.message == "unexpected control character U+0001" })
    // `vm_size` after it was read: not reported missing.
    #expect(!diagnostics.contains { $0.message.contains("needs `vm_size`") })
  }

  @Test func renderedDiagnosticsShowControlCharactersAsPictures() {
    let project = Project(path: "c.batch", text: text)
    let renderer = DiagnosticRenderer(useColor: false) { project.file($0) }
    let rendered = Checker.check(project).project.diagnostics.map(renderer.render).joined()
    #expect(rendered.contains("pool p {\u{2401}vm_size = \"Stan\u{241B}[31mdard\" }"))
    #expect(!rendered.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) })
    #expect("a\tb\u{7F}\u{9B}c\n".withVisibleControls == "a\tb\u{2421}\u{FFFD}c\n")
  }
}
