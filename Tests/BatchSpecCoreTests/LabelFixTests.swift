// A label on a block that takes none: when it is a value of an attribute the block leaves unset
// (`remote_access ssh`), the safe fix writes that attribute inside instead of losing it.

import BatchSpecCore
import Testing

@Suite struct LabelFixTests {
  private func fixed(_ text: String) -> (text: String, errors: [String]) {
    let project = Project(path: "spec.batch", text: text)
    let result = Checker.check(project).project
    let file = FixApplication.applyFixes(result.diagnostics.filter { $0.code.rawValue == "BS2015" }, in: project).first
    let fixed = file.map { String(decoding: $0.bytes, as: UTF8.self) } ?? text
    let after = Checker.check(Project(path: "spec.batch", text: fixed)).project
    return (fixed, after.diagnostics.filter { $0.severity == .error }.map(\.message))
  }

  private let pool = """
    pool p {
      vm_size    = "Standard_D2s_v3"
      image      = "canonical/ubuntu-24_04-lts/server"
      node_agent = "batch.node.ubuntu 24.04"

    """

  @Test func aLabelThatIsAnAttributesValueMovesInside() {
    let (text, errors) = fixed(
      pool + """
          remote_access ssh { allow = ["10.0.0.0/8"], deny = ["*"] }
          remote_access rdp {
            allow = ["10.0.0.0/8"]
          }
        }

        """)
    #expect(errors.isEmpty, "\(errors)\n\(text)")
    #expect(text.contains("remote_access { protocol = ssh, allow = [\"10.0.0.0/8\"], deny = [\"*\"] }"), "\(text)")
    #expect(text.contains("remote_access { protocol = rdp,\n    allow"), "\(text)")
  }

  @Test func anEmptyBlockTakesTheAttributeAlone() {
    let (text, _) = fixed(pool + "  remote_access ssh {}\n}\n")
    #expect(text.contains("  remote_access { protocol = ssh }\n"), "\(text)")
  }

  /// A label that is no value, or one the block sets already, is removed as before.
  @Test func anyOtherLabelIsRemoved() {
    let (other, _) = fixed(pool + "  remote_access foo { protocol = ssh }\n}\n")
    #expect(other.contains("  remote_access { protocol = ssh }\n"), "\(other)")
    let (set, _) = fixed(pool + "  remote_access rdp { protocol = ssh }\n}\n")
    #expect(set.contains("  remote_access { protocol = ssh }\n"), "\(set)")
  }
}
