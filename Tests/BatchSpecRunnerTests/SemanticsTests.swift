// More of Azure Batch's semantics, end to end: job limits, node fill, node failures,
// multi-instance tasks, upload errors as exit conditions, and plans that are refused.

import Foundation
import Testing

import BatchSpecCore
import BatchSpecPlan

@Suite struct SemanticsTests {
  @Test func maxParallelTasksCapsTheJob() throws {
    var plan = Plans.plan((1...6).map { Plans.task("t-\($0)", Plans.sh("sleep 0.15")) }, nodes: 2, slots: 2)
    plan.jobs[0].maxParallelTasks = 1
    let harness = try RunHarness(plan)
    #expect(try harness.run().status == 0)
    #expect(peakConcurrency(harness.events()) == 1)
  }

  @Test func higherPriorityJobsGoFirstOnASharedPool() throws {
    var low = Plans.job([Plans.task("low-1", "/bin/true"), Plans.task("low-2", "/bin/true")])
    low.id = "low"
    low.priority = -10
    var high = Plans.job([Plans.task("high-1", "/bin/true"), Plans.task("high-2", "/bin/true")])
    high.id = "high"
    high.priority = 500
    let harness = try RunHarness(Plan(accounts: [], pools: [Plans.pool()], jobs: [low, high]))
    #expect(try harness.run().status == 0)
    let order = harness.events().filter { $0.name == "task-start" }.compactMap(\.task)
    #expect(order == ["high-1", "high-2", "low-1", "low-2"])
  }

  @Test func nodesArePreparedInParallel() throws {
    let harness = try Self.runPreparedInParallel(
      Plans.plan((1...4).map { Plans.task("t-\($0)", "/bin/true") }, nodes: 2, slots: 1), nodes: 2)
    let firstTask = harness.events().first { $0.name == "task-start" }?.time ?? 0
    #expect(firstTask >= 0.5)
  }

  /// Runs `plan` with a job preparation of half a second that its tasks wait for, and expects it
  /// to have started on `nodes` nodes at about the same time.
  static func runPreparedInParallel(_ plan: Plan, nodes: Int) throws -> RunHarness {
    var plan = plan
    plan.jobs[0].preparationTask = PlanPreparationTask(
      commandLine: Plans.sh("sleep 0.5"), environment: [:], inputs: [], userIdentity: PlanUserIdentity(),
      waitForSuccess: true, rerunOnNodeRebootAfterSuccess: true, constraints: PlanConstraints(maxTaskRetryCount: 0))
    let harness = try RunHarness(plan)
    #expect(try harness.run().status == 0)
    let starts = harness.events().filter { $0.name == "preparation-start" }.map(\.time)
    #expect(starts.count == nodes)
    #expect((starts.max() ?? 9) - (starts.min() ?? 0) < 0.3, "preparations ran one after the other: \(starts)")
    return harness
  }

  /// A multi-instance task waiting for its job's preparation has every node it needs prepared at
  /// once, not one after the other (one ready task used to prepare one node at a time).
  @Test func aMultiInstanceTaskHasItsNodesPreparedInParallel() throws {
    var mpi = Plans.task("mpi", "/bin/true")
    mpi.multiInstance = PlanMultiInstance(numberOfInstances: 3)
    _ = try Self.runPreparedInParallel(Plans.plan([mpi], nodes: 3, slots: 1), nodes: 3)
  }

  @Test func aJobIsReleasedWhenItsTasksEndNotWhenTheRunDoes() throws {
    var quick = Plans.job([Plans.task("quick", "/bin/true")])
    quick.id = "quick"
    quick.preparationTask = PlanPreparationTask(
      commandLine: "/bin/true", environment: [:], inputs: [], userIdentity: PlanUserIdentity(), waitForSuccess: true,
      rerunOnNodeRebootAfterSuccess: true, constraints: PlanConstraints(maxTaskRetryCount: 0))
    quick.releaseTask = PlanReleaseTask(
      commandLine: "/bin/true", environment: [:], inputs: [], userIdentity: PlanUserIdentity(),
      constraints: PlanConstraints(maxTaskRetryCount: 0))
    var slow = Plans.job([Plans.task("slow", Plans.sh("sleep 0.6"))])
    slow.id = "slow"
    let harness = try RunHarness(Plan(accounts: [], pools: [Plans.pool(slots: 2)], jobs: [slow, quick]))
    #expect(try harness.run().status == 0)
    let events = harness.events()
    let released = try #require(events.first { $0.name == "release-end" }).time
    let slowEnd = try #require(events.first { $0.name == "task-end" && $0.task == "slow" }).time
    #expect(released < slowEnd)
  }

  /// Batch runs the release task only on nodes where tasks of the job ran: not on one whose
  /// failed preparation kept them away.
  @Test func releaseSkipsANodeWhosePreparationFailedAndRanNoTask() throws {
    var plan = Plans.plan((1...4).map { Plans.task("t-\($0)", "/bin/true") }, nodes: 2, slots: 1)
    plan.jobs[0].preparationTask = Plans.preparation(Plans.sh("test $AZ_BATCH_NODE_ID = p-node-2"))
    plan.jobs[0].releaseTask = Plans.release(Plans.sh("echo released > $AZ_BATCH_NODE_SHARED_DIR/released"))
    let harness = try RunHarness(plan)
    let result = try harness.run()
    #expect(result.status == 1, "\(result.output)")
    let nodes = Set(harness.events().filter { $0.name == "task-start" }.compactMap { $0.fields["node"] as? String })
    #expect(nodes == ["p-node-2"])
    #expect(harness.read(harness.node(2) + "/shared/released") == "released\n")
    #expect(harness.read(harness.node(1) + "/shared/released") == nil, "released a node that ran no task")
  }

  @Test func maxNodesCapsTheLocalNodes() throws {
    let harness = try RunHarness(Plans.plan((1...6).map { Plans.task("t-\($0)", Plans.sh("sleep 0.1")) }, nodes: 5))
    #expect(try harness.run(extra: ["--max-nodes", "2"]).status == 0)
    let nodes = Set(harness.events().filter { $0.name == "task-start" }.compactMap { $0.fields["node"] as? String })
    #expect(nodes == ["p-node-1", "p-node-2"])
    #expect(peakConcurrency(harness.events()) == 2)
  }

  @Test func packFillsOneNodeBeforeTheNext() throws {
    var plan = Plans.plan((1...2).map { Plans.task("t-\($0)", Plans.sh("sleep 0.2")) }, nodes: 2, slots: 2)
    plan.pools[0].nodeFill = .pack
    let packed = try RunHarness(plan)
    #expect(try packed.run().status == 0)
    let packedNodes = Set(
      packed.events().filter { $0.name == "task-start" }.compactMap { $0.fields["node"] as? String })
    #expect(packedNodes == ["p-node-1"])
    plan.pools[0].nodeFill = .spread
    let spread = try RunHarness(plan)
    #expect(try spread.run().status == 0)
    let spreadNodes = Set(
      spread.events().filter { $0.name == "task-start" }.compactMap { $0.fields["node"] as? String })
    #expect(spreadNodes == ["p-node-1", "p-node-2"])
  }

  @Test func jobWallClockTerminatesTheJob() throws {
    var plan = Plans.plan([
      Plans.task("long", Plans.sh("sleep 20")), Plans.task("after", "/bin/true", dependsOn: ["long"]),
    ])
    plan.jobs[0].constraints.maxWallClockMs = 500
    let harness = try RunHarness(plan)
    let result = try harness.run()
    #expect(harness.end(of: "long")?.failure == "terminated", "the running task was killed, not waited for")
    #expect(result.status == 1)
    #expect(result.output.contains("job j: job terminated: the job exceeded its max_wall_clock"))
  }

  @Test func aFailedStartTaskThatIsWaitedForKeepsTasksOffTheNode() throws {
    var plan = Plans.plan([Plans.task("t", "/bin/true")])
    plan.pools[0].startTask = PlanStartTask(
      commandLine: Plans.sh("exit 7"), environment: [:], inputs: [], userIdentity: PlanUserIdentity(),
      waitForSuccess: true, maxTaskRetryCount: 1)
    let harness = try RunHarness(plan)
    let result = try harness.run()
    #expect(result.status == 1)
    #expect(result.output.contains("start task failed on p-node-1"))
    #expect(result.output.contains("no node of pool `p` is usable"))
    #expect(harness.events().filter { $0.name == "start-task-start" }.count == 2, "one retry")
  }

  /// Start tasks that fail alike on many nodes are one note, naming the nodes, with the line the
  /// first one's standard error ends with; a failed task's line says how its standard error ends,
  /// with control characters shown, not obeyed.
  @Test func theSummarySaysHowFailuresEndedOncePerWayTheyFailed() throws {
    var plan = Plans.plan([Plans.task("t", "/bin/true")], nodes: 4)
    plan.pools[0].startTask = PlanStartTask(
      commandLine: Plans.sh("echo trying >&2; echo \"E: no lock\" >&2; exit 7"), environment: [:], inputs: [],
      userIdentity: PlanUserIdentity(), waitForSuccess: true, maxTaskRetryCount: 0)
    let harness = try RunHarness(plan)
    let result = try harness.run()
    #expect(result.status == 1)
    let lines = result.output.split(separator: "\n").map(String.init)
    let notes = lines.filter { $0.hasPrefix("note: the start task") }
    #expect(
      notes == [
        "note: the start task failed on 4 nodes of pool `p` (exit code 7): p-node-1, p-node-2, p-node-3 and 1 more; the nodes take no tasks"
      ], "\(result.output)")
    let detail = try #require(lines.first { $0.hasPrefix("    p-node-") }, "\(result.output)")
    #expect(detail.hasSuffix("/startup/stderr.txt; its standard error ends: E: no lock"), "\(detail)")

    var failing = Plans.plan([Plans.task("f", Plans.sh("printf \"first\\n\\033[31mred\\n\\n\" >&2; exit 3"))])
    failing.pools[0].startTask = nil
    let second = try RunHarness(failing).run()
    #expect(second.output.contains("  j/f: exit code 3; its standard error ends: ?[31mred\n"), "\(second.output)")
  }

  /// A start task that failed is retried by the next run, as the failed run promised, even when
  /// every task succeeded elsewhere; once it succeeds, later runs leave the pool down.
  @Test func aFailedStartTaskIsRetriedByTheNextRun() throws {
    var plan = Plans.plan((1...3).map { Plans.task("t-\($0)", "/bin/true") }, nodes: 2)
    plan.pools[0].startTask = PlanStartTask(
      commandLine: Plans.sh("test $AZ_BATCH_NODE_ID = p-node-2"), environment: [:], inputs: [],
      userIdentity: PlanUserIdentity(), waitForSuccess: true, maxTaskRetryCount: 0)
    let harness = try RunHarness(plan)
    let first = try harness.run()
    #expect(first.status == 1)
    #expect(first.output.contains("run the same command again to retry"), "\(first.output)")

    let second = try harness.run()
    #expect(second.status == 1, "the start task still fails: \(second.output)")
    #expect(second.output.contains("retrying the start task of pool `p`, which failed on p-node-1"), "\(second.output)")
    #expect(second.output.contains("start task failed on p-node-1"), "\(second.output)")
    #expect(harness.events().filter { $0.name == "start-task-start" }.count == 2)

    harness.plan.pools[0].startTask?.commandLine = "/bin/true"
    let third = try harness.run()
    #expect(third.status == 0, "\(third.output)")
    #expect(harness.events().filter { $0.name == "start-task-end" }.count == 2)

    let fourth = try harness.run()
    #expect(fourth.status == 0, "\(fourth.output)")
    #expect(harness.events().filter { $0.name == "start-task-start" }.isEmpty, "nothing left to retry")
  }

  @Test func multiInstanceTasksRunTheirCoordinationCommandFirst() throws {
    var task = Plans.task("mpi", Plans.sh("cat coordinated.txt; echo hosts $AZ_BATCH_HOST_LIST"))
    task.multiInstance = PlanMultiInstance(
      numberOfInstances: 2, coordinationCommandLine: Plans.sh("echo ready > coordinated.txt"))
    let harness = try RunHarness(Plans.plan([task], nodes: 2))
    #expect(try harness.run().status == 0)
    let stdout = harness.read(harness.taskDirectory("mpi") + "/stdout.txt")
    #expect(stdout == "ready\nhosts p-node-1,p-node-2\n")
  }

  /// Review 17, item 9: a multi-instance task took one slot of one node, yet named other (busy or
  /// absent) nodes in `AZ_BATCH_HOST_LIST`. It now holds `instances` nodes while it runs.
  @Test func aMultiInstanceTaskReservesItsNodesAndNamesOnlyThem() throws {
    var mpi = Plans.task("mpi", Plans.sh("env > env.txt; sleep 1"))
    mpi.multiInstance = PlanMultiInstance(numberOfInstances: 2, coordinationCommandLine: "/bin/true")
    let tasks = [mpi, Plans.task("other", "/bin/sleep 1"), Plans.task("other2", "/bin/sleep 1")]
    let harness = try RunHarness(Plans.plan(tasks, nodes: 3))
    let result = try harness.run()
    #expect(result.status == 0, "\(result.output)")
    let events = harness.events()
    #expect(peakConcurrency(events) <= 2, "`other2` waits: `mpi` holds two of the three nodes")
    let env = harness.read(harness.taskDirectory("mpi") + "/wd/env.txt") ?? ""
    let hosts = env.split(separator: "\n").first { $0.hasPrefix("AZ_BATCH_HOST_LIST=") }.map {
      Set($0.dropFirst("AZ_BATCH_HOST_LIST=".count).split(separator: ",").map(String.init))
    }
    let otherNode = events.first { $0.name == "task-start" && $0.task == "other" }?.fields["node"] as? String
    #expect(hosts?.count == 2 && hosts?.contains("p-node-1") == true, "\(env)")
    #expect(otherNode.map { hosts?.contains($0) == false } == true, "`other` ran on \(otherNode ?? "?")")

    // With fewer nodes than instances it can never start: it fails at once, saying why.
    let small = try RunHarness(Plans.plan([mpi], nodes: 1))
    let failed = try small.run()
    #expect(failed.status == 1)
    #expect(
      small.end(of: "mpi")?.fields["message"] as? String
        == "needs 2 nodes at once (`multi_instance`) but pool `p` has 1 here", "\(failed.output)")
  }

  /// A multi-instance task's common resource files are downloaded into its task directory (the
  /// parent of `wd`, `AZ_BATCH_TASK_SHARED_DIR`) before the coordination command runs; a missing
  /// one is named before the run and fails the task as a pre-processing error.
  @Test func multiInstanceCommonInputsLandInTheTaskDirectory() throws {
    let common = PlanInput(path: "common.txt", source: .blob, storageAccount: "st", container: "c", blob: "c.txt")
    var task = Plans.task("mpi", Plans.sh("cat $AZ_BATCH_TASK_SHARED_DIR/common.txt; ls"))
    task.multiInstance = PlanMultiInstance(
      numberOfInstances: 2, coordinationCommandLine: Plans.sh("cat ../common.txt > coordinated.txt"),
      commonInputs: [common])
    let harness = try RunHarness(Plans.plan([task], nodes: 2))
    try harness.writeBlob("st", "c", "c.txt", "shared\n")
    let result = try harness.run()
    #expect(result.status == 0, "\(result.output)")
    #expect(harness.read(harness.taskDirectory("mpi") + "/common.txt") == "shared\n")
    #expect(harness.read(harness.taskDirectory("mpi") + "/stdout.txt") == "shared\ncoordinated.txt\n")

    var missing = task
    missing.multiInstance?.commonInputs?[0].blob = "absent.txt"
    let absent = try RunHarness(Plans.plan([missing], nodes: 2))
    let failed = try absent.run()
    #expect(failed.status == 1)
    #expect(failed.output.contains("note: input `st.c[\"absent.txt\"]` is not in storage"), "\(failed.output)")
    #expect(absent.end(of: "mpi")?.fields["failure"] as? String == "pre_processing", "\(failed.output)")
  }

  @Test func anUploadFailureIsAFileUploadError() throws {
    let tasks = [
      Plans.task(
        "leaky", "/bin/ln -s /etc/hostname out.txt", outputs: [Plans.output("*.txt", "c")],
        exits: [PlanExitCondition(error: .fileUpload, jobAction: .none, dependencyAction: .satisfy)]),
      Plans.task("next", "/bin/true", dependsOn: ["leaky"]),
    ]
    let harness = try RunHarness(Plans.plan(tasks))
    let result = try harness.run()
    #expect(result.status == 1)
    let ends = harness.events().filter { $0.name == "task-end" }
    #expect(ends.first { $0.task == "leaky" }?.fields["failure"] as? String == "file_upload")
    #expect(ends.first { $0.task == "next" }?.state == "succeeded")
  }

  /// explore22, finding 4: a file a pattern matched whose name is not valid UTF-8 was silently not
  /// uploaded, and the task succeeded. No blob can have its name: it is a file-upload error, and
  /// the other files are still uploaded.
  @Test func aMatchedFileWhoseNameIsNotUTF8IsAnUploadError() throws {
    let task = Plans.task(
      "badname",
      Plans.sh(
        #"printf x > "$(printf "bad\377name.txt")"; d="$(printf "dir\376")"; mkdir "$d"; echo z > "$d/in.dat"; "#
          + "echo y > good.txt"),
      outputs: [Plans.output("*.txt", "c", path: "out"), Plans.output("**/*.dat", "c")])
    let harness = try RunHarness(Plans.plan([task]))
    let result = try harness.run()
    #expect(result.status == 1, "\(result.output)")
    let end = harness.end(of: "badname")
    #expect(end?.failure == "file_upload")
    let message = #"`bad\xFFname.txt` matches output `*.txt` but its name is not valid UTF-8"#
    #expect((end?.fields["message"] as? String)?.contains(message) == true, "\(String(describing: end))")
    #expect(result.output.contains(message), "\(result.output)")
    let problems = harness.read(harness.taskDirectory("badname") + "/fileuploaderr.txt") ?? ""
    #expect(problems.contains(message), "\(problems)")
    #expect(problems.contains(#"`dir\xFE/in.dat` matches output `**/*.dat`"#), "\(problems)")
    #expect(harness.blob("st", "c", "out/good.txt") == "y\n", "the other file was not uploaded")
  }

  /// A link that stays inside the task directory uploads the file it points to, as Batch's node
  /// agent does; one that leads outside is not followed, but costs neither the other files of its
  /// pattern nor the other outputs.
  @Test func linksInsideTheTaskDirectoryUploadTheirTargetAndOthersCostNothingElse() throws {
    let inside = Plans.task(
      "inside", Plans.sh("echo real > real.txt; ln -s real.txt alias.txt; mkdir d; echo in > d/in.txt"),
      outputs: [Plans.output("*.txt", "top"), Plans.output("**/*.txt", "all")])
    let outside = Plans.task(
      "outside", Plans.sh("echo kept > kept.txt; ln -s /etc/hostname leak.txt; echo log > log.dat"),
      outputs: [Plans.output("*.txt", "out"), Plans.output("log.dat", "logs")])
    let harness = try RunHarness(Plans.plan([inside, outside]))
    let result = try harness.run()
    #expect(harness.end(of: "inside")?.state == "succeeded", "\(result.output)")
    #expect(harness.blob("st", "top", "real.txt") == "real\n")
    #expect(harness.blob("st", "top", "alias.txt") == "real\n")
    #expect(harness.blob("st", "all", "alias.txt") == "real\n")
    #expect(harness.blob("st", "all", "d/in.txt") == "in\n")

    #expect(harness.end(of: "outside")?.fields["failure"] as? String == "file_upload")
    #expect(result.output.contains("`leak.txt` -> `/etc/hostname` matches output `*.txt`"), "\(result.output)")
    #expect(harness.blob("st", "out", "kept.txt") == "kept\n")
    #expect(harness.blob("st", "out", "leak.txt") == nil)
    #expect(harness.blob("st", "logs", "log.dat") == "log\n")
  }

  @Test func plansWithUnsafeNamesAreRefused() throws {
    let harness = try RunHarness(Plans.plan([Plans.task("../../escape", "/bin/true")]))
    let result = try harness.run()
    #expect(result.status == 2)
    #expect(result.output.contains("task ID `../../escape` is not a plain Batch ID"))

    let input = PlanInput(path: "x", source: .blob, storageAccount: "..", container: "..", blob: "etc/hostname")
    let storage = try RunHarness(Plans.plan([Plans.task("t", "/bin/true", inputs: [input])]))
    let refused = try storage.run()
    #expect(refused.status == 1)
    #expect(refused.output.contains("`..` is not a storage account or container name"))
  }

  @Test func preparationRerunsAfterARestartUnlessToldNotTo() throws {
    for rerun in [true, false] {
      var plan = Plans.plan([Plans.task("a", "/bin/true")])
      plan.jobs[0].preparationTask = PlanPreparationTask(
        commandLine: Plans.sh("echo x >> $AZ_BATCH_NODE_SHARED_DIR/prepared"), environment: [:], inputs: [],
        userIdentity: PlanUserIdentity(), waitForSuccess: true, rerunOnNodeRebootAfterSuccess: rerun,
        constraints: PlanConstraints(maxTaskRetryCount: 0))
      let harness = try RunHarness(plan)
      #expect(try harness.run().status == 0)
      harness.plan.jobs[0].tasks.append(Plans.task("b", "/bin/true"))
      let second = try harness.run()
      #expect(second.status == 0, "\(second.output)")
      let runs = harness.read(harness.node() + "/shared/prepared")?.split(separator: "\n").count
      #expect(runs == (rerun ? 2 : 1), "rerun_on_reboot = \(rerun)")
    }
  }

  @Test func aChangedTaskRunsAgainOnResume() throws {
    let harness = try RunHarness(Plans.plan([Plans.task("a", "/bin/echo one"), Plans.task("b", "/bin/echo two")]))
    #expect(try harness.run().status == 0)
    harness.plan.jobs[0].tasks[1].commandLine = "/bin/echo three"
    let second = try harness.run()
    #expect(second.status == 0)
    #expect(harness.events().filter { $0.name == "task-start" }.compactMap(\.task) == ["b"])
    #expect(harness.read(harness.taskDirectory("b") + "/stdout.txt") == "three\n")
    #expect(harness.read(harness.taskDirectory("a") + "/stdout.txt") == "one\n")
  }
}
