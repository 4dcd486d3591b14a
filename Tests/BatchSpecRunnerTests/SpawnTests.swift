// Starting processes from the spawner's threads: every start reported once, however fast its
// process ends; a start that fails fails its task; exits reaped early matched only to their start.

import Foundation
import Testing

import BatchSpecCore
import BatchSpecPlan
import BatchSpecRunner

@Suite struct SpawnTests {
  /// Many tasks that end at once on many slots: each begins and ends once in the journal,
  /// succeeded, whether its exit was reaped before or after its start was reported.
  @Test func manyInstantTasksEachRunOnceAndSucceed() throws {
    let count = 400
    let tasks = (1...count).map { Plans.task("t\($0)", "/bin/true") }
    let harness = try RunHarness(Plans.plan(tasks, slots: 8))
    let result = try harness.run()
    #expect(result.status == 0, "\(result.output)")
    #expect(result.output.contains("\(count) tasks: \(count) succeeded"), "\(result.output)")
    let journal = harness.read(harness.workDirectory + "/journal.jsonl") ?? ""
    let records = journal.split(separator: "\n").compactMap { line in
      try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    }
    for kind in ["begin", "end"] {
      let tasks = records.filter { $0["record"] as? String == kind }.compactMap { $0["task"] as? String }
      #expect(tasks.count == count, "\(kind) records")
      #expect(Set(tasks).count == count, "each task's \(kind) once")
    }
    #expect(peakConcurrency(harness.events()) <= 8)
  }

  /// A program that exists and is executable but that the kernel cannot run fails when its
  /// start is tried (on a spawner thread): a pre-processing error in its stderr.txt; the other
  /// tasks run.
  @Test func aProgramThatCannotBeExecutedFailsItsTaskOnly() throws {
    let harness = try RunHarness(Plans.plan([]))
    let program = harness.root + "/not-a-program"
    try Data([0, 1, 2, 3, 0xff]).write(to: URL(fileURLWithPath: program))
    chmod(program, 0o755)
    harness.plan = Plans.plan([Plans.task("bad", program), Plans.task("good", "/bin/true")], slots: 2)
    let result = try harness.run()
    #expect(result.status == 1)
    #expect(harness.end(of: "bad")?.failure == "pre_processing")
    #expect(harness.end(of: "good")?.state == "succeeded")
    let message = harness.end(of: "bad")?.fields["message"] as? String ?? ""
    #expect(message.contains("cannot start"), "\(message)")
  }

  /// An exit reaped before its start was reported belongs to that start only when the start was
  /// requested before the exit was reaped: a PID reused by a later start is a new process.
  @Test func anEarlyExitIsClaimedOnlyByAStartRequestedBeforeIt() {
    var exits = EarlyExits()
    exits.record(100, status: 0, lastSerial: 3)
    exits.record(200, status: 256, lastSerial: 3)
    #expect(exits.claim(100, serial: 3) == 0)
    #expect(exits.claim(100, serial: 3) == nil, "claimed once")
    #expect(exits.claim(200, serial: 4) == nil, "a later start reusing the PID")
    #expect(exits.isEmpty)

    exits.record(300, status: 9, lastSerial: 5)
    exits.forget(before: 5)
    #expect(!exits.isEmpty, "start 5 may still claim it")
    exits.forget(before: 6)
    #expect(exits.isEmpty)
  }
}
