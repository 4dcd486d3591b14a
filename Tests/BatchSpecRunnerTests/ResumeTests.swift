// Nothing lost: a runner killed with SIGKILL mid-run resumes without repeating finished tasks
// or losing outputs; SIGTERM stops running tasks before the runner exits.

import Foundation
import Testing

import BatchSpecCore
import BatchSpecPlan

@Suite struct ResumeTests {
  @Test func killedRunResumesWithoutRepeatingFinishedTasksOrLosingOutputs() throws {
    let ids = (1...8).map { "t-\($0)" }
    let tasks = ids.map { id in
      Plans.task(
        id,
        Plans.sh(
          "echo run >> $AZ_BATCH_NODE_SHARED_DIR/runs-$AZ_BATCH_TASK_ID; sleep 0.25; echo out-$AZ_BATCH_TASK_ID > out.txt"
        ),
        outputs: [Plans.output("out.txt", "results", path: "\(id).txt")])
    }
    let harness = try RunHarness(Plans.plan(tasks, nodes: 1, slots: 2))
    let (process, pipe) = try harness.start()
    let finishedSome = waitFor(20) {
      harness.events().filter { $0.name == "task-end" && $0.state == "succeeded" }.count >= 3
    }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    _ = pipe.fileHandleForReading.readDataToEndOfFile()
    #expect(finishedSome)
    let finished = Set(harness.events().filter { $0.name == "task-end" && $0.state == "succeeded" }.compactMap(\.task))
    #expect(finished.count < ids.count, "the run ended before it was killed")

    let resumed = try harness.run()
    #expect(resumed.status == 0, "\(resumed.output)")
    #expect(resumed.output.contains("already succeeded in an earlier run"))
    let rerun = Set(harness.events().filter { $0.name == "task-start" }.compactMap(\.task))
    #expect(rerun.isDisjoint(with: finished), "finished tasks ran again: \(rerun.intersection(finished))")
    for id in ids {
      #expect(harness.blob("st", "results", "\(id).txt") == "out-\(id)\n", "output of \(id) lost")
      if finished.contains(id) {
        #expect(harness.read(harness.node() + "/shared/runs-\(id)") == "run\n", "\(id) ran more than once")
      }
    }

    // A third run has nothing left to do; the events of the runs before it are kept, so every
    // task's measurements are still there (estimate --from-run and the run report read them).
    let again = try harness.run()
    #expect(again.status == 0)
    #expect(harness.events().filter { $0.name == "task-start" }.isEmpty)
    #expect(harness.allEvents().filter { $0.name == "run-start" }.count == 3)
    let measured = RunEvents.parse(Array(FileManager.default.contents(atPath: harness.eventsPath) ?? Data()))
    for id in ids {
      #expect(measured.task("j", id)?.state == "succeeded", "\(id): \(String(describing: measured.task("j", id)))")
      #expect(measured.task("j", id)?.duration.map { $0 >= 0.25 } == true, "\(id) has its measured duration")
    }
  }

  /// SIGTERM, SIGHUP and SIGINT, and the status each stops the run with (128 + the signal).
  static let stopSignals: [(signal: Int32, status: Int32, name: String)] = [
    (SIGTERM, 143, "terminated"), (SIGHUP, 129, "hung up"), (SIGINT, 130, "interrupted"),
  ]

  @Test(arguments: stopSignals.indices)
  func aStopSignalEndsRunningTasksAndTheRunResumesLater(_ index: Int) throws {
    let (signal, status, name) = Self.stopSignals[index]
    // A child in the task's process group, and one in a session of its own (`setsid`), which
    // the group's signal does not reach: the runner finds it by the work directory's mark in its
    // environment, as the next run would. The detached child writes its pid itself, once it is
    // in its own session: `$!` is known before `setsid` has run, and a signal sent in between
    // reaches it through the group, leaving the runner nothing to find.
    // `sleep-1` declares an output, which a stopped task does not upload: the summary says so.
    let tasks = (1...2).map {
      Plans.task(
        "sleep-\($0)",
        Plans.sh(
          "sleep 30 & echo $! > child.pid; setsid sh -c \"echo \\$\\$ > detached.pid; exec sleep 31\" & wait"),
        outputs: $0 == 1 ? [Plans.output("child.pid", "res", when: .completion)] : [])
    }
    // `later` waits for `sleep-1`, so it never starts: it is not run, where the others are interrupted.
    let later = Plans.task("later", "/bin/true", dependsOn: ["sleep-1"])
    let harness = try RunHarness(Plans.plan(tasks + [later], nodes: 1, slots: 2))
    let (process, pipe) = try harness.start()
    let started = waitFor(20) {
      tasks.allSatisfy { task in
        ["child.pid", "detached.pid"].allSatisfy {
          harness.read(harness.taskDirectory(task.id) + "/wd/" + $0)?.hasSuffix("\n") == true
        }
      }
    }
    #expect(started)
    kill(process.processIdentifier, signal)
    process.waitUntilExit()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    for task in tasks { #expect(harness.end(of: task.id)?.state == "interrupted", "\(task.id) was stopped") }
    #expect(process.terminationStatus == status, "\(output)")
    #expect(output.contains("stopping: \(name)"), "\(output)")
    #expect(output.contains("run the same command again to resume"))
    #expect(output.contains("3 tasks: 0 succeeded, 2 interrupted, 1 not run"), "\(output)")
    #expect(
      output.contains(
        "not uploaded: the outputs of 1 interrupted task (j/sleep-1); each runs again, from the start, when the run resumes"
      ), "\(output)")
    let runEnd = harness.events().last { $0.name == "run-end" }
    #expect(runEnd?.fields["interrupted"] as? Int == 2 && runEnd?.fields["notRun"] as? Int == 1, "\(output)")
    for task in tasks {
      for file in ["child.pid", "detached.pid"] {
        let text = harness.read(harness.taskDirectory(task.id) + "/wd/" + file) ?? ""
        let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(pid != nil, "\(task.id)'s \(file)")
        // The signal is sent before the runner exits; dying takes a moment on a busy machine.
        #expect(waitFor(3) { pid.map(isRunning) != true }, "\(file) of \(task.id) survived signal \(signal)")
      }
    }
    #expect(output.contains("processes the tasks had started in sessions of their own"), "\(output)")
    #expect(!output.contains("Fatal error"))
    // The stopped tasks run again when the run resumes (now they finish at once).
    for index in tasks.indices { harness.plan.jobs[0].tasks[index].commandLine = "/bin/true" }
    let resumed = try harness.run()
    #expect(resumed.status == 0, "\(resumed.output)")
    #expect(
      Set(harness.events().filter { $0.name == "task-start" }.compactMap(\.task)) == Set((tasks + [later]).map(\.id)))
  }

  @Test func aSecondRunOnTheSameWorkDirectoryIsRefusedWhileTheFirstHoldsIt() throws {
    let harness = try RunHarness(Plans.plan([Plans.task("sleepy", Plans.sh("echo up > up; sleep 30"))]))
    let (process, pipe) = try harness.start()
    defer {
      kill(process.processIdentifier, SIGTERM)  // which stops its task too
      process.waitUntilExit()
      _ = pipe.fileHandleForReading.readDataToEndOfFile()
    }
    #expect(waitFor(20) { harness.read(harness.taskDirectory("sleepy") + "/wd/up") == "up\n" })
    let second = try harness.run()
    #expect(second.status == 2, "\(second.output)")
    #expect(
      second.output.contains(
        "another run is using the work directory \(harness.workDirectory); wait for it or choose another with --workdir"
      ),
      "\(second.output)")
    #expect(harness.read(harness.taskDirectory("sleepy") + "/wd/up") == "up\n", "the first run's task was left alone")
    #expect(process.isRunning, "the first run goes on")
  }

  /// A task that depends, directly or not, on one that runs again because its definition
  /// changed runs again too: resuming must not keep outputs made from the old dependency's.
  @Test func aChangedTaskReRunsEveryTaskThatDependsOnIt() throws {
    func input(_ name: String) -> PlanInput {
      PlanInput(path: name, source: .blob, storageAccount: "st", container: "res", blob: name)
    }
    func tasks(_ word: String) -> [PlanTask] {
      [
        Plans.task("a", Plans.sh("echo \(word) > a.txt"), outputs: [Plans.output("a.txt", "res")]),
        Plans.task(
          "b", Plans.sh("cat a.txt a.txt > b.txt"), dependsOn: ["a"], inputs: [input("a.txt")],
          outputs: [Plans.output("b.txt", "res")]),
        Plans.task(
          "c", Plans.sh("cat b.txt > c.txt"), dependsOn: ["b"], inputs: [input("b.txt")],
          outputs: [Plans.output("c.txt", "res")]),
        Plans.task("other", Plans.sh("echo other > other.txt"), outputs: [Plans.output("other.txt", "res")]),
      ]
    }
    let harness = try RunHarness(Plans.plan(tasks("one")))
    #expect(try harness.run().status == 0)
    #expect(harness.blob("st", "res", "c.txt") == "one\none\n")

    harness.plan = Plans.plan(tasks("two"))
    let second = try harness.run()
    #expect(second.status == 0, "\(second.output)")
    #expect(second.output.contains("resuming: 1 task already succeeded"), "\(second.output)")
    let ran = Set(harness.events().filter { $0.name == "task-start" }.compactMap(\.task))
    #expect(ran == ["a", "b", "c"])
    #expect(harness.blob("st", "res", "b.txt") == "two\ntwo\n")
    #expect(harness.blob("st", "res", "c.txt") == "two\ntwo\n")

    // Unchanged, everything is reused.
    let third = try harness.run()
    #expect(third.output.contains("resuming: 4 tasks already succeeded"), "\(third.output)")
  }
}
