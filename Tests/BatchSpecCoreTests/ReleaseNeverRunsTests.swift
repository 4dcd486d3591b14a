// BS5046's fix: `on_all_tasks_complete = terminate_job` written where it reads naturally.

import BatchSpecCore
import Testing

@Suite struct ReleaseNeverRunsFixTests {
  /// The project after BS5046's fixes, applied as `lint --fix --unsafe-fixes` would.
  private func fixed(_ job: String) throws -> String {
    let spec = """
      pool p {
        vm_size    = "Standard_D2s_v3"
        image      = "canonical/ubuntu-24_04-lts/server"
        node_agent = "batch.node.ubuntu 24.04"
      }
      \(job)
      """
    let (project, result) = validate(spec)
    let findings = result.diagnostics.filter { $0.code.rawValue == "BS5046" }
    #expect(findings.count == 1)
    #expect(findings.allSatisfy { $0.fixIts.allSatisfy { !$0.isSafe } })
    let file = try #require(FixApplication.applyFixes(findings, in: project, unsafe: true).first)
    let text = String(decoding: file.bytes, as: UTF8.self)
    return String(text.split(separator: "}\n", maxSplits: 1, omittingEmptySubsequences: false)[1])
  }

  @Test func theAttributeTakesTheLineAfterThePoolIndentedAlike() throws {
    let job = "job j {\n    pool = p // the pool\n    prepare { command = \"a\" }\n    release { command = \"b\" }\n}\n"
    #expect(
      try fixed(job)
        == "job j {\n    pool = p // the pool\n    on_all_tasks_complete = terminate_job\n    prepare { command = \"a\" }\n"
        + "    release { command = \"b\" }\n}\n")
  }

  @Test func aOneLineJobTakesItAfterAComma() throws {
    let job = "job j { pool = p, prepare { command = \"a\" }, release { command = \"b\" } }\n"
    #expect(
      try fixed(job)
        == "job j { pool = p, on_all_tasks_complete = terminate_job, prepare { command = \"a\" }, release { command = \"b\" } }\n"
    )
  }

  @Test func aWrittenNoActionIsReplaced() throws {
    let job =
      "job j {\n  pool = p\n  on_all_tasks_complete = no_action\n  prepare { command = \"a\" }\n  release { command = \"b\" }\n}\n"
    #expect(try fixed(job).contains("  on_all_tasks_complete = terminate_job\n  prepare"))
  }

  @Test func windowsLineEndingsAreKept() throws {
    let job = "job j {\r\n  pool = p\r\n  prepare { command = \"a\" }\r\n  release { command = \"b\" }\r\n}\r\n"
    #expect(try fixed(job).hasPrefix("job j {\r\n  pool = p\r\n  on_all_tasks_complete = terminate_job\r\n  prepare"))
  }
}
