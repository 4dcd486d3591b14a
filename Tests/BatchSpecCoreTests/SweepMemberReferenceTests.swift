// A sweep member's task ID in quotes (`depends_on = ["t-2"]`): the fix writes the member
// (`t[2]`), and removing the quotes is a safe fix only where the name then resolves.

import BatchSpecCore
import Testing

@Suite struct SweepMemberReferenceTests {
  private func spec(_ dependsOn: String) -> String {
    """
    pool p1 { vm_size = "Standard_D2s_v3", image = "canonical/0001-com-ubuntu-server-jammy/22_04-lts", node_agent = "batch.node.ubuntu 22.04", dedicated_nodes = 1 }
    job j {
      pool = p1
      task t for i in 1..3 { command = "echo ${i}" }
      task f for lr in ["a", "b"] { command = "echo ${lr}" }
      task a { command = "echo a" }
      task u { command = "echo u", depends_on = \(dependsOn) }
    }

    """
  }

  private func mismatch(_ dependsOn: String) throws -> Diagnostic {
    let diagnostics = Checker.check(Project(path: "spec.batch", text: spec(dependsOn))).project.diagnostics
    return try #require(diagnostics.first { $0.code.rawValue == "BS2003" })
  }

  private func fixed(_ dependsOn: String) throws -> [Diagnostic] {
    let text = spec(dependsOn)
    let fix = try #require(try mismatch(dependsOn).fixIts.first)
    let after = String(decoding: FixApplication.apply(fix.edits, to: Array(text.utf8)), as: UTF8.self)
    return Checker.check(Project(path: "spec.batch", text: after)).project.diagnostics
  }

  @Test func aMembersIDIsWrittenAsTheMember() throws {
    let finding = try mismatch(#"["t-2"]"#)
    #expect(finding.message.contains("`t[2]`"), "\(finding.message)")
    let fix = try #require(finding.fixIts.first)
    #expect(fix.isSafe)
    #expect(fix.edits.map(\.replacement) == ["t[2]"])
    #expect(try fixed(#"["t-2"]"#).isEmpty)
    #expect(try mismatch(#"["f-b"]"#).fixIts.first?.edits.map(\.replacement) == [#"f["b"]"#])
    #expect(try fixed(#"["f-b"]"#).isEmpty)
  }

  @Test func removingTheQuotesIsSafeOnlyWhereTheNameResolves() throws {
    #expect(try mismatch(#"["a"]"#).fixIts.first?.isSafe == true)
    #expect(try mismatch(#"["t"]"#).fixIts.first?.isSafe == true)
    let unknown = try mismatch(#"["t-9"]"#)
    #expect(unknown.fixIts.first?.isSafe == false)
  }
}
