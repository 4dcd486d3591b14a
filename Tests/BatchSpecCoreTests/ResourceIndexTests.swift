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
    lines.append("accounts \(index.accountByID.sorted { $0.key < $1.key })")
    lines.append("pool IDs \(index.poolByID.sorted { $0.key < $1.key })")
    for key in ["p1", "p2", "p3", "nowhere", "", "q1", "q2"] {
      lines.append("on \(key): \(index.jobs(onPoolNamed: key))")
    }
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

  /// Pools added and removed one at a time in the first file (typing or deleting a pool), with IDs
  /// that are new, that repeat another pool's, or that a job names; accounts named or not.
  @Test func anIndexWithPoolsSplicedInAnswersAsAFreshOne() throws {
    var generator = SeededGenerator(state: 5)
    let ids = (1...12).map { "n\($0)" } + ["p1", "q1"]
    let accounts: [String?] = ["east", "west", nil, "nowhere"]
    var extra: [(id: String, account: String?)] = []
    func project() -> CheckedProject {
      var first = "account east {\n  location = \"eastus\"\n}\naccount west {\n  location = \"westeurope\"\n}\n"
      first += "pool p1 {\n  account = east\n}\n"
      for pool in extra { first += "pool \(pool.id) {\n" + (pool.account.map { "  account = \($0)\n" } ?? "") + "}\n" }
      first += "pool p2 {\n  account = west\n}\n"
      let second = "job j1 {\n  pool = p1\n}\njob j2 {\n  pool = q1\n}\npool p9 {\n  account = west\n}\n"
      let files = [SourceFile(path: "/p/a.batch", text: first), SourceFile(path: "/p/b.batch", text: second)]
      return Checker.check(Project(files: files)).project
    }
    var index = ResourceIndex(project())
    var spliced = 0
    var named = false
    for _ in 0..<300 {
      if extra.count < 2 || (extra.count < 6 && Bool.random(using: &generator)) {
        let pool = (ids.randomElement(using: &generator)!, accounts.randomElement(using: &generator)!)
        extra.insert(pool, at: Int.random(in: 0...extra.count, using: &generator))
      } else {
        extra.remove(at: Int.random(in: 0..<extra.count, using: &generator))
      }
      let now = project()
      let fresh = ResourceIndex(now)
      // The second file's job names `q1`: its check changes when a pool `q1` comes or goes, as
      // the checker tells the validator.
      let namedNow = extra.contains { $0.id == "q1" }
      let changed: Set<FileID> = namedNow == named ? [FileID(0)] : [FileID(0), FileID(1)]
      named = namedNow
      if let revised = index.revised(for: now, changed: changed) {
        spliced += 1
        #expect(revised.describes(now))
        #expect(lookups(revised) == lookups(fresh), "\(extra)")
        index = revised
      } else {
        index = fresh
      }
    }
    // Most pools typed or deleted have a new ID; those that repeat one, or that a job names, are not spliced.
    #expect(spliced > 150 && spliced < 290, "\(spliced) spliced")
  }
}
