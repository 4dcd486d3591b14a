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
        // The bytes first: only a URL whose bytes start `http://` in any case can be one.
        guard let attribute = child.written(Schema.Input.url) ?? child.written(Schema.Input.containerURL),
          case let url = attribute.value, Self.startsHTTP(url), url.lowercased().hasPrefix("http://")
        else { continue }
        let secure = "https://" + url.dropFirst("http://".count)
        context.report(
          self, at: attribute.valueLocation,
          "`\(url)` is downloaded over plain HTTP: anyone on the way can read or replace it; use `https://`",
          fixIts: [context.replace("use `https://`", attribute.valueLocation, with: "\"\(secure)\"", safe: false)])
      }
    }
  }

  /// Whether `url`'s first bytes are `http://` in any case: needed for `lowercased()` to start so
  /// (no other character lowercases to these), checked without making the lowercased copy.
  private static func startsHTTP(_ url: String) -> Bool {
    var bytes = url.utf8.makeIterator()
    for expected in "http://".utf8 {
      guard let byte = bytes.next() else { return false }
      let lowered = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
      if lowered != expected { return false }
    }
    return true
  }
}
