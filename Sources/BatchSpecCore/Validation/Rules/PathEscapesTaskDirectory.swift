// BS6004: an input or output path that leaves the task's directory.

/// Flags input destinations outside the working directory and output patterns outside the task directory.
package struct PathEscapesTaskDirectory: ValidationRule {
  package let code = DiagnosticCode(
    "BS6004", "path-escapes-task-directory", .error,
    "An input destination or output pattern that leaves the task's directory.")

  package let documentation = """
    ## What it does
    Resolves `..` in each `input` label (relative to the working directory `wd/`) and each `output`
    pattern. An input that is absolute or climbs out of `wd/` is an error; an output pattern that is
    absolute or climbs out of the task directory (the parent of `wd/`, where `stdout.txt` and
    `stderr.txt` live: `../std*.txt` is fine) is a warning.

    ## Why is this bad?
    Batch refuses a resource file whose path leaves the working directory. An output read from
    outside the task directory picks up other tasks' files, or the node's.

    ## Example
    ```
    input "../../shared/ref.fa" { blob = data.refs["ref.fa"] }
    ```

    ## Use instead
    ```
    input "ref/ref.fa" { blob = data.refs["ref.fa"] }
    ```

    ## Azure limit
    `resourceFiles[].filePath` is relative to the task's working directory and "cannot break out of
    it (for example by using '..')".
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for command in context.commandBlocks {
      for child in command.block.children where child.is(Schema.Input.self) || child.is(Schema.Output.self) {
        guard let path = child.label else { continue }
        // A relative path without `..` stays inside: most paths stop here.
        if Self.isPlainRelative(path) { continue }
        let isInput = child.is(Schema.Input.self)
        let absolute = path.hasPrefix("/") || path.hasPrefix("\\") || path.dropFirst().hasPrefix(":")
        let depth = Self.lowestDepth(path)
        if isInput && (absolute || depth < 0) {
          context.report(
            self, at: child.nameLocation,
            "input path `\(path)` leaves the task's working directory: Batch refuses it; write a path inside it, such as `\(Self.inside(path))`"
          )
        } else if !isInput && (absolute || depth < -1) {
          context.report(
            self, at: child.nameLocation,
            "output pattern `\(path)` reaches outside the task directory: it may upload other tasks' or the node's files; keep outputs in the working directory (or `../std*.txt`)",
            severity: .warning)
        }
      }
    }
  }

  /// Whether `path` is plainly relative: it starts with neither `/`, `\\` nor a drive (`C:`), and
  /// holds no `..`, so it can climb nowhere. Decided on UTF-8 bytes; false when unsure (any
  /// non-ASCII byte: the checks below compare characters, which may span several bytes).
  static func isPlainRelative(_ path: String) -> Bool {
    let plain = path.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
      guard let first = bytes.first, first != UInt8(ascii: "/"), first != UInt8(ascii: "\\") else { return false }
      if bytes.count > 1 && bytes[1] == UInt8(ascii: ":") { return false }
      var previousWasDot = false
      for byte in bytes {
        let isDot = byte == UInt8(ascii: ".")
        if (isDot && previousWasDot) || byte >= 0x80 { return false }
        previousWasDot = isDot
      }
      return true
    }
    return plain ?? false
  }

  /// How far above its start a path climbs at its lowest point: -1 is one `..` too many.
  static func lowestDepth(_ path: String) -> Int {
    var depth = 0
    var lowest = 0
    for segment in path.split(whereSeparator: { $0 == "/" || $0 == "\\" }) {
      if segment == ".." {
        depth -= 1
        lowest = min(lowest, depth)
      } else if segment != "." {
        depth += 1
      }
    }
    return lowest
  }

  /// The path with its climbing and root removed.
  static func inside(_ path: String) -> String {
    let kept = path.split(whereSeparator: { $0 == "/" || $0 == "\\" }).filter {
      $0 != ".." && $0 != "." && !$0.hasSuffix(":")
    }
    return kept.isEmpty ? "input/" : kept.joined(separator: "/") + (path.hasSuffix("/") ? "/" : "")
  }
}
