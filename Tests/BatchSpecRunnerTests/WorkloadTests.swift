// Job manager tasks, job schedules and mounted storage containers, end to end.

import Foundation
import Testing

import BatchSpecCore
import BatchSpecPlan

@Suite struct WorkloadTests {
  static func manager(
    _ command: String, killJob: Bool, exclusive: Bool = true, allowSpot: Bool = true
  ) -> PlanManagerTask {
    PlanManagerTask(
      id: "manager", commandLine: command, constraints: PlanConstraints(maxTaskRetryCount: 0), requiredSlots: 1,
      killJobOnCompletion: killJob, runExclusive: exclusive, allowLowPriorityNode: allowSpot,
      userIdentity: PlanUserIdentity(scope: .pool, elevation: .nonadmin))
  }

  @Test func theManagerStartsFirstAndHasItsNodeToItself() throws {
    var plan = Plans.plan((1...2).map { Plans.task("t-\($0)", "/bin/true") }, nodes: 1, slots: 2)
    plan.jobs[0].manager = Self.manager(Plans.sh("sleep 0.4"), killJob: false)
    let harness = try RunHarness(plan)
    let result = try harness.run()
    #expect(result.status == 0, "\(result.output)")
    let events = harness.events()
    let starts = events.filter { $0.name == "task-start" }
    #expect(starts.first?.task == "manager")
    let managerEnd = try #require(events.first { $0.name == "task-end" && $0.task == "manager" }).time
    for start in starts.dropFirst() {
      #expect(start.time >= managerEnd, "\(start.task ?? "") ran beside an exclusive manager")
    }
  }

  @Test func aManagerThatKillsTheJobEndsItsRunningTasksAndStartsNoMore() throws {
    var plan = Plans.plan(
      [Plans.task("long", Plans.sh("sleep 20")), Plans.task("later", "/bin/true", dependsOn: ["long"])], nodes: 2,
      slots: 1)
    plan.jobs[0].manager = Self.manager(Plans.sh("sleep 0.5"), killJob: true, exclusive: false)
    let harness = try RunHarness(plan)
    let result = try harness.run()
    #expect(harness.end(of: "long")?.failure == "terminated", "the running task was killed, not waited for")
    #expect(result.status == 1)
    #expect(result.output.contains("job j: job completed: its manager `manager` completed"), "\(result.output)")
    let ends = harness.events().filter { $0.name == "task-end" }
    #expect(ends.first { $0.task == "manager" }?.state == "succeeded")
    #expect(ends.first { $0.task == "long" }?.fields["failure"] as? String == "terminated")
    #expect(ends.first { $0.task == "later" }?.state != "succeeded")
    #expect(!harness.events().contains { $0.name == "task-start" && $0.task == "later" })
  }

  @Test func aManagerThatMayNotUseSpotNodesWaitsForADedicatedOne() throws {
    var plan = Plans.plan([Plans.task("t", "/bin/true")])
    plan.pools[0].dedicatedNodes = 0
    plan.pools[0].spotNodes = 1
    plan.jobs[0].manager = Self.manager("/bin/true", killJob: false, allowSpot: false)
    let harness = try RunHarness(plan)
    let result = try harness.run()
    #expect(result.status == 1)
    #expect(result.output.contains("it may not run on a spot node"), "\(result.output)")
  }

  @Test func aScheduleRunsItsJobOnceAsBatchNamesIt() throws {
    var plan = Plans.plan([Plans.task("t", Plans.sh("echo $AZ_BATCH_JOB_ID > id.txt"))])
    plan.schedules = [PlanSchedule(id: "nightly", job: "j", recurrenceIntervalMs: 86_400_000)]
    let harness = try RunHarness(plan)
    let result = try harness.run()
    #expect(result.status == 0, "\(result.output)")
    #expect(result.output.contains("schedule `nightly` creates its job once here, as `nightly:job-1`"))
    let starts = harness.events().filter { $0.name == "task-start" }
    #expect(starts.map { $0.fields["job"] as? String } == ["nightly:job-1"])
    #expect(harness.read(harness.node() + "/workitems/nightly/job-1/t/wd/id.txt") == "nightly:job-1\n")
  }

  @Test func aPoolsManagedIdentitiesAreNotEmulatedAndTheRunSaysSoOnce() throws {
    var plan = Plans.plan([Plans.task("t", Plans.sh("echo ok")), Plans.task("u", Plans.sh("echo ok"))])
    plan.pools[0].identities = [
      "/subscriptions/0/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/nodes"
    ]
    let harness = try RunHarness(plan)
    let result = try harness.run()
    #expect(result.status == 0, "\(result.output)")
    let note = "note: pool `\(plan.pools[0].id)`: its managed identities are not emulated"
    #expect(result.output.components(separatedBy: note).count == 2, "\(result.output)")
  }

  @Test func aBlobfuseMountShowsItsStorageContainerAtTheMountPath() throws {
    var plan = Plans.plan([
      Plans.task(
        "t",
        Plans.sh(
          "cat $AZ_BATCH_NODE_MOUNTS_DIR/data/in.txt > out.txt; echo new > $AZ_BATCH_NODE_MOUNTS_DIR/data/new.txt"),
        outputs: [Plans.output("out.txt", "res")])
    ])
    plan.pools[0].mounts = [PlanMount(kind: .blobfuse, path: "data", storageAccount: "st", container: "inputs")]
    let harness = try RunHarness(plan)
    try harness.writeBlob("st", "inputs", "in.txt", "mounted\n")
    let result = try harness.run()
    #expect(result.status == 0, "\(result.output)")
    #expect(harness.blob("st", "res", "out.txt") == "mounted\n")
    #expect(harness.blob("st", "inputs", "new.txt") == "new\n", "a write through the mount did not reach storage")
  }

  @Test func otherMountsLeaveTheNodeUnusableAndSaySo() throws {
    var plan = Plans.plan([Plans.task("t", "/bin/true")])
    plan.pools[0].mounts = [PlanMount(kind: .nfs, path: "scratch", source: "10.0.0.4:/exports")]
    let harness = try RunHarness(plan)
    let result = try harness.run()
    #expect(result.status == 1)
    #expect(
      result.output.contains(
        "no node of pool `p` is usable (its nfs mount of `10.0.0.4:/exports` at `scratch` cannot be made here"),
      "\(result.output)")
  }

  @Test func aMountOfALinkedContainerIsRefused() throws {
    var plan = Plans.plan([Plans.task("t", "/bin/true")])
    plan.pools[0].mounts = [PlanMount(kind: .blobfuse, path: "data", storageAccount: "st", container: "linked")]
    let harness = try RunHarness(plan)
    let outside = harness.root + "/outside"
    try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: harness.storage + "/st", withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: harness.storage + "/st/linked", withDestinationPath: outside)
    let result = try harness.run()
    #expect(result.status == 1)
    #expect(
      result.output.contains("storage container `st.linked`: `linked` is a symbolic link; it is refused"),
      "\(result.output)")
  }
}
