// BS6003: an input downloaded over plain `http://`.

/// Flags resource file URLs that do not use HTTPS.
package struct InsecureURL: ValidationRule {
  package let code = DiagnosticCode(
    "BS6003", "insecure-url", .warning, "An input downloaded over plain `http://` instead of `https://`.")

  package let documentation = """
    ## What it does
    Flags an `input` whose `url` or `container_url` starts with `http://`.

    ## Why is this bad?
    Anyone on the path can read or replace the file; the node then runs what an attacker sent, with
    the task's credentials.

    ## Example
    ```
    input "tool.tar.gz" { url = "http://downloads.example.com/tool.tar.gz" }
    ```

    ## Use instead
    ```
    input "tool.tar.gz" { url = "https://downloads.example.com/tool.tar.gz" }
    ```

    ## Azure limit
    `resourceFiles[].httpUrl` accepts any URL the node can download, and `storageContainerUrl` any
    container URL; Azure Storage URLs should be HTTPS (storage accounts can require secure transfer,
    and require it by default).
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for command in context.commandBlocks {
      for child in command.block.children where child.is(Schema.Input.self) {
        guard let attribute = child.written(Schema.Input.url) ?? child.written(Schema.Input.containerURL),
          case let url = attribute.value, url.lowercasedHasPrefix("http://")
        else { continue }
        // Only the scheme is replaced, where the string is written: the rest may hold `${...}`.
        let value = attribute.valueLocation
        let scheme = Location(value.file, TextRange(value.range.start + 1, value.range.start + 5))
        context.report(
          self, at: value,
          "`\(url)` is downloaded over plain HTTP: anyone on the way can read or replace it; use `https://`",
          fixIts: context.isStringLiteral(value) && context.isWord(scheme, "http", ignoringCase: true)
            ? [context.replace("use `https://`", scheme, with: "https", safe: false)] : [])
      }
    }
  }

}
