// BS5044: a pool mounting more file systems than Batch allows on a node.

/// Flags a pool with more than 10 mounts (blobfuse, NFS, CIFS and Azure Files together).
package struct TooManyMounts: ValidationRule {
  package let code = DiagnosticCode(
    "BS5044", "too-many-mounts", .error, "A pool with more than 10 mounts: Batch allows 10 per node.")

  package let documentation = """
    ## What it does
    Counts each pool's `blobfuse_mount`, `nfs_mount`, `cifs_mount` and `azure_files_mount` blocks
    together, and flags the eleventh and each one after it.

    ## Why is this bad?
    Every node of the pool mounts every one of them, and Batch allows 10 mounts on a node: the
    pool is refused. The limit cannot be raised.

    ## Example
    ```
    pool p {
      blobfuse_mount "c1" { container = data.c1 }
      // ... ten more mounts
    }
    ```

    ## Use instead
    Mount the parent of several shares once, or give the tasks that need a container its blobs as
    inputs rather than a mount.

    ## Azure limit
    Mounts per node: 10, a fixed limit (`mountConfiguration` of a pool; Batch service quotas and
    limits).
    """

  private static let limit = 10

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for pool in context.pools {
      let mounts = pool.mounts
      guard mounts.count > Self.limit else { continue }
      let extra = mounts.dropFirst(Self.limit)
      for (position, mount) in zip((Self.limit + 1)..., extra) {
        context.report(
          self, at: mount.nameLocation,
          "pool `\(pool.label ?? "")` has \(mounts.count) mounts, and Batch mounts at most \(Self.limit) on a node: this is the \(Self.ordinal(position)); mount fewer, or give the tasks inputs instead"
        )
      }
    }
  }

  /// `11th`, `21st`, `22nd`, `23rd`.
  static func ordinal(_ number: Int) -> String {
    let suffix =
      (11...13).contains(number % 100)
      ? "th" : number % 10 == 1 ? "st" : number % 10 == 2 ? "nd" : number % 10 == 3 ? "rd" : "th"
    return "\(number)\(suffix)"
  }
}

extension Checked where Kind == Schema.Pool {
  /// The pool's mounts of every kind (blobfuse, NFS, CIFS, Azure Files), in the order written.
  var mounts: [BlockInstance] {
    (children(\.blobfuseMount).map(\.instance) + children(\.nfsMount).map(\.instance)
      + children(\.cifsMount).map(\.instance) + children(\.azureFilesMount).map(\.instance))
      .sorted { $0.nameLocation.range.start < $1.nameLocation.range.start }
  }
}
