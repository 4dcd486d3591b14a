// BS5047: a mount's path that Batch cannot mount at.

/// Flags a mount (blobfuse, NFS, CIFS, Azure Files) whose label, the path under the node's mounts
/// directory, is empty, absolute or climbs out with `..`, and two mounts of one pool at one path.
package struct InvalidMountPath: ValidationRule {
  package let code = DiagnosticCode(
    "BS5047", "invalid-mount-path", .error,
    "A mount path that is empty, absolute or leaves the mounts directory with `..`, or that another mount of the pool uses."
  )

  package let documentation = """
    ## What it does
    Checks the label of every `blobfuse_mount`, `nfs_mount`, `cifs_mount` and
    `azure_files_mount`, Batch's `relativeMountPath`: it must name a directory under the node's
    mounts directory (`$AZ_BATCH_NODE_MOUNTS_DIR`), so it may not be empty, start with `/` or hold
    a `..` segment; and two mounts of one pool may not share a path, whatever their kinds.

    ## Why is this bad?
    A node mounts every file system of its pool when it starts: a path Batch cannot use, or a
    second file system over the first, leaves the node unusable, and the pool's tasks never run.

    ## Example
    ```
    nfs_mount "/mnt/data" { source = "10.0.0.4:/exports/data" }
    cifs_mount "data" { source = "//fs/share", user = "u", password = env("PW") }
    ```

    ## Use instead
    ```
    nfs_mount "data" { source = "10.0.0.4:/exports/data" }
    cifs_mount "share" { source = "//fs/share", user = "u", password = env("PW") }
    ```

    ## Azure limit
    `relativeMountPath`: "The relative path on the compute node where the file system will be
    mounted. All file systems are mounted relative to the Batch mounts directory".
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for pool in context.pools {
      var seen: [(path: Substring, mount: BlockInstance)] = []
      for mounts in [
        pool.children(\.blobfuseMount).map(\.instance), pool.children(\.nfsMount).map(\.instance),
        pool.children(\.cifsMount).map(\.instance), pool.children(\.azureFilesMount).map(\.instance),
      ] where !mounts.isEmpty {
        for mount in mounts {
          let label = mount.label ?? ""
          if let problem = Self.problem(with: label) {
            context.report(
              self, at: mount.nameLocation,
              "`\(mount.kind)` path `\(label)` \(problem): Batch mounts each file system at a relative path under "
                + "the node's mounts directory (`$AZ_BATCH_NODE_MOUNTS_DIR`); write a name such as `data`")
            continue
          }
          let path = Self.normalized(label)
          if let other = seen.first(where: { $0.path == path })?.mount {
            context.report(
              self, at: mount.nameLocation,
              "pool `\(pool.label ?? "")` already mounts `\(other.kind) \"\(other.label ?? "")\"` at `\(path)`: a node "
                + "cannot mount two file systems at one path; give this one its own",
              notes: [Note("the other mount", at: other.nameLocation)])
          } else {
            seen.append((path, mount))
          }
        }
      }
    }
  }

  /// Why Batch cannot mount at `path`, if it cannot.
  static func problem(with path: String) -> String? {
    if path.allSatisfy({ $0 == " " || $0 == "/" || $0 == "." }) { return "names no directory" }
    if path.hasPrefix("/") || path.hasPrefix("\\") || path.dropFirst().hasPrefix(":") { return "is absolute" }
    if path.split(whereSeparator: { $0 == "/" || $0 == "\\" }).contains("..") {
      return "leaves the mounts directory with `..`"
    }
    return nil
  }

  /// `path` without `./` segments and trailing `/`: `data/` and `./data` are `data`.
  static func normalized(_ path: String) -> Substring {
    let segments = path.split(whereSeparator: { $0 == "/" || $0 == "\\" }).filter { $0 != "." }
    return segments.count == 1 ? segments[0] : Substring(segments.joined(separator: "/"))
  }
}
