// Retrying: a later run retries the job preparation and release tasks that failed, as the failed
// run promised.

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
}
