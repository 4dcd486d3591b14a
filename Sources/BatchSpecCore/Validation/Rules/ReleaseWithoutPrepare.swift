// BS5006: a job release task without a job preparation task.

/// Flags a job with a `release` block and no `prepare` block.
package struct ReleaseWithoutPrepare: ValidationRule {
  package let code = DiagnosticCode(
    "BS5006", "release-without-prepare", .error, "A job with a `release` task but no `prepare` task.")

  package let documentation = """
    ## What it does
    Flags a job that declares a `release` block but no `prepare` block.

    ## Why is this bad?
    Batch refuses the job: the release task runs on the nodes that ran the preparation task, so
    without one it has nowhere to run.

    ## Example
    ```
    job j { release { command = "/bin/sh -c 'rm -rf $AZ_BATCH_NODE_SHARED_DIR/cache'" } }
    ```

    ## Use instead
    ```
    job j {
      prepare { command = "/bin/sh -c 'mkdir -p $AZ_BATCH_NODE_SHARED_DIR/cache'" }
      release { command = "/bin/sh -c 'rm -rf $AZ_BATCH_NODE_SHARED_DIR/cache'" }
    }
    ```

    ## Azure limit
    `jobReleaseTask` requires `jobPreparationTask`.
    """

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for job in context.project.jobs {
      guard let release = job.child(\.release), job.child(\.prepare) == nil else { continue }
      context.report(
        self, at: release.nameLocation,
        "job `\(job.label ?? "")` has a `release` task but no `prepare` task: add `prepare { command = \"...\" }` (it may do nothing), or remove `release`"
      )
    }
  }
}
