// BS5051: an auto pool that lives as long as a job schedule, used by a job no schedule creates.

/// Flags a job that no `schedule` creates and that runs on an auto pool with `lifetime =
/// job_schedule`.
package struct ScheduleLifetimeOnJob: ValidationRule {
  package let code = DiagnosticCode(
    "BS5051", "schedule-lifetime-on-job", .error,
    "A job no schedule creates, on an auto pool with `lifetime = job_schedule`: Batch allows that lifetime only on job schedules."
  )

  package let documentation = """
    ## What it does
    Flags the `pool` of a job that runs on its own (no `schedule` names it) when the pool is an
    auto pool with `lifetime = job_schedule`. When no schedule's job uses the pool either, a fix
    sets `lifetime = job`, the only lifetime such a job can have.

    ## Why is this bad?
    Batch refuses the job with 400 (Bad Request). A job on its own has no schedule for the pool
    to outlive: its auto pool lives as long as the job.

    ## Example
    ```
    pool scratch {
      vm_size = "Standard_D4s_v3"
      image   = "canonical/ubuntu-24_04-lts/server"
      auto { lifetime = job_schedule }
    }
    job once { pool = scratch, task t { command = "run.sh" } }
    ```

    ## Use instead
    ```
    pool scratch {
      vm_size = "Standard_D4s_v3"
      image   = "canonical/ubuntu-24_04-lts/server"
      auto { lifetime = job }
    }
    job once { pool = scratch, task t { command = "run.sh" } }
    ```

    ## Azure limit
    Batch REST API 2025-06-01, `BatchPoolLifetimeOption.jobschedule`: "The Pool exists for the
    lifetime of the Job Schedule. The Batch Service creates the Pool when it creates the first Job
    on the schedule. You may apply this option only to Job Schedules, not to Jobs."
    """

  package init() {}

  package func check(_ context: inout ValidationContext) {
    let project = context.project
    let facts = context.facts
    // This runs after every edit: the pools are read first, by their `auto` child alone (most have
    // none), and the jobs only on the few whose lifetime is a schedule's, through the index.
    let autoSchema = Schema.AutoPool.schema
    for (position, pool) in project.pools.enumerated() {
      guard pool.instance.children.contains(where: { $0.schema === autoSchema }),
        let lifetime = pool.child(\.auto)?.written(\.lifetime), lifetime.value == .jobSchedule,
        let key = pool.label?.lowercasedKey, facts.index.poolByID[key] == position
      else { continue }
      let runs = facts.scheduledJobs.map(\.job)
      for job in facts.index.jobs(onPoolNamed: key).map({ project.jobs[$0] }) {
        guard let reference = job.written(\.pool), !runs.contains(where: { $0.instance === job.instance }) else {
          continue
        }
        let shared = runs.contains { $0[\.pool]?.key == key }
        context.report(
          self, at: reference.valueLocation,
          "job `\(job.label ?? "")` runs on its own, but its auto pool `\(pool.label ?? "")` has `lifetime = job_schedule`, which Batch allows only for the jobs of a job schedule: "
            + (shared
              ? "give this job an auto pool of its own with `lifetime = job`"
              : "set `lifetime = job` (the pool then lives as long as the job)"),
          notes: [Note("the lifetime", at: lifetime.valueLocation)],
          fixIts: shared || !context.isWord(lifetime.valueLocation, "job_schedule")
            ? [] : [context.replace("set `lifetime = job`", lifetime.valueLocation, with: "job", safe: true)])
      }
    }
  }
}
