// The journal and the event log keep their bytes now that Core's JSON writes them: a work
// directory whose journal an earlier version wrote (through `JSONSerialization` and Foundation's
// `JSONEncoder` fingerprints) resumes without rerunning what succeeded; `run` refuses a bad plan
// before anything runs.

import Foundation
import Testing

import BatchSpecCore
import BatchSpecPlan

@Suite struct JournalCompatibilityTests {
  /// A task's fingerprint as versions before Core's JSON computed it: FNV-1a over Foundation's
  /// sorted-key JSON of the task and its job's environment.
  static func earlierFingerprint(_ task: PlanTask, job: PlanJob) throws -> String {
    struct Key: Encodable {
      var task: PlanTask
      var jobEnvironment: [String: String]
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in try encoder.encode(Key(task: task, jobEnvironment: job.environment)) {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    return String(hash, radix: 16)
  }

  @Test func aJournalWrittenByAnEarlierVersionResumes() throws {
    // Slashes, escapes, non-ASCII and mixed-case keys: everything the fingerprint's bytes depend on.
    var tasks = ["a", "b", "c"].map { id in
      Plans.task(id, Plans.sh("echo $AZ_BATCH_TASK_ID >> $AZ_BATCH_NODE_SHARED_DIR/ran"))
    }
    tasks[0].environment = ["Path/To": "/usr/bin:\"q\"\t", "path": "é😀", "_x": "\u{1}", "X10": "1", "X9": "2"]
    tasks[1].displayName = "b/β"
    var plan = Plans.plan(tasks)
    plan.jobs[0].environment = ["B": "1", "a": "2"]
    let harness = try RunHarness(plan)
    let job = plan.jobs[0]
    try FileManager.default.createDirectory(atPath: harness.workDirectory, withIntermediateDirectories: true)

    // What earlier versions appended: a begin and an end per task, and enough failed attempts
    // of `c` that this run compacts the journal.
    var journal = ""
    for task in tasks.prefix(2) {
      journal += #"{"record":"begin","job":"j","task":"\#(task.id)","attempt":1,"pgid":999999999}"# + "\n"
      journal +=
        #"{"record":"end","job":"j","task":"\#(task.id)","state":"succeeded","exitCode":0,"#
        + #""dependencyAction":"satisfy","fingerprint":"\#(try Self.earlierFingerprint(task, job: job))"}"# + "\n"
    }
    for attempt in 1...600 {
      journal += #"{"record":"begin","job":"j","task":"c","attempt":\#(attempt),"pgid":999999999}"# + "\n"
      journal += #"{"record":"end","job":"j","task":"c","state":"failed","exitCode":1,"fingerprint":"0"}"# + "\n"
    }
    journal += #"{"record":"end","job":"j","task":"c","state":"succ"#  // a torn last line
    try journal.write(toFile: harness.workDirectory + "/journal.jsonl", atomically: true, encoding: .utf8)

    let result = try harness.run()
    #expect(result.status == 0, "\(result.output)")
    #expect(result.output.contains("resuming: 2 tasks already succeeded in an earlier run"), "\(result.output)")
    #expect(harness.read(harness.node() + "/shared/ran") == "c\n")

    // Compacted to the successes, then this run's records, in the format earlier versions wrote.
    let lines = try #require(harness.read(harness.workDirectory + "/journal.jsonl")).split(separator: "\n")
    #expect(lines.count == 4)
    #expect(
      lines.first
        == #"{"record":"end","job":"j","task":"a","state":"succeeded","fingerprint":"\#(try Self.earlierFingerprint(tasks[0], job: job))"}"#
    )
    #expect(lines.dropFirst(2).first?.hasPrefix(#"{"record":"begin","job":"j","task":"c","attempt":1,"pgid":"#) == true)
    #expect(lines.last?.hasPrefix(#"{"record":"end","job":"j","task":"c","state":"succeeded","exitCode":0,"#) == true)

    // A third run reuses all three.
    let again = try harness.run()
    #expect(again.output.contains("resuming: 3 tasks already succeeded"), "\(again.output)")
  }

  @Test func eventLinesGiveTimesToTheMillisecond() throws {
    let harness = try RunHarness(Plans.plan([Plans.task("t", "/bin/true")]))
    #expect(try harness.run().status == 0)
    let text = try #require(harness.read(harness.eventsPath))
    let lines = text.split(separator: "\n")
    #expect(lines.count >= 3)
    for line in lines {
      #expect(
        line.wholeMatch(of: #/\{"time":\d+\.\d{3},"event":"[a-z-]+"(,"[A-Za-z]+":("[^"]*"|-?\d+(\.\d{1,3})?))*\}/#)
          != nil,
        "\(line)")
    }
  }

  /// Eight tasks start at once: each start is stamped when its spawn began, and written once the
  /// spawn returns, after events stamped later. The times still never go back, and each task's end
  /// gives its exact duration, which is what a reader of the events measures.
  @Test func eventTimesNeverGoBackAndEndsGiveExactDurations() throws {
    let tasks = (1...8).map { Plans.task("t\($0)", Plans.sh("sleep 0.2")) }
    let harness = try RunHarness(Plans.plan(tasks, nodes: 2, slots: 4))
    #expect(try harness.run().status == 0)
    let events = harness.events()
    for (earlier, later) in zip(events, events.dropFirst()) {
      #expect(later.time >= earlier.time, "\(later.fields) is written after \(earlier.fields)")
    }
    let measured = RunEvents.parse(Array(FileManager.default.contents(atPath: harness.eventsPath) ?? Data()))
    for task in tasks {
      let end = try #require(events.last { $0.name == "task-end" && $0.task == task.id })
      let duration = try #require(end.fields["duration"] as? Double, "\(end.fields)")
      #expect(duration >= 0.2 && duration < 10, "\(task.id) ran \(duration) s")
      #expect(measured.task("j", task.id)?.duration.map { abs($0 - duration) < 0.002 } == true)
    }
  }

  @Test func runRefusesABadPlanBeforeAnythingRuns() throws {
    let harness = try RunHarness(
      Plans.plan([
        Plans.task(
          "t", Plans.sh("echo out > out.txt; touch $AZ_BATCH_NODE_SHARED_DIR/ran"),
          outputs: [Plans.output("out.txt", "results")])
      ]))
    try harness.plan.jsonString().replacingOccurrences(of: #""success""#, with: #""sometimes""#)
      .write(toFile: harness.planPath, atomically: true, encoding: .utf8)
    let bad = try batchspec(harness.arguments)
    #expect(bad.status == 2)
    #expect(
      bad.stderr
        == "error: \(harness.planPath): malformed plan: $.jobs[0].tasks[0].outputs[0].uploadCondition must be one of \"success\", \"failure\", \"completion\", not \"sometimes\"\n"
    )
    #expect(!FileManager.default.fileExists(atPath: harness.workDirectory))
    #expect(!FileManager.default.fileExists(atPath: harness.eventsPath))

    let good = try harness.run()
    #expect(good.status == 0, "\(good.output)")
    #expect(harness.blob("st", "results", "out.txt") == "out\n")
  }
}
