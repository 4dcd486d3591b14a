// BS5039: blob names that Azure keeps apart but a directory tree cannot: an empty, `.` or `..`
// segment, and one task's output blob that is another of its outputs' folder.

/// Flags blob names that `batchspec run`'s storage, a directory tree, cannot hold.
package struct BlobNameNotAPath: ValidationRule {
  package let code = DiagnosticCode(
    "BS5039", "blob-name-not-a-path", .warning,
    "A blob name with an empty, `.` or `..` segment, or a task's output blob that is the folder of another of its outputs."
  )

  package let documentation = """
    ## What it does
    Checks the blob names of inputs (`data.c["x//y.txt"]`) and outputs' `path`s for an empty
    segment (`//`), a `.` or a `..` segment, and a task's outputs for a blob that another of its
    outputs uses as a folder (`path = "report"` and `path = "report/b.txt"`).

    ## Why is this bad?
    Azure keeps `x//y.txt` and `x/y.txt` as two blobs, and holds a blob `report` beside
    `report/b.txt`. A directory tree cannot: `batchspec run`'s storage refuses such names, as does
    anything that maps the container onto files (blobfuse, an account with a hierarchical
    namespace, where a file and a folder cannot share a name). Such names are usually a mistake:
    an empty param in `"${dir}/${name}"`, or a file where a folder was meant.

    ## Example
    ```
    output "a.txt" { container = data.res, path = "x//a.txt" }
    output "log.txt" { container = data.res, path = "report" }
    output "b.txt" { container = data.res, path = "report/b.txt" }
    ```

    ## Use instead
    ```
    output "a.txt" { container = data.res, path = "x/a.txt" }
    output "log.txt" { container = data.res, path = "report.log" }
    output "b.txt" { container = data.res, path = "report/b.txt" }
    ```

    ## Azure limit
    None: Azure Blob Storage treats a blob name as a flat string in which `/` only shows virtual
    folders (Naming and Referencing Containers, Blobs, and Metadata). The limit is the local
    runner's, and that of tools that show a container as files.
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for command in context.commandBlocks {
      // The output blobs of this task with a whole name, and the folders its outputs write into.
      var files: [(name: String, location: Location)] = []
      var folders: Set<String> = []
      for child in command.block.children {
        if child.is(Schema.Input.self), let blob = child.written(Schema.Input.blob) {
          report(blob.value.name, at: blob.valueLocation, in: &context)
        }
        guard child.is(Schema.Output.self), let path = child.written(Schema.Output.path) else { continue }
        guard !report(path.value, at: path.valueLocation, in: &context) else { continue }
        let isFolder = path.value.hasSuffix("/") || (child.label ?? "").contains { "*?[".contains($0) }
        let name = isFolder ? String(path.value.dropLast(path.value.hasSuffix("/") ? 1 : 0)) : path.value
        if isFolder { folders.insert(name) } else { files.append((name, path.valueLocation)) }
        for index in name.indices where name[index] == "/" { folders.insert(String(name[..<index])) }
      }
      for file in files where folders.contains(file.name) {
        context.report(
          self, at: file.location,
          "this task writes the blob `\(file.name)` and blobs under `\(file.name)/`: Azure holds both, but "
            + "`batchspec run`'s storage (a directory tree) cannot; rename one")
      }
    }
  }

  /// Reports `name` when it has an empty, `.` or `..` segment (a leading or trailing `/` aside,
  /// and names BS4004 refuses, such as one ending in `.`); returns whether it did.
  @discardableResult
  private func report(_ name: String, at location: Location, in context: inout ValidationContext) -> Bool {
    let inner = name.split(separator: "/", omittingEmptySubsequences: false).dropFirst(name.hasPrefix("/") ? 1 : 0)
      .dropLast(name.hasSuffix("/") ? 1 : 0)
    guard inner.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }), StorageNames.blobPathProblem(name) == nil
    else { return false }
    context.report(
      self, at: location,
      "blob name `\(name)` has an empty, `.` or `..` segment: Azure keeps it apart from the name without it, but "
        + "`batchspec run`'s storage (a directory tree) cannot; remove the segment")
    return true
  }
}
