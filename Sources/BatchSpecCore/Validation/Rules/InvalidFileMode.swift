// BS5038: an input's `file_mode` that is not a Linux mode in octal.

/// Flags an input's `file_mode` that is not three or four octal digits.
package struct InvalidFileMode: ValidationRule {
  package let code = DiagnosticCode(
    "BS5038", "invalid-file-mode", .error, "An input's `file_mode` that is not a Linux mode in octal (`\"0755\"`).")

  package let documentation = """
    ## What it does
    Checks each input's `file_mode`: three or four octal digits, such as `"0755"` or `"644"`.

    ## Why is this bad?
    Batch applies the mode to the downloaded file on Linux nodes; one it cannot read fails the
    task before it starts. A local run would otherwise fall back to a default mode silently.

    ## Example
    ```
    input "run.sh" { blob = scripts["run.sh"], file_mode = "rwx" }
    ```

    ## Use instead
    ```
    input "run.sh" { blob = scripts["run.sh"], file_mode = "0755" }
    ```

    ## Azure limit
    `resourceFiles[].fileMode` (Batch REST API 2025-06-01): "The file permission mode attribute in
    octal format", applied on Linux compute nodes and ignored on Windows ones; the default is
    `0770`.
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for command in context.commandBlocks {
      for child in command.block.children where child.is(Schema.Input.self) {
        guard let mode = child.written(Schema.Input.fileMode), !Self.isOctalMode(mode.value) else { continue }
        context.report(
          self, at: mode.valueLocation,
          "`file_mode = \"\(mode.value)\"` is no Linux file mode: write three or four octal digits, such as \"0755\"")
      }
    }
  }

  /// Whether `text` is three or four octal digits.
  static func isOctalMode(_ text: String) -> Bool {
    (3...4).contains(text.utf8.count) && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "7")).contains($0) }
  }
}
