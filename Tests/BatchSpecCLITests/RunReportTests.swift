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

  static let pool = """
    pool p {
      vm_size             = "Standard_D2s_v3"
      image               = "canonical/0001-com-ubuntu-server-jammy/22_04-lts"
      node_agent          = "batch.node.ubuntu 22.04"
      dedicated_nodes     = 2
      task_slots_per_node = 1
    """

  /// Runs `spec` with a report and returns the exit status and the page.
  static func report(_ spec: String) throws -> (Int32, String) {
    let directory = try temporary()
    defer { try? FileManager.default.removeItem(at: directory) }
    try spec.write(to: directory.appendingPathComponent("p.batch"), atomically: true, encoding: .utf8)
    let report = directory.appendingPathComponent("report.html")
    let result = try spawn([
      "run", directory.path, "--workdir", directory.appendingPathComponent("w").path, "--report", report.path,
    ])
    #expect(result.status != 2, "\(result.stdout)\(result.stderr)")
    return (result.status, try String(contentsOf: report, encoding: .utf8))
  }

  @Test func startAndPreparationFailuresAreInTheHeadlineAndOnTheirNode() throws {
    let (status, html) = try Self.report(
      Self.pool + "\n" + """
        }
        job j {
          pool = p
          prepare { command = "/bin/sh -c 'test $AZ_BATCH_NODE_ID = p-node-2'" }
          release { command = "true" }
          task a { command = "true" }
          task b { command = "true" }
        }
        """)
    #expect(status == 1)
    #expect(
      html.contains(
        "2 tasks: 2 succeeded; <span class=\"bad\">the job preparation task of `j` failed on p-node-1</span>"),
      "\(html)")
    #expect(html.contains("data-node-task=\"preparation/p-node-1\""))
    #expect(html.contains("<g class=\"node-task preparation failed\""))
    #expect(html.contains("<g class=\"node-task release succeeded\" data-node-task=\"release/p-node-2\""))
  }

  /// A run stopped by Ctrl-C: the task it stopped is interrupted, the one that never started is
  /// not run, on the console and in the report.
  @Test func anInterruptedRunCountsTheTasksItStoppedAsInterrupted() throws {
    let directory = try Self.temporary()
    defer { try? FileManager.default.removeItem(at: directory) }
    let marker = directory.appendingPathComponent("up")
    try
      (Self.pool.replacing("dedicated_nodes     = 2", with: "dedicated_nodes     = 1") + "\n" + """
        }
        job j {
          pool = p
          task a { command = "/bin/sh -c 'touch \(marker.path); exec sleep 30'" }
          task b { command = "true" }
        }
        """).write(to: directory.appendingPathComponent("p.batch"), atomically: true, encoding: .utf8)
    let report = directory.appendingPathComponent("report.html")
    guard let binary = batchspecBinary() else { throw CocoaError(.fileNoSuchFile) }
    let process = Process()
    process.executableURL = binary
    process.arguments = [
      "run", directory.path, "--workdir", directory.appendingPathComponent("w").path, "--report", report.path,
    ]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let deadline = Date().addingTimeInterval(20)
    while !FileManager.default.fileExists(atPath: marker.path) && Date() < deadline { usleep(20_000) }
    kill(process.processIdentifier, SIGINT)
    let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 130, "\(stdout)")
    #expect(stdout.contains("2 tasks: 0 succeeded, 1 interrupted, 1 not run"), "\(stdout)")
    let html = try String(contentsOf: report, encoding: .utf8)
    #expect(
      html.contains(
        "2 tasks: 0 succeeded, <span class=\"bad\">1 interrupted</span>, <span class=\"bad\">1 not run</span>"),
      "\(html)")
    #expect(Self.row(html, "j/a").hasPrefix("<tr class=\"interrupted"), "\(Self.row(html, "j/a"))")
  }

  @Test func aTaskThatNeverRanHasNoBarAndTheCountsAreTheConsoles() throws {
    let (status, html) = try Self.report(
      Self.pool + "\n" + """
          start_task { command = "/bin/sh -c 'exit 1'", wait_for_success = true }
        }
        job j {
          pool = p
          task t { command = "true" }
          task u { command = "true", depends_on = [t] }
        }
        """)
    #expect(status == 1)
    #expect(
      html.contains("2 tasks: 0 succeeded, <span class=\"bad\">2 not run</span>"),
      "\(html)")
    #expect(html.contains("<span class=\"bad\">the start task failed on p-node-1</span>"))
    #expect(html.contains("<span class=\"bad\">the start task failed on p-node-2</span>"))
    #expect(!html.contains("<g class=\"bar"), "a task that never ran has a bar")
    #expect(!html.contains("on , slot"))
  }
}
