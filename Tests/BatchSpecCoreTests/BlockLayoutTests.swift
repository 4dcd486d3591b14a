// The checked block's size, which every task and sweep member of a project pays, and the compact
// sweep member: a member is its sweep and a position, an even integer sweep its first value and
// step.

import Testing

@testable import BatchSpecCore

@Suite struct BlockLayoutTests {
  static let spec = """
    pool p {
      vm_size = "Standard_D2s_v3"
      dedicated_nodes = 1
      image = "canonical/0001-com-ubuntu-server-jammy/22_04-lts"
      node_agent = "batch.node.ubuntu 22.04"
    }
    job j {
      pool = p
      task frame for i in 1..40 step 3 { command = "render --frame ${i}" }
      task shot for name in ["a", "b", "c"] { command = "comp ${name}" }
      task odd for n in [1, 2, 4] { command = "x ${n}" }
    }
    """

  static func tasks() -> [BlockInstance] {
    let project = Project(files: [SourceFile(path: "a.batch", text: spec)])
    let checked = Checker.check(project).project
    #expect(checked.diagnostics.isEmpty, "\(checked.diagnostics.map(\.message))")
    return checked.jobs.first?.children(\.task).map(\.instance) ?? []
  }

  @Test func membersKeepTheirValuesGroupsAndVariables() {
    let tasks = Self.tasks()
    #expect(tasks.count == 14 + 3 + 3)
    #expect(tasks.prefix(14).map { $0.sweep?.value } == stride(from: 1, through: 40, by: 3).map { Value.integer($0) })
    #expect(tasks[14..<17].map { $0.sweep?.value } == ["a", "b", "c"].map { Value.string($0) })
    #expect(tasks[17...].map { $0.sweep?.value } == [1, 2, 4].map { Value.integer($0) })
    #expect(
      tasks.map { $0.sweep?.group } == Array(repeating: "frame", count: 14) + [
        "shot", "shot", "shot", "odd", "odd", "odd",
      ])
    #expect(tasks[16].sweep?.variable == "name")
    #expect(
      tasks.map(\.label) == stride(from: 1, through: 40, by: 3).map { "frame-\($0)" } + [
        "shot-a", "shot-b", "shot-c", "odd-1", "odd-2", "odd-4",
      ])
  }

  @Test func evenIntegerSweepsAreKeptAsFirstValueAndStep() {
    func storage(_ values: [Value]) -> String {
      let kept = SweepValues(values)
      #expect((0..<kept.count).map { kept[$0] } == values, "\(values)")
      return switch kept {
      case .progression(let first, let step, let count): "\(first) step \(step) × \(count)"
      case .list: "list"
      }
    }
    #expect(storage([.integer(1), .integer(2), .integer(3)]) == "1 step 1 × 3")
    #expect(storage([.integer(90), .integer(60), .integer(30), .integer(0)]) == "90 step -30 × 4")
    #expect(storage([.integer(7)]) == "7 step 0 × 1")
    #expect(storage([.integer(1), .integer(2), .integer(4)]) == "list")
    #expect(storage([.integer(1), .string("2")]) == "list")
    #expect(storage([.string("a"), .string("b")]) == "list")
    #expect(storage([.integer(.min), .integer(.max)]) == "list")
    #expect(storage([.integer(.max - 1), .integer(.max)]) == "\(Int64.max - 1) step 1 × 2")
    #expect(storage([.integer(0), .integer(.max), .integer(.min)]) == "list")
  }

  /// 120 bytes with the header: glibc's 128-byte chunks. A field that pads another, or one more
  /// byte, takes the 144-byte chunks, 16 bytes more for every checked block.
  @Test func aCheckedBlockFitsGlibcs128ByteChunk() {
    #expect(MemoryLayout<SweepMember?>.size == 12)
    #if os(Linux)
      // The instance size the runtime allocates, from the class's metadata (without Objective-C:
      // kind, superclass, flags and address point, then the 32-bit instance size).
      let metadata = unsafeBitCast(BlockInstance.self as AnyClass, to: UnsafeRawPointer.self)
      #expect(metadata.load(fromByteOffset: 24, as: UInt32.self) == 120)
    #endif
  }
}
