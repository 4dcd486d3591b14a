// BS5046: a release task in a job that never ends by itself.

/// Flags a job with a `release` task that nothing ends: `on_all_tasks_complete` is `no_action`
/// and no job manager or `max_wall_clock` ends it, so on Batch the release task waits until
/// someone terminates the job.
package struct ReleaseNeverRuns: ValidationRule {
  package let code = DiagnosticCode(
    "BS5046", "release-never-runs", .warning,
    "A job with a `release` task that never ends by itself, so the release task waits for someone to end it.")

  package let documentation = """
    ## What it does
    Flags a job with a `release` task whose `on_all_tasks_complete` is `no_action` (the default),
    with no job manager that ends it (`kill_job_on_completion`, the default) and no
    `max_wall_clock`. An unsafe fix sets `on_all_tasks_complete = terminate_job`.

    ## Why is this bad?
    Batch runs a job's release task on each node when the job ends, and such a job stays active
    once its tasks are done: the release task (uploading logs, cleaning the nodes) waits until
    someone terminates or deletes the job, and the job counts against the active job quota. A
    local run always ends when its tasks do and runs the release task then, so it does not show
    the difference.

    ## Example
    ```
    job j {
      pool = p
      prepare { command = "/bin/sh -c 'mkdir -p $AZ_BATCH_NODE_SHARED_DIR/cache'" }
      release { command = "/bin/sh -c 'rm -rf $AZ_BATCH_NODE_SHARED_DIR/cache'" }
      task t { command = "run.sh" }
    }
    ```

    ## Use instead
    ```
    job j {
      pool                  = p
      on_all_tasks_complete = terminate_job
      prepare { command = "/bin/sh -c 'mkdir -p $AZ_BATCH_NODE_SHARED_DIR/cache'" }
      release { command = "/bin/sh -c 'rm -rf $AZ_BATCH_NODE_SHARED_DIR/cache'" }
      task t { command = "run.sh" }
    }
    ```

    ## Azure limit
    "When a job is being terminated, the job release task is run on each of the pool nodes where a
    job preparation task was run"; `onAllTasksComplete` defaults to `noaction`.
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for job in context.jobs {
      guard let release = job.child(\.release), !job.endsByItself else { continue }
      let written = job.written(\.onAllTasksComplete)
      context.report(
        self, at: release.nameLocation,
        "the `release` task of job `\(job.label ?? "")` runs when the job ends, but nothing ends it: "
          + "`on_all_tasks_complete` is `no_action`, so on Batch the job stays active once its tasks are done and the "
          + "release task waits until someone terminates it; set `on_all_tasks_complete = terminate_job`",
        notes: written.map { [Note("`on_all_tasks_complete` is set here", at: $0.valueLocation)] } ?? [],
        fixIts: context.terminateJobFix(job))
    }
  }
}
