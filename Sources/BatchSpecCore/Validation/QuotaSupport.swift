// What the quota rules share: reading an account's quota (declared or assumed) and the notes
// that show each pool's share.

/// An account's limit for one quota, and where it comes from.
struct QuotaLimit {
  /// The limit.
  var value: Int64
  /// The quota attribute when declared; the account's name when assumed.
  var location: Location
  /// Whether it was assumed because the account declares none.
  var isAssumed: Bool

  /// The severity of a finding: an assumed quota may be wrong, so it warns.
  var severity: Severity? { isAssumed ? .warning : nil }

  /// "its quota of 200" or "the 900 assumed (it declares no `dedicated_cores` quota)".
  func phrase(_ attribute: String) -> String {
    isAssumed
      ? "the \(value) assumed because it declares no `\(attribute)` quota (set `quota { \(attribute) = ... }` to the account's real quota)"
      : "its quota of \(value)"
  }
}

enum QuotaSupport {
  /// The account's `quota` attribute `name`, or `assumed` when it is not declared.
  static func limit(_ account: BlockInstance, _ name: String, assumed: Int64) -> QuotaLimit {
    if let quota = account.child("quota"), let attribute = quota.attributes[name],
      let value = attribute.value.integerValue
    {
      return QuotaLimit(value: max(0, value), location: attribute.location, isAssumed: false)
    }
    return QuotaLimit(value: assumed, location: account.nameLocation, isAssumed: true)
  }

  /// One note per contributing pool, at its name, then notes for autoscaled pools left out.
  static func shareNotes(_ shares: [(PoolDemand, Int64)], autoscaled: [PoolDemand]) -> [Note] {
    var notes = shares.map { demand, nodes in Note(demand.share(nodes: nodes), at: demand.pool.nameLocation) }
    for demand in autoscaled {
      notes.append(
        Note(
          "`\(demand.pool.label ?? "pool")` is autoscaled: its cores depend on its formula and are not counted",
          at: demand.pool.nameLocation))
    }
    return notes
  }

  /// Notes for pools whose VM size is unknown, so their cores could not be counted.
  static func uncountedNotes(_ pools: [BlockInstance], _ project: CheckedProject) -> [Note] {
    pools.filter { project.vmSize(of: $0) == nil }.map { pool in
      let size = pool.value("vm_size")?.stringValue ?? "?"
      return Note(
        "`\(pool.label ?? "pool")` has a VM size batchspec does not know (`\(size)`): its cores are not counted",
        at: pool.nameLocation)
    }
  }

  /// "64 + 200 = 264" (or just "64" for one share).
  static func sum(_ parts: [Int64]) -> String {
    let total = parts.reduce(0, +)
    return parts.count > 1 ? parts.map(String.init).joined(separator: " + ") + " = \(total)" : "\(total)"
  }

  /// Notes locating counted resources, at most `limit` of them, then how many more.
  static func listNotes(_ blocks: [BlockInstance], kind: String, limit: Int = 20) -> [Note] {
    var notes = blocks.prefix(limit).map { Note("\(kind) `\($0.label ?? kind)`", at: $0.nameLocation) }
    if blocks.count > limit { notes.append(Note("and \(blocks.count - limit) more \(kind)s")) }
    return notes
  }
}
