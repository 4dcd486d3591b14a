// The inbound NAT pools a pool's `remote_access` blocks stand for: their names, public ports and
// rule priorities are batchspec's choice, made here once. Compile writes them, import recognises
// them and BS5048 checks the pool's `inbound_nat` blocks against them.

extension Schema.RemoteAccess {
  /// The priority of the first network security group rule of a pool's `remote_access` blocks;
  /// each `allow` then `deny` prefix of each block, in order, takes the next.
  package static let firstPriority = 150
  /// The first public port of the first block's NAT pool.
  package static let frontendPortBase = 40_000
  /// How many public ports each block's NAT pool has, one range after another.
  package static let portsPerBlock = 1000

  /// The name of the NAT pool of the block at `index` of its pool: `ssh`, `rdp`, `ssh-2`.
  package static func natPoolName(_ remote: RemoteProtocol, index: Int) -> String {
    remote.rawValue + (index == 0 ? "" : "-\(index + 1)")
  }

  /// The public ports of the NAT pool of the block at `index` of its pool.
  package static func frontendPorts(index: Int) -> ClosedRange<Int> {
    let start = frontendPortBase + index * portsPerBlock
    return start...(start + portsPerBlock - 1)
  }
}

/// The inbound NAT pool a `remote_access` block becomes, as compile writes it.
package struct RemoteAccessEndpoint: Sendable {
  /// The block.
  package let block: Checked<Schema.RemoteAccess>
  /// Its position among the pool's `remote_access` blocks.
  package let index: Int
  /// Its protocol.
  package let remote: RemoteProtocol
  /// The priorities of its network security group rules, one per `allow` then `deny` prefix.
  package let priorities: Range<Int>

  /// The NAT pool's name.
  package var name: String { Schema.RemoteAccess.natPoolName(remote, index: index) }
  /// Its public ports.
  package var frontendPorts: ClosedRange<Int> { Schema.RemoteAccess.frontendPorts(index: index) }
}

extension Checked<Schema.Pool> {
  /// The NAT pools of the pool's `remote_access` blocks, in order.
  package var remoteAccessEndpoints: [RemoteAccessEndpoint] {
    var endpoints: [RemoteAccessEndpoint] = []
    var priority = Schema.RemoteAccess.firstPriority
    for (index, access) in children(\.remoteAccess).enumerated() {
      let rules = (access[\.allow]?.count ?? 0) + (access[\.deny]?.count ?? 0)
      endpoints.append(
        RemoteAccessEndpoint(
          block: access, index: index, remote: access[\.protocol] ?? .ssh, priorities: priority..<(priority + rules)))
      priority += rules
    }
    return endpoints
  }
}
