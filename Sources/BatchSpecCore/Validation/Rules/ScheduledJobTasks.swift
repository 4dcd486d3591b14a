// BS5033: tasks written in a job that a job schedule creates, where Azure never adds them.

/// Flags `task` blocks of a job that a `schedule` names.
package struct ScheduledJobTasks: ValidationRule {
  package let code = DiagnosticCode(
    "BS5033", "scheduled-job-tasks", .error,
    "Tasks written in a job that a job schedule creates: Azure's schedule never adds them.")

  package let documentation = """
    ## What it does
    Looks at each job a `schedule` names and reports its `task` blocks.

    ## Why is this bad?
    Batch creates every run of a schedule from the schedule's job specification, which has a job
    manager, preparation and release tasks but no tasks: `compile --target azure-batch` has nowhere
    to put them, so they would run under `batchspec run` and never in Azure.

    ## Example
    ```
    schedule nightly { job = digest, every = 1d }
    job digest {
      pool = reports
      task summarize { command = "summarize --since 24h" }
    }
    ```

    ## Use instead
    ```
    schedule nightly { job = digest, every = 1d }
    job digest {
      pool = reports
      manager summarize { command = "summarize --since 24h" }
    }
    ```
    A manager that has more work to do adds the tasks itself (through the Batch API, with
    `kill_job_on_completion = false`, and `on_all_tasks_complete = terminate_job` on the job so
    that the schedule's next run can start: BS5052).

    ## Azure limit
    `jobSpecification` of a job schedule (`BatchJobSpecification`, Batch REST API 2025-06-01) holds
    `jobManagerTask`, `jobPreparationTask` and `jobReleaseTask`; tasks are added to a job after it
    exists, and the jobs of a schedule are created by the service.
    """

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for (schedule, job) in context.facts.scheduledJobs {
      for task in job.children(\.task) {
        context.report(
          self, at: task.nameLocation,
          "job `\(job.label ?? "")` is created by schedule `\(schedule.label ?? "")`, whose runs hold no tasks: Azure never runs task `\(task.label ?? "")`; make it the job's `manager`, or have the manager add it",
          notes: [
            Note(
              "schedule `\(schedule.label ?? "")` names the job here",
              at: schedule.written(\.job)?.valueLocation ?? schedule.nameLocation)
          ])
      }
    }
  }
}
