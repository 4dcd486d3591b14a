// The schema of job schedules: a job that Batch creates again and again.

extension Schema {
  /// `schedule`: creates a job from a job of the project at every recurrence.
  package enum Schedule: BlockKind {
    package static let job = AttributeKey<Reference>(
      "job", .reference(.job), required: true,
      rest: .custom("jobSpecification: the job's body without its ID", names: ["jobSpecification"]),
      "The job each run creates: a job of the project (its tasks come from its `manager`, which a scheduled job needs)."
    )
    package static let displayName = Schema.displayName
    package static let every = AttributeKey<Milliseconds>(
      "every", rest: "schedule.recurrenceInterval",
      "How often a job is created, counted from the previous job's creation. Without it, one job is created.")
    package static let startWindow = AttributeKey<Milliseconds>(
      "start_window", rest: "schedule.startWindow",
      "How late a job may be created after its due time; a run that cannot start in time is skipped.")
    package static let notBefore = AttributeKey<String>(
      "not_before", rest: "schedule.doNotRunUntil",
      "The earliest time a job is created, in UTC ISO 8601: `\"2026-01-01T02:00:00Z\"`.")
    package static let notAfter = AttributeKey<String>(
      "not_after", rest: "schedule.doNotRunAfter",
      "The time after which no job is created and the schedule completes, in UTC ISO 8601.")
    package static let metadata = Schema.metadata

    package static let schema = BlockSchema(
      "schedule", label: .resourceID(.schedule), repeatable: true,
      rest: .custom("the add-job-schedule body, BatchJobScheduleCreateOptions", names: []),
      "A job schedule: Batch creates a job from `job` every `every`, between `not_before` and `not_after`. The label is the schedule ID. Scheduled jobs count against the account's active job quota.",
      attributes: [
        job.schema, displayName.schema, every.schema, startWindow.schema, notBefore.schema, notAfter.schema,
        metadata.schema,
      ])
  }
}
