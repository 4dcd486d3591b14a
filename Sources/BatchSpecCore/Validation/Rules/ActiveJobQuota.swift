// BS3005: more jobs in an account than its active-job quota.

/// Flags an account whose jobs outnumber its active job and job schedule quota.
package struct ActiveJobQuota: ValidationRule {
  package let code = DiagnosticCode(
    "BS3005", "active-job-quota-exceeded", .error, "An account has more jobs than its active-job quota.")

  package let documentation = """
    ## What it does
    Counts the jobs whose pool belongs to each Batch account, across the project's files, and compares
    the count with `quota { active_jobs }`; without a declared quota, the documented default (300,
    configurable) is assumed and the finding is a warning. A project that declares no `account` is
    checked in the same way against the account it is submitted to. Every job of a spec is active
    once submitted.

    ## Why is this bad?
    Adding a job over the quota fails: the last jobs of the spec are never created.

    ## Example
    ```
    account lab { location = "eastus", quota { active_jobs = 1 } }
    job a { pool = p, ... }
    job b { pool = p, ... }
    ```

    ## Use instead
    Merge jobs (tasks of one job can differ in everything but the pool), let finished jobs complete
    with `on_all_tasks_complete = terminate_job`, or raise the quota.

    ## Azure limit
    Active jobs and job schedules per Batch account: 100-300 by default, at most 1,000. Completed jobs
    do not count. The quota applies in both allocation modes.
    """

  package init() {}

  package func check(_ context: inout ValidationContext) {
    let facts = context.facts
    for account in facts.quotaAccounts {
      let jobs = facts.jobs(of: account)
      guard
        let limit = QuotaSupport.limit(
          account, \.activeJobs, assumed: context.configuration.assumedQuotas.activeJobs,
          undeclaredAt: jobs.first?.nameLocation)
      else { continue }
      guard jobs.count > limit.value else { continue }
      context.report(
        self, at: limit.location,
        "\(QuotaSupport.owner(account)) has \(jobs.count) jobs, \(Int64(jobs.count) - limit.value) over \(limit.phrase(\.activeJobs)): merge jobs or raise the quota",
        severity: limit.severity, notes: QuotaSupport.listNotes(jobs, kind: "job"))
    }
  }
}
