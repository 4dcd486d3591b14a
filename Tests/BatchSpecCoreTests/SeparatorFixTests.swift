// `;` and two statements on one line: the safe fixes leave a file the parser reads without error,
// in a block (`,`) and at the top level (a line break).

import BatchSpecCore
import Testing

@Suite struct SeparatorFixTests {
  private func fixedOnce(_ text: String) -> (fixed: String, errorsAfter: [String]) {
    let project = Project(path: "spec.batch", text: text)
    let tree = Parser.parse(project.file(project.files[0].id))
    let file = FixApplication.applyFixes(tree.diagnostics, in: project).first
    let fixed = file.map { String(decoding: $0.bytes, as: UTF8.self) } ?? text
    let after = Parser.parse(Project(path: "spec.batch", text: fixed).files[0])
    return (fixed, after.diagnostics.map(\.message))
  }

  /// A `;` that separates nothing (after `{`, or first on its line) is removed, not made a `,`.
  @Test func aSemicolonThatSeparatesNothingIsRemoved() {
    let (fixed, errors) = fixedOnce("application a {; display_name = \"x\"\n  ; versions = [\"1\"] }\n")
    #expect(errors.isEmpty, "\(errors)")
    #expect(fixed == "application a { display_name = \"x\"\n   versions = [\"1\"] }\n")
  }

  @Test func windowsLineEndingsStay() {
    let (fixed, errors) = fixedOnce("application a { }; application b { }\r\napplication c { }\r\n")
    #expect(errors.isEmpty, "\(errors)")
    #expect(fixed == "application a { }\r\napplication b { }\r\napplication c { }\r\n")
  }

  @Test func semicolonsAndSameLineStatementsAreFixedIntoValidText() {
    let text = """
      param a: int = 1; param b: int = 2
      application x { display_name = "x"; version "1" { } } ; application y { }
      application z { } /* keep */ application w { }
      job j { pool = p; task t { command = "c"; retries = 1; /* n */ priority = 1 } task u { command = "d" } }
      """
    let (fixed, errors) = fixedOnce(text + "\n")
    #expect(errors.isEmpty, "\(errors)\n\(fixed)")
    #expect(
      fixed == """
        param a: int = 1
        param b: int = 2
        application x { display_name = "x", version "1" { } }
        application y { }
        application z { }
        /* keep */ application w { }
        job j { pool = p, task t { command = "c", retries = 1, /* n */ priority = 1 }, task u { command = "d" } }

        """)
  }
}
