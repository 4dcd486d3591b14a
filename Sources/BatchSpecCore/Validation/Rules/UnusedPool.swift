// BS5040: a pool that allocates nodes but runs no job of the project.

/// Flags a pool that asks for nodes (dedicated, spot or by an autoscale formula) when no job of
/// the project names it.
package struct UnusedPool: ValidationRule {
  package let code = DiagnosticCode(
    "BS5040", "unused-pool", .warning, "A pool that allocates nodes but runs no job of the project.")

  package let documentation = """
    ## What it does
    Checks every `pool` that asks for nodes (`dedicated_nodes` or `spot_nodes` above 0, or an
    `autoscale` formula) for a job of the project that runs on it: a job's `pool`, whether the
    job runs once or on a schedule. A pool with no nodes is not flagged, and neither is any pool
    of a project that declares no job at all (one that declares pools for jobs submitted some
    other way).

    ## Why is this bad?
    Azure allocates a pool's nodes as soon as the pool is created, runs its start task on each,
    and bills them until the pool is resized or deleted, whether or not a job ever runs there.
    The pool also counts against the account's pool and core quotas. A pool that no job names is
    usually one left behind by a rename, or a job pointed at the wrong pool. `batchspec run` does
    not start its nodes, so a local run does not show it either.

    If the pool is there for jobs submitted some other way, silence the finding on its line
    (`// batchspec-ignore unused-pool: why`).

    ## Example
    ```
    pool render-old {
      vm_size         = "Standard_D4s_v3"
      image           = "canonical/ubuntu-24_04-lts/server"
      dedicated_nodes = 8
    }
    pool render {
      vm_size         = "Standard_D4s_v3"
      image           = "canonical/ubuntu-24_04-lts/server"
      dedicated_nodes = 8
    }
    job frames {
      pool = render
      task f { command = "render" }
    }
    ```

    ## Use instead
    Remove `render-old`, or point the job that should run there at it.

    ## Azure limit
    Not a limit: pools are billed by their nodes (Batch pricing, "You pay only for the underlying
    resources consumed, such as the virtual machines"), and each pool counts against the
    account's pool quota (BS3004) and its nodes against the core quotas (BS3001 to BS3003).
    """

  /// Pool by pool: whether a pool is used is read from the index of the jobs' pool names, and the
  /// incremental validator looks again at a pool when the jobs that name it come or go.
  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    // A project of pools alone declares them for jobs submitted some other way.
    let index = context.facts.index
    guard index.declaresJobs else { return }
    for pool in context.pools {
      guard let id = pool.label, index.jobs(onPoolNamed: id.lowercasedKey).isEmpty else { continue }
      let dedicated = pool[\.dedicatedNodes] ?? 0
      let spot = pool[\.spotNodes] ?? 0
      let nodes: String
      if pool.child(\.autoscale) != nil {
        nodes = "the nodes its autoscale formula asks for"
      } else if dedicated > 0 || spot > 0 {
        nodes =
          "its "
          + [(dedicated, "dedicated"), (spot, "spot")].filter { $0.0 > 0 }
          .map { "\($0.0) \($0.1)" }.joined(separator: " and ") + " node\(dedicated + spot == 1 ? "" : "s")"
      } else {
        continue
      }
      context.report(
        self, at: pool.nameLocation,
        "pool `\(id)` runs no job of the project, but Azure allocates \(nodes) and bills \(dedicated + spot == 1 ? "it" : "them"): point a job at it (`pool = \(id)`) or remove it"
      )
    }
  }
}
