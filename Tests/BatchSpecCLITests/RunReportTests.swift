// `batchspec run --report` through the real binary: a self-contained page with every task in its
// timeline and table, failures and retries marked, logs linked, the estimate beside what happened.
// (Tests/Report/check_report.py loads it in headless Chromium in CI.)

import Foundation
import Testing

@Suite struct RunReportTests {
  static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("samples")

  static func temporary() throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
  }

  /// The `data-task` values of the page's elements of `tag`.
  static func tasks(_ html: String, _ tag: String) -> [String] {
    html.components(separatedBy: "<\(tag) ").dropFirst().compactMap { element in
      guard let range = element.range(of: "data-task=\"") else { return nil }
      let rest = element[range.upperBound...]
      return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
  }

  /// The table row of `task`.
  static func row(_ html: String, _ task: String) -> String {
    html.components(separatedBy: "\n").first { $0.hasPrefix("<tr") && $0.contains("data-task=\"\(task)\"") } ?? ""
  }

  @Test func everyTaskIsInTheTimelineAndTheTableWithItsLogs() throws {
    let directory = try Self.temporary()
    defer { try? FileManager.default.removeItem(at: directory) }
    let report = directory.appendingPathComponent("out/report.html")
    let result = try spawn([
      "run", Self.samples.appendingPathComponent("word-count").path, "--workdir",
      directory.appendingPathComponent("w").path,
      "--storage", directory.appendingPathComponent("s").path, "--report", report.path,
    ])
    #expect(result.status == 0)
    #expect(result.stdout.contains("report: \(report.path)"))
    let html = try String(contentsOf: report, encoding: .utf8)
    let expected = ["fetch"] + (1...8).map { "count-\($0)" } + ["merge"]
    #expect(Self.tasks(html, "tr").sorted() == expected.map { "count-words/\($0)" }.sorted())
    #expect(Self.tasks(html, "g").sorted() == expected.map { "count-words/\($0)" }.sorted())
    for needle in ["http://", "https://", "<script", "<link", " src="] {
      #expect(!html.contains(needle), "the page loads something: \(needle)")
    }
    // The log links point at the files, relative to the page; a succeeded task's empty logs are
    // removed, and the page says so instead of linking to nothing.
    let targets = html.components(separatedBy: "href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    #expect(!targets.isEmpty)
    for target in targets {
      #expect(target.contains("/count-words/job-1/") && target.hasSuffix(".txt"), "\(target)")
      #expect(
        FileManager.default.fileExists(atPath: report.deletingLastPathComponent().appendingPathComponent(target).path),
        "\(target)")
    }
    #expect(html.contains("<small>no stderr</small>"))
    #expect(html.contains("Critical path"))
  }

  @Test func failuresAndRetriesAreMarkedAndTheEstimateIsBeside() throws {
    let directory = try Self.temporary()
    defer { try? FileManager.default.removeItem(at: directory) }
    try """
    pool p {
      vm_size    = "Standard_D2s_v3"
      image      = "canonical/0001-com-ubuntu-server-jammy/22_04-lts"
      node_agent = "batch.node.ubuntu 22.04"
    }
    job j {
      pool = p
      task flaky {
        command           = "/bin/sh -c 'if [ -f $AZ_BATCH_NODE_SHARED_DIR/once ]; then exit 0; fi; touch $AZ_BATCH_NODE_SHARED_DIR/once; exit 1'"
        retries           = 2
        expected_duration = 1s
      }
      task broken { command = "/bin/sh -c 'exit 3'", expected_duration = 1s }
      task after { command = "true", depends_on = [broken] }
    }
    """.write(to: directory.appendingPathComponent("p.batch"), atomically: true, encoding: .utf8)
    let report = directory.appendingPathComponent("report.html")
    let result = try spawn([
      "run", directory.path, "--workdir", directory.appendingPathComponent("w").path, "--report", report.path,
    ])
    #expect(result.status == 1)
    let html = try String(contentsOf: report, encoding: .utf8)
    // (Which of the two is on the critical path depends on how long each took here.)
    let flaky = Self.row(html, "j/flaky")
    #expect(flaky.hasPrefix("<tr class=\"succeeded retried"), "\(flaky)")
    let broken = Self.row(html, "j/broken")
    #expect(broken.hasPrefix("<tr class=\"failed"), "\(broken)")
    #expect(broken.contains("<td>3</td>"))  // the exit code
    // `after` never ran: it is in the table, not in the timeline.
    #expect(Self.tasks(html, "tr").contains("j/after"))
    #expect(!Self.tasks(html, "g").contains("j/after"))
    #expect(html.contains("Estimated from <code>expected_duration</code>"))
  }
}
