// `batchspec estimate` through the real binary: the report, JSON, retail prices, node counts,
// and the mistakes.

import Foundation
import Testing

@Suite struct EstimateCommandTests {
  static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("samples")
  static var renderFarm: String { samples.appendingPathComponent("render-farm").path }

  @Test func theReportShowsMakespanCriticalPathAndPools() throws {
    let result = try spawn(["estimate", Self.renderFarm])
    #expect(result.status == 0, "\(result.stderr)")
    expectGolden(result.stdout, "estimate-render-farm.txt")
    // 240 frames of 6 minutes on 12 nodes of 4 slots: five waves, then a 12-minute encode.
    #expect(result.stdout.contains("makespan       42m00s"))
    #expect(result.stdout.contains("critical path  frame-1 → encode (18m00s)"))
  }

  /// With no duration at all, the report shows `?` rather than a makespan of 0 s and $0.00, and
  /// says how to give durations.
  @Test func noDurationsGiveNoFiguresThatLookLikeResults() throws {
    let result = try spawn(["estimate", Self.samples.appendingPathComponent("hello-world").path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("makespan       ? (no task has a duration)"), "\(result.stdout)")
    #expect(result.stdout.contains("give tasks `expected_duration`"))
    #expect(!result.stdout.contains("$0.00") && !result.stdout.contains("0%"), "\(result.stdout)")
    // The JSON says the same with null, which no budget check reads as free.
    let json = try spawn(["estimate", Self.samples.appendingPathComponent("hello-world").path, "--format", "json"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    for key in ["makespanSeconds", "criticalPathSeconds", "cost"] { #expect(object[key] is NSNull, "\(key)") }
    let pool = try #require((object["pools"] as? [[String: Any]])?.first)
    for key in ["activeSeconds", "nodeHours", "idleSlotShare", "cost"] { #expect(pool[key] is NSNull, "\(key)") }
    #expect(object["tasksWithoutDuration"] as? Int == 1)
  }

  @Test func moreNodesShortenTheMakespan() throws {
    let result = try spawn(["estimate", Self.renderFarm, "--nodes", "render-pool=24", "--format", "json"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    // 96 slots: three waves of frames (18 minutes), then the encode.
    let makespan = try #require((object["makespanSeconds"] as? NSNumber)?.doubleValue)
    #expect(abs(makespan - 1_800) < 0.001)
    let tasks = try #require(object["tasks"] as? [[String: Any]])
    #expect(tasks.count == 242)
  }

  @Test func retailPricesFromAnExport() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prices-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let csv = directory.appendingPathComponent("prices.csv")
    try """
    currencyCode,retailPrice,armRegionName,productName,skuName,unitOfMeasure,type,armSkuName
    USD,0.2,westeurope,Virtual Machines DSv3 Series,D4s v3,1 Hour,Consumption,Standard_D4s_v3
    USD,0.05,westeurope,Virtual Machines DSv3 Series,D4s v3 Spot,1 Hour,Consumption,Standard_D4s_v3
    """.write(to: csv, atomically: true, encoding: .utf8)
    let result = try spawn(["estimate", Self.renderFarm, "--prices", csv.path, "--region", "westeurope"])
    #expect(result.status == 0, "\(result.stderr)")
    // 4 dedicated × 0.7 h × $0.20 + 8 spot × 0.7 h × $0.05 = $0.56 + $0.28.
    #expect(result.stdout.contains("$0.84"))
    #expect(result.stdout.contains("prices: \(csv.path), pay-as-you-go"))
  }

  @Test func mistakesAreUsageErrors() throws {
    #expect(try spawn(["estimate", Self.renderFarm, "--scale", "2"]).status == 2)
    let badPool = try spawn(["estimate", Self.renderFarm, "--nodes", "render-pol=3"])
    #expect(badPool.status == 2 && badPool.stderr.contains("did you mean `render-pool`?"))
    #expect(try spawn(["estimate", Self.renderFarm, "--from-run", "/nonexistent"]).status == 2)
    // `--format` takes its words only, as `check`'s does.
    for format in ["JSON", "csv", "xyz"] {
      let bad = try spawn(["estimate", Self.renderFarm, "--format", format])
      #expect(bad.status == 2 && bad.stderr.contains("`--format` is `text` or `json`, not `\(format)`"), "\(format)")
      #expect(bad.stdout.isEmpty)
    }
  }

  /// A pool of 2^63 - 1 nodes for two tasks: estimated at once, every node counted in node hours.
  @Test func aHugePoolIsEstimatedAtOnce() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("estimate-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try """
    param n: int = 1
    pool p {
      vm_size         = "Standard_D2s_v3"
      image           = "canonical/0001-com-ubuntu-server-jammy/22_04-lts"
      node_agent      = "batch.node.ubuntu 22.04"
      dedicated_nodes = n
    }
    job j {
      pool = p
      task a { command = "a", expected_duration = 1h }
      task b { command = "b", expected_duration = 1h }
    }
    """.write(to: directory.appendingPathComponent("p.batch"), atomically: true, encoding: .utf8)
    // The most nodes Azure takes (`check` refuses more, BS2021).
    let result = try spawn(["estimate", directory.path, "--param", "n=2147483647", "--format", "json"])
    #expect(result.status == 0, "\(result.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect((object["makespanSeconds"] as? NSNumber)?.doubleValue == 3_600)
    let text = try spawn(["estimate", directory.path, "--param", "n=2147483647"])
    #expect(text.status == 0 && text.stdout.contains("2147483647"), "\(text.stdout)")
  }
}

@Suite struct ExpectedDurationTests {
  @Test func changingAnExpectedDurationDoesNotRunATaskAgain() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("expected-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let spec = directory.appendingPathComponent("p.batch")
    let text = """
      pool p {
        vm_size    = "Standard_D2s_v3"
        image      = "canonical/0001-com-ubuntu-server-jammy/22_04-lts"
        node_agent = "batch.node.ubuntu 22.04"
      }
      job j {
        pool = p
        task t { command = "true", expected_duration = 1m }
      }
      """
    try text.write(to: spec, atomically: true, encoding: .utf8)
    let workdir = directory.appendingPathComponent("work").path
    #expect(try spawn(["run", directory.path, "--workdir", workdir]).status == 0)
    try text.replacingOccurrences(of: "1m", with: "2m").write(to: spec, atomically: true, encoding: .utf8)
    let again = try spawn(["run", directory.path, "--workdir", workdir])
    #expect(again.stdout.contains("1 already done"), "\(again.stdout)")
    // Changing what the task runs does run it again.
    let rewritten = text.replacingOccurrences(of: "\"true\"", with: "\"/bin/true\"")
    try rewritten.write(to: spec, atomically: true, encoding: .utf8)
    let changed = try spawn(["run", directory.path, "--workdir", workdir])
    #expect(changed.stdout.contains("1 succeeded"), "\(changed.stdout)")
  }
}
