// BS4002 counts each task once per general-purpose v1 account, whatever case names it and however
// often; the rule makes one pass over each job's tasks (see `batchspec-bench scaling`).

import BatchSpecCore
import Testing

@Suite struct ParallelLoadTests {
  private func findings(tasks: Int) -> [Diagnostic] {
    let text = """
      account lab { location = "westeurope" }
      storage legacy {
        kind      = general_purpose_v1
        location  = "westeurope"
        sas_token = env("LEGACY_SAS")
      }
      storage other {
        kind      = general_purpose_v1
        location  = "westeurope"
        sas_token = env("OTHER_SAS")
      }
      pool p {
        vm_size             = "Standard_D4s_v3"
        image               = "canonical/0001-com-ubuntu-server-jammy/22_04-lts"
        node_agent          = "batch.node.ubuntu 22.04"
        dedicated_nodes     = 20
        task_slots_per_node = 8
      }
      job j {
        pool = p
        task t for i in 1..\(tasks) {
          command = "/bin/sh -c 'true'"
          input "in/" { container = Legacy.data }
          output "out" { container = legacy.data, path = "x/${i}" }
        }
        task last {
          command = "true"
          input "in/" { container = other.data }
        }
      }

      """
    let checked = Checker.check(Project(path: "a.batch", text: text)).project
    #expect(checked.diagnostics.filter { $0.severity == .error }.isEmpty)
    return Validator.validate(checked).diagnostics.filter { $0.code.rawValue == "BS4002" }
  }

  @Test func aTaskCountsOncePerAccountWhateverCaseNamesIt() {
    let found = findings(tasks: 65)
    #expect(found.count == 1)
    #expect(found.first?.message.contains("storage `legacy`") == true)
    #expect(found.first?.message.contains("up to 65 tasks") == true)
    #expect(found.first?.notes.first?.message == "task `t-1` uses it")
    #expect(findings(tasks: 64).isEmpty)
  }
}
