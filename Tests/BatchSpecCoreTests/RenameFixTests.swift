// Fixes of an unknown attribute (BS2002) that would set a written attribute twice, and the fix of
// one set twice (BS2007): what `lint --fix` and `--unsafe-fixes` leave.

import BatchSpecCore
import Testing

@Suite struct RenameFixTests {
  private let pool = """
    pool p1 {
      vm_size = "Standard_D2s_v3"
      image = "canonical/0001-com-ubuntu-server-jammy/22_04-lts"
      node_agent = "batch.node.ubuntu 22.04"
      dedicated_nodes = 1

    """

  /// `text` with every fix applied, in rounds, as `lint --fix` (`--unsafe-fixes`) applies them.
  private func fixed(_ text: String, unsafe: Bool = false) -> String {
    let project = Project(path: "spec.batch", text: text)
    let (result, _, _) = FixApplication.applyFixesRepeatedly(
      Linter.lint(project).diagnostics, in: project, files: Set(project.files.map(\.id)), unsafe: unsafe
    ) { Linter.lint($0).diagnostics }
    return String(decoding: result.files[0].bytes, as: UTF8.self)
  }

  private func findings(_ text: String, _ code: String) -> [Diagnostic] {
    Linter.lint(Project(path: "spec.batch", text: text)).diagnostics.filter { $0.code.rawValue == code }
  }

  /// Batch's name of an attribute the block already writes is no rename: the finding says so, with
  /// a note at the one written, and no fix sets it twice.
  @Test func batchsNameOfAWrittenAttributeIsNotRenamed() throws {
    let spec =
      pool + "  targetDedicatedNodes = 4\n}\n"
      + "job j { pool = p1, task t { command = \"echo hi\", max_wall_clock = 1h, maxWallClockTime = \"PT2H\" } }\n"
    let unknown = findings(spec, "BS2002")
    #expect(unknown.count == 2)
    for finding in unknown {
      #expect(finding.fixIts.isEmpty, "\(finding.message)")
      #expect(finding.message.contains("already sets"), "\(finding.message)")
      #expect(finding.notes.count == 1)
    }
    for unsafe in [false, true] {
      #expect(findings(fixed(spec, unsafe: unsafe), "BS2007").isEmpty)
    }
    // Not written: the rename stays.
    let alone = pool + "}\njob j { pool = p1, task t { command = \"echo hi\", maxWallClockTime = \"PT2H\" } }\n"
    #expect(fixed(alone).contains("max_wall_clock = 2h"))
  }

  /// A misspelling whose nearest attribute is written gets no fix either.
  @Test func aMisspellingOfAWrittenAttributeIsNotRenamed() throws {
    let spec = pool + "  vm_sise = \"Standard_D4s_v3\"\n}\n"
    let finding = try #require(findings(spec, "BS2002").first)
    #expect(finding.fixIts.isEmpty)
    #expect(finding.message.contains("already sets `vm_size`: keep one"), "\(finding.message)")
    #expect(
      finding.notes.first?.location?.range.start == Array(spec.utf8).firstRange(of: Array("vm_size".utf8))?.lowerBound)
    #expect(findings(fixed(spec, unsafe: true), "BS2007").isEmpty)
  }

  /// Two of Batch's names for one attribute: the first is renamed, the second is not.
  @Test func twoNamesForOneAttributeAreRenamedOnce() throws {
    let spec = pool + "  maxTasksPerNode = 2\n  max_tasks_per_node = 2\n}\n"
    let unknown = findings(spec, "BS2002")
    #expect(unknown.map { $0.fixIts.count } == [1, 0])
    #expect(unknown.last?.message.contains("`maxTasksPerNode` above is `task_slots_per_node` too") == true)
    #expect(findings(fixed(spec, unsafe: true), "BS2007").isEmpty)
  }

  /// The fix of an attribute set twice keeps the first, as `explain BS2007` shows, and leaves no
  /// blank line, nor a comma before `}`.
  @Test func theDuplicateIsRemovedWithItsLineOrItsComma() {
    let lines = pool + "  dedicated_nodes = 2\n  spot_nodes = 0\n}\n"
    #expect(fixed(lines, unsafe: true) == pool + "  spot_nodes = 0\n}\n")
    let last = pool + "}\njob j { pool = p1, task t { command = \"x\", max_wall_clock = 1h, max_wall_clock = 2h } }\n"
    #expect(fixed(last, unsafe: true).hasSuffix("task t { command = \"x\", max_wall_clock = 1h } }\n"))
    let middle = pool + "}\njob j { pool = p1, task t { command = \"x\", retries = 1, retries = 2, priority = 3 } }\n"
    #expect(fixed(middle, unsafe: true).hasSuffix("task t { command = \"x\", retries = 1, priority = 3 } }\n"))
    let trailing = pool + "  dedicated_nodes = 2,\n}\n"
    #expect(fixed(trailing, unsafe: true) == pool + "}\n")
  }

  @Test func theDocumentationKeepsTheFirstValue() throws {
    let doc = try #require(DiagnosticCode.duplicateAttribute.documentation)
    #expect(doc.contains("Use instead\n```\npool render-pool {\n  image = \"canonical/ubuntu/22_04-lts\"\n}"))
  }
}
