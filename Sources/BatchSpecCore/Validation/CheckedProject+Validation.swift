// Questions rules ask of a checked project: which pools and jobs an account has, how many cores
// a pool takes, which blocks run commands, which storage a block touches.

/// A block that runs a command line: a task, a start task, a job preparation or release task.
package struct CommandBlock {
  /// The block itself.
  package var block: BlockInstance
  /// The job it belongs to (nil for a start task).
  package var job: BlockInstance?
  /// The pool it runs on, when known.
  package var pool: BlockInstance?

  /// How messages name it: "task `encode`", "the `prepare` task of job `render`".
  package var title: String {
    switch block.kind {
    case "task": "task `\(block.label ?? "")`"
    case "start_task": "the start task of pool `\(pool?.label ?? "")`"
    default: "the `\(block.kind)` task of job `\(job?.label ?? "")`"
    }
  }
}

/// What a pool asks of its account's quotas.
package struct PoolDemand {
  /// The pool.
  package var pool: BlockInstance
  /// Its VM size, when known.
  package var size: VMSize
  /// Target dedicated nodes (0 when autoscaled).
  package var dedicatedNodes: Int64
  /// Target spot nodes (0 when autoscaled).
  package var spotNodes: Int64
  /// Whether an autoscale formula sizes it (its node counts are then unknown).
  package var isAutoscaled: Bool

  /// Dedicated vCPUs.
  package var dedicatedCores: Int64 { dedicatedNodes * size.vCPUs }
  /// Spot vCPUs.
  package var spotCores: Int64 { spotNodes * size.vCPUs }

  /// `render-pool: 4 nodes × 16 vCPUs = 64`.
  package func share(nodes: Int64) -> String {
    "`\(pool.label ?? "pool")`: \(nodes) node\(nodes == 1 ? "" : "s") × \(size.vCPUs) vCPUs = \(nodes * size.vCPUs)"
  }
}

extension CheckedProject {
  /// The pools that belong to `account`.
  package func pools(of account: BlockInstance) -> [BlockInstance] {
    pools.filter { self.account(of: $0).map { $0.location == account.location } ?? false }
  }

  /// The jobs whose pool belongs to `account`.
  package func jobs(of account: BlockInstance) -> [BlockInstance] {
    jobs.filter { job in
      guard let pool = pool(of: job), let owner = self.account(of: pool) else { return false }
      return owner.location == account.location
    }
  }

  /// The account a job runs under, through its pool.
  package func account(ofJob job: BlockInstance) -> BlockInstance? {
    pool(of: job).flatMap { account(of: $0) }
  }

  /// The pool's VM size from the embedded table, when it names a known one.
  package func vmSize(of pool: BlockInstance) -> VMSize? {
    pool.value("vm_size")?.stringValue.flatMap(VMSizes.size(named:))
  }

  /// What `pool` asks of quotas; nil when its VM size is unknown.
  package func demand(of pool: BlockInstance) -> PoolDemand? {
    guard let size = vmSize(of: pool) else { return nil }
    let autoscaled = pool.child("autoscale") != nil
    return PoolDemand(
      pool: pool, size: size,
      dedicatedNodes: autoscaled ? 0 : max(0, pool.valueOrDefault("dedicated_nodes")?.integerValue ?? 0),
      spotNodes: autoscaled ? 0 : max(0, pool.valueOrDefault("spot_nodes")?.integerValue ?? 0),
      isAutoscaled: autoscaled)
  }

  /// Whether the account creates nodes in the user's subscription.
  package func isUserSubscription(_ account: BlockInstance) -> Bool {
    account.value("allocation")?.stringValue == "user_subscription"
  }

  /// The account's linked (auto-storage) account, when declared.
  package func linkedStorage(of account: BlockInstance) -> BlockInstance? {
    guard case .reference(.storage, let id, _)? = account.value("storage") else { return nil }
    return storage(id)
  }

  /// Every block that runs a command: start tasks, then each job's prepare, release and tasks.
  package var commandBlocks: [CommandBlock] {
    var blocks: [CommandBlock] = []
    for pool in pools {
      for start in pool.children("start_task") { blocks.append(CommandBlock(block: start, job: nil, pool: pool)) }
    }
    for job in jobs {
      let pool = pool(of: job)
      for child in job.children where child.kind == "prepare" || child.kind == "release" || child.kind == "task" {
        blocks.append(CommandBlock(block: child, job: job, pool: pool))
      }
    }
    return blocks
  }

  /// The storage account IDs a block's inputs and outputs name, with where each is named.
  package func storageUses(of block: BlockInstance) -> [(storage: String, location: Location)] {
    var uses: [(String, Location)] = []
    for child in block.children where child.kind == "input" || child.kind == "output" {
      for name in ["blob", "container"] {
        guard let attribute = child.attributes[name] else { continue }
        switch attribute.value {
        case .blob(let storage, _, _), .container(let storage, _): uses.append((storage, attribute.valueLocation))
        default: break
        }
      }
    }
    return uses
  }
}

extension String {
  /// A region name compared the way Azure does: `West Europe` and `westeurope` are one region.
  package var normalizedRegion: String {
    String(lowercased().filter { $0 != " " && $0 != "-" && $0 != "_" })
  }
}
