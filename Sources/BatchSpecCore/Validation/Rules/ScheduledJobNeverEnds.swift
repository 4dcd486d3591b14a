// BS5052: a job schedule whose job nothing ends, so Batch never creates the next one.

/// Flags a `schedule` whose job nothing ends (`on_all_tasks_complete` is `no_action`, no job
/// manager ends it, no `max_wall_clock`): the schedule's first job stays active, and Batch creates
/// no other while it is.
package struct ScheduledJobNeverEnds: ValidationRule {
  package let code = DiagnosticCode(
    "BS5052", "scheduled-job-never-ends", .warning,
    "A job schedule whose job nothing ends, so the schedule creates its first job and never another.")

  package let documentation = """
    ## What it does
    Flags the `job` of a recurring `schedule` (one with `every`) when nothing ends that job: its `on_all_tasks_complete` is
    `no_action` (the default), its job manager, if any, has `kill_job_on_completion = false`, and
    it has no `max_wall_clock`. An unsafe fix sets `on_all_tasks_complete = terminate_job` (as
    BS5046's does).

    ## Why is this bad?
    A job schedule has at most one active job. A job nothing ends stays active once its work is
    done, so every later run of the schedule is skipped: the schedule runs once, and nothing
    fails to say so. A local run always ends a job when its tasks do, so it does not show this.

    ## Example
    ```
    schedule hourly { job = etl, every = 1h }
    job etl {
      pool = p
      manager m { command = "python add_tasks.py", kill_job_on_completion = false }
    }
    ```

    ## Use instead
    ```
    schedule hourly { job = etl, every = 1h }
    job etl {
      pool                  = p
      on_all_tasks_complete = terminate_job
      manager m { command = "python add_tasks.py", kill_job_on_completion = false }
    }
    ```

    ## Azure limit
    Batch REST API 2025-06-01, `BatchJobScheduleConfiguration.recurrenceInterval`: "Because a Job
    Schedule can have at most one active Job under it at any given time, if it is time to create a
    new Job under a Job Schedule, but the previous Job is still running, the Batch service will not
    create the new Job until the previous Job finishes." `onAllTasksComplete` defaults to
    `noaction`.
    """

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for (schedule, job) in context.facts.scheduledJobs where schedule.has(\.every) && !job.endsByItself {
      let written = job.written(\.onAllTasksComplete)
      let manager = job.child(\.manager)?.written(\.killJobOnCompletion)
      context.report(
        self, at: schedule.written(\.job)?.valueLocation ?? schedule.nameLocation,
        "nothing ends job `\(job.label ?? "")` (`on_all_tasks_complete` is `no_action`"
          + (manager == nil ? "" : ", its manager does not kill it") + ", no `max_wall_clock`), and Batch creates a "
          + "schedule's next job only once the last one has finished: schedule `\(schedule.label ?? "")` runs once; "
          + "set `on_all_tasks_complete = terminate_job` in the job",
        notes: [
          Note("job `\(job.label ?? "")`", at: job.nameLocation),
          written.map { Note("`on_all_tasks_complete` is set here", at: $0.valueLocation) },
          manager.map { Note("`kill_job_on_completion` is set here", at: $0.valueLocation) },
        ].compactMap { $0 },
        fixIts: context.terminateJobFix(job))
    }
  }
}
