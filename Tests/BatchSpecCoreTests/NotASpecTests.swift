// Files that are not specs with mistakes but something else (binary, random bytes, YAML) get one
// error, and no file reports more than `Project.maxSyntaxErrorsPerFile` syntax errors.

import Testing
import BatchSpecCore

@Suite struct NotASpecTests {
  /// Deterministic pseudo-random bytes.
  private func randomBytes(_ count: Int, seed: UInt64 = 7) -> [UInt8] {
    var state = seed
    return (0..<count).map { _ in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return UInt8(truncatingIfNeeded: state >> 56)
    }
  }

  @Test func aBinaryFileIsOneErrorAndNotParsed() {
    let elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + randomBytes(8_000)
    let noNUL = randomBytes(20_000).map { $0 == 0 ? 1 : $0 }
    for bytes in [elf, noNUL] {
      let tree = Parser.parse(SourceFile(id: FileID(0), path: "s.batch", bytes: bytes))
      #expect(tree.statementCount == 0)
      #expect(tree.diagnostics.map(\.code) == [.invalidUTF8])
      #expect(tree.diagnostics.first?.message.hasPrefix("this is not a text `.batch` file") == true)
    }
    // What an editor sends for undecodable bytes: U+FFFD.
    let replaced = String(repeating: "a\u{FFFD}\u{FFFD}", count: 200)
    #expect(Parser.parse(SourceFile(path: "s.batch", text: replaced)).diagnostics.count == 1)
    // A Latin-1 spec is text: its bad bytes are reported where they are.
    let latin1 = Array("pool p { display_name = \"caf".utf8) + [0xE9] + Array("\" }\n".utf8)
    #expect(SourceFile.notTextReason(latin1) == nil)
    #expect(SourceFile.notTextReason(Array("pool p {\n\tvm_size = \"x\"\u{C}\n}\r\n".utf8)) == nil)
  }

  @Test func aYAMLFileIsOneErrorThatShowsTheBlockSyntax() {
    let yaml = """
      pool p1:
        vm_size: Standard_A1_v2
        image: canonical/0001-com-ubuntu-server-jammy/22_04-lts
      job j1:
        pool: p1
        tasks:
          - command: echo hi

      """
    for text in [yaml, "# a pool\n\n" + yaml, "jobs:\n  - id: j1\n"] {
      let tree = Parser.parse(SourceFile(path: "s.batch", text: text))
      #expect(tree.statementCount == 0)
      #expect(
        tree.diagnostics.map(\.message) == [
          "this file looks like YAML, not a spec: blocks are written `kind label { ... }`, attributes `name = value`"
        ], "\(text)")
    }
    // A spec with a stray `:` in a header is still parsed as a spec.
    let spec = "pool p1:\n  vm_size = \"x\"\n}\n"
    #expect(
      Parser.parse(SourceFile(path: "s.batch", text: spec)).diagnostics.allSatisfy { !$0.message.contains("YAML") })
    // A parse after an edit that makes a file YAML, or a spec again, is a fresh parse's.
    let before = SourceFile(path: "s.batch", text: "pool p1 {\n  vm_size = \"x\"\n}\n")
    let after = SourceFile(path: "s.batch", text: yaml)
    #expect(Parser.parse(after, after: before, tree: Parser.parse(before)) == Parser.parse(after))
    #expect(Parser.parse(before, after: after, tree: Parser.parse(after)) == Parser.parse(before))
  }

  @Test func syntaxErrorsStopAtTheCapWithANote() {
    let text = "pool p1 {\n" + String(repeating: "  @ @\n", count: 300) + "}\n"
    let project = Project(path: "s.batch", text: text)
    #expect(project.trees[0].diagnostics.count == 600)  // the tree keeps them all
    let reported = project.syntaxDiagnostics
    #expect(reported.count == Project.maxSyntaxErrorsPerFile)
    #expect(reported.map(\.location.range.start) == reported.map(\.location.range.start).sorted())
    #expect(
      reported.last?.notes.map(\.message) == ["too many errors in this file; stopping after 100 (500 more not shown)"])
    #expect(Checker.check(project).project.diagnostics.filter { $0.code.group == .syntax }.count == 100)
    // Under the cap, nothing changes.
    let few = Project(path: "s.batch", text: "pool p1 {\n  @\n}\n")
    #expect(few.syntaxDiagnostics == few.trees[0].diagnostics)
  }

  /// A block the parser could not complete does not also "need" attributes; its syntax error is
  /// the one reported, and at one place the cause comes before the missing `}`.
  @Test func anIncompleteBlockNeedsNothing() {
    func codes(_ text: String) -> [String] {
      Checker.check(Project(path: "s.batch", text: text)).project.diagnostics.map(\.code.rawValue)
    }
    #expect(codes("pool p1 { vm_size =") == ["BS1012", "BS1010"])
    #expect(!codes("job j1\n  pool = p1\n  task t1 { command = \"x\" }\n}\n").contains("BS2004"))
    #expect(codes("pool p1 {\n}\n").contains("BS2004"))  // a complete block still needs them
  }
}
