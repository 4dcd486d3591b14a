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
    `DefaultEndpointsProtocol=`). Also, as a warning, an `environment` variable whose name says it
    is a secret (`DB_PASSWORD`, `API_TOKEN`, `CLIENT_SECRET`; not `TOKEN_URL` or `PASSWORD_FILE`)
    set to a literal of 8 or more characters that is no path, number or flag.

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

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for account in context.accounts { check(account.instance, &context) }
    for storage in context.storageAccounts { check(storage.instance, &context) }
    for application in context.applications { check(application.instance, &context) }
    for pool in context.pools { check(pool.instance, &context) }
    for job in context.jobs { check(job.instance, &context) }
  }

  private func check(_ root: BlockInstance, _ context: inout ValidationContext) {
    root.walkLastFirst { block in
      var found: [(name: String, kind: String, location: Location, byName: Bool)] = []
      block.attributes.forEachBorrowed { schema, attribute in
        if let kind = Self.credential(in: attribute.value) {
          found.append((schema.name, kind, attribute.valueLocation, false))
        } else if case .map(let items) = attribute.value, let item = items.first(where: SecretNames.isSecretSetting),
          schema.name == "environment"
        {
          found.append(
            (schema.name, "a value for `\(item.key)` (a secret, by its name)", attribute.valueLocation, true))
        }
      }
      guard !found.isEmpty else { return }
      for (name, kind, location, byName) in found.sorted(by: { $0.name < $1.name }) {
        // `env(...)` is the way out only where the schema takes a secret; elsewhere (a task's
        // `environment`, a command) the secret has to stay out of the spec.
        let instead =
          block.schema.attribute(name)?.type == .secret
          ? "read it with `env(\"NAME\")`"
          : "keep it out of the spec (`env(...)` is for \(Schema.secretAttributeList)): let the task read it at run time, "
            + "with the pool's managed identity and Key Vault, or use a storage account declared with `sas_token = "
            + "env(...)`"
        context.report(
          self, at: location,
          "`\(name)` holds \(kind) written literally: anyone who reads the spec can use it; \(instead), and rotate "
            + "the exposed one",
          // Told by a name alone, it may be no secret (`TOKEN_URL`): a warning, not an error.
          severity: byName ? .warning : nil)
      }
    }
  }

  /// What kind of credential `value` holds, if any.
  package static func credential(in value: Value) -> String? {
    switch value {
    case .string(let text): credential(inText: text)
    case .list(let items): firstCredential(in: items) { $0 }
    case .map(let items): firstCredential(in: items) { $0.value }
    default: nil
    }
  }

  /// The first credential among `items`' values. (A loop: this runs on every list and map of the
  /// project, and a lazy `compactMap` made closures for each.)
  private static func firstCredential<Item>(in items: [Item], _ value: (Item) -> Value) -> String? {
    for item in items {
      if let found = credential(in: value(item)) { return found }
    }
    return nil
  }

  /// What kind of credential `text` holds, if any.
  package static func credential(inText text: String) -> String? {
    // Every marker has an `=`: most strings stop here, scanned as contiguous bytes.
    let hasEquals =
      text.utf8.withContiguousStorageIfAvailable { $0.contains(UInt8(ascii: "=")) }
      ?? text.utf8.contains(UInt8(ascii: "="))
    guard hasEquals else { return nil }
    let bytes = Array(text.utf8)
    let lowered = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
    for marker in ["accountkey=", "sharedaccesssignature=", "defaultendpointsprotocol="] {
      if contains(lowered, marker) { return "a connection string" }
    }
    if parameter(lowered, "sig=")
      && (parameter(lowered, "sv=") || parameter(lowered, "se=") || parameter(lowered, "sp="))
    {
      return "a SAS token"
    }
    var run = 0
    for (i, byte) in bytes.enumerated() {
      run = isBase64(byte) ? run + 1 : 0
      let endsRun = i + 1 == bytes.count || !isBase64(bytes[i + 1])
      if endsRun && (86...90).contains(run) && byte == 0x3D && bytes[i - 1] == 0x3D {
        return "what looks like an account key"
      }
    }
    return nil
  }
}
