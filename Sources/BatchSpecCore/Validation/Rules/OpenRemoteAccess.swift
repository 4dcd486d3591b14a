// BS6002: SSH or RDP to a pool's nodes open to any address.

/// Flags `remote_access` rules that let anyone reach the nodes' login port.
package struct OpenRemoteAccess: ValidationRule {
  package let code = DiagnosticCode(
    "BS6002", "open-remote-access", .warning, "SSH or RDP access to a pool's nodes open to any source address.")

  package let documentation = """
    ## What it does
    Flags a `remote_access` block that allows a wildcard source (`*`, `0.0.0.0/0`, `::/0`,
    `Internet`, `Any`), or that neither allows nor denies anyone (Batch then opens the port to all).

    ## Why is this bad?
    Nodes' SSH and RDP ports are scanned and brute-forced within minutes of being exposed; a node
    holds the job's data and often the storage credentials of its tasks.

    ## Example
    ```
    remote_access { protocol = ssh, allow = ["*"] }
    ```

    ## Use instead
    ```
    remote_access { protocol = ssh, allow = ["203.0.113.0/24"], deny = ["*"] }
    ```

    ## Azure limit
    `inboundNATPools[].networkSecurityGroupRules`: without rules, Batch creates one that allows the
    backend port from any address.
    """

  private static let wildcards: Set<String> = ["*", "0.0.0.0/0", "::/0", "internet", "any"]

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for pool in context.pools {
      for access in pool.children(\.remoteAccess) {
        let written = access.written(\.allow)
        let allow = written?.value ?? []
        let deny = access[\.deny] ?? []
        let port = access[\.protocol] == .rdp ? "RDP (3389)" : "SSH (22)"
        if let written, let index = allow.firstIndex(where: { Self.wildcards.contains($0.lowercased()) }) {
          let wildcard = allow[index]
          context.report(
            self,
            at: context.locations(ofElements: [index], inList: written.valueLocation)?.first ?? written.valueLocation,
            "`allow` holds `\(wildcard)`: \(port) on the nodes of pool `\(pool.label ?? "")` is open to any address; allow only your networks' prefixes and add `deny = [\"*\"]`"
          )
        } else if allow.isEmpty && !deny.contains(where: { Self.wildcards.contains($0.lowercased()) }) {
          context.report(
            self, at: access.nameLocation,
            "this `remote_access` allows no prefix and denies none, so Batch opens \(port) on the nodes of pool `\(pool.label ?? "")` to any address: add `allow = [\"<your prefix>\"]` and `deny = [\"*\"]`"
          )
        }
      }
    }
  }
}
