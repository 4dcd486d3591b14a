// A number and a unit word written apart (`30 m`, `2 hours`, `20 min`): one finding, covering
// both, with a safe fix that joins them, and no `30s` fix for the number alone.

import BatchSpecCore
import Testing

@Suite struct SpacedUnitTests {
  private let pool = """
    pool p1 { vm_size = "Standard_D2s_v3", image = "canonical/0001-com-ubuntu-server-jammy/22_04-lts", node_agent = "batch.node.ubuntu 22.04", dedicated_nodes = 1 }

    """

  private func fixed(_ text: String, unsafe: Bool) -> (text: String, diagnostics: [Diagnostic]) {
    let project = Project(path: "spec.batch", text: text)
    let (result, _, _) = FixApplication.applyFixesRepeatedly(
      Linter.lint(project).diagnostics, in: project, files: [project.files[0].id], unsafe: unsafe
    ) { Linter.lint($0).diagnostics }
    return (String(decoding: result.files[0].bytes, as: UTF8.self), Linter.lint(result).diagnostics)
  }

  @Test func aSpacedUnitIsJoinedToItsNumber() throws {
    for (written, joined) in [
      ("max_wall_clock = 30 m", "max_wall_clock = 30m"), ("max_wall_clock = 20 min", "max_wall_clock = 20m"),
      ("retention = 2 hours", "retention = 2h"), ("max_wall_clock = 90 seconds", "max_wall_clock = 90s"),
    ] {
      let spec = pool + "job j {\n  pool = p1\n  task t {\n    command = \"x\"\n    \(written)\n  }\n}\n"
      let project = Project(path: "spec.batch", text: spec)
      let findings = Linter.lint(project).diagnostics.filter { $0.severity == .error }
      #expect(findings.count == 1, "\(findings.map(\.message))")
      let finding = try #require(findings.first)
      let start = try #require(Array(spec.utf8).firstRange(of: Array(written.utf8))).lowerBound
      let value = start + written.split(separator: "=")[0].utf8.count + 2
      #expect(finding.range == TextRange(value, start + written.utf8.count), "\(finding.message)")
      #expect(finding.fixIts.first?.isSafe == true)
      for unsafe in [false, true] {
        let (text, diagnostics) = fixed(spec, unsafe: unsafe)
        #expect(text.contains(joined + "\n"), "\(text)")
        #expect(!diagnostics.contains { $0.severity == .error }, "\(diagnostics.map(\.message))")
      }
    }
  }

  /// Without a unit word after it, a bare number keeps its unsafe `s` fix.
  @Test func aBareNumberKeepsItsSecondsFix() throws {
    let spec = pool + "job j { pool = p1, task t { command = \"x\", max_wall_clock = 30 } }\n"
    let finding = try #require(Linter.lint(Project(path: "spec.batch", text: spec)).diagnostics.first)
    #expect(finding.fixIts.first?.edits.map(\.replacement) == ["30s"])
    #expect(finding.fixIts.first?.isSafe == false)
  }
}
