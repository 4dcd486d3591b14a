// Services that start tasks and coordination commands launch in the background: they outlive
// their command, as on Batch, and never the run (normal end, stop signal, or a killed runner's
// next run).

import Foundation
import Testing

import BatchSpecCore
import BatchSpecPlan

@Suite struct BackgroundProcessTests {
  /// A shell snippet that prints `alive` or `gone` for the PID in the file `path`.
  static func state(_ path: String) -> String {
    "s=$(cut -d\" \" -f3 /proc/$(cat \(path))/stat 2>/dev/null); case \"$s\" in \"\"|Z|X) echo gone;; *) echo alive;; esac"
  }

  /// The PID in the file at `path`, once it holds one.
  static func pid(_ harness: RunHarness, _ path: String) -> Int32? {
    Int32((harness.read(path) ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
  }

  /// explore22, finding 1: the runner killed a command's process group as soon as it exited, so a
  /// start task's daemon and a coordination command's service were gone before the task ran.
  @Test func startTaskAndCoordinationServicesRunUntilTheRunEnds() throws {
    let harness = try RunHarness(Plans.plan([]))
    let root = harness.root
    var mpi = Plans.task(
      "mpi",
      Plans.sh(
        "echo start $(\(Self.state("$AZ_BATCH_NODE_SHARED_DIR/start.pid"))) coordination $(\(Self.state("coord.pid")))"
      ))
    mpi.multiInstance = PlanMultiInstance(
      numberOfInstances: 2, coordinationCommandLine: Plans.sh("sleep 61 & echo $! > coord.pid; cp coord.pid \(root)/"))
    // An ordinary task's background process is still killed when its command exits.
    let background = Plans.task("background", Plans.sh("sleep 62 & echo $! > \(root)/background.pid"))
    // A SIGKILL takes a moment to land on a busy machine: `after` gives it 5 s.
    let gone = Self.state("\(root)/background.pid")
    let after = Plans.task(
      "after", Plans.sh("for i in $(seq 50); do [ \"$(\(gone))\" = gone ] && break; sleep 0.1; done; \(gone)"),
      dependsOn: ["background"])
    var plan = Plans.plan([mpi, background, after], nodes: 2)
    plan.pools[0].startTask = PlanStartTask(
      commandLine: Plans.sh(
        // Leaves the work directory and the run's mark behind: found by its process group alone.
        "(cd / && exec env -i /bin/sleep 60) & echo $! > $AZ_BATCH_NODE_SHARED_DIR/start.pid; cp $AZ_BATCH_NODE_SHARED_DIR/start.pid \(root)/$AZ_BATCH_NODE_ID.pid"
      ), environment: [:], inputs: [], userIdentity: PlanUserIdentity(), waitForSuccess: true, maxTaskRetryCount: 0)
    harness.plan = plan
    let result = try harness.run()
    #expect(result.status == 0, "\(result.output)")
    let stdout =
      harness.read(harness.taskDirectory("mpi", node: 1) + "/stdout.txt")
      ?? harness.read(harness.taskDirectory("mpi", node: 2) + "/stdout.txt")
    #expect(stdout == "start alive coordination alive\n")
    #expect(harness.read(harness.taskDirectory("after") + "/stdout.txt") == "gone\n")
    for file in ["p-node-1.pid", "p-node-2.pid", "coord.pid"] {
      let pid = Self.pid(harness, root + "/" + file)
      #expect(pid != nil, "\(file)")
      #expect(waitFor(3) { pid.map(isRunning) != true }, "\(file)'s process outlived the run")
    }
  }

  /// A service that dropped the work directory's mark is still stopped: by the run that started
  /// it when it is interrupted, and by the next run when the runner was killed (the journal
  /// records the start task's process group).
  @Test func servicesStopWithAStoppedRunAndAfterAKilledOne() throws {
    let harness = try RunHarness(Plans.plan([]))
    let root = harness.root
    var plan = Plans.plan([Plans.task("t", Plans.sh("echo up > \(root)/up; sleep 30"))])
    plan.pools[0].startTask = PlanStartTask(
      commandLine: Plans.sh("env -u BATCHSPEC_WORK sleep 60 & echo $! > \(root)/start.pid"), environment: [:],
      inputs: [], userIdentity: PlanUserIdentity(), waitForSuccess: true, maxTaskRetryCount: 0)
    harness.plan = plan
    for signal in [SIGINT, SIGKILL] {
      try? FileManager.default.removeItem(atPath: root + "/up")
      let (process, pipe) = try harness.start()
      #expect(waitFor(20) { harness.read(root + "/up") != nil })
      let pid = try #require(Self.pid(harness, root + "/start.pid"))
      #expect(isRunning(pid))
      kill(process.processIdentifier, signal)
      process.waitUntilExit()
      let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      if signal == SIGINT {
        #expect(process.terminationStatus == 130, "\(output)")
        #expect(waitFor(3) { !isRunning(pid) }, "the interrupted run left its start task's service running")
      } else {
        #expect(isRunning(pid), "killing the runner killed the service")
        harness.plan.jobs[0].tasks[0].commandLine = "/bin/true"
        harness.plan.pools[0].startTask?.commandLine = "/bin/true"
        let resumed = try harness.run()
        #expect(resumed.status == 0, "\(resumed.output)")
        #expect(resumed.output.contains("an earlier, killed run left behind"), "\(resumed.output)")
        #expect(waitFor(3) { !isRunning(pid) }, "the next run left the killed run's service running")
      }
    }
  }
}
