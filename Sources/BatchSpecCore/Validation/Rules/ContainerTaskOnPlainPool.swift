// BS5034: a task that runs in a container on a pool without a container configuration.

/// Flags the `container` block of a job's task, manager, preparation or release task, or of a
/// pool's start task, when the pool that runs it has no `containers` block.
package struct ContainerTaskOnPlainPool: ValidationRule {
  package let code = DiagnosticCode(
    "BS5034", "container-task-on-plain-pool", .error,
    "A task runs in a container on a pool that has no container configuration.")

  package let documentation = """
    ## What it does
    Checks every `container` block of a task, job manager, preparation, release or start task
    against the pool that runs it: the pool must have a `containers` block. A job whose pool the
    project does not declare (`existing_pool`) is not checked.

    ## Why is this bad?
    Batch refuses the task (or the pool, for a start task): a node starts containers only when its
    pool was created with a container configuration, which installs the container runtime and
    pulls the images. `batchspec run` refuses such a task too.

    ## Example
    ```
    pool reports {
      vm_size = "Standard_D2s_v5"
      image   = "canonical/ubuntu-24_04-lts/server"
    }
    job digest {
      pool = reports
      task summarize {
        command = "summarize"
        container { image = "simlab.azurecr.io/digest:3" }
      }
    }
    ```

    ## Use instead
    ```
    pool reports {
      vm_size = "Standard_D2s_v5"
      image   = "microsoft-dsvm/ubuntu-hpc/2204"
      containers {
        type   = docker_compatible
        images = ["simlab.azurecr.io/digest:3"]
      }
    }
    ```

    ## Azure limit
    `TaskContainerSettings` (Batch REST API 2025-06-01, `containerSettings` of a task, job
    manager, preparation, release or start task): "If the Pool that will run this Task doesn't
    have containerConfiguration set, this must not be set."
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for pool in context.pools where pool.child(\.containers) == nil {
      if let container = pool.child(\.startTask)?.child(\.container) {
        report(container, of: "the start task", pool: pool, &context)
      }
    }
    for job in context.jobs {
      guard let pool = context.facts.pool(of: job), pool.child(\.containers) == nil else { continue }
      if let manager = job.child(\.manager), let container = manager.child(\.container) {
        report(container, of: "job manager `\(manager.label ?? "")`", pool: pool, &context)
      }
      if let container = job.child(\.prepare)?.child(\.container) {
        report(container, of: "the preparation task of job `\(job.label ?? "")`", pool: pool, &context)
      }
      if let container = job.child(\.release)?.child(\.container) {
        report(container, of: "the release task of job `\(job.label ?? "")`", pool: pool, &context)
      }
      // Through the blocks in place: most tasks have no container, and no list is made for them.
      for task in job.instance.children where task.is(Schema.Task.self) {
        guard let container = task.children.first(where: { $0.is(Schema.TaskContainer.self) }) else { continue }
        report(Checked(container), of: "task `\(task.label ?? "")`", pool: pool, &context)
      }
    }
  }

  private func report(
    _ container: Checked<Schema.TaskContainer>, of task: String, pool: Checked<Schema.Pool>,
    _ context: inout ValidationContext
  ) {
    context.report(
      self, at: container.nameLocation,
      "\(task) runs in a container, but pool `\(pool.label ?? "")` has no `containers` block: Batch refuses it; give the pool a `containers` block with the image, or run the command on the node",
      notes: [Note("pool `\(pool.label ?? "")` is declared here", at: pool.nameLocation)])
  }
}
