// BS5048: an `inbound_nat` block whose ports or name Batch refuses in its pool.

/// Flags an `inbound_nat` block's ports and name that Batch refuses, on their own or next to the
/// pool's other endpoints (its `remote_access` blocks' included), and endpoints on a pool whose
/// nodes have no public IP address.
package struct InvalidInboundNAT: ValidationRule {
  package let code = DiagnosticCode(
    "BS5048", "invalid-inbound-nat", .error,
    "An `inbound_nat` port or name Batch refuses in its pool, or endpoints on a pool with `public_ip = none`."
  )

  package let documentation = """
    ## What it does
    Checks each `inbound_nat` block against Batch's rules and the pool's other endpoints, those
    compile writes for `remote_access` blocks included (named `ssh` or `rdp`, then `ssh-2`, ...;
    public ports 40000 to 40999, then 41000 to 41999, ...): `frontend_ports` of fewer than 40
    ports, outside 1 to 65534, in 50000 to 55000 or overlapping another's; a `backend_port` of
    29876, 29877 or another endpoint's; a `remote_access` endpoint's name. Flags `public_ip = none`
    on a pool with endpoints. BS5049 checks the rules' priorities.

    ## Why is this bad?
    Batch refuses the pool with 400 (Bad Request).

    ## Example
    ```
    remote_access { protocol = ssh, allow = ["10.0.0.0/8"] }
    inbound_nat web { protocol = tcp, backend_port = 22, frontend_ports = 50000..50010 }
    ```

    ## Use instead
    ```
    remote_access { protocol = ssh, allow = ["10.0.0.0/8"] }
    inbound_nat web { protocol = tcp, backend_port = 8080, frontend_ports = 60000..60099 }
    ```

    ## Azure limit
    Batch REST API 2025-06-01, `BatchInboundNatPool`: the name "must be unique within a Batch
    Pool"; `backendPort` "must be unique within a Batch Pool. Acceptable values are between 1 and
    65535 except for 29876 and 29877 as these are reserved"; `frontendPortRangeStart`: "Acceptable
    values range between 1 and 65534 except ports from 50000 to 55000 which are reserved. All
    ranges within a Pool must be distinct and cannot overlap. Each range must contain at least 40
    ports. If any reserved or overlapping values are provided the request fails with HTTP status
    code 400." `BatchPoolEndpointConfiguration.inboundNATPools`: "This cannot be specified if the
    IPAddressProvisioningType is NoPublicIPAddresses."
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for pool in context.pools {
      let nats = pool.children(\.inboundNAT)
      let noAddress = pool.written(\.publicIP).flatMap { $0.value == PublicIPProvisioning.none ? $0 : nil }
      guard !nats.isEmpty || (noAddress != nil && pool.child(\.remoteAccess) != nil) else { continue }
      let remotes = pool.remoteAccessEndpoints
      let name = "pool `\(pool.label ?? "")`"
      if let noAddress, let endpoint = nats.first?.nameLocation ?? remotes.first?.block.nameLocation {
        context.report(
          self, at: noAddress.valueLocation,
          "\(name) has endpoints (`inbound_nat` or `remote_access`), but with `public_ip = none` its nodes have no public address to reach them by, and Batch refuses inbound NAT pools there: remove the endpoints or the `public_ip = none`",
          notes: [Note("an endpoint", at: endpoint)])
      }
      var earlier: [Checked<Schema.InboundNAT>] = []
      for nat in nats {
        if let label = nat.label?.lowercased(), let remote = remotes.first(where: { $0.name == label }) {
          context.report(
            self, at: nat.nameLocation,
            "\(name) already has a NAT pool named `\(remote.name)`, the one compile writes for its `remote_access` block, and Batch requires names to differ: rename this `inbound_nat`",
            notes: [Note("the `remote_access` block", at: remote.block.nameLocation)])
        }
        if let port = nat.written(\.backendPort) {
          checkBackend(port, transport: nat[\.protocol], nats: earlier, remotes, name, &context)
        }
        if let ports = nat.written(\.frontendPorts) { checkFrontend(ports, nats: earlier, remotes, name, &context) }
        earlier.append(nat)
      }
    }
  }

  /// Flags a reserved backend port, or one another endpoint of the pool has.
  private func checkBackend(
    _ port: Written<Int64>, transport: InboundProtocol?, nats: [Checked<Schema.InboundNAT>],
    _ remotes: [RemoteAccessEndpoint], _ name: String,
    _ context: inout ValidationContext
  ) {
    if port.value == 29876 || port.value == 29877 {
      context.report(
        self, at: port.valueLocation,
        "backend port \(port.value) is reserved: Batch's node agent uses 29876 and 29877, and Batch refuses them; choose another port"
      )
    } else if let other = nats.first(where: { $0[\.backendPort] == port.value }) {
      context.report(
        self, at: port.valueLocation,
        "\(name) already has an `inbound_nat` on backend port \(port.value), and Batch requires a pool's backend ports to differ: "
          + (other[\.protocol] == transport
            ? "add this one's `rule` blocks to `\(other.label ?? "")` and remove it" : "choose another backend port"),
        notes: [Note("the other `inbound_nat`", at: other.nameLocation)])
    } else if let remote = remotes.first(where: { $0.remote.backendPort == port.value }) {
      context.report(
        self, at: port.valueLocation,
        "the `remote_access` block of \(name) already opens port \(port.value) (\(remote.remote.rawValue)), and Batch requires a pool's backend ports to differ: allow these sources in that block, and remove this `inbound_nat`",
        notes: [Note("the `remote_access` block", at: remote.block.nameLocation)])
    }
  }

  /// Flags a public port range Batch refuses, or one that overlaps another endpoint's.
  private func checkFrontend(
    _ ports: Written<IntegerRange>, nats: [Checked<Schema.InboundNAT>], _ remotes: [RemoteAccessEndpoint],
    _ name: String, _ context: inout ValidationContext
  ) {
    let (lower, upper) = (ports.value.lower, ports.value.upper)
    let overlaps = { (other: IntegerRange) in lower <= other.upper && other.lower <= upper }
    var problem: String?
    var note: Note?
    if lower < 1 || upper > 65534 {
      problem = "reaches outside 1 to 65534, the public ports Batch allows"
    } else if overlaps(IntegerRange(50000, 55000)) {
      problem = "reaches into 50000 to 55000, which Batch reserves"
    } else if upper - lower + 1 < 40 {
      problem = "has \(max(upper - lower + 1, 0)) ports, and Batch requires at least 40"
    } else if let other = nats.first(where: { $0[\.frontendPorts].map(overlaps) ?? false }) {
      problem =
        "overlaps the public ports of `inbound_nat \(other.label ?? "")`, and Batch requires a pool's ranges to differ"
      note = Note("the other `inbound_nat`", at: other.nameLocation)
    } else if let remote = remotes.first(where: {
      overlaps(IntegerRange(Int64($0.frontendPorts.lowerBound), Int64($0.frontendPorts.upperBound)))
    }) {
      let range = remote.frontendPorts
      problem =
        "overlaps \(range.lowerBound)..\(range.upperBound), the public ports compile gives a `remote_access` block of \(name), and Batch requires a pool's ranges to differ"
      note = Note("the `remote_access` block", at: remote.block.nameLocation)
    }
    guard let problem else { return }
    context.report(
      self, at: ports.valueLocation,
      "`frontend_ports` \(lower)..\(upper) \(problem): use 40 ports or more outside 50000 to 55000 and the pool's other ranges",
      notes: note.map { [$0] } ?? [])
  }
}
