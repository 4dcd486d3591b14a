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
      // The output paths of this task: a clash needs two of them, so a task with one allocates
      // nothing.
      var first: Output?
      var others: [Output] = []
      for child in command.block.children {
        if child.is(Schema.Input.self), let blob = child.written(Schema.Input.blob) {
          report(blob.value.name, at: blob.valueLocation, in: &context)
        }
        guard child.is(Schema.Output.self), let path = child.written(Schema.Output.path) else { continue }
        guard !report(path.value, at: path.valueLocation, in: &context) else { continue }
        let isFolder = path.value.utf8.last == UInt8(ascii: "/") || (child.label.map(Self.isPattern) ?? false)
        let output = Output(path: path.value, isFolder: isFolder, location: path.valueLocation)
        if first == nil { first = output } else { others.append(output) }
      }
      guard let first, !others.isEmpty else { continue }
      reportClashes([first] + others, &context)
    }
  }

  /// An output's blob path, whether its blobs go under it, and where it is written.
  private struct Output {
    var path: String
    var isFolder: Bool
    var location: Location
  }

  /// Reports each output blob of one task whose name is also a folder another of its outputs
  /// writes into.
  private func reportClashes(_ outputs: [Output], _ context: inout ValidationContext) {
    var folders: Set<Substring> = []
    for output in outputs {
      let name = output.path.utf8.last == UInt8(ascii: "/") ? output.path.dropLast() : output.path[...]
      if output.isFolder { folders.insert(name) }
      for index in name.utf8.indices where name.utf8[index] == UInt8(ascii: "/") { folders.insert(name[..<index]) }
    }
    for output in outputs where !output.isFolder && folders.contains(output.path[...]) {
      context.report(
        self, at: output.location,
        "this task writes the blob `\(output.path)` and blobs under `\(output.path)/`: Azure holds both, but "
          + "`batchspec run`'s storage (a directory tree) cannot; rename one")
    }
  }

  /// Whether an output's file pattern holds a wildcard (`*`, `?` or `[`): its blobs go under its path.
  private static func isPattern(_ label: String) -> Bool {
    label.utf8.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[") }
  }

  /// Reports `name` when it has an empty, `.` or `..` segment (a leading or trailing `/` aside,
  /// and names BS4004 refuses, such as one ending in `.`); returns whether it did. On UTF-8 bytes:
  /// every input and output of every task passes here.
  @discardableResult
  private func report(_ name: String, at location: Location, in context: inout ValidationContext) -> Bool {
    guard Self.hasDotOrEmptySegment(name), StorageNames.blobPathProblem(name) == nil else { return false }
    context.report(
      self, at: location,
      "blob name `\(name)` has an empty, `.` or `..` segment: Azure keeps it apart from the name without it, but "
        + "`batchspec run`'s storage (a directory tree) cannot; remove the segment")
    return true
  }

  /// Whether a segment of `name` between its first and last byte (a leading or trailing `/` aside)
  /// is empty, `.` or `..`.
  package static func hasDotOrEmptySegment(_ name: String) -> Bool {
    name.utf8.withContiguousStorageIfAvailable(hasDotOrEmptySegment)
      ?? Array(name.utf8).withUnsafeBufferPointer(
        hasDotOrEmptySegment)
  }

  private static func hasDotOrEmptySegment(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
    let slash = UInt8(ascii: "/")
    let dot = UInt8(ascii: ".")
    var bytes = name[...]
    guard bytes.count > 1 || bytes.first != slash else { return false }  // `/` is both ends
    if bytes.first == slash { bytes = bytes.dropFirst() }
    if bytes.last == slash { bytes = bytes.dropLast() }
    // The current segment's length, and how many of its bytes are dots.
    var length = 0
    var dots = 0
    for byte in bytes {
      if byte == slash {
        if length == 0 || (length == dots && dots <= 2) { return true }
        length = 0
        dots = 0
      } else {
        length += 1
        if byte == dot { dots += 1 }
      }
    }
    return length == 0 || (length == dots && dots <= 2)
  }
}
