// Questions rules ask of a checked project: which pools and jobs an account has, how many cores
// a pool takes, which blocks run commands, which storage a block touches.

/// A block that runs a command line: a task, a start task, a job preparation or release task.
///
/// A class: rules walk every command block, and sharing one reference costs a retain where
/// copying three `BlockInstance`s cost a dozen.
package final class CommandBlock: Sendable {
  /// The block itself.
  package let block: BlockInstance
  /// The job it belongs to (nil for a start task).
  package let job: BlockInstance?
  /// The pool it runs on, when known.
  package let pool: BlockInstance?
  /// The account that owns its pool, when known.
  package let account: BlockInstance?
  /// The storage accounts its inputs and outputs name (`CheckedProject.storageUses(of:)`),
  /// each with its ID lowercased, as Azure compares them.
  package let storageUses: [StorageUse]

  /// Records a command block and what rules ask of it.
  init(block: BlockInstance, job: BlockInstance?, pool: BlockInstance?, account: BlockInstance?) {
    self.block = block
    self.job = job
    self.pool = pool
    self.account = account
    var uses: [StorageUse] = []
    for child in block.children where child.kind == "input" || child.kind == "output" {
      for name in ["blob", "container"] {
        guard let attribute = child.attributes[name] else { continue }
        switch attribute.value {
        case .blob(let storage, _, _), .container(let storage, _):
          uses.append(StorageUse(storage: storage, key: storage.lowercased(), location: attribute.valueLocation))
        default: break
        }
      }
    }
    storageUses = uses
  }

  /// How messages name it: "task `encode`", "the `prepare` task of job `render`".
  package var title: String {
    switch block.kind {
    case "task": "task `\(block.label ?? "")`"
    case "start_task": "the start task of pool `\(pool?.label ?? "")`"
    default: "the `\(block.kind)` task of job `\(job?.label ?? "")`"
    }
  }
}

/// A storage account named by an input or output.
package struct StorageUse: Sendable {
  /// The storage account ID as written.
  package var storage: String
  /// The ID lowercased: the key Azure compares.
  package var key: String
  /// Where it is named.
  package var location: Location
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
    "`\(pool.label ?? "pool")`: \(nodes) node\(nodes == 1 ? "" : "s") × \(size.vCPUs) vCPU\(size.vCPUs == 1 ? "" : "s") = \(nodes * size.vCPUs)"
  }
}

/// Indexes over a checked project, built once per validation run so rules look pools, accounts
/// and command blocks up in constant time.
package struct ProjectFacts: Sendable {
  /// Every block that runs a command: start tasks, then each job's prepare, release and tasks.
  package let commandBlocks: [CommandBlock]
  private let poolsByID: [String: BlockInstance]
  private let accountsByID: [String: BlockInstance]
  private let storageByID: [String: BlockInstance]
  private let soleAccount: BlockInstance?
  private let poolsByAccount: [Location: [BlockInstance]]
  private let jobsByAccount: [Location: [BlockInstance]]

  /// Indexes `project`.
  package init(_ project: CheckedProject) {
    var pools: [String: BlockInstance] = [:]
    for pool in project.pools where pools[pool.label?.lowercased() ?? ""] == nil {
      pools[pool.label?.lowercased() ?? ""] = pool
    }
    var accounts: [String: BlockInstance] = [:]
    for account in project.accounts where accounts[account.label?.lowercased() ?? ""] == nil {
      accounts[account.label?.lowercased() ?? ""] = account
    }
    var storage: [String: BlockInstance] = [:]
    for account in project.storageAccounts {
      guard let key = account.label?.lowercased(), storage[key] == nil else { continue }
      storage[key] = account
    }
    poolsByID = pools
    accountsByID = accounts
    storageByID = storage
    soleAccount = project.accounts.count == 1 ? project.accounts[0] : nil
    var poolsByAccount: [Location: [BlockInstance]] = [:]
    var jobsByAccount: [Location: [BlockInstance]] = [:]
    var commands: [CommandBlock] = []
    func owner(_ block: BlockInstance) -> BlockInstance? {
      if case .reference(.account, let id, _)? = block.value("account") { return accounts[id.lowercased()] }
      return project.accounts.count == 1 ? project.accounts[0] : nil
    }
    for pool in project.pools {
      let account = owner(pool)
      if let account { poolsByAccount[account.location, default: []].append(pool) }
      for start in pool.children where start.kind == "start_task" {
        commands.append(CommandBlock(block: start, job: nil, pool: pool, account: account))
      }
    }
    for job in project.jobs {
      var pool: BlockInstance?
      if case .reference(.pool, let id, _)? = job.value("pool") { pool = pools[id.lowercased()] }
      let account = pool.flatMap(owner)
      if let account { jobsByAccount[account.location, default: []].append(job) }
      for child in job.children where child.kind == "prepare" || child.kind == "release" || child.kind == "task" {
        commands.append(CommandBlock(block: child, job: job, pool: pool, account: account))
      }
    }
    self.poolsByAccount = poolsByAccount
    self.jobsByAccount = jobsByAccount
    self.commandBlocks = commands
  }

  /// The account that owns a pool or application (by its `account` attribute, or the only one).
  package func account(of block: BlockInstance) -> BlockInstance? {
    if case .reference(.account, let id, _)? = block.value("account") { return accountsByID[id.lowercased()] }
    return soleAccount
  }

  /// The pool a job runs on.
  package func pool(of job: BlockInstance) -> BlockInstance? {
    guard case .reference(.pool, let id, _)? = job.value("pool") else { return nil }
    return poolsByID[id.lowercased()]
  }

  /// The storage account named `id` (compared as Azure does, ignoring case).
  package func storage(_ id: String) -> BlockInstance? { storageByID[id.lowercased()] }

  /// The storage account whose lowercased ID is `key`.
  package func storage(key: String) -> BlockInstance? { storageByID[key] }

  /// The account's linked (auto-storage) account, when declared.
  package func linkedStorage(of account: BlockInstance) -> BlockInstance? {
    guard case .reference(.storage, let id, _)? = account.value("storage") else { return nil }
    return storage(id)
  }

  /// The pools that belong to `account`.
  package func pools(of account: BlockInstance) -> [BlockInstance] { poolsByAccount[account.location] ?? [] }

  /// The jobs whose pool belongs to `account`.
  package func jobs(of account: BlockInstance) -> [BlockInstance] { jobsByAccount[account.location] ?? [] }
}

extension CheckedProject {
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
      dedicatedNodes: autoscaled ? 0 : pool.count("dedicated_nodes"),
      spotNodes: autoscaled ? 0 : pool.count("spot_nodes"),
      isAutoscaled: autoscaled)
  }

  /// Whether the account creates nodes in the user's subscription.
  package func isUserSubscription(_ account: BlockInstance) -> Bool {
    account.value("allocation")?.stringValue == "user_subscription"
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

extension BlockInstance {
  /// Calls `body` on this block and every block under it, in the order of a stack walk that
  /// pushes children in source order: the block, then its children's subtrees from last to first.
  /// Blocks are borrowed, not copied.
  package func walkLastFirst(_ body: (BlockInstance) -> Void) {
    body(self)
    Self.walkLastFirst(children, body)
  }

  /// `walkLastFirst` over `roots`, last root first (the order of popping them off a stack).
  package static func walkLastFirst(_ roots: [BlockInstance], _ body: (BlockInstance) -> Void) {
    // Through the buffer, so each element is borrowed where an array subscript would copy it.
    roots.withUnsafeBufferPointer { buffer in
      var index = buffer.count
      while index > 0 {
        index -= 1
        buffer[index].walkLastFirst(body)
      }
    }
  }

  /// An integer attribute (or its default) clamped to 0...1,000,000, so that node and slot
  /// arithmetic cannot overflow whatever a spec writes.
  package func count(_ name: String) -> Int64 {
    min(max(0, valueOrDefault(name)?.integerValue ?? 0), 1_000_000)
  }

  /// Target dedicated plus spot nodes (0 for an autoscaled pool, whose formula decides).
  package var fixedNodeCount: Int64 {
    child("autoscale") != nil ? 0 : count("dedicated_nodes") + count("spot_nodes")
  }
}

extension String {
  /// A region name compared the way Azure does: `West Europe` and `westeurope` are one region.
  package var normalizedRegion: String {
    String(lowercased().filter { $0 != " " && $0 != "-" && $0 != "_" })
  }
}
