// Facts computed from the checked project for hover and inlay hints: what a sweep expands to,
// how many nodes a pool asks for, what a job holds.

internal import BatchSpecCore

/// Computed facts about declared resources.
enum ResourceFacts {
  /// The checked instance of a block with a label, found by where its label is written.
  static func instance<Kind>(
    of block: Block, file: FileID, in resources: [Checked<Kind>]
  ) -> Checked<Kind>? {
    guard let label = block.label else { return nil }
    let location = Location(file, label.range)
    return resources.first { $0.nameLocation == location }
  }

  /// The members a sweep task (or the one task) of a job expands to.
  static func sweepMembers(of task: Block, file: FileID, in checked: CheckedProject) -> [Checked<Schema.Task>] {
    guard task.sweep != nil, let label = task.label else { return [] }
    let location = Location(file, label.range)
    for job in checked.jobs where job.location.file == file && job.location.range.contains(label.range.start) {
      return job.children(\.task).filter { $0.sweep != nil && $0.nameLocation == location }
    }
    return []
  }

  /// The cores a pool asks for (fixed node counts × the VM size's vCPUs), when the size is known
  /// and the counts are ones Azure Batch takes.
  static func cores(
    of pool: Checked<Schema.Pool>, vmSizes: VMSizeTable
  ) -> (dedicated: Int64, spot: Int64, vCPUs: Int64)? {
    guard let name = pool[\.vmSize], let size = vmSizes.size(name) else { return nil }
    // A count no pool can have (one being typed: `9223372036854775807`) has no cores to show, and
    // must not overflow the product.
    let dedicated = pool[\.dedicatedNodes] ?? 0
    let spot = pool[\.spotNodes] ?? 0
    guard (0...Int64(Int32.max)).contains(dedicated), (0...Int64(Int32.max)).contains(spot) else { return nil }
    return (dedicated * size.vCPUs, spot * size.vCPUs, size.vCPUs)
  }

  /// A short Markdown list of facts about a resource block, or nil when there are none.
  static func describe(_ block: Block, file: FileID, project: ProjectSnapshot, vmSizes: VMSizeTable) -> String? {
    let checked = project.checked
    switch block.kind.text {
    case Schema.Task.schema.kind:
      let members = sweepMembers(of: block, file: file, in: checked)
      guard let first = members.first?.label, let last = members.last?.label else { return nil }
      return "Expands to \(members.count) task\(members.count == 1 ? "" : "s"): `\(first)` … `\(last)`."
    case Schema.Pool.schema.kind:
      guard let pool = instance(of: block, file: file, in: checked.pools) else { return nil }
      var facts: [String] = []
      // The size's first sentence leads the facts; its paragraphs (retirement, a catalogue note)
      // follow them.
      var paragraphs: [Substring] = []
      if let size = pool[\.vmSize] {
        let description = vmSizes.size(size).map(VMSizeTable.describe) ?? "VM size `\(size)`"
        paragraphs = description.split(separator: "\n\n", omittingEmptySubsequences: false)
        var first = paragraphs.removeFirst()
        if first.hasSuffix(".") { first.removeLast() }
        facts.append(String(first))
      }
      let dedicated = pool[\.dedicatedNodes] ?? 0
      let spot = pool[\.spotNodes] ?? 0
      // "1 dedicated node and 0 spot nodes": each count takes its own plural.
      facts.append(
        "\(dedicated) dedicated node\(dedicated == 1 ? "" : "s") and \(spot) spot node\(spot == 1 ? "" : "s")")
      if let cores = cores(of: pool, vmSizes: vmSizes) {
        facts.append("\(cores.dedicated) dedicated and \(cores.spot) spot cores")
      }
      let jobs = checked.jobs.filter { checked.pool(of: $0)?.nameLocation == pool.nameLocation }.count
      facts.append("used by \(jobs) job\(jobs == 1 ? "" : "s")")
      return facts.joined(separator: "; ") + "." + paragraphs.map { "\n\n" + $0 }.joined()
    case Schema.Job.schema.kind:
      guard let job = instance(of: block, file: file, in: checked.jobs) else { return nil }
      let tasks = job.children(\.task).count
      return "\(tasks) task\(tasks == 1 ? "" : "s") after sweeps are expanded."
    case Schema.Account.schema.kind:
      guard let account = instance(of: block, file: file, in: checked.accounts) else { return nil }
      let pools = checked.pools.filter { checked.account(of: $0)?.nameLocation == account.nameLocation }
      var text = "\(pools.count) pool\(pools.count == 1 ? "" : "s") in this project."
      let poolCores = pools.compactMap { Self.cores(of: $0, vmSizes: vmSizes) }
      if poolCores.count == pools.count && !pools.isEmpty {
        let dedicated = poolCores.reduce(0) { $0 + $1.dedicated }
        let spot = poolCores.reduce(0) { $0 + $1.spot }
        text += " Cores in use: " + coresAgainstQuota(account, dedicated: dedicated, spot: spot, project: project)
      }
      return text
    default:
      return nil
    }
  }

  /// "64 dedicated of a quota of 200, 0 spot of 100 assumed (no `spot_cores` quota declared)." The
  /// assumed quotas are the project's configuration's, as the quota rules use them; a
  /// `user_subscription` account's cores count against the subscription, not a Batch quota.
  private static func coresAgainstQuota(
    _ account: Checked<Schema.Account>, dedicated: Int64, spot: Int64, project: ProjectSnapshot
  ) -> String {
    guard account[\.allocation] != .userSubscription else {
      return "\(dedicated) dedicated, \(spot) spot (counted against the subscription's quotas, not the account's)."
    }
    let assumed = project.configuration.validation.assumedQuotas
    func quota(_ key: KeyPath<Schema.Quota.Type, AttributeKey<Int64>>, _ assumedValue: Int64) -> String {
      if let value = account.child(\.quota)?[key] { return " of a quota of \(value)" }
      return " of \(assumedValue) assumed (no `\(Schema.Quota.self[keyPath: key].name)` quota declared)"
    }
    return
      "\(dedicated) dedicated\(quota(\.dedicatedCores, assumed.dedicatedCores)), \(spot) spot\(quota(\.spotCores, assumed.spotCores))."
  }
}
