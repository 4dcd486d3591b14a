// BS5026: a pool whose endpoints need more network rules or NAT pools than Batch allows.

/// Flags a pool with more than 25 network security group rules across its endpoints (each
/// `remote_access` prefix and each `inbound_nat` rule), more than 5 inbound NAT pools, or two
/// `remote_access` blocks for one protocol.
package struct TooManyNetworkRules: ValidationRule {
  package let code = DiagnosticCode(
    "BS5026", "too-many-network-rules", .error,
    "A pool with more than 25 network rules or 5 NAT pools across its `remote_access` and `inbound_nat` blocks, or two `remote_access` blocks for one protocol."
  )

  package let documentation = """
    ## What it does
    Counts a pool's network security group rules, one for each prefix of every `allow` and `deny`
    list of its `remote_access` blocks and one for each `rule` of its `inbound_nat` blocks, and
    flags the list or rule that goes past 25. Flags the sixth endpoint (`remote_access` or
    `inbound_nat` block: each is one inbound NAT pool). Flags a second `remote_access` block for a
    protocol the pool already has one for.

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
  private static let endpointLimit = 5

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
      countRules(pool, &context)
    }
  }

  /// Flags the list or rule holding the pool's 26th network security group rule, and its sixth
  /// endpoint, in source order.
  private func countRules(_ pool: Checked<Schema.Pool>, _ context: inout ValidationContext) {
    var rules = 0
    var endpoints = 0
    var reported = false
    for child in pool.children {
      var places: [(count: Int, location: Location)] = []
      if let access = Checked<Schema.RemoteAccess>(ifKind: child) {
        for list in [access.written(\.allow), access.written(\.deny)] {
          if let list { places.append((list.value.count, list.valueLocation)) }
        }
      } else if let nat = Checked<Schema.InboundNAT>(ifKind: child) {
        places = nat.children(\.rule).map { (1, $0.nameLocation) }
      } else {
        continue
      }
      endpoints += 1
      if endpoints == Self.endpointLimit + 1 {
        let total = pool.children.count { $0.is(Schema.RemoteAccess.self) || $0.is(Schema.InboundNAT.self) }
        context.report(
          self, at: child.nameLocation,
          "pool `\(pool.label ?? "")` has \(total) endpoints (`remote_access` and `inbound_nat` blocks, each an inbound NAT pool; the \(Self.endpointLimit + 1)th is here); Azure allows at most \(Self.endpointLimit) per pool: merge or remove some"
        )
      }
      for place in places where !reported {
        rules += place.count
        guard rules > Self.limit else { continue }
        reported = true
        context.report(
          self, at: place.location,
          "pool `\(pool.label ?? "")` has \(Self.total(pool)) network security group rules (one per `remote_access` prefix and `inbound_nat` rule; the \(Self.limit + 1)th is here); Azure allows at most \(Self.limit) per pool: merge neighbouring prefixes into wider ones"
        )
      }
    }
  }

  /// How many network security group rules the pool's endpoints have.
  private static func total(_ pool: Checked<Schema.Pool>) -> Int {
    var total = 0
    for access in pool.children(\.remoteAccess) {
      total += (access[\.allow]?.count ?? 0) + (access[\.deny]?.count ?? 0)
    }
    for nat in pool.children(\.inboundNAT) { total += nat.children(\.rule).count }
    return total
  }
}
