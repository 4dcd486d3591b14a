// BS5026: a pool whose remote access needs more network rules or NAT pools than Batch allows.

/// Flags a pool with more than 25 `allow` and `deny` prefixes in all, or two `remote_access`
/// blocks for one protocol.
package struct TooManyNetworkRules: ValidationRule {
  package let code = DiagnosticCode(
    "BS5026", "too-many-network-rules", .error,
    "A pool with more than 25 remote access prefixes in all, or two `remote_access` blocks for one protocol.")

  package let documentation = """
    ## What it does
    Counts the prefixes of every `allow` and `deny` list of each pool's `remote_access` blocks (each
    becomes one network security group rule) and flags the block that goes past 25. Flags a second
    `remote_access` block for a protocol the pool already has one for.

    ## Why is this bad?
    Batch refuses the pool with 400 (Bad Request). Each `remote_access` block becomes an inbound NAT
    pool on the protocol's port (22 for SSH, 3389 for RDP), and a pool's NAT pools must have
    different ports, so a pool has at most one block per protocol; that also keeps it within the 5
    inbound NAT pools Batch allows.

    ## Example
    ```
    remote_access { protocol = ssh, allow = ["10.1.0.0/16"] }
    remote_access { protocol = ssh, allow = ["10.2.0.0/16"], deny = ["*"] }
    ```

    ## Use instead
    ```
    remote_access { protocol = ssh, allow = ["10.1.0.0/16", "10.2.0.0/16"], deny = ["*"] }
    ```
    Merge neighbouring prefixes into wider ones (`10.0.0.0/14`) to stay within 25 rules.

    ## Azure limit
    Batch REST API 2025-06-01, `BatchInboundNatPool.networkSecurityGroupRules`: "The maximum number
    of rules that can be specified across all the endpoints on a Batch Pool is 25. [...] If the
    maximum number of network security group rules is exceeded the request fails with HTTP status
    code 400." `BatchInboundNatPool.backendPort`: "This must be unique within a Batch Pool."
    `BatchPoolEndpointConfiguration.inboundNATPools`: "The maximum number of inbound NAT Pools per
    Batch Pool is 5. If the maximum number of inbound NAT Pools is exceeded the request fails with
    HTTP status code 400."
    """

  private static let limit = 25

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for pool in context.pools {
      let blocks = pool.children(\.remoteAccess)
      var first: [RemoteProtocol: Checked<Schema.RemoteAccess>] = [:]
      for access in blocks {
        let remote = access[\.protocol] ?? .ssh
        guard let earlier = first[remote] else {
          first[remote] = access
          continue
        }
        let name = "\(remote == .ssh ? "SSH" : "RDP") (port \(remote.backendPort))"
        context.report(
          self, at: access.nameLocation,
          "pool `\(pool.label ?? "")` has a second `remote_access` for \(name): each block is a NAT pool on its protocol's port, and Azure requires a pool's ports to differ; merge the blocks' `allow` and `deny` lists into one",
          notes: [Note("the first `remote_access` for \(name)", at: earlier.nameLocation)])
      }
      let lists = blocks.flatMap { [$0.written(\.allow), $0.written(\.deny)].compactMap { $0 } }
      let total = lists.reduce(0) { $0 + $1.value.count }
      guard total > Self.limit else { continue }
      var rules = 0
      for list in lists {
        rules += list.value.count
        guard rules > Self.limit else { continue }
        context.report(
          self, at: list.valueLocation,
          "pool `\(pool.label ?? "")` has \(total) network security group rules in its `remote_access` blocks (one per `allow` or `deny` prefix; the \(Self.limit + 1)th is here); Azure allows at most \(Self.limit) per pool: merge neighbouring prefixes into wider ones"
        )
        break
      }
    }
  }
}
