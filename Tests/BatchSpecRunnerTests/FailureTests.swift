// End-to-end runs that go wrong: retries, timeouts, missing inputs, uploads by condition and
// paths that try to leave their directory.

import Foundation
import Testing

import BatchSpecCore
import BatchSpecPlan

@Suite struct FailureTests {
  /// Fails until it has run `times` times (counted in the node's shared directory).
  static func flaky(_ times: Int) -> String {
    Plans.sh(
      "n=$(cat $AZ_BATCH_NODE_SHARED_DIR/count 2>/dev/null || echo 0); n=$((n+1)); echo $n > $AZ_BATCH_NODE_SHARED_DIR/count; test $n -ge \(times)"
    )
  }

  @Test func retriesRunAFailedTaskAgain() throws {
    let harness = try RunHarness(Plans.plan([Plans.task("flaky", Self.flaky(3), retries: 2)]))
    let result = try harness.run()
    #expect(result.status == 0, "\(result.output)")
    let end = harness.events().first { $0.name == "task-end" }
    #expect(end?.fields["attempts"] as? Int == 3)
    #expect(harness.events().filter { $0.name == "retry" }.count == 2)

    let exhausted = try RunHarness(Plans.plan([Plans.task("flaky", Self.flaky(5), retries: 1)]))
    let failed = try exhausted.run()
    #expect(failed.status == 1)
    #expect(failed.output.contains("j/flaky: exit code 1 after 2 attempts"))
    // A success after retries says so too (review 17, item 15).
    #expect(
      result.output.contains("ok      j/flaky") && result.output.contains("s after 3 attempts"), "\(result.output)")
  }

  /// The working directory, `stdout.txt` and `stderr.txt` are kept between attempts: each retry
  /// appends to the logs (review 17, item 15, documented as a choice).
  @Test func retriesAppendToTheTasksLogs() throws {
    let harness = try RunHarness(Plans.plan([Plans.task("t", Plans.sh("echo try; echo err >&2; exit 1"), retries: 1)]))
    #expect(try harness.run().status == 1)
    #expect(harness.read(harness.taskDirectory("t") + "/stdout.txt") == "try\ntry\n")
    #expect(harness.read(harness.taskDirectory("t") + "/stderr.txt") == "err\nerr\n")
  }

  @Test func wallClockLimitKillsTheTaskAndItsChildren() throws {
    let harness = try RunHarness(
      Plans.plan([Plans.task("sleepy", Plans.sh("sleep 30 & echo $! > child.pid; wait"), retries: 3, wallClockMs: 700)])
    )
    let result = try harness.run()
    #expect(harness.end(of: "sleepy")?.failure == "timeout")
    #expect(result.status == 1)
    // The limit as written: the deadline counts from the command's start, not from before staging.
    #expect(result.output.contains("killed after its max_wall_clock of 0.700s"), "\(result.output)")
    let pidText = harness.read(harness.taskDirectory("sleepy") + "/wd/child.pid") ?? ""
    let pid = try #require(Int32(pidText.trimmingCharacters(in: .whitespacesAndNewlines)))
    let deadline = Date().addingTimeInterval(3)
    while isRunning(pid) && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
    #expect(!isRunning(pid), "the task's child \(pid) survived the timeout")
    #expect(harness.events().filter { $0.name == "retry" }.isEmpty)
    #expect(harness.read(harness.taskDirectory("sleepy") + "/stderr.txt")?.contains("batchspec") != true)
  }

  /// Review 17, item 15: the runner wrote its own messages into the task's stderr.txt, which the
  /// task's `../std*.txt` outputs upload. Upload problems go to `fileuploaderr.txt` beside it, as
  /// Batch's node agent writes them; more than 20 failures name the events file.
  @Test func runnerMessagesStayOutOfTheTasksLogs() throws {
    let outputs = [
      Plans.output("out.txt", "res"), Plans.output("../std*.txt", "logs", path: "t/", when: .completion),
    ]
    let uploads = Plans.task("t", Plans.sh("ln -s /etc/hostname out.txt; echo own >&2"), outputs: outputs)
    let many = (1...21).map { Plans.task("f\($0)", "/bin/false") }
    let harness = try RunHarness(Plans.plan([uploads] + many, slots: 4))
    let result = try harness.run()
    #expect(harness.read(harness.taskDirectory("t") + "/stderr.txt") == "own\n")
    #expect(harness.blob("st", "logs", "t/stderr.txt") == "own\n")
    let problems = harness.read(harness.taskDirectory("t") + "/fileuploaderr.txt") ?? ""
    #expect(problems.contains("`out.txt` -> `/etc/hostname` matches output `out.txt`"), "\(problems)")
    #expect(result.output.contains("  ... and 2 more (see \(harness.eventsPath))"), "\(result.output)")
  }

  /// explore24 H1: every `../` wildcard after the first matched nothing, because each listing of the
  /// task directory read a duplicate of one descriptor, which shares its read position. A failed
  /// task's logs uploaded `when = failure` lost their `completion` copy without a word.
  @Test func everyOutputPatternOfTheTaskDirectoryMatchesOnItsOwn() throws {
    let outputs = [
      Plans.output("../std*.txt", "logs", path: "failed/", when: .failure),
      Plans.output("../std*.txt", "logs", path: "all/", when: .completion),
      Plans.output("../stdout*", "logs", path: "out/", when: .completion),
      Plans.output("../stderr*", "logs", path: "err/", when: .completion),
    ]
    let harness = try RunHarness(
      Plans.plan([Plans.task("t", Plans.sh("echo o; echo e >&2; exit 1"), outputs: outputs)]))
    let result = try harness.run()
    for folder in ["failed", "all"] {
      #expect(harness.blob("st", "logs", "\(folder)/stdout.txt") == "o\n", "\(folder): \(result.output)")
      #expect(harness.blob("st", "logs", "\(folder)/stderr.txt") == "e\n", "\(folder)")
    }
    #expect(harness.blob("st", "logs", "out/stdout.txt") == "o\n")
    #expect(harness.blob("st", "logs", "err/stderr.txt") == "e\n")
    #expect(!result.output.contains("no file matched"), "\(result.output)")
  }

  /// Review 17, item 15: an output pattern that matched nothing was silent.
  @Test func outputsThatMatchNothingAreSaid() throws {
    let outputs = [
      Plans.output("a.txt", "res"), Plans.output("missing.dat", "res"), Plans.output("nomatch/*.x", "res"),
    ]
    let harness = try RunHarness(Plans.plan([Plans.task("t", Plans.sh("echo a > a.txt"), outputs: outputs)]))
    let result = try harness.run()
    #expect(result.status == 0)
    #expect(
      result.output.contains("(no file matched output `missing.dat`, `nomatch/*.x`)"), "\(result.output)")
    #expect(harness.end(of: "t")?.fields["unmatchedOutputs"] as? [String] == ["missing.dat", "nomatch/*.x"])
  }

  /// Review 17, item 15: `input "same.txt"` twice silently kept the last one.
  @Test func twoInputsAtOnePathAreSaid() throws {
    let first = PlanInput(path: "same.txt", source: .blob, storageAccount: "st", container: "c", blob: "one.txt")
    let second = PlanInput(path: "./same.txt", source: .blob, storageAccount: "st", container: "c", blob: "two.txt")
    let harness = try RunHarness(Plans.plan([Plans.task("t", "/bin/true", inputs: [first, second])]))
    try harness.writeBlob("st", "c", "one.txt", "1")
    try harness.writeBlob("st", "c", "two.txt", "2")
    let result = try harness.run()
    #expect(
      result.output.contains(
        "note: task `t` of job `j` has two inputs at `same.txt`: the second replaces the first; give each its own path"),
      "\(result.output)")
  }

  @Test func missingInputFailsTheTaskClearly() throws {
    let input = PlanInput(
      path: "scene.blend", source: .blob, storageAccount: "st", container: "scenes", blob: "a/scene.blend")
    let harness = try RunHarness(Plans.plan([Plans.task("render", "/bin/true", inputs: [input])]))
    let result = try harness.run()
    #expect(result.status == 1)
    // Without its container, the message still names the file that would satisfy the input.
    #expect(
      result.output.contains(
        "input blob `st.scenes[\"a/scene.blend\"]` does not exist, nor does its container (looked for \(harness.storage)/st/scenes/a/scene.blend)"
      ), "\(result.output)")
    // As Batch keeps its failure information out of the task's logs, the runner's message is in
    // the events and on the console, not in the task's stderr.txt (review 17, item 15).
    #expect(
      harness.end(of: "render")?.fields["message"] as? String
        == "input blob `st.scenes[\"a/scene.blend\"]` does not exist, nor does its container (looked for \(harness.storage)/st/scenes/a/scene.blend)"
    )
    #expect(harness.read(harness.taskDirectory("render") + "/stderr.txt")?.contains("batchspec") != true)
  }

  @Test func inputsNoTaskWritesAreNamedOnceBeforeTheRun() throws {
    let missing = PlanInput(
      path: "scene.blend", source: .blob, storageAccount: "st", container: "scenes", blob: "a/scene.blend")
    let held = PlanInput(path: "frames/", source: .container, storageAccount: "st", container: "frames", prefix: "a/")
    let written = PlanInput(
      path: "made.txt", source: .blob, storageAccount: "st", container: "results", blob: "run/made.txt")
    let emptyUnder = PlanInput(
      path: "logs/", source: .container, storageAccount: "st", container: "frames", prefix: "z/")
    let harness = try RunHarness(
      Plans.plan([
        Plans.task(
          "make", Plans.sh("echo made > made.txt"), outputs: [Plans.output("made.txt", "results", path: "run/")]),
        Plans.task("render-1", "/bin/true", inputs: [missing, held]),
        Plans.task("render-2", "/bin/true", inputs: [missing, emptyUnder]),
        Plans.task("use", "/bin/cat made.txt", dependsOn: ["make"], inputs: [written]),
      ]))
    try harness.writeBlob("st", "frames", "a/1.png", "png")
    let result = try harness.run()
    let notes = result.output.split(separator: "\n").filter { $0.hasPrefix("note: input") }
    // One note per input, before any task's line; a blob a task uploads and a container that
    // holds blobs under the prefix are not named.
    #expect(
      notes == [
        "note: input `st.scenes[\"a/scene.blend\"]` is not in storage and no task of this run writes it: the 2 tasks that read it will fail; create \(harness.storage)/st/scenes/a/scene.blend",
        "note: input container `st.frames` holds no blob under `z/` and no task of this run writes one: the task that reads it will fail; create files in \(harness.storage)/st/frames whose names start with `z/`",
      ], "\(result.output)")
    #expect(result.output.hasPrefix("note: input"), "\(result.output)")
    #expect(harness.end(of: "use")?.state == "succeeded")
    // Once the blob is there, the tasks that did not succeed run again and the note is gone.
    try harness.writeBlob("st", "scenes", "a/scene.blend", "scene")
    try harness.writeBlob("st", "frames", "z/1.log", "log")
    let again = try harness.run()
    #expect(!again.output.contains("note: input"), "\(again.output)")
    #expect(again.status == 0, "\(again.output)")
  }

  /// explore24 M1: resuming kept a task that succeeded although its input blob had changed, or
  /// its output blob had been deleted, and said only "1 task already succeeded": stale results,
  /// exit 0. Such a task runs again, and so does every task after it.
  @Test func resumingRunsAgainWhatReadChangedInputsOrLostItsOutputs() throws {
    let input = PlanInput(path: "x.txt", source: .blob, storageAccount: "st", container: "data", blob: "x.txt")
    let harness = try RunHarness(
      Plans.plan([
        Plans.task(
          "copy", Plans.sh("cat x.txt > y.txt"), inputs: [input], outputs: [Plans.output("y.txt", "out")]),
        Plans.task("after", "/bin/true", dependsOn: ["copy"]),
        Plans.task("other", "/bin/true"),
      ]))
    try harness.writeBlob("st", "data", "x.txt", "v1\n")
    #expect(try harness.run().status == 0)
    #expect(harness.blob("st", "out", "y.txt") == "v1\n")
    let same = try harness.run()
    #expect(same.output.contains("resuming: 3 tasks already succeeded in an earlier run\n"), "\(same.output)")
    usleep(10_000)
    try harness.writeBlob("st", "data", "x.txt", "v2, longer\n")
    let changed = try harness.run()
    #expect(changed.status == 0)
    #expect(
      changed.output.contains("resuming: 1 task already succeeded in an earlier run; 2 that succeeded run again"),
      "\(changed.output)")
    #expect(harness.blob("st", "out", "y.txt") == "v2, longer\n")
    try FileManager.default.removeItem(atPath: harness.storage + "/st/out/y.txt")
    let lost = try harness.run()
    #expect(lost.output.contains("2 that succeeded run again"), "\(lost.output)")
    #expect(harness.blob("st", "out", "y.txt") == "v2, longer\n")
  }

  @Test func inputsAreStagedAndOutputsUploadedByCondition() throws {
    let inputs = [
      PlanInput(path: "scene.blend", source: .blob, storageAccount: "st", container: "scenes", blob: "a/scene.blend"),
      PlanInput(path: "frames/", source: .container, storageAccount: "st", container: "frames", prefix: "a/"),
    ]
    let outputs = [
      Plans.output("out/*.png", "results", path: "run/"),
      Plans.output("log.txt", "logs", path: "run/ok-log.txt", when: .success),
      Plans.output("log.txt", "logs", path: "run/failed-log.txt", when: .failure),
      Plans.output("log.txt", "logs", path: "run/any-log.txt", when: .completion),
      Plans.output("../std*.txt", "logs", path: "run/std/", when: .completion),
    ]
    let command = Plans.sh("mkdir out; cat scene.blend frames/a/1.png > out/x.png; echo done > log.txt; echo hi")
    let failing = Plans.sh("echo failing > log.txt; exit 4")
    let harness = try RunHarness(
      Plans.plan([
        Plans.task("good", command, inputs: inputs, outputs: outputs),
        Plans.task(
          "bad", failing,
          outputs: outputs.map {
            var o = $0; o.path = o.path.map { "bad-" + $0 }; return o
          }),
      ]))
    try harness.writeBlob("st", "scenes", "a/scene.blend", "scene\n")
    try harness.writeBlob("st", "frames", "a/1.png", "frame\n")
    try harness.writeBlob("st", "frames", "b/2.png", "other\n")
    let result = try harness.run()
    #expect(result.status == 1)
    #expect(harness.blob("st", "results", "run/x.png") == "scene\nframe\n")
    #expect(harness.blob("st", "logs", "run/ok-log.txt") == "done\n")
    #expect(harness.blob("st", "logs", "run/failed-log.txt") == nil)
    #expect(harness.blob("st", "logs", "run/any-log.txt") == "done\n")
    #expect(harness.blob("st", "logs", "run/std/stdout.txt") == "hi\n")
    #expect(harness.read(harness.taskDirectory("good") + "/wd/frames/b/2.png") == nil)
    #expect(harness.blob("st", "logs", "bad-run/ok-log.txt") == nil)
    #expect(harness.blob("st", "logs", "bad-run/failed-log.txt") == "failing\n")
    #expect(harness.blob("st", "logs", "bad-run/any-log.txt") == "failing\n")
  }

  @Test func pathsLeavingTheirDirectoryAreRefused() throws {
    let escapes: [(PlanTask, String)] = [
      (
        Plans.task(
          "input-up", "/bin/true",
          inputs: [PlanInput(path: "../../x", source: .blob, storageAccount: "st", container: "c", blob: "b")]),
        "input path `../../x` leaves its directory"
      ),
      (
        Plans.task(
          "input-absolute", "/bin/true",
          inputs: [PlanInput(path: "/tmp/x", source: .blob, storageAccount: "st", container: "c", blob: "b")]),
        "input path `/tmp/x` is absolute"
      ),
      (
        Plans.task("output-up", "/bin/true", outputs: [Plans.output("../../*.txt", "c")]),
        "output pattern `../../*.txt` leaves its directory"
      ),
      (
        Plans.task(
          "output-blob-up", Plans.sh("echo x > a.txt"), outputs: [Plans.output("a.txt", "c", path: "../../escape.txt")]),
        "blob name `../../escape.txt` leaves its directory"
      ),
      (
        Plans.task("symlink", "/bin/ln -s /etc/hostname leak.txt", outputs: [Plans.output("*.txt", "c")]),
        "`leak.txt` -> `/etc/hostname` matches output `*.txt` but leads outside the task directory"
      ),
    ]
    let harness = try RunHarness(Plans.plan(escapes.map(\.0)))
    try harness.writeBlob("st", "c", "b", "blob")
    let result = try harness.run()
    #expect(result.status == 1)
    for (task, message) in escapes {
      #expect(result.output.contains(message), "\(task.id): no `\(message)` in\n\(result.output)")
    }
    #expect(!FileManager.default.fileExists(atPath: harness.storage + "/escape.txt"))
    #expect(!FileManager.default.fileExists(atPath: harness.storage + "/st/c/leak.txt"))
  }
}

/// Whether `pid` is alive (a zombie counts as dead).
func isRunning(_ pid: Int32) -> Bool {
  guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
  guard let close = stat.lastIndex(of: ")") else { return false }
  let state = stat[stat.index(close, offsetBy: 2)]
  return state != "Z" && state != "X"
}
