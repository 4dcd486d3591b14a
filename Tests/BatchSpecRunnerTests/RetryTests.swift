// Retrying: the first retries start at once and later ones after a growing delay, with a line
// now and then; a later run retries the job preparation and release tasks that failed, as the
// failed run promised.

import Foundation
import Testing

import BatchSpecCore
import BatchSpecPlan

@Suite struct RetryTests {
  /// explore22, finding 5: a failed release (or preparation) task made the run exit 1 and say
  /// "run the same command again to retry", but the next run retried nothing and exited 0.
  @Test func aFailedPreparationOrReleaseTaskIsRetriedByTheNextRun() throws {
    let harness = try RunHarness(Plans.plan([]))
    let root = harness.root
    var plan = Plans.plan([Plans.task("t", "/bin/true")])
    // Each fails until its file exists; the plan (and so the task) never changes.
    plan.jobs[0].preparationTask = Plans.preparation(
      Plans.sh("test -e \(root)/preparation-ok"), waitForSuccess: false, rerunOnReboot: false)
    plan.jobs[0].releaseTask = Plans.release(Plans.sh("test -e \(root)/release-ok"))
    harness.plan = plan
    func ran(_ event: String) -> Int { harness.events().filter { $0.name == event }.count }

    let first = try harness.run()
    #expect(first.status == 1, "\(first.output)")
    #expect(first.output.contains("run the same command again to retry"), "\(first.output)")
    #expect(ran("preparation-start") == 1 && ran("release-start") == 1)

    // The preparation is fixed: it runs again and succeeds; the release runs again and fails.
    _ = FileManager.default.createFile(atPath: root + "/preparation-ok", contents: nil)
    let second = try harness.run()
    #expect(second.status == 1, "the release still fails: \(second.output)")
    #expect(
      second.output.contains("retrying the job preparation task of `j`, which failed on p-node-1 in an earlier run"))
    #expect(second.output.contains("retrying the job release task of `j`, which failed on p-node-1 in an earlier run"))
    #expect(second.output.contains("note: the job release task of `j` failed on p-node-1"), "\(second.output)")
    #expect(ran("task-start") == 0, "the task that succeeded ran again")
    #expect(ran("preparation-start") == 1 && ran("release-start") == 1, "\(second.output)")

    _ = FileManager.default.createFile(atPath: root + "/release-ok", contents: nil)
    let third = try harness.run()
    #expect(third.status == 0, "\(third.output)")
    #expect(!third.output.contains("job preparation task"), "the preparation that succeeded ran again")
    #expect(ran("preparation-start") == 0 && ran("release-start") == 1, "\(third.output)")

    let fourth = try harness.run()
    #expect(fourth.status == 0, "\(fourth.output)")
    #expect(!fourth.output.contains("retrying"), "\(fourth.output)")
    #expect(ran("preparation-start") == 0 && ran("release-start") == 0, "nothing left to retry")
  }

  /// A failure on a node a later run does not have (`--max-nodes`, a smaller pool) is not retried
  /// there, nor noted: the node is gone.
  @Test func aFailureOnANodeTheRunNoLongerHasIsNotRetried() throws {
    let harness = try RunHarness(Plans.plan([]))
    let root = harness.root
    var plan = Plans.plan([Plans.task("t", "/bin/true")], nodes: 2)
    plan.jobs[0].preparationTask = Plans.preparation(
      Plans.sh("test -e \(root)/preparation-ok"), waitForSuccess: false, rerunOnReboot: false)
    harness.plan = plan
    let first = try harness.run()
    #expect(first.status == 1, "\(first.output)")
    _ = FileManager.default.createFile(atPath: root + "/preparation-ok", contents: nil)
    let second = try harness.run(extra: ["--max-nodes", "1"])
    #expect(second.output.contains("which failed on p-node-1 in an earlier run"), "\(second.output)")
    #expect(!second.output.contains("p-node-2"), "\(second.output)")
    let third = try harness.run(extra: ["--max-nodes", "1"])
    #expect(!third.output.contains("retrying"), "\(third.output)")
  }

  /// explore22, finding 8: `retries = -1` retried about 2,000 times a second, silently. The first
  /// retries still start at once (finite retries stay fast); later ones wait longer each time,
  /// and the console says the task keeps failing.
  @Test func laterRetriesWaitLongerAndTheConsoleSaysTheTaskKeepsFailing() throws {
    // Fails on its first five attempts, then succeeds.
    let command = Plans.sh("echo x >> ../tries; test $(wc -l < ../tries) -gt 5")
    let harness = try RunHarness(Plans.plan([Plans.task("t", command, retries: -1)]))
    let result = try harness.run()
    #expect(result.status == 0, "\(result.output)")
    #expect(
      result.output.contains(
        "still failing j/t: exit code 1 on attempt 4; retried until it succeeds (`retries = -1`; Ctrl-C stops the run), up to 5s apart"
      ), "\(result.output)")
    #expect(result.output.components(separatedBy: "still failing").count == 2, "said once: \(result.output)")
    let delays = harness.events().filter { $0.name == "retry" }.map { $0.fields["delay"] as? Double }
    #expect(delays == [nil, nil, nil, 0.25, 0.5], "\(delays)")
    let starts = harness.events().filter { $0.name == "task-start" }.map(\.time)
    #expect(starts.count == 6)
    if starts.count == 6 { #expect(starts[5] - starts[4] >= 0.5 && starts[4] - starts[3] >= 0.25, "\(starts)") }
  }

  /// A stop while a retry waits ends the run at once: the task is interrupted, as a running one is.
  @Test func aStopWhileARetryWaitsEndsTheRunAtOnce() throws {
    let harness = try RunHarness(Plans.plan([Plans.task("t", "/bin/false", retries: -1)]))
    let (process, pipe) = try harness.start()
    // The sixth retry waits 2 s.
    let waiting = waitFor(20) { harness.events().contains { ($0.fields["delay"] as? Double ?? 0) >= 2 } }
    #expect(waiting)
    let stopped = Date()
    kill(process.processIdentifier, SIGINT)
    process.waitUntilExit()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(process.terminationStatus == 130, "\(output)")
    #expect(Date().timeIntervalSince(stopped) < 1.5, "the run waited for the retry: \(output)")
    #expect(harness.end(of: "t")?.state == "interrupted", "\(output)")
  }
}
