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
  /// Whether the project declares no account: the limit is assumed for the one it is submitted to.
  var isUndeclaredAccount = false

  /// The severity of a finding: an assumed quota may be wrong, so it warns.
  var severity: Severity? { isAssumed ? .warning : nil }

  /// "its quota of 200", "the 900 assumed because it declares no `dedicated_cores` quota (...)"
  /// or, with no account declared, "the 900 assumed for the Batch account it runs in (...)".
  func phrase(_ key: KeyPath<Schema.Quota.Type, AttributeKey<Int64>>) -> String {
    let attribute = Schema.Quota.self[keyPath: key].name
    if isUndeclaredAccount {
      return
        "the \(value) assumed for the Batch account it runs in (the project declares no `account`; declare one with `quota { \(attribute) = ... }` to check against its real quota)"
    }
    return isAssumed
      ? "the \(value) assumed because it declares no `\(attribute)` quota (set `quota { \(attribute) = ... }` to the account's real quota)"
      : "its quota of \(value)"
  }
}

/// One of an account's two core quotas: what counts against it and what it is called.
struct CoreQuota {
  /// "dedicated" or "spot", as messages name the vCPUs.
  var noun: String
  /// The `quota` attribute: `dedicated_cores`.
  var attribute: KeyPath<Schema.Quota.Type, AttributeKey<Int64>>
  /// The pool attribute to lower: `dedicated_nodes`.
  var nodesAttribute: KeyPath<Schema.Pool.Type, AttributeKey<Int64>>
  /// A pool's nodes and cores of this kind (functions, not key paths: they are read for every pool
  /// after every edit, and projecting a key path costs more than the read).
  var nodes: @Sendable (PoolDemand) -> Int64
  var cores: @Sendable (PoolDemand) -> Int64
  /// The quota assumed when the account declares none.
  var assumed: KeyPath<AssumedQuotas, Int64>

  /// `quota { dedicated_cores }` against `dedicated_nodes`.
  static var dedicated: CoreQuota {
    CoreQuota(
      noun: "dedicated", attribute: \.dedicatedCores, nodesAttribute: \.dedicatedNodes, nodes: { $0.dedicatedNodes },
      cores: { $0.dedicatedCores }, assumed: \.dedicatedCores)
  }
  /// `quota { spot_cores }` against `spot_nodes`.
  static var spot: CoreQuota {
    CoreQuota(
      noun: "spot", attribute: \.spotCores, nodesAttribute: \.spotNodes, nodes: { $0.spotNodes },
      cores: { $0.spotCores }, assumed: \.spotCores)
  }
}

enum QuotaSupport {
  /// The most pools a finding lists one by one; the rest are summed in one note. A project of a
  /// thousand pools over its quota gets a finding a person can read (and that an editor can send).
  static let listedPools = 10
  /// Reports, for `rule`, each account whose pools need more vCPUs of `quota`'s kind than it allows:
  /// at the quota, with a note per contributing pool and the total.
  static func checkCores(_ quota: CoreQuota, for rule: some ValidationRule, _ context: inout ValidationContext) {
    let project = context.project
    let facts = context.facts
    for account in facts.quotaAccounts where !(account.map(project.isUserSubscription) ?? false) {
      let demands = facts.demands(of: account)
      let pools = facts.pools(of: account)
      guard
        let limit = Self.limit(
          account, quota.attribute, assumed: context.configuration.assumedQuotas[keyPath: quota.assumed],
          undeclaredAt: pools.first?.nameLocation)
      else { continue }
      // The sum alone first, in one pass: this runs after every edit, and most accounts are within
      // their quota, so their shares and notes are never made.
      var total: Int64 = 0
      for case let demand? in demands where quota.nodes(demand) > 0 { total += quota.cores(demand) }
      guard total > limit.value else { continue }
      // The notes, from one more pass: the largest shares, and the pools that do not count.
      var shares = Shares()
      var autoscaled: [PoolDemand] = []
      var uncounted: [Checked<Schema.Pool>] = []
      for (position, demand) in demands.enumerated() {
        guard let demand else {
          uncounted.append(pools[position])
          continue
        }
        if demand.isAutoscaled { autoscaled.append(demand) }
        let nodes = quota.nodes(demand)
        if nodes > 0 { shares.add(demand, nodes: nodes) }
      }
      let nodesName = Schema.Pool.self[keyPath: quota.nodesAttribute].name
      let vCPUs = "\(quota.noun) vCPU\(total == 1 ? "" : "s")"
      var notes = shares.notes + autoscaledNotes(autoscaled) + uncountedNotes(uncounted)
      notes.append(Note("total: \(shares.sum) \(vCPUs); the quota is \(limit.value)"))
      context.report(
        rule, at: limit.location,
        "the pools of \(owner(account)) need \(total) \(vCPUs), \(total - limit.value) over \(limit.phrase(quota.attribute)): lower `\(nodesName)`, pick smaller VM sizes, or raise the quota",
        severity: limit.severity, notes: notes)
    }
  }

  /// The account's `quota` attribute `name`, or `assumed` when it is not declared. For nil, the
  /// account of a project that declares none, the limit is `assumed`, reported at `undeclaredAt`
  /// (its first pool or job), and nil when there is none (nothing counts against it).
  static func limit(
    _ account: Checked<Schema.Account>?, _ key: KeyPath<Schema.Quota.Type, AttributeKey<Int64>>, assumed: Int64,
    undeclaredAt: Location?
  ) -> QuotaLimit? {
    guard let account else {
      return undeclaredAt.map { QuotaLimit(value: assumed, location: $0, isAssumed: true, isUndeclaredAccount: true) }
    }
    if let written = account.child(\.quota)?.written(key) {
      return QuotaLimit(value: max(0, written.value), location: written.location, isAssumed: false)
    }
    return QuotaLimit(value: assumed, location: account.nameLocation, isAssumed: true)
  }

  /// "account `render`", or "this project" for the account of a project that declares none.
  static func owner(_ account: Checked<Schema.Account>?) -> String {
    account.map { "account `\($0.label ?? "")`" } ?? "this project"
  }

  /// Pools' shares of a quota, as they go by in source order: what a finding lists of them.
  struct Shares {
    typealias Share = (demand: PoolDemand, nodes: Int64, cores: Int64)
    /// The first `listedPools` shares, in source order.
    private var first: [Share] = []
    /// The largest `listedPools` shares, largest first (in source order among equals): kept in
    /// order as the shares go by, with no sort of a thousand. A share goes after every kept one
    /// at least as large, all of which came before it.
    private var largest: [Share] = []
    /// How many shares, and their vCPUs.
    private(set) var count = 0
    private(set) var cores: Int64 = 0

    mutating func add(_ demand: PoolDemand, nodes: Int64) {
      let share = (demand, nodes, demand.cores(nodes: nodes))
      count += 1
      cores += share.2
      if first.count < listedPools { first.append(share) }
      if largest.count == listedPools, let last = largest.last, last.cores >= share.2 { return }
      largest.insert(share, at: largest.firstIndex { $0.cores < share.2 } ?? largest.count)
      if largest.count > listedPools { largest.removeLast() }
    }

    /// One note per share, at its pool's name: every share up to `listedPools`, else the largest,
    /// and a note summing the rest.
    var notes: [Note] {
      let listed = count > listedPools ? largest : first
      var notes = listed.map { Note($0.demand.share(nodes: $0.nodes), at: $0.demand.pool.nameLocation) }
      if count > listed.count {
        let rest = cores - listed.reduce(0) { $0 + $1.cores }
        notes.append(Note("and \(count - listed.count) more pools, with \(rest) vCPUs between them"))
      }
      return notes
    }

    /// "64 + 200 = 264", "64" for one share, "1080 pools, 8640" past `listedPools`.
    var sum: String {
      if count > listedPools { return "\(count) pools, \(cores)" }
      return count > 1 ? first.map { String($0.cores) }.joined(separator: " + ") + " = \(cores)" : "\(cores)"
    }
  }

  /// Notes for autoscaled pools left out of a quota's sum.
  static func autoscaledNotes(_ autoscaled: [PoolDemand]) -> [Note] {
    var notes: [Note] = []
    for demand in autoscaled.prefix(listedPools) {
      notes.append(
        Note(
          "`\(demand.pool.label ?? "pool")` is autoscaled: its cores depend on its formula and are not counted",
          at: demand.pool.nameLocation))
    }
    if autoscaled.count > listedPools {
      notes.append(Note("and \(autoscaled.count - listedPools) more autoscaled pools, not counted either"))
    }
    return notes
  }

  /// Notes for pools whose VM size is unknown, so their cores could not be counted.
  static func uncountedNotes(_ uncounted: [Checked<Schema.Pool>]) -> [Note] {
    var notes = uncounted.prefix(listedPools).map { pool in
      let size = pool[\.vmSize] ?? "?"
      return Note(
        "`\(pool.label ?? "pool")` has a VM size batchspec does not know (`\(size)`): its cores are not counted",
        at: pool.nameLocation)
    }
    if uncounted.count > listedPools {
      notes.append(Note("and \(uncounted.count - listedPools) more pools of VM sizes batchspec does not know"))
    }
    return notes
  }

  /// Notes locating counted resources, at most `limit` of them, then how many more.
  static func listNotes<Kind>(
    _ blocks: some RandomAccessCollection<Checked<Kind>>, kind: String, limit: Int = 20
  ) -> [Note] {
    var notes = blocks.prefix(limit).map { Note("\(kind) `\($0.label ?? kind)`", at: $0.nameLocation) }
    if blocks.count > limit { notes.append(Note("and \(blocks.count - limit) more \(kind)s")) }
    return notes
  }
}
