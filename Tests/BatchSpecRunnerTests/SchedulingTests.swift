// End-to-end runs of small plans: ordering by dependencies, concurrency limits, node tasks,
// exit conditions and the command line run without a shell.

import Foundation
import Testing

import BatchSpecCore
import BatchSpecPlan

@Suite struct SchedulingTests {
  @Test func dependenciesOrderTasks() throws {
    let harness = try RunHarness(
      Plans.plan(
        [
          Plans.task("report", "/bin/true", dependsOn: ["sum"]),
          Plans.task("sum", "/bin/true", dependsOn: ["part-1", "part-2", "part-3"]),
          Plans.task("part-1", Plans.sh("sleep 0.1")),
          Plans.task("part-2", Plans.sh("sleep 0.1")),
          Plans.task("part-3", Plans.sh("sleep 0.1")),
        ], nodes: 2, slots: 2))
    let result = try harness.run()
    #expect(result.status == 0, "\(result.output)")
    let events = harness.events()
    func time(_ name: String, _ task: String) -> Double {
      events.first { $0.name == name && $0.task == task }?.time ?? -1
    }
    for part in ["part-1", "part-2", "part-3"] { #expect(time("task-end", part) <= time("task-start", "sum")) }
    #expect(time("task-end", "sum") <= time("task-start", "report"))
    #expect(result.output.contains("5 tasks: 5 succeeded"))
  }

  @Test func concurrencyStaysWithinNodesTimesSlots() throws {
    let tasks = (1...8).map { Plans.task("t-\($0)", Plans.sh("sleep 0.2")) }
    let harness = try RunHarness(Plans.plan(tasks, nodes: 1, slots: 3))
    let result = try harness.run()
    #expect(result.status == 0, "\(result.output)")
    #expect(peakConcurrency(harness.events()) == 3)

    let two = try RunHarness(Plans.plan(tasks, nodes: 2, slots: 1))
    #expect(try two.run().status == 0)
    #expect(peakConcurrency(two.events()) == 2)
    let nodes = Set(two.events().filter { $0.name == "task-start" }.compactMap { $0.fields["node"] as? String })
    #expect(nodes == ["p-node-1", "p-node-2"])
  }

  @Test func requiredSlotsAreRespected() throws {
    var tasks = (1...4).map { Plans.task("small-\($0)", Plans.sh("sleep 0.2")) }
    tasks.append(Plans.task("big", Plans.sh("sleep 0.2"), slots: 2))
    let harness = try RunHarness(Plans.plan(tasks, nodes: 1, slots: 2))
    #expect(try harness.run().status == 0)
    let events = harness.events()
    let bigStart = try #require(events.first { $0.name == "task-start" && $0.task == "big" }).time
    let bigEnd = try #require(events.first { $0.name == "task-end" && $0.task == "big" }).time
    let overlapping = events.filter { event in
      guard event.name == "task-start", event.task != "big" else { return false }
      let end = events.first { $0.name == "task-end" && $0.task == event.task }?.time ?? 0
      return event.time < bigEnd && end > bigStart
    }
    #expect(overlapping.isEmpty, "tasks overlapping the 2-slot task: \(overlapping.compactMap(\.task))")
    #expect(peakConcurrency(events) == 2)
  }

  @Test func aTaskThatWroteNothingLeavesNothingAndTheNextStartsClean() throws {
    // One slot: each task's directory is the previous quiet task's, renamed. Each one that
    // writes sees only its own, fresh layout.
    let look = Plans.sh("ls -A; ls -A ..; echo ---")
    let harness = try RunHarness(
      Plans.plan(
        [
          Plans.task("quiet-1", "/bin/true"), Plans.task("look-1", look, dependsOn: ["quiet-1"]),
          Plans.task("quiet-2", "/bin/true", dependsOn: ["look-1"]),
          Plans.task("quiet-3", "/bin/true", dependsOn: ["quiet-2"]),
          Plans.task("look-2", look, dependsOn: ["quiet-3"]),
          Plans.task("leaves-a-file", Plans.sh("touch left.txt"), dependsOn: ["look-2"]),
          Plans.task("look-3", look, dependsOn: ["leaves-a-file"]),
        ], nodes: 1, slots: 1))
    let result = try harness.run()
    #expect(result.status == 0, "\(result.output)")
    let job = harness.node() + "/workitems/j/job-1"
    let left = try FileManager.default.contentsOfDirectory(atPath: job).sorted()
    #expect(left == ["leaves-a-file", "look-1", "look-2", "look-3"], "spares and quiet tasks are gone")
    for look in ["look-1", "look-2", "look-3"] {
      #expect(harness.read(harness.taskDirectory(look) + "/stdout.txt") == "stderr.txt\nstdout.txt\nwd\n---\n")
      #expect(try FileManager.default.contentsOfDirectory(atPath: harness.taskDirectory(look)) == ["stdout.txt"])
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: harness.taskDirectory("leaves-a-file")) == ["wd"])
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: harness.taskDirectory("leaves-a-file") + "/wd") == [
        "left.txt"
      ])
  }

  @Test func aTaskNeedingMoreSlotsThanANodeHasFailsClearly() throws {
    let harness = try RunHarness(Plans.plan([Plans.task("huge", "/bin/true", slots: 4)], nodes: 1, slots: 2))
    let result = try harness.run()
    #expect(result.status == 1)
    #expect(result.output.contains("needs 4 slots but nodes of pool `p` have 2"))
  }

  @Test func commandLinesRunWithoutAShellWithBatchVariables() throws {
    let harness = try RunHarness(
      Plans.plan([Plans.task("echo", #"echo $HOME "two  words" it\'s"#), Plans.task("env", Plans.sh("env | sort"))]))
    #expect(try harness.run().status == 0)
    #expect(harness.read(harness.taskDirectory("echo") + "/stdout.txt") == "$HOME two  words it's\n")
    let environment = harness.read(harness.taskDirectory("env") + "/stdout.txt") ?? ""
    for line in [
      "AZ_BATCH_TASK_ID=env", "AZ_BATCH_JOB_ID=j", "AZ_BATCH_POOL_ID=p", "AZ_BATCH_NODE_ID=p-node-1",
      "AZ_BATCH_TASK_WORKING_DIR=\(harness.taskDirectory("env"))/wd",
      "AZ_BATCH_NODE_SHARED_DIR=\(harness.node())/shared",
    ] {
      #expect(environment.contains(line + "\n"), "missing \(line)")
    }
  }

  @Test func startPreparationAndReleaseTasksRunPerNode() throws {
    var plan = Plans.plan(
      (1...6).map { Plans.task("t-\($0)", Plans.sh("test -f $AZ_BATCH_NODE_SHARED_DIR/prepared")) }, nodes: 2, slots: 2)
    plan.pools[0].startTask = PlanStartTask(
      commandLine: Plans.sh("touch $AZ_BATCH_NODE_SHARED_DIR/started"), environment: [:], inputs: [],
      userIdentity: PlanUserIdentity(), waitForSuccess: true, maxTaskRetryCount: 0)
    plan.jobs[0].preparationTask = PlanPreparationTask(
      commandLine: Plans.sh("test -f $AZ_BATCH_NODE_SHARED_DIR/started && touch $AZ_BATCH_NODE_SHARED_DIR/prepared"),
      environment: [:], inputs: [], userIdentity: PlanUserIdentity(), waitForSuccess: true,
      rerunOnNodeRebootAfterSuccess: true, constraints: PlanConstraints(maxTaskRetryCount: 0))
    plan.jobs[0].releaseTask = PlanReleaseTask(
      commandLine: Plans.sh("rm $AZ_BATCH_NODE_SHARED_DIR/prepared"), environment: [:], inputs: [],
      userIdentity: PlanUserIdentity(), constraints: PlanConstraints(maxTaskRetryCount: 0))
    let harness = try RunHarness(plan)
    let result = try harness.run()
    #expect(result.status == 0, "\(result.output)")
    let events = harness.events()
    #expect(events.filter { $0.name == "start-task-start" }.count == 2)
    let prepared = events.filter { $0.name == "preparation-end" && $0.state == "succeeded" }.count
    let released = events.filter { $0.name == "release-end" && $0.state == "succeeded" }.count
    #expect(prepared >= 1 && prepared <= 2)
    #expect(released == prepared)
    let lastTaskEnd = events.filter { $0.name == "task-end" }.map(\.time).max() ?? 0
    #expect(events.filter { $0.name == "release-start" }.allSatisfy { $0.time >= lastTaskEnd })
  }

  @Test func exitConditionsDecideWhetherDependentsRun() throws {
    let tasks = [
      Plans.task(
        "diverged", Plans.sh("exit 3"),
        exits: [PlanExitCondition(codes: [3], jobAction: .none, dependencyAction: .satisfy)]),
      Plans.task("compare", "/bin/true", dependsOn: ["diverged"]),
      Plans.task("broken", Plans.sh("exit 1")),
      Plans.task("after-broken", "/bin/true", dependsOn: ["broken"]),
    ]
    let harness = try RunHarness(Plans.plan(tasks))
    let result = try harness.run()
    #expect(result.status == 1)
    let states = Dictionary(
      harness.events().filter { $0.name == "task-end" }.map { ($0.task ?? "", $0.state ?? "") },
      uniquingKeysWith: { $1 })
    #expect(states == ["diverged": "failed", "compare": "succeeded", "broken": "failed", "after-broken": "blocked"])
    #expect(result.output.contains("j/diverged: exit code 3"))
    #expect(result.output.contains("\(harness.taskDirectory("broken"))/stderr.txt"))
  }

  @Test func jobActionTerminateStopsTheJob() throws {
    var plan = Plans.plan(
      [
        Plans.task(
          "gate", Plans.sh("exit 2"),
          exits: [PlanExitCondition(codes: [2], jobAction: .terminate, dependencyAction: .block)]),
        Plans.task("slow", Plans.sh("sleep 20")),
        Plans.task("later", "/bin/true", dependsOn: ["gate"]),
      ], nodes: 1, slots: 2)
    plan.jobs[0].onTaskFailure = .performExitOptionsJobAction
    let harness = try RunHarness(plan)
    let result = try harness.run()
    #expect(result.status == 1)
    #expect(harness.end(of: "slow")?.failure == "terminated", "the running task was killed, not waited for")
    #expect(result.output.contains("job j: job terminated: task `gate` failed"))
  }
}
