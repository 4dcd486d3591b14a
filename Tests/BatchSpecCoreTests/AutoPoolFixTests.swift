// The fixes of the auto pool and job schedule rules: BS5050 writes an `id_prefix` into the `auto`
// block, BS5051 sets `lifetime = job`, BS5052 sets `on_all_tasks_complete = terminate_job`.

import BatchSpecCore
import Testing

@Suite struct AutoPoolFixTests {
  /// A pool named `name`, its block left open.
  private func pool(_ name: String = "nightly-rendering-farm-east") -> String {
    """
    pool \(name) {
      vm_size    = "Standard_D2s_v3"
      image      = "canonical/ubuntu-24_04-lts/server"
      node_agent = "batch.node.ubuntu 24.04"

    """
  }

  /// `spec` after the fixes of `code`'s one finding, applied as `lint --fix --unsafe-fixes` would.
  private func fixed(_ spec: String, _ code: String) throws -> String {
    let (project, result) = validate(spec)
    let findings = result.diagnostics.filter { $0.code.rawValue == code }
    #expect(findings.count == 1)
    let file = try #require(FixApplication.applyFixes(findings, in: project, unsafe: true).first)
    return String(decoding: file.bytes, as: UTF8.self)
  }

  @Test func aOneLineAutoBlockTakesThePrefixAfterAComma() throws {
    let spec =
      pool()
      + "  auto { lifetime = job }\n}\njob j { pool = nightly-rendering-farm-east, task t { command = \"a\" } }\n"
    #expect(try fixed(spec, "BS5050").contains("  auto { lifetime = job, id_prefix = \"nightly-rendering-fa\" }\n"))
  }

  @Test func aPrefixEndsWithoutADash() throws {
    let spec =
      pool("nightly-renderingss-x-farm")
      + "  auto {\n    keep_alive = true\n  }\n}\n"
    #expect(try fixed(spec, "BS5050").contains("    keep_alive = true\n    id_prefix = \"nightly-renderingss\"\n  }"))
  }

  @Test func aJobOnItsOwnGetsThePoolOfAJob() throws {
    let spec = pool() + "  auto { lifetime = job_schedule }\n}\njob j { pool = nightly-rendering-farm-east }\n"
    let (_, result) = validate(spec)
    #expect(result.diagnostics.first { $0.code.rawValue == "BS5051" }?.fixIts.first?.isSafe == true)
    #expect(try fixed(spec, "BS5051").contains("auto { lifetime = job }"))
  }

  @Test func aScheduledJobIsEnded() throws {
    let spec =
      pool("p")
      + "}\nschedule s { job = j, every = 1h }\njob j {\n  pool = p\n  manager m { command = \"a\", kill_job_on_completion = false }\n}\n"
    #expect(try fixed(spec, "BS5052").contains("  pool = p\n  on_all_tasks_complete = terminate_job\n  manager m"))
  }
}
