// BS6001: an account key, SAS token or connection string written literally in a spec.

/// Flags strings that look like storage or Batch credentials.
package struct LiteralSecret: ValidationRule {
  package let code = DiagnosticCode(
    "BS6001", "literal-secret", .error,
    "An account key, SAS token or connection string written literally instead of read with `env(\"NAME\")`.")

  package let documentation = """
    ## What it does
    Looks through every string value of the project (commands, URLs, environment, metadata, ...) for
    an account key (88 base64 characters ending in `==`), a SAS token (a query with `sig=` and `sv=`,
    `se=` or `sp=`), or a connection string (`AccountKey=`, `SharedAccessSignature=`,
    `DefaultEndpointsProtocol=`).

    ## Why is this bad?
    Specs are committed and shared: anyone who reads the file can use the credential. A key grants
    full access to the account until it is rotated.

    ## Example
    ```
    input "ref.tar" { url = "https://labdata.blob.core.windows.net/ref/ref.tar?sv=2022-11-02&sig=abc%3D" }
    ```

    ## Use instead
    ```
    storage labdata { sas_token = env("LABDATA_SAS") }
    input "ref.tar" { blob = labdata.ref["ref.tar"] }
    ```
    and rotate the credential that was exposed.

    ## Azure limit
    Shared keys and SAS tokens are bearer credentials: Azure cannot tell who presents them. Keys must
    never be written into a spec.
    """

  package init() {}

  package func check(_ context: inout ValidationContext) {
    let project = context.project
    let roots = project.accounts + project.storageAccounts + project.applications + project.pools + project.jobs
    var pending = roots
    while let block = pending.popLast() {
      pending.append(contentsOf: block.children)
      for (name, attribute) in block.attributes.sorted(by: { $0.key < $1.key }) {
        guard let kind = Self.credential(in: attribute.value) else { continue }
        context.report(
          self, at: attribute.valueLocation,
          "`\(name)` holds \(kind) written literally: anyone who reads the spec can use it; read it with `env(\"NAME\")` (a storage account's `sas_token`, an account's `key`) and rotate the exposed one"
        )
      }
    }
  }

  /// What kind of credential `value` holds, if any.
  static func credential(in value: Value) -> String? {
    switch value {
    case .string(let text): credential(inText: text)
    case .list(let items): items.lazy.compactMap(credential(in:)).first
    case .map(let items): items.lazy.compactMap { credential(in: $0.value) }.first
    default: nil
    }
  }

  /// What kind of credential `text` holds, if any.
  static func credential(inText text: String) -> String? {
    let lowered = text.lowercased()
    for marker in ["accountkey=", "sharedaccesssignature=", "defaultendpointsprotocol="] where lowered.contains(marker)
    {
      return "a connection string"
    }
    let parameters = lowered.split { $0 == "?" || $0 == "&" || $0 == " " || $0 == "'" || $0 == "\"" }
    if parameters.contains(where: { $0.hasPrefix("sig=") })
      && parameters.contains(where: { $0.hasPrefix("sv=") || $0.hasPrefix("se=") || $0.hasPrefix("sp=") })
    {
      return "a SAS token"
    }
    let words = text.split { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "/" || $0 == "=")) }
    if words.contains(where: { $0.count >= 86 && $0.count <= 90 && $0.hasSuffix("==") }) {
      return "what looks like an account key"
    }
    return nil
  }
}
