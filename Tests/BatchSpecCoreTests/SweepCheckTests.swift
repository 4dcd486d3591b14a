// Sweep members share what does not mention the sweep variable: the checker evaluates it once.

import Foundation
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

  /// A child block that mentions the variable nowhere is checked once: every member holds the
  /// same object. It stays one object when an edit above moves the job.
  @Test func membersShareChildrenThatDoNotMentionTheVariable() throws {
    let shared = text.replacingOccurrences(
      of: "    output", with: "    input \"scene.blend\" { blob = renderdata.frames[\"s\"] }\n    output")
    func inputsAndOutputs(_ checked: CheckedProject) throws -> (inputs: [BlockInstance], outputs: [BlockInstance]) {
      let members = try #require(checked.jobs.first).children(\.task).filter { $0.sweep != nil }
      let inputs = members.compactMap { $0.child(\.input)?.instance }
      let outputs = members.compactMap { $0.child(\.output)?.instance }
      #expect(inputs.count == 3 && outputs.count == 3)
      return (inputs, outputs)
    }
    let memo = CheckerMemo()
    let checked = Checker.check(Project(path: "sweep.batch", text: shared), memo: memo).result.project
    let first = try inputsAndOutputs(checked)
    #expect(first.inputs.allSatisfy { $0 === first.inputs[0] })
    #expect(first.outputs[0] !== first.outputs[1] && first.outputs[1] !== first.outputs[2])

    let moved = Checker.check(Project(path: "sweep.batch", text: "// moved\n" + shared), memo: memo).result.project
    #expect(memo.reusedBlocks > 0)
    let second = try inputsAndOutputs(moved)
    #expect(second.inputs.allSatisfy { $0 === second.inputs[0] })
    #expect(second.inputs[0] !== first.inputs[0])
    #expect(second.inputs[0].location.range == first.inputs[0].location.range.shifted(by: 9))
    #expect(second.outputs[0].location.range == first.outputs[0].location.range.shifted(by: 9))
  }

  /// Members whose children are all shared hold one array of them, not one each; a member with a
  /// child of its own has its own.
  @Test func membersWithOnlySharedChildrenShareOneArray() throws {
    let shared = text.replacingOccurrences(of: "path = \"${scene}/${i}/\"", with: "path = \"${scene}/\"")
    #expect(shared != text)
    func storage(_ block: BlockInstance) -> UnsafeRawPointer? {
      block.children.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }
    for (source, sharesArray) in [(shared, true), (text, false)] {
      let checked = Checker.check(Project(path: "sweep.batch", text: source)).project
      let members = try #require(checked.jobs.first).children(\.task).filter { $0.sweep != nil }.map(\.instance)
      #expect(members.count == 3 && members.allSatisfy { $0.children.count == 1 })
      #expect(members.allSatisfy { storage($0) == storage(members[0]) } == sharesArray)
    }
  }

  /// Members whose children are all shared share their command blocks' storage uses: one array.
  @Test func membersWithSharedChildrenShareTheirStorageUses() throws {
    let shared = text.replacingOccurrences(of: "out_${i}.png", with: "out.png")
      .replacingOccurrences(of: "path = \"${scene}/${i}/\"", with: "path = \"${scene}/\"")
    let checked = Checker.check(Project(path: "sweep.batch", text: shared)).project
    let members = ProjectFacts(checked).commandBlocks.filter { $0.block.sweep != nil }
    try #require(members.count == 3)
    let addresses = members.map { $0.storageUses.withUnsafeBufferPointer { $0.baseAddress } }
    #expect(members.allSatisfy { $0.storageUses.map(\.key) == ["renderdata"] })
    #expect(addresses.allSatisfy { $0 != nil && $0 == addresses[0] })
  }
}
