// BS5033's note points at where the schedule names the job, not at the schedule's label.

import BatchSpecCore
import Testing

@Suite struct ScheduledJobTasksTests {
  @Test func theNoteIsAtTheScheduleJobAttribute() throws {
    let spec = """
      existing_pool reports {}
      job digest {
        pool = reports
        task t { command = "run" }
      }
      schedule nightly {
        job   = digest
        every = 1d
      }

      """
    let (_, result) = validate(spec)
    let finding = try #require(result.diagnostics.first { $0.code.rawValue == "BS5033" })
    let note = try #require(finding.notes.first?.location)
    let bytes = Array(spec.utf8)
    #expect(String(decoding: bytes[note.range.start..<note.range.end], as: UTF8.self) == "digest")
    #expect(note.range.start > Array("existing_pool reports {}\njob digest {".utf8).count)
  }
}
