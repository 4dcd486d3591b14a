// The editor gets what the CLI prints for files that would flood it: one error for a binary or
// YAML file, at most `Project.maxSyntaxErrorsPerFile` syntax errors for anything else, before
// and after an edit.

import BatchSpecCore
import BatchSpecIDE
import Testing

@Suite struct FloodTests {
  private let path = "/p/a.batch"

  private func analysis(_ text: String) -> Analysis {
    let host = AnalysisHost(fileSystem: InMemoryFileSystem([:]))
    host.open(path: path, version: 1, text: text)
    return host.analysis()
  }

  @Test func theEditorGetsTheCLIsDiagnosticsForFilesThatWouldFloodIt() {
    let binary = "\u{7F}ELF\u{2}\u{1}\u{1}\u{0}\u{0}" + String(repeating: "\u{FFFD}@\u{3}", count: 3_000)
    let flood = "pool p1 {\n" + String(repeating: "  @ @\n", count: 300) + "}\n"
    let yaml = "pool p1:\n  vm_size: Standard_A1_v2\n"
    for text in [binary, flood, yaml] {
      let editor = analysis(text).diagnostics(path)
      let cli = Checker.check(Project(path: path, text: text)).project.diagnostics
      #expect(editor == cli)
      #expect(editor.filter { $0.code.group == .syntax }.count == (text == flood ? Project.maxSyntaxErrorsPerFile : 1))
    }
  }

  @Test func anEditKeepsTheCapAsAFreshAnalysisDoes() throws {
    let flood = "pool p1 {\n" + String(repeating: "  @ @\n", count: 300) + "}\n"
    let host = AnalysisHost(fileSystem: InMemoryFileSystem([:]))
    host.open(path: path, version: 1, text: flood)
    _ = host.analysis().diagnostics(path)
    let start = LinePosition(line: 5, column: 2)
    try host.change(path: path, version: 2, changes: [TextChange(range: (start, start), text: "vm_size = \"x\"\n  ")])
    var lines = flood.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    lines[5] = "  vm_size = \"x\"\n  " + lines[5].dropFirst(2)
    let text = lines.joined(separator: "\n")
    #expect(host.analysis().diagnostics(path) == analysis(text).diagnostics(path))
    #expect(host.analysis().diagnostics(path).filter { $0.code.group == .syntax }.count == 100)
  }
}
