// `batchspec autoscale` through the real binary: the everything sample's formula over a pattern and
// over the same load recorded as CSV, and the errors.

import Foundation
import Testing

@Suite struct AutoscaleCommandTests {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let sample = repository.appendingPathComponent("samples/everything").path
  static let pattern = "pending=0@0,400@30m,400@1h,0@2h;cpu=80"

  @Test func aPatternPrintsTheTableAndTheChart() throws {
    let result = try spawn(["autoscale", Self.sample, "--load", Self.pattern, "--start", "2025-01-06T08:00:00Z"])
    #expect(result.status == 0, "\(result.stderr)")
    expectGolden(result.stdout, "autoscale-everything.txt")
    let rows = result.stdout.split(separator: "\n").filter { $0.first?.isNumber == true && !$0.contains("┤") }
    #expect(rows.count == 13)
    // At 10 minutes, five of the last three minutes' six samples are in (one is still a minute
    // away): 83% ≥ 70%, so the formula averages them and caps the pool at 10 nodes.
    #expect(result.stdout.contains("\n10m "))
    #expect(result.stdout.contains("resize 0 → 10"))
    #expect(result.stdout.contains("█ dedicated  ▒ spot  • nodes the pending tasks need (pending ÷ 4 slots)"))
  }

  @Test func aRecordedLoadGivesTheSameAsItsPattern() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("autoscale-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let csv = directory.appendingPathComponent("load.csv")
    try "time,pending,cpu\n0,0,80\n30m,400,80\n1h,400,80\n2h,0,80\n".write(to: csv, atomically: true, encoding: .utf8)
    let recorded = try spawn([
      "autoscale", Self.sample, "--load", csv.path, "--start", "2025-01-06T08:00:00Z", "--format", "csv",
    ])
    let synthetic = try spawn([
      "autoscale", Self.sample, "--load", Self.pattern, "--start", "2025-01-06T08:00:00Z", "--format", "csv",
    ])
    #expect(recorded.status == 0 && synthetic.status == 0)
    #expect(recorded.stdout == synthetic.stdout)
    let header = recorded.stdout.split(separator: "\n").first.map(String.init)
    #expect(header == "time_seconds,pending,active,running,cpu,dedicated,spot,deallocation,results,error")
    #expect(recorded.stdout.contains("600,133,133,0,80,10,0,taskcompletion,"))
  }

  @Test func aFailingEvaluationKeepsThePoolsSize() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("autoscale-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try """
    pool p {
      vm_size    = "Standard_D2s_v3"
      image      = "canonical/0001-com-ubuntu-server-jammy/22_04-lts"
      node_agent = "batch.node.ubuntu 22.04"
      autoscale {
        formula  = "$TargetDedicatedNodes = max(1, avg($PendingTasks.GetSample(TimeInterval_Minute * 10, 95)));"
        interval = 5m
      }
    }
    """.write(to: directory.appendingPathComponent("p.batch"), atomically: true, encoding: .utf8)
    let result = try spawn([
      "autoscale", directory.path, "--load", "pending=20", "--duration", "30m", "--start", "2025-01-06T08:00:00Z",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    // Ten minutes of samples are not there before 11 minutes (with the minute's delay): until then
    // the evaluation fails and the pool keeps its size.
    #expect(result.stdout.contains("evaluation failed: `$PendingTasks.GetSample` found"))
    let lastRow = result.stdout.split(separator: "\n").last { $0.hasPrefix("30m") }
    #expect(lastRow?.contains("  20  ") == true, "\(lastRow ?? "")")
  }

  @Test func mistakesAreUsageErrors() throws {
    let bad = try spawn(["autoscale", Self.sample, "--load", "pendng=3"])
    #expect(bad.status == 2)
    #expect(bad.stderr.contains("`pendng=3` is not `metric=values`"))
    let noPool = try spawn([
      "autoscale", Self.repository.appendingPathComponent("samples/hello-world").path, "--load", "pending=1",
    ])
    #expect(noPool.status == 2)
    #expect(noPool.stderr.contains("has an `autoscale` block"))
    let wrongPool = try spawn(["autoscale", Self.sample, "--pool", "scaled-pol", "--load", "pending=1"])
    #expect(wrongPool.stderr.contains("did you mean `scaled-pool`?"))
    let noLoad = try spawn(["autoscale", Self.sample])
    #expect(noLoad.status == 2 && noLoad.stderr.contains("needs `--load"))
    // Values no metric can take, and a run longer than the simulation covers.
    let negative = try spawn(["autoscale", Self.sample, "--load", "pending=-5@0,10@1h"])
    #expect(negative.status == 2 && negative.stderr.contains("`pending` counts tasks, so it cannot be negative"))
    let cpu = try spawn(["autoscale", Self.sample, "--load", "pending=5;cpu=120"])
    #expect(cpu.status == 2 && cpu.stderr.contains("`cpu` is a percentage, from 0 to 100"))
    let endless = try spawn(["autoscale", Self.sample, "--load", "pending=0@0,100@1000d"])
    #expect(
      endless.status == 2
        && endless.stderr.contains(
          "the load's last point is 1000 days in; a simulation covers at most 92: give `--duration` (at most `92d`)")
    )
    let long = try spawn(["autoscale", Self.sample, "--load", "pending=1", "--duration", "1000d"])
    #expect(
      long.status == 2
        && long.stderr.contains(
          "`--duration 1000d` is 1000 days; a simulation covers at most 92: give at most `--duration 92d`"),
      "\(long.stderr)")
    // A load that is no pattern is a file, which must exist; a metric is given once.
    let missing = try spawn(["autoscale", Self.sample, "--load", "/nonexistent.csv"])
    #expect(
      missing.status == 2 && missing.stderr.contains("`--load /nonexistent.csv`: no such file"), "\(missing.stderr)")
    let twice = try spawn(["autoscale", Self.sample, "--load", "pending=1@0;pending=2@0"])
    #expect(twice.status == 2 && twice.stderr.contains("`pending` is given twice"), "\(twice.stderr)")
    // `--format` takes its words only, as `check`'s does.
    for format in ["json", "CSV", "xyz"] {
      let bad = try spawn(["autoscale", Self.sample, "--load", "pending=1", "--format", format])
      #expect(bad.status == 2 && bad.stderr.contains("`--format` is `table` or `csv`, not `\(format)`"), "\(format)")
      #expect(bad.stdout.isEmpty)
    }
  }

  /// A pool of POOL's shape with `formula`, in a new directory.
  static func project(formula: String) throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("autoscale-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try """
    pool p {
      vm_size    = "Standard_D2s_v3"
      image      = "canonical/0001-com-ubuntu-server-jammy/22_04-lts"
      node_agent = "batch.node.ubuntu 22.04"
      autoscale { formula = "\(formula)", interval = 5m }
    }
    """.write(to: directory.appendingPathComponent("p.batch"), atomically: true, encoding: .utf8)
    return directory
  }

  @Test func targetsAndLoadsBeyondAnIntAreClampedNotATrap() throws {
    let constant = try Self.project(formula: "$TargetDedicatedNodes = 99999999999999999999;")
    defer { try? FileManager.default.removeItem(at: constant) }
    let result = try spawn(["autoscale", constant.path, "--load", "pending=10@0,10@15m"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stdout.contains(
        "\n0m         10      10        0  2147483647     0  `$TargetDedicatedNodes` = 1e+20 is more nodes than a pool can have: clamped to 2147483647\n"
      ))
    let sampled = try Self.project(formula: "$TargetDedicatedNodes = $PendingTasks.GetSample(1);")
    defer { try? FileManager.default.removeItem(at: sampled) }
    let huge = try spawn(["autoscale", sampled.path, "--load", "pending=0@0,1e30@15m", "--duration", "10m"])
    #expect(huge.status == 0, "\(huge.stderr)")
    // Tasks are whole, however many (not `3.333333333333334e+29`); before any sample,
    // `GetSample(1)` fails as on Batch, and a target beyond a pool's nodes is clamped.
    let rows = huge.stdout.split(separator: "\n").filter { $0.first?.isNumber == true && !$0.contains("┤") }
    #expect(rows.count == 3)
    for row in rows {
      let counts = row.split(separator: " ").prefix(6)
      #expect(counts.allSatisfy { $0.allSatisfy(\.isNumber) || $0.hasSuffix("m") }, "\(row)")
    }
    #expect(huge.stdout.contains(" 666666666666666633010587107328 "), "\(huge.stdout)")
    #expect(huge.stdout.contains("evaluation failed: `$PendingTasks.GetSample(1)` found 0 samples"))
    #expect(huge.stdout.contains("resize 0 → 2147483647; `$TargetDedicatedNodes` = "))
    #expect(huge.stdout.contains("is more nodes than a pool can have: clamped to 2147483647"))
  }

  @Test func aProjectWithFormulaErrorsIsNotSimulated() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("autoscale-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try """
    pool p {
      vm_size    = "Standard_D2s_v3"
      image      = "canonical/0001-com-ubuntu-server-jammy/22_04-lts"
      node_agent = "batch.node.ubuntu 22.04"
      autoscale { formula = "$TargetDedicatedNodes = $PendingTask.GetSample(1);" }
    }
    """.write(to: directory.appendingPathComponent("p.batch"), atomically: true, encoding: .utf8)
    let result = try spawn(["autoscale", directory.path, "--load", "pending=1"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("error[BS7002]"))
  }
}
