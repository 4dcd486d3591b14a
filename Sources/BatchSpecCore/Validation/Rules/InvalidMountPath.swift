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
      for mount in pool.mounts {
        guard let label = mount.label else { continue }  // no label: BS2015 says so
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

  /// Why Batch cannot mount at `path`, if it cannot.
  static func problem(with path: String) -> String? {
    let segments = path.split(separator: "/", omittingEmptySubsequences: true)
    if segments.allSatisfy({ $0.allSatisfy { $0 == " " || $0 == "\t" } || $0 == "." }) { return "names no directory" }
    // A drive, `C:` or `C:\x`; `a:b` is a name on Linux.
    let first = Array(path.prefix(3))
    let drive =
      first.count >= 2 && first[0].isLetter && first[1] == ":" && (first.count == 2 || "/\\".contains(first[2]))
    if path.hasPrefix("/") || path.hasPrefix("\\") || drive {
      return "is absolute"
    }
    // `x/../y` stays inside; `../x` and `x/../../y` leave.
    var depth = 0
    for segment in segments {
      if segment == ".." { depth -= 1 } else if segment != "." { depth += 1 }
      if depth < 0 { return "leaves the mounts directory with `..`" }
    }
    return nil
  }

  /// `path` without `.` segments, resolved `..` and trailing `/`: `data/` and `./data` are `data`.
  static func normalized(_ path: String) -> Substring {
    var kept: [Substring] = []
    for segment in path.split(separator: "/") where segment != "." {
      if segment == "..", !kept.isEmpty { kept.removeLast() } else { kept.append(segment) }
    }
    return kept.count == 1 ? kept[0] : Substring(kept.joined(separator: "/"))
  }
}
