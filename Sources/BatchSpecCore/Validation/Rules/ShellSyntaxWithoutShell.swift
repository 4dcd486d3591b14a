// BS5045: shell syntax in a command line that no shell reads.

/// Flags a `command` that uses what only a shell reads (`&&`, `|`, `>`, `$HOME`, `$(...)`; on
/// Windows `%NAME%`) while no shell is started to read it: Batch runs a command line without one.
package struct ShellSyntaxWithoutShell: ValidationRule {
  package let code = DiagnosticCode(
    "BS5045", "shell-syntax-without-shell", .warning,
    "A `command` that chains, pipes, redirects or expands variables, but runs no shell to do it.")

  package let documentation = """
    ## What it does
    Reads the `command` of every task, start task, job manager, and job preparation and release
    task, after params and sweep values are filled in, and flags one that starts no shell with a
    command to read (`sh -c`, `bash -lc`, `cmd /c`, `powershell -Command`, first or before the
    syntax, as in `docker run img sh -c "..."`) but uses what only a shell reads, outside quotes
    that keep it literal:
    - `&&`, `||`, `;`, a `&` standing alone (chaining; inside a word, as in a URL's query, it is
      text), `|` (pipes), `>` and `<` (redirection);
    - `$NAME`, `${NAME}`, `$(...)` and backquotes (expansion), on Linux;
    - `%NAME%`, on a Windows pool (its node agent is `batch.node.windows ...`).

    A fix (not applied by `--fix` alone: a shell now reads what was passed as it is) runs the line
    in a shell: `/bin/sh -c '...'`, or `cmd /s /c "..."` on Windows.

    ## Why is this bad?
    Batch starts the program with the rest of the line as its arguments, without a shell: in
    `apt-get update && apt-get install -y jq`, `apt-get` is given `&&`, `apt-get`, `install`... and
    fails; `$AZ_BATCH_NODE_SHARED_DIR` reaches the program as those letters. `batchspec run` does
    the same, so the task fails here too, but only once a pool is running on Azure would it cost.

    ## Example
    ```
    task setup { command = "apt-get update && apt-get install -y jq" }
    ```

    ## Use instead
    ```
    task setup { command = "/bin/sh -c 'apt-get update && apt-get install -y jq'" }
    ```

    ## Azure limit
    `commandLine` "does not run under a shell, and therefore cannot take advantage of shell
    features such as environment variable expansion": Batch's REST API reference.
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    // A job's commands come one after the other, all on its pool: its system is read once.
    var lastPool: ObjectIdentifier?
    var windows = false
    for command in context.commandBlocks {
      guard let written = command.block.attributes[command.kind.command.schema],
        case .string(let text) = written.value
      else { continue }
      let pool = command.pool.map { ObjectIdentifier($0.instance) }
      if pool != lastPool {
        lastPool = pool
        windows = command.pool?.written(\.nodeAgent)?.value.lowercasedHasPrefix("batch.node.windows") ?? false
      }
      guard let found = ShellSyntax.first(in: text, windows: windows) else { continue }
      let shell = windows ? "`cmd /s /c \"...\"`" : "`/bin/sh -c '...'`"
      let what =
        switch found.kind {
        case .chaining: "chains commands with `\(found.text)`"
        case .pipe: "pipes with `|`"
        case .redirection: "redirects with `\(found.text)`"
        case .expansion: "expands `\(found.text)`"
        case .substitution: "substitutes a command with `\(found.text)`"
        }
      context.report(
        self, at: written.valueLocation,
        "the command line of \(command.title) \(what), which only a shell reads: "
          + (found.program.isEmpty
            ? "Batch runs the line without a shell, passing `\(found.text)` as an argument"
            : "Batch starts `\(found.program)` without a shell and passes it `\(found.text)` as an argument")
          + "; run the line in one: \(shell)",
        fixIts: fix(text, windows: windows, at: written.valueLocation, context))
    }
  }

  /// Writes the shell into the literal: only a one-line literal whose text keeps its meaning
  /// inside single quotes (none in it, written or filled in).
  private func fix(_ text: String, windows: Bool, at location: Location, _ context: ValidationContext) -> [FixIt] {
    guard context.isStringLiteral(location) else { return [] }
    let bytes = context.project.project.file(location.file).bytes
    let range = location.range
    guard range.length >= 2, bytes[range.end - 1] == UInt8(ascii: "\""),
      !(range.length >= 6 && bytes[range.start + 1] == UInt8(ascii: "\"")),  // a `"""` literal
      !bytes[(range.start + 1)..<(range.end - 1)].contains(UInt8(ascii: "\n"))
    else { return [] }
    let content = range.start + 1
    // `/s` makes `cmd` strip the outer quotes alone, keeping a quoted program and its arguments;
    // single quotes keep the text for `sh` when it holds none.
    let (title, opening, closing) =
      windows
      ? ("run it with `cmd /s /c`", "cmd /s /c \\\"", "\\\"") : ("run it with `/bin/sh -c`", "/bin/sh -c '", "'")
    if !windows,
      text.utf8.contains(UInt8(ascii: "'")) || bytes[content..<(range.end - 1)].contains(UInt8(ascii: "'"))
    {
      return []
    }
    return [
      FixIt(
        title,
        edits: [
          TextEdit(file: location.file, range: TextRange(content, content), replacement: opening),
          TextEdit(file: location.file, range: TextRange(range.end - 1, range.end - 1), replacement: closing),
        ], isSafe: false)
    ]
  }
}
