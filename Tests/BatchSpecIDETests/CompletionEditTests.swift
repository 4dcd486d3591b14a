// What accepting a completion writes: each entry is applied to the text as an editor applies it,
// and the resulting text is compared whole (and checked, where it should be clean). The word under
// the cursor is replaced whole, what the line already holds is not written twice, strings are
// closed, and an ID that is not a bare name is quoted.

import BatchSpecCore
import BatchSpecIDE
import Foundation
import Testing

@Suite struct CompletionEditTests {
  private let pool = """
    pool render-pool {
      vm_size    = "Standard_D4s_v3"
      image      = "canonical/0001-com-ubuntu-server-jammy/22_04-lts"
      node_agent = "batch.node.ubuntu 22.04"
    }

    """

  /// The codes `text` is checked with, a snippet's final cursor `$0` removed.
  private func codes(_ text: String?) -> [String] {
    Fixture((text ?? "<nothing accepted>").replacingOccurrences(of: "$0", with: "")).analysis.codes()
  }

  @Test func aReferenceReplacesTheWholeWordUnderTheCursor() {
    let job = "job j {\n  pool = CURSOR\n  task t { command = \"x\" }\n}\n"
    let expected = pool + job.replacingFirst("CURSOR", with: "render-pool")
    #expect(codes(expected).isEmpty)
    for typed in ["rend$0er-pool", "$0render-pool", "rend$0-pool", "render-pool$0", "$0rend"] {
      let (analysis, position) = fixture(pool + job.replacingFirst("CURSOR", with: typed))
      #expect(analysis.accepting("render-pool", at: position) == expected, "\(typed)")
    }
    // Inserting ends at the cursor: what the client filters on is the word up to it.
    let (analysis, position) = fixture(pool + job.replacingFirst("CURSOR", with: "rend$0er-pool"))
    #expect(
      analysis.text(
        analysis.completion("render-pool", at: position)?.replacing ?? .empty(at: 0), in: Fixture.defaultPath) == "rend"
    )
    #expect(
      analysis.accepting("render-pool", at: position, inserting: true)
        == pool + job.replacingFirst("CURSOR", with: "render-pooler-pool"))
  }

  @Test func anAttributeBeforeItsValueIsWrittenAlone() {
    let (analysis, position) = fixture(pool + "job j {\n  po$0 = render-pool\n  task t { command = \"x\" }\n}\n")
    let accepted = analysis.accepting("pool", at: position)
    #expect(accepted == pool + "job j {\n  pool = render-pool\n  task t { command = \"x\" }\n}\n")
    #expect(codes(accepted).isEmpty)
    // Rewriting a name already written: it is still offered.
    let (again, againPosition) = fixture(pool + "job j {\n  pool$0 = render-pool\n}\n")
    #expect(again.completion("pool", at: againPosition)?.insertText == "pool")
    // Without `=` after it, the snippet is written whole.
    let (bare, barePosition) = fixture(pool + "job j {\n  po$0\n}\n")
    #expect(bare.accepting("pool", at: barePosition) == pool + "job j {\n  pool = $0\n}\n")
  }

  @Test func aBlockBeforeItsLabelIsWrittenAlone() {
    let text = pool + "job j {\n  pool = render-pool\n  TYPED\n}\n"
    let expected = text.replacingFirst("TYPED", with: "task t { command = \"x\" }")
    for typed in ["tas$0 t { command = \"x\" }", "ta$0sk t { command = \"x\" }"] {
      let (analysis, position) = fixture(text.replacingFirst("TYPED", with: typed))
      #expect(analysis.accepting("task", at: position) == expected, "\(typed)")
    }
    #expect(codes(expected).isEmpty)
    let (unlabelled, unlabelledPosition) = fixture(pool.replacingFirst("}", with: "  start_t$0 { command = \"x\" }\n}"))
    #expect(
      unlabelled.accepting("start_task", at: unlabelledPosition)
        == pool.replacingFirst("}", with: "  start_task { command = \"x\" }\n}"))
    let (param, paramPosition) = fixture("par$0 n: int = 3\n")
    #expect(param.accepting("param", at: paramPosition) == "param n: int = 3\n")
  }

  @Test func aValueRightAfterEqualsIsSpaced() {
    let (analysis, position) = fixture(pool + "job j {\n  pool =$0\n  task t { command = \"x\" }\n}\n")
    let accepted = analysis.accepting("render-pool", at: position)
    #expect(accepted == pool + "job j {\n  pool = render-pool\n  task t { command = \"x\" }\n}\n")
    #expect(codes(accepted).isEmpty)
    let (size, sizePosition) = fixture("pool p {\n  vm_size =$0\n}\n")
    #expect(size.accepting("Standard_D4s_v3", at: sizePosition) == "pool p {\n  vm_size = \"Standard_D4s_v3\"\n}\n")
  }

  @Test func aStringValueIsClosedAndReplacedWhole() {
    let text = pool.replacingFirst("\"Standard_D4s_v3\"", with: "TYPED")
    let expected = pool
    for typed in ["\"Standard_D4$0", "\"Standard_D4$0s_v3\"", "\"Standard_D4$0\"", "\"$0", "\"Sta$0ndard\""] {
      let (analysis, position) = fixture(text.replacingFirst("TYPED", with: typed))
      #expect(analysis.accepting("Standard_D4s_v3", at: position) == expected, "\(typed)")
    }
    #expect(codes(expected).isEmpty)
    // A node agent, whose name holds `.` and a space, is replaced up to the closing quote.
    let agent = pool.replacingFirst("\"batch.node.ubuntu 22.04\"", with: "\"batch.node.u$0buntu 20.04\"")
    let (agentAnalysis, agentPosition) = fixture(agent)
    #expect(agentAnalysis.accepting("batch.node.ubuntu 22.04", at: agentPosition) == pool)
  }

  @Test func aTaskWhoseIDIsNotABareNameIsQuoted() {
    let text =
      pool + """
        job j {
          pool = render-pool
          task "7" { command = "x" }
          task t {
            command    = "y"
            depends_on = [TYPED]
          }
        }

        """
    let expected = text.replacingFirst("TYPED", with: "\"7\"")
    #expect(codes(expected).isEmpty)
    for typed in ["$0", "\"$0", "\"$0\""] {
      let (analysis, position) = fixture(text.replacingFirst("TYPED", with: typed))
      #expect(analysis.completionLabels(at: position) == ["7"], "\(typed)")
      #expect(analysis.accepting("7", at: position) == expected, "\(typed)")
    }
  }

  @Test func containersAreOfferedOnlyWhereAContainerIsAValue() {
    let text = """
      storage data { containers = ["scenes", "frames"] }
      \(pool)job j {
        pool = render-pool
        task t {
          command = "x"
          TYPED
        }
      }

      """
    let valid = [
      "output \"b\" { container = data.$0 }": "output \"b\" { container = data.scenes }",
      "input \"a\" { blob = data.$0[\"in.txt\"] }": "input \"a\" { blob = data.scenes[\"in.txt\"] }",
    ]
    for (typed, written) in valid {
      let (analysis, position) = fixture(text.replacingFirst("TYPED", with: typed))
      let accepted = analysis.accepting("scenes", at: position)
      #expect(accepted == text.replacingFirst("TYPED", with: written), "\(typed)")
      #expect(codes(accepted).isEmpty, "\(typed)")
    }
    let invalid = [
      "environment = { A = \"${data.$0}\" }",  // a `${}` takes a name
      "environment = { A = data.$0 }",  // a map's value is a string
      "environment = { A = \"data.$0\" }",  // plain text
    ]
    for typed in invalid {
      let (analysis, position) = fixture(text.replacingFirst("TYPED", with: typed))
      #expect(analysis.completionLabels(at: position).isEmpty, "\(typed)")
    }
  }

  @Test func aLocationIsNotOfferedTheValueBeingTyped() {
    let text = """
      account acct { location = "West Europe" }
      storage other { location = "nowhere" }
      storage zz { location = "TYPED" }
      """
    for typed in ["westx$0", "west$0", "westeurope$0"] {
      let (analysis, position) = fixture(text.replacingFirst("TYPED", with: typed))
      let offered = analysis.completions(at: position)
      // The other account's region, by its name; not the unknown `nowhere`, nor what is typed.
      #expect(offered.first?.label == "westeurope", "\(typed)")
      #expect(offered.first?.detail == "region of account acct", "\(typed)")
      #expect(offered.map(\.label) == ["westeurope"] + AzureRegions.all.map(\.name).filter { $0 != "westeurope" })
    }
  }
}
