// `batchspec graph` through the real binary: sweeps folded with their count, partial dependencies
// labelled, `--expand`, both formats, and the errors.

import Foundation
import Testing

import BatchSpecCLI

@Suite struct GraphCommandTests {
  static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("samples")

  @Test func aSweepIsOneNodeWithItsCount() throws {
    let result = try spawn(["graph", Self.samples.appendingPathComponent("render-farm").path])
    #expect(result.status == 0, "\(result.stderr)")
    expectGolden(result.stdout, "graph-render-farm.dot")
    #expect(result.stdout.contains("\"render/frame\" [label=\"frame ×240\""))
    // `poster` depends on one frame only; `encode` on all of them.
    #expect(result.stdout.contains("\"render/frame\" -> \"render/poster\" [label=\"1 of 240\"];"))
    #expect(result.stdout.contains("\"render/frame\" -> \"render/encode\";"))
  }

  @Test func mermaidDrawsTheSameGraph() throws {
    let result = try spawn(["graph", Self.samples.appendingPathComponent("word-count").path, "--format", "mermaid"])
    #expect(result.status == 0)
    expectGolden(result.stdout, "graph-word-count.mmd")
    #expect(result.stdout.hasPrefix("flowchart LR\n"))
    #expect(result.stdout.contains("([\"count ×8\"])"))
  }

  @Test func expandDrawsEveryTask() throws {
    let path = Self.samples.appendingPathComponent("render-farm").path
    let result = try spawn(["graph", path, "--expand", "--job", "render"])
    #expect(result.status == 0)
    let nodes = result.stdout.split(separator: "\n").filter { $0.contains("[label=") && !$0.contains("->") }
    #expect(nodes.count == 242)
    let edges = result.stdout.split(separator: "\n").filter { $0.contains(" -> ") }
    #expect(edges.count == 241)
    #expect(!result.stdout.contains("×"))
  }

  @Test func everySampleDraws() throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: Self.samples.path).filter { !$0.contains(".") }
      .sorted()
    for name in names {
      for format in ["dot", "mermaid"] {
        let result = try spawn(["graph", Self.samples.appendingPathComponent(name).path, "--format", format])
        #expect(result.status == 0, "\(name) \(format): \(result.stderr)")
        #expect(!result.stdout.isEmpty)
      }
    }
  }

  @Test func mistakesAreReported() throws {
    let path = Self.samples.appendingPathComponent("render-farm").path
    let noJob = try spawn(["graph", path, "--job", "rendr"])
    #expect(noJob.status == 2)
    #expect(noJob.stderr.contains("did you mean `render`?"))
    let badFormat = try spawn(["graph", path, "--format", "svg"])
    #expect(badFormat.status == 2)
  }

  /// A rule's finding stops the drawing as it stops `compile`, and `--rule` turns it down as there
  /// (the quota an account is assumed to have has nothing to do with the task graph).
  @Test func aRuleTurnedDownLetsTheGraphBeDrawn() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("graph-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try """
    account lab {
      location = "eastus"
      quota { dedicated_cores = 4 }
    }
    pool p {
      vm_size         = "Standard_D2s_v3"
      image           = "canonical/ubuntu/22_04-lts"
      node_agent      = "batch.node.ubuntu 22.04"
      dedicated_nodes = 4
    }
    job j {
      pool = p
      task a { command = "echo a" }
      task b { command = "echo b", depends_on = [a] }
    }

    """.write(to: directory.appendingPathComponent("lab.batch"), atomically: true, encoding: .utf8)
    let overQuota = try spawn(["graph", directory.path])
    #expect(overQuota.status == 1, "\(overQuota.stderr)")
    #expect(overQuota.stderr.contains("BS3001"), "\(overQuota.stderr)")
    let drawn = try spawn(["graph", directory.path, "--rule", "BS3001=warning"])
    #expect(drawn.status == 0, "\(drawn.stderr)")
    #expect(drawn.stdout.hasPrefix("digraph"), "\(drawn.stdout)")
  }
}

/// The escaping of graph labels and report HTML: every occurrence replaced, bytes outside the
/// target kept (non-ASCII included), a target of more than one byte too.
@Suite struct ReplacingAllTests {
  @Test func everyOccurrenceIsReplaced() {
    #expect(#"say "hi" é"#.replacingAll("\"", "\\\"") == #"say \"hi\" é"#)
    #expect("a&b&&".replacingAll("&", "&amp;") == "a&amp;b&amp;&amp;")
    #expect("plain ünïcode".replacingAll("\"", "#quot;") == "plain ünïcode")
    #expect("x--y--".replacingAll("--", "+") == "x+y+")
    #expect("".replacingAll(" ", "-") == "")
  }
}
