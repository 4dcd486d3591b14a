// The rows of grammar/runner-semantics.md that issue 17 found wrong, each proved end to end: exit
// conditions and job actions as Batch resolves them, output patterns, variables, application
// packages, file modes, links in storage and the work directory, and tasks that escape their
// process group before the runner is killed.

import Foundation
import Testing

import BatchSpecCore
import BatchSpecPlan
import BatchSpecRunner

@Suite struct BatchSemanticsTests {
  @Test func aFailureWithoutAnExitConditionTerminatesTheJobAsBatchsDefault() throws {
    var plan = Plans.plan(
      [Plans.task("fails", Plans.sh("exit 3")), Plans.task("long", Plans.sh("sleep 20"))], slots: 2)
    plan.jobs[0].onTaskFailure = .performExitOptionsJobAction
    let harness = try RunHarness(plan)
    let result = try harness.run()
    #expect(harness.end(of: "long")?.failure == "terminated", "the running task was killed, not waited for")
    #expect(
      result.output.contains(
        "job terminated: task `fails` failed and Batch's default for a failure is `job_action = terminate`"),
      "\(result.output)")
    #expect(
      harness.events().first { $0.task == "long" && $0.name == "task-end" }?.fields["failure"] as? String
        == "terminated")
  }

  /// Review: a task its job's end killed uploaded nothing and did not say so, while a task past its
  /// own `max_wall_clock` uploads its `failure` and `completion` outputs. The first stays as it was
  /// (the documentation is silent), and now says which outputs stayed behind.
  @Test func aTaskKilledBecauseItsJobEndedSaysItsOutputsWereNotUploaded() throws {
    let outputs = [
      Plans.output("p.txt", "res", path: "long/", when: .completion),
      Plans.output("../stdout.txt", "res", path: "long/", when: .failure),
      Plans.output("p.txt", "res", path: "ok/", when: .success),
    ]
    let timedOutputs = outputs.map { output in
      var renamed = output
      renamed.path = output.path.map { "timed-" + $0 }
      return renamed
    }
    var plan = Plans.plan(
      [
        Plans.task("bad", Plans.sh("sleep 1.5; exit 1")),
        Plans.task("long", Plans.sh("echo partial > p.txt; sleep 30"), outputs: outputs),
        Plans.task("timed", Plans.sh("echo partial > p.txt; sleep 30"), wallClockMs: 200, outputs: timedOutputs),
      ], slots: 3)
    plan.jobs[0].onTaskFailure = .performExitOptionsJobAction
    let harness = try RunHarness(plan)
    let result = try harness.run()
    let end = try #require(harness.end(of: "long"))
    #expect(end.failure == "terminated")
    #expect(end.fields["uploaded"] as? Int == 0)
    #expect(end.fields["notUploadedOutputs"] as? [String] == ["p.txt", "../stdout.txt"])
    #expect(
      result.output.contains("2 outputs not uploaded (a task killed because its job ended uploads nothing)"),
      "\(result.output)")
    #expect(harness.blob("st", "res", "long/p.txt") == nil)
    #expect(harness.read(harness.taskDirectory("long") + "/wd/p.txt") == "partial\n")
    // Killed by its own wall clock, a task uploads as a failure does, and says nothing of the kind.
    #expect(harness.end(of: "timed")?.failure == "timeout")
    #expect(harness.blob("st", "res", "timed-long/p.txt") == "partial\n")
    #expect(harness.blob("st", "res", "timed-long/stdout.txt") == "")
    #expect(harness.end(of: "timed")?.fields["notUploadedOutputs"] == nil)
  }

  /// Review 17: `exit { codes = [4], dependency_action = satisfy }` compiled to `jobAction: none`;
  /// Batch's default job action is `terminate` for every exit but code 0.
  @Test func anExitConditionWithoutAJobActionTerminatesTheJobAsBatchsDefault() throws {
    let directory = NSTemporaryDirectory() + "batchspec-exit-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try Projects.write(
      """
      job j {
        pool            = p
        on_task_failure = perform_exit_options_job_action
        task fails {
          command = "/bin/sh -c 'exit 4'"
          exit {
            codes             = [4]
            dependency_action = satisfy
          }
          exit {
            codes             = [0, 5]
            dependency_action = satisfy
          }
        }
        task long { command = "/bin/sh -c 'sleep 20'" }
      }

      """, slots: 2, in: directory)
    let compiled = try batchspec(["compile", directory])
    let plan = try Plan.read(Data(compiled.stdout.utf8))
    // Batch resolves each code of a list on its own: 0 and 5 are two conditions in the plan.
    let exits = plan.jobs[0].tasks[0].exitConditions
    #expect(exits.map(\.codes) == [[4], [0], [5]])
    #expect(exits.map(\.jobAction) == [.terminate, JobAction.none, .terminate])
    let payloads = directory + "/azure"
    #expect(try batchspec(["compile", directory, "--target", "azure-batch", "-o", payloads]).status == 0)
    let files = FileManager.default.enumerator(atPath: payloads)?.compactMap { $0 as? String } ?? []
    let written = files.compactMap { FileManager.default.contents(atPath: payloads + "/" + $0) }
    #expect(written.contains { String(decoding: $0, as: UTF8.self).contains("\"exitConditions\"") })
    #expect(
      !written.contains { String(decoding: $0, as: UTF8.self).contains("jobAction") },
      "the service's default is left out of the payload")

    let run = try batchspec(["run", directory, "--workdir", directory + "/work"])
    #expect(run.status == 1)
    #expect(
      run.stdout.contains("job terminated: task `fails` failed and its exit condition says `job_action = terminate`"),
      "\(run.stdout)\(run.stderr)")
  }

  @Test func anExitCodesOwnConditionWinsOverAnUploadError() throws {
    let exits = [
      PlanExitCondition(codes: [2], jobAction: .none, dependencyAction: .satisfy),
      PlanExitCondition(error: .fileUpload, jobAction: .none, dependencyAction: .block),
    ]
    let first = Plans.task(
      "first", Plans.sh("ln -s /etc/hostname out.txt; exit 2"),
      outputs: [Plans.output("out.txt", "res", when: .completion)],
      exits: exits)
    let harness = try RunHarness(Plans.plan([first, Plans.task("second", "/bin/true", dependsOn: ["first"])]))
    let result = try harness.run()
    #expect(result.output.contains("`out.txt` -> `/etc/hostname` matches output `out.txt`"), "\(result.output)")
    #expect(harness.events().first { $0.task == "second" && $0.name == "task-end" }?.state == "succeeded")
  }

  @Test func exitCodeZeroListedWithBlockBlocksItsDependants() throws {
    let first = Plans.task(
      "first", "/bin/true", exits: [PlanExitCondition(codes: [0], jobAction: .none, dependencyAction: .block)])
    let harness = try RunHarness(Plans.plan([first, Plans.task("second", "/bin/true", dependsOn: ["first"])]))
    let result = try harness.run()
    #expect(result.status == 1)
    #expect(!harness.events().contains { $0.name == "task-start" && $0.task == "second" })
    #expect(
      result.output.contains("blocked: `first` succeeded, but its exit condition blocks its dependants"),
      "explore24 L1: it said `first` did not succeed: \(result.output)")
  }

  /// explore24 M2: here a blocked task ends "not run" and the job ends; on Batch (whose default
  /// for a failure is no action) it stays active, and the job, its release task and the pool wait.
  @Test func aJobWithBlockedTasksSaysItWouldNotEndOnBatch() throws {
    let tasks = [
      Plans.task("a", "/bin/false"), Plans.task("b", "/bin/true", dependsOn: ["a"]),
      Plans.task("c", "/bin/true", dependsOn: ["b"]),
    ]
    let harness = try RunHarness(Plans.plan(tasks))
    let result = try harness.run()
    #expect(result.status == 1)
    #expect(result.output.contains("blocked: `a` did not succeed"), "\(result.output)")
    #expect(result.output.contains("blocked: `b` was blocked"), "\(result.output)")
    #expect(
      result.output.contains("job j: on Azure Batch it would not end: its 2 blocked tasks stay active"),
      "\(result.output)")
  }

  @Test func disableRequeuesRunningTasksAndALaterRunRunsThem() throws {
    let fails = Plans.task(
      "fails", Plans.sh("sleep 0.3; exit 1"), exits: [PlanExitCondition(jobAction: .disable, dependencyAction: .block)])
    var plan = Plans.plan(
      [
        fails,
        Plans.task(
          "long", Plans.sh("echo partial > a.txt; test -f $AZ_BATCH_NODE_SHARED_DIR/again || sleep 20"),
          outputs: [Plans.output("*.txt", "res", when: .completion)]),
      ], slots: 2)
    plan.jobs[0].onTaskFailure = .performExitOptionsJobAction
    let harness = try RunHarness(plan)
    let result = try harness.run()
    #expect(harness.end(of: "long")?.state == "skipped", "the running task was requeued, not left to finish")
    #expect(
      result.output.contains(
        "not run j/long  requeued: job disabled: task `fails` failed and its exit condition says `job_action = disable`; its outputs were not uploaded, and it runs in a later run once the task that disabled the job no longer fails so"
      ),
      "\(result.output)")
    #expect(harness.blob("st", "res", "a.txt") == nil, "a requeued task uploads nothing")
    _ = FileManager.default.createFile(atPath: harness.node() + "/shared/again", contents: Data())
    _ = try harness.run()
    #expect(harness.events().first { $0.task == "long" && $0.name == "task-end" }?.state == "succeeded")
    #expect(harness.blob("st", "res", "a.txt") == "partial\n", "the run that finishes it uploads its outputs")
  }

  @Test func outputPatternsTakeBracketsAndSkipHiddenFiles() {
    #expect(Glob.matches(["[xy]*.txt"], "x1.txt") && Glob.matches(["[xy]*.txt"], "y.txt"))
    #expect(!Glob.matches(["[xy]*.txt"], "z.txt"))
    #expect(Glob.matches(["frame-[0-4].png"], "frame-3.png") && !Glob.matches(["frame-[0-4].png"], "frame-7.png"))
    #expect(Glob.matches(["[!a]*"], "b") && !Glob.matches(["[!a]*"], "abc"))
    #expect(Glob.matches(["abc[*]"], "abc*") && !Glob.matches(["abc[*]"], "abcd"))
    #expect(!Glob.matches(["*.gif"], ".a.gif") && Glob.matches([".*.gif"], ".a.gif"))
    #expect(!Glob.matches(["**", "*.txt"], ".hidden/a.txt") && Glob.matches(["**", "*.txt"], "sub/a.txt"))
  }

  @Test func variablesAreTheOnesBatchSetsForEachKindOfTask() throws {
    let dump = Plans.sh("env | sort > $AZ_BATCH_NODE_SHARED_DIR/env-${AZ_BATCH_TASK_ID:-start}")
    var plan = Plans.plan([Plans.task("t", dump)])
    plan.pools[0].startTask = PlanStartTask(
      commandLine: dump, userIdentity: PlanUserIdentity(), waitForSuccess: true, maxTaskRetryCount: 0)
    plan.pools[0].dedicatedNodes = 0
    plan.pools[0].spotNodes = 1
    plan.pools[0].applications = [PlanApplication(id: "Agent-linux-x64", version: "1.1.46.0")]
    plan.jobs[0].preparationTask = PlanPreparationTask(
      commandLine: dump, userIdentity: PlanUserIdentity(), waitForSuccess: true, rerunOnNodeRebootAfterSuccess: true,
      constraints: PlanConstraints(maxTaskRetryCount: 0))
    plan.jobs[0].tasks[0].applications = [PlanApplication(id: "Solver")]
    let harness = try RunHarness(plan)
    #expect(try harness.run().status == 0)
    let shared = harness.node() + "/shared/"
    let start = harness.read(shared + "env-start") ?? ""
    let preparation = harness.read(shared + "env-jobpreparation") ?? ""
    let task = harness.read(shared + "env-t") ?? ""
    #expect(!start.contains("AZ_BATCH_JOB_ID=") && !start.contains("AZ_BATCH_TASK_ID="))
    #expect(preparation.contains("AZ_BATCH_TASK_ID=jobpreparation") && !preparation.contains("AZ_BATCH_JOB_PREP_DIR="))
    #expect(task.contains("AZ_BATCH_JOB_PREP_DIR=") && task.contains("AZ_BATCH_NODE_IS_DEDICATED=false"))
    #expect(task.contains("AZ_BATCH_NODE_MOUNTS_DIR=\(harness.node())/fsmounts"))
    #expect(
      task.contains("AZ_BATCH_APP_PACKAGE_agent_linux_x64_1_1_46_0=") && task.contains("AZ_BATCH_APP_PACKAGE_solver="))
    #expect(start.contains("AZ_BATCH_APP_PACKAGE_agent_linux_x64_1_1_46_0="), "pool packages are for every task")
    #expect(
      task.contains("AZ_BATCH_CERTIFICATES_DIR=") && task.contains("AZ_BATCH_TASK_RESERVED_EPHEMERAL_DISK_SPACE_BYTES=")
    )
  }

  @Test func multiInstanceVariablesAndOneAttemptPerTry() throws {
    var task = Plans.task("mpi", Plans.sh("env > env.txt; exit 1"), retries: 1)
    task.multiInstance = PlanMultiInstance(numberOfInstances: 2, coordinationCommandLine: "/bin/true")
    let harness = try RunHarness(Plans.plan([task], nodes: 2, slots: 1))
    let result = try harness.run()
    #expect(result.output.contains("j/mpi: exit code 1 after 2 attempts"), "\(result.output)")
    let env = harness.read(harness.taskDirectory("mpi") + "/wd/env.txt") ?? ""
    #expect(env.contains("CCP_NODES=2 p-node-1 1 p-node-2 1"))
    #expect(env.contains("AZ_BATCH_TASK_SHARED_DIR=\(harness.taskDirectory("mpi"))\n"))
  }

  /// explore24 M4: a failing coordination command's exit code was reported as the task's, and
  /// nothing said the main command never ran.
  @Test func aFailedCoordinationCommandIsNamed() throws {
    var task = Plans.task("mpi", "/bin/true")
    task.multiInstance = PlanMultiInstance(numberOfInstances: 2, coordinationCommandLine: Plans.sh("exit 4"))
    let harness = try RunHarness(Plans.plan([task], nodes: 2, slots: 1))
    let result = try harness.run()
    let line = "exit code 4, from the coordination command; the main command did not run"
    #expect(result.output.contains("FAILED  j/mpi  \(line)"), "\(result.output)")
    #expect(result.output.contains("j/mpi: \(line)"), "\(result.output)")
  }

  @Test func inputsWithoutAModeGet0770() throws {
    let input = PlanInput(path: "in.txt", source: .blob, storageAccount: "st", container: "c", blob: "in.txt")
    let harness = try RunHarness(Plans.plan([Plans.task("t", "/bin/true", inputs: [input])]))
    try harness.writeBlob("st", "c", "in.txt", "x")
    chmod(harness.storage + "/st/c/in.txt", 0o600)
    #expect(try harness.run().status == 0)
    let attributes = try FileManager.default.attributesOfItem(atPath: harness.taskDirectory("t") + "/wd/in.txt")
    #expect((attributes[.posixPermissions] as? Int) == 0o770)
  }

  @Test func linksInStorageAreRefusedWhereverTheyStand() throws {
    let outside = NSTemporaryDirectory() + "batchspec-outside-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: outside + "/c", withIntermediateDirectories: true)
    try "secret".write(toFile: outside + "/secret.txt", atomically: true, encoding: .utf8)
    try "secret".write(toFile: outside + "/c/in.txt", atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: outside) }
    let blob = PlanInput(path: "in.txt", source: .blob, storageAccount: "st", container: "c", blob: "linked.txt")
    let viaAccount = PlanInput(path: "in.txt", source: .blob, storageAccount: "linked", container: "c", blob: "in.txt")
    let harness = try RunHarness(
      Plans.plan([
        Plans.task("blob", "/bin/true", inputs: [blob]),
        Plans.task("account", "/bin/true", inputs: [viaAccount]),
        Plans.task(
          "upload", Plans.sh("echo x > o.txt"),
          outputs: [PlanOutput(pattern: "o.txt", storageAccount: "linked", container: "c", uploadCondition: .success)]),
      ]))
    try harness.writeBlob("st", "c", "other.txt", "x")
    try FileManager.default.createSymbolicLink(
      atPath: harness.storage + "/st/c/linked.txt", withDestinationPath: outside + "/secret.txt")
    try FileManager.default.createSymbolicLink(atPath: harness.storage + "/linked", withDestinationPath: outside)
    let result = try harness.run()
    #expect(result.status == 1)
    for task in ["blob", "account", "upload"] {
      #expect(harness.events().first { $0.task == task && $0.name == "task-end" }?.state == "failed", "\(task)")
    }
    #expect(!FileManager.default.fileExists(atPath: outside + "/c/o.txt"), "an upload wrote through a link")
    #expect(harness.read(harness.taskDirectory("blob") + "/wd/in.txt") == nil)
  }

  @Test func aLinkedWorkDirectoryPathIsRefused() throws {
    let harness = try RunHarness(Plans.plan([Plans.task("t", "/bin/true")]))
    let outside = NSTemporaryDirectory() + "batchspec-outside-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: outside) }
    try FileManager.default.createDirectory(atPath: harness.workDirectory, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: harness.workDirectory + "/nodes", withDestinationPath: outside)
    let result = try harness.run()
    #expect(result.status == 1)
    #expect(result.output.contains("`nodes` is a symbolic link; it is refused"), "\(result.output)")
    #expect((try? FileManager.default.contentsOfDirectory(atPath: outside))?.isEmpty == true)
  }

  @Test func aTaskThatLeftItsDirectoryAndGroupIsStoppedOnResume() throws {
    // The task moves to / and into a process group of its own, then sleeps: only its session
    // and its sentinel variable still tie it to the run.
    let escape = Plans.sh(
      "cd / && exec /usr/bin/setsid -w /bin/sh -c \"echo \\$\\$ > $AZ_BATCH_NODE_SHARED_DIR/pid; sleep 30\"")
    let harness = try RunHarness(Plans.plan([Plans.task("escape", escape)]))
    let (process, pipe) = try harness.start()
    let pidFile = harness.node() + "/shared/pid"
    let deadline = Date().addingTimeInterval(20)
    while harness.read(pidFile)?.hasSuffix("\n") != true && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    let pid = try #require(Int32((harness.read(pidFile) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)))
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    _ = pipe.fileHandleForReading.readDataToEndOfFile()
    #expect(isRunning(pid))
    // The resumed run stops it before it starts the task again (which now finishes at once).
    try FileManager.default.removeItem(atPath: pidFile)
    harness.plan.jobs[0].tasks[0].commandLine = "/bin/true"
    let resumed = try harness.run()
    #expect(resumed.output.contains("an earlier, killed run left behind"), "\(resumed.output)")
    let gone = Date().addingTimeInterval(3)
    while isRunning(pid) && Date() < gone { Thread.sleep(forTimeInterval: 0.02) }
    #expect(!isRunning(pid), "the escaped task \(pid) still runs")
  }
}
