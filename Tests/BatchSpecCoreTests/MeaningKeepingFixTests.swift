// explore24: fixes that changed what a spec means. A fix never writes one value over a reference
// (a param, a sweep variable, a string with `${...}`), never deletes a comment, and a string in
// single quotes keeps its text when it takes double ones.

import BatchSpecCore
import Testing

@Suite struct MeaningKeepingFixTests {
  private let pool = """
    pool p1 {
      vm_size    = "Standard_D2s_v3"
      image      = "canonical/0001-com-ubuntu-server-jammy/22_04-lts"
      node_agent = "batch.node.ubuntu 22.04"

    """

  /// The findings of `text` and what applying their fixes (unsafe ones too, when `unsafe`) writes.
  private func lint(_ text: String, unsafe: Bool = false) -> (diagnostics: [Diagnostic], fixed: String) {
    let project = Project(path: "spec.batch", text: text)
    let diagnostics = Linter.lint(project).diagnostics
    let file = FixApplication.applyFixes(diagnostics, in: project, unsafe: unsafe).first
    return (diagnostics, file.map { String(decoding: $0.bytes, as: UTF8.self) } ?? text)
  }

  /// `"${nodes}"` became `2` (the param's default) and a sweep's `"${i}"` became `1` for every
  /// member; `--param` then changed nothing. The fix now writes the name.
  @Test func quotesAroundOneInterpolationGiveWayToTheName() {
    let text = """
      param nodes: int = 2
      \(pool)  dedicated_nodes = "${nodes}"
      }
      job j {
        pool = p1
        task t for i in 1..3 { command = "echo hi", retries = "${i}" }
      }

      """
    let (diagnostics, fixed) = lint(text)
    #expect(fixed.contains("dedicated_nodes = nodes\n"), "\(fixed)")
    #expect(fixed.contains("retries = i }"), "\(fixed)")
    let message = diagnostics.first { $0.message.contains("dedicated_nodes") }?.message ?? ""
    #expect(message.contains("write `nodes` without quotes"), "\(message)")
    #expect(lint(fixed).diagnostics.filter { $0.severity == .error }.isEmpty, "\(fixed)")
  }

  /// `"${nodes}0"` and `"PT${hours}H"` have no fix: no literal keeps the link to the param.
  @Test func anInterpolationWithTextAroundItHasNoFix() {
    let text = """
      param nodes: int = 2
      param hours: int = 2
      \(pool)  dedicated_nodes = "${nodes}0"
      }
      job j {
        pool = p1
        max_wall_clock = "PT${hours}H"
        task t { command = "echo hi" }
      }

      """
    let (diagnostics, fixed) = lint(text, unsafe: true)
    #expect(fixed == text, "\(fixed)")
    #expect(diagnostics.contains { $0.message.contains("dedicated_nodes") })
  }

  /// The https fix wrote the URL's value (`${host}` and `${i}` replaced by the first member's) for
  /// every task of a sweep; a VM size read from a param was replaced by a literal where it is used.
  @Test func unsafeFixesDoNotWriteValuesOverReferences() {
    let text = """
      param host: string = "mirror.example.com"
      param size: string = "Standard_D2s_v9"
      pool p1 {
        vm_size         = size
        image           = "canonical/0001-com-ubuntu-server-jammy/22_04-lts"
        node_agent      = "batch.node.ubuntu 22.04"
        dedicated_nodes = 1
      }
      job j {
        pool = p1
        task t for i in 1..3 {
          command = "echo hi"
          input "in-${i}" { url = "http://${host}/${i}.tar" }
        }
      }

      """
    let (diagnostics, fixed) = lint(text, unsafe: true)
    #expect(fixed.contains("url = \"https://${host}/${i}.tar\""), "\(fixed)")
    #expect(fixed.contains("vm_size         = size\n"), "\(fixed)")
    #expect(diagnostics.contains { $0.code.rawValue == "BS5001" }, "the size is still reported")
  }

  /// `'C:\temp\new.txt'` became a tab and a newline, `'echo ${x}'` an interpolation, and
  /// `'echo "hi"'` a syntax error. The text is escaped, and such a fix is unsafe.
  @Test func singleQuotesTakeDoubleOnesWithTheirTextKept() {
    let text = """
      param x: string = "P"
      \(pool)  dedicated_nodes = 1
      }
      job j {
        pool = p1
        task t { command = 'cmd /c type C:\\temp\\new.txt' }
        task u { command = 'echo ${x}' }
        task v { command = 'cmd /c echo "hi"' }
        task w { command = 'echo plain' }
      }

      """
    #expect(lint(text).fixed.contains("command = \"echo plain\""), "plain text: a safe fix")
    #expect(lint(text).fixed.contains("'echo ${x}'"), "escaping: not a safe fix")
    let fixed = lint(text, unsafe: true).fixed
    #expect(fixed.contains(#"command = "cmd /c type C:\\temp\\new.txt""#), "\(fixed)")
    #expect(fixed.contains(#"command = "echo \${x}""#), "\(fixed)")
    #expect(fixed.contains(#"command = "cmd /c echo \"hi\"""#), "\(fixed)")
    let after = Linter.lint(Project(path: "spec.batch", text: fixed))
    #expect(after.diagnostics.filter { $0.severity == .error }.isEmpty, "\(after.diagnostics.map(\.message))")
    let plan = after.checked.jobs.first?.children(\.task).first { $0.label == "t" }?[\.command]
    #expect(plan == #"cmd /c type C:\temp\new.txt"#)
  }

  /// Batch's list of name/value pairs became a map, and the comments among them were lost.
  @Test func noFixDeletesAComment() {
    let text = """
      \(pool)  dedicated_nodes = 1
      }
      job j {
        pool = p1
        environment = [
          { name = "MODE", value = "fast" },  // keep fast for CI
          { name = "SEED", value = "1" },
        ]
        task t { command = "echo hi" }
      }

      """
    let (diagnostics, fixed) = lint(text, unsafe: true)
    #expect(fixed.contains("// keep fast for CI"), "\(fixed)")
    #expect(diagnostics.contains { $0.message.contains("takes a map") })
    let withoutComment = text.split(separator: "\n", omittingEmptySubsequences: false)
      .map { $0.hasSuffix("// keep fast for CI") ? $0.dropLast("  // keep fast for CI".count) : $0 }
      .joined(separator: "\n")
    #expect(lint(withoutComment).fixed.contains("environment = { MODE = \"fast\", SEED = \"1\" }"))
  }

  /// explore24 L3/L4: a `#` comment and a quoted bool had no fix; "a int" read wrong.
  @Test func habitsFromOtherFormatsGetTheirFix() {
    let text = """
      # the render pool
      param nodes: string = "2"
      \(pool)  dedicated_nodes          = nodes  # from the param
        inter_node_communication = "true"
      }

      """
    let (diagnostics, fixed) = lint(text)
    #expect(fixed.hasPrefix("// the render pool\n"), "\(fixed)")
    #expect(fixed.contains("= nodes  // from the param"), "\(fixed)")
    #expect(fixed.contains("inter_node_communication = true\n"), "\(fixed)")
    #expect(diagnostics.filter { $0.code.rawValue == "BS1001" }.count == 2, "one finding for each `#`")
    #expect(diagnostics.contains { $0.message.contains("`nodes`, a string, was given") })
    let numbers = lint("param n: int = 2\njob j { display_name = n }\n").diagnostics
    #expect(numbers.contains { $0.message.contains("`n`, an int, was given") }, "\(numbers.map(\.message))")
  }

  /// explore24 L2: removing an attribute (BS5005's fix) left a line of blanks, or `x,  }`. Every
  /// fix that deletes an attribute deletes its line, or it and its comma.
  @Test func removingAnAttributeLeavesNoBlankLineNorStrayComma() {
    let text = """
      \(pool)  dedicated_nodes = 4
        autoscale { formula = "$TargetDedicatedNodes = 4;" }
      }
      pool p2 { vm_size = "Standard_D2s_v3", spot_nodes = 2, autoscale { formula = "$TargetDedicatedNodes = 1;" } }

      """
    let fixed = lint(text, unsafe: true).fixed
    #expect(!fixed.contains("dedicated_nodes") && !fixed.contains("spot_nodes"), "\(fixed)")
    #expect(!fixed.split(separator: "\n").contains { !$0.isEmpty && $0.allSatisfy { $0 == " " } }, "\(fixed)")
    #expect(fixed.contains("pool p2 { vm_size = \"Standard_D2s_v3\", autoscale {"), "\(fixed)")
  }
}
