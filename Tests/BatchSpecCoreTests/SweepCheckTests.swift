// Sweep members share what does not mention the sweep variable: the checker evaluates it once.

import Testing
import BatchSpecCore

@Suite struct SweepCheckTests {
  let text = """
    param scene: string = "spring"
    storage renderdata { containers = ["frames"] }
    job j {
      pool = p
      task prep { command = "echo" }
      task frame for i in 1..3 {
        command      = "render ${i} of ${scene}"
        display_name = "Frame of ${scene}"
        retries      = bogus
        depends_on   = [prep]
        output "out_${i}.png" { container = renderdata.frames, path = "${scene}/${i}/" }
      }
    }

    """

  @Test func membersGetSharedAndOwnValues() throws {
    let checked = Checker.check(Project(path: "sweep.batch", text: text)).project
    let job = try #require(checked.jobs.first)
    let members = job.children(\.task).filter { $0.sweep != nil }
    #expect(members.map(\.label) == ["frame-1", "frame-2", "frame-3"])
    for (number, member) in zip(1..., members) {
      #expect(member[\.command] == "render \(number) of spring")
      #expect(member[\.displayName] == "Frame of spring")
      #expect(member[\.dependsOn] == [Reference(.task, "prep")])
      let output = try #require(member.child(\.output))
      #expect(output[\.path] == "spring/\(number)/")
      #expect(output[\.container]?.storage == "renderdata")
      #expect(output[\.container]?.name == "frames")
    }
    // The shared, broken `retries` is reported once; the shared references are all recorded.
    #expect(checked.diagnostics.filter { $0.message.contains("`bogus`") }.count == 1)
    #expect(checked.references.contains { $0.kind == .task })
    #expect(checked.references.contains { $0.kind == .storage })
  }
}
