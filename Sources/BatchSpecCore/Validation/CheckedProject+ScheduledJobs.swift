// Which job each job schedule creates: read by the rules about scheduled jobs (BS5033, BS5051,
// BS5052).

extension CheckedProject {
  /// Each `schedule` whose `job` names a job of the project, with that job, in schedule order.
  /// Empty, at no cost, in a project without schedules.
  package var scheduledJobs: [(schedule: Checked<Schema.Schedule>, job: Checked<Schema.Job>)] {
    guard !schedules.isEmpty else { return [] }
    let jobs = Dictionary(
      self.jobs.compactMap { job in job.label.map { ($0.lowercasedKey, job) } }, uniquingKeysWith: { first, _ in first }
    )
    return schedules.compactMap { schedule in
      schedule[\.job].flatMap { jobs[$0.key] }.map { (schedule, $0) }
    }
  }
}
