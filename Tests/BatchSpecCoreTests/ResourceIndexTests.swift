// The language server's lookups by ID, revised after an edit that moves jobs between pools, answer
// as lookups built afresh do.

import Testing

@testable import BatchSpecCore

@Suite struct ResourceIndexTests {
  /// Two accounts, pools owned by each (and a duplicate ID), and jobs in two files naming pools
  /// that exist, that do not, or none.
  func project(_ jobPools: [String?]) -> CheckedProject {
    var first = """
      account east {
        location = "eastus"
      }
      account west {
        location = "westeurope"
      }
      pool p1 {
        account = east
      }
      pool p2 {
        account = west
      }
      pool p3 {
        account = east
      }
      pool p2 {
        account = east
      }

      """
    var second = ""
    for (number, pool) in jobPools.enumerated() {
      let job = "job j\(number) {\n" + (pool.map { "  pool = \($0)\n" } ?? "") + "}\n"
      if number % 2 == 0 { first += job } else { second += job }
    }
    let files = [SourceFile(path: "/p/a.batch", text: first), SourceFile(path: "/p/b.batch", text: second)]
    return Checker.check(Project(files: files)).project
  }

  func lookups(_ index: ResourceIndex) -> [String] {
    var lines = ["pools by account \(index.poolsByAccount)", "jobs by account \(index.jobsByAccount)"]
    lines.append("pool IDs \(index.poolByID.sorted { $0.key < $1.key })")
    for key in ["p1", "p2", "p3", "nowhere", ""] { lines.append("on \(key): \(index.jobs(onPoolNamed: key))") }
    return lines
  }

  @Test func aRevisedIndexAnswersAsAFreshOne() throws {
    let names: [String?] = ["p1", "p2", "p3", "nowhere", nil]
    var generator = SeededGenerator(state: 11)
    var pools: [String?] = (0..<8).map { _ in names.randomElement(using: &generator)! }
    var index = ResourceIndex(project(pools))
    var revisedCount = 0
    for _ in 0..<200 {
      // Jobs of one file change pools; the other file is as it was.
      let file = Int.random(in: 0...1, using: &generator)
      for position in pools.indices where position % 2 == file && Bool.random(using: &generator) {
        pools[position] = names.randomElement(using: &generator)!
      }
      let now = project(pools)
      let fresh = ResourceIndex(now)
      let revised = try #require(index.revised(for: now, changed: [FileID(file)]))
      if revised !== index { revisedCount += 1 }
      #expect(revised.describes(now))
      #expect(lookups(revised) == lookups(fresh))
      index = revised
    }
    #expect(revisedCount > 100)
    // A job added is more than jobs moving: the index is built again.
    #expect(index.revised(for: project(pools + ["p1"]), changed: [FileID(0), FileID(1)]) == nil)
  }
}
