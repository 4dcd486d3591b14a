// A checked block moved below an edit is read through the distance it moved: nothing under it is
// built again until something reads its children, and then once.

import Dispatch
import Testing

@testable import BatchSpecCore

@Suite struct MovedBlockTests {
  let text = """
    storage renderdata { containers = ["frames"] }
    pool p {
      vm_size = "Standard_D2s_v3"
      target_dedicated_nodes = 2
    }
    job j {
      pool = p
      task prep { command = "echo" }
      task frame for i in 1..3 {
        command    = "render ${i}"
        depends_on = [prep]
        input "scene.blend" { blob = renderdata.frames["s"] }
        output "out_${i}.png" { container = renderdata.frames, path = "${i}/" }
      }
    }

    """

  /// Every place of a block and of the blocks under it: names, wholes, attributes and values.
  static func places(_ block: BlockInstance, depth: Int = 0) -> [String] {
    var lines = ["\(depth) \(block.kind) \(block.label ?? "-") \(block.nameLocation) \(block.location)"]
    block.attributes.forEachBorrowed { attribute, value in
      lines.append("  \(attribute.name) = \(value.value) \(value.location) \(value.valueLocation)")
    }
    for child in block.children { lines += places(child, depth: depth + 1) }
    return lines
  }

  /// `places(block)` with every range moved by `delta`.
  static func places(_ block: BlockInstance, movedBy delta: Int) -> [String] {
    places(block.relocated { Location($0.file, $0.range.shifted(by: delta)) })
  }

  func resources() -> [BlockInstance] {
    let resources = Checker.check(Project(path: "moved.batch", text: text)).project.resources
    #expect(resources.count == 3)
    return resources
  }

  @Test func aMovedBlockHasEveryPlaceMovedAndMovingItBackRestoresThem() throws {
    for block in resources() {
      let moved = try #require(block.shifted(by: 7, within: block.location.range, in: FileID(0)))
      #expect(Self.places(moved) == Self.places(block, movedBy: 7))
      // Moves add up; back where it was, it reads as checked.
      let twice = try #require(moved.shifted(by: 5, within: moved.location.range, in: FileID(0)))
      #expect(Self.places(twice) == Self.places(block, movedBy: 12))
      let back = try #require(twice.shifted(by: -12, within: twice.location.range, in: FileID(0)))
      #expect(Self.places(back) == Self.places(block))
    }
  }

  @Test func aMovedBlocksChildrenAreBuiltOnceAndKeepWhatTheyShared() throws {
    let job = try #require(resources().last)
    let moved = try #require(job.shifted(by: 3, within: job.location.range, in: FileID(0)))
    let children = moved.children
    #expect(children.count == job.children.count)
    #expect(zip(children, moved.children).allSatisfy { $0 === $1 })
    #expect(zip(children, job.children).allSatisfy { $0 !== $1 })
    // The sweep members share their input, as the members checked did.
    let inputs = children.filter { $0.sweep != nil }.compactMap { $0.children.first { $0.kind == "input" } }
    #expect(inputs.count == 3)
    #expect(inputs.allSatisfy { $0 === inputs[0] })
  }

  @Test func threadsReadingAMovedBlockGetTheSameChildren() throws {
    let job = try #require(resources().last)
    let moved = try #require(job.shifted(by: 3, within: job.location.range, in: FileID(0)))
    let reads = 64
    nonisolated(unsafe) var seen = [[ObjectIdentifier]](repeating: [], count: reads)
    DispatchQueue.concurrentPerform(iterations: reads) { index in
      let identities = moved.children.flatMap { [ObjectIdentifier($0)] + $0.children.map(ObjectIdentifier.init) }
      seen[index] = identities
    }
    #expect(Set(seen).count == 1)
    #expect(seen[0].count > job.children.count)
  }

  @Test func aBlockWithAPlaceOutsideTheRangeOrFileIsNotMoved() throws {
    let job = try #require(resources().last)
    let range = job.location.range
    #expect(job.shifted(by: 3, within: TextRange(range.start + 1, range.end), in: FileID(0)) == nil)
    #expect(job.shifted(by: 3, within: range, in: FileID(1)) == nil)
    // A block that points at a place in another file is moved by `relocated`, place by place.
    let elsewhere = job.relocated { $0.range == job.nameLocation.range ? Location(FileID(1), $0.range) : $0 }
    #expect(elsewhere.shifted(by: 3, within: range, in: FileID(0)) == nil)
  }
}
