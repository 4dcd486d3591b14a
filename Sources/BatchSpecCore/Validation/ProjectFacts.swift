// Questions rules ask of a checked project: which pools and jobs an account has, how many cores
// a pool takes, which blocks run commands, which storage a block touches.

/// A block that runs a command line: a task, a start task, a job preparation or release task.
///
/// Three references, 24 bytes, inline in its job's array: its kind is read off its block, and the
/// job, pool and account are one object shared by every command block of the job. (As an object
/// of its own it took 48 bytes and a malloc more for each of a project's tasks and sweep members,
/// and rules, which copy one to read it, are as cheap over three references as over one.)
package struct CommandBlock: Sendable {
  /// The block itself.
  package let block: BlockInstance
  /// Its job, pool and account.
  private let owner: CommandOwner
  /// The storage accounts its inputs and outputs name (`CheckedProject.storageUses(of:)`),
  /// each with its ID lowercased, as Azure compares them.
  package let storageUses: [StorageUse]

  /// Its kind, whose keys read the attributes every command block has.
  package var kind: any CommandKind.Type {
    for kind in Schema.commandKinds where block.schema === kind.schema { return kind }
    return Schema.Task.self  // not reached: every command kind is in the schema's table
  }
  /// The job it belongs to (nil for a start task).
  package var job: Checked<Schema.Job>? { owner.job }
  /// The pool it runs on, when known.
  package var pool: Checked<Schema.Pool>? { owner.pool }
  /// The account that owns its pool, when known.
  package var account: Checked<Schema.Account>? { owner.account }

  /// Records a command block of `owner` and what rules ask of it. When its children are those of
  /// `previous` (sweep members share the inputs and outputs that do not mention the variable), so
  /// are its storage uses: one array for the whole sweep.
  init<Kind: CommandKind>(_ block: Checked<Kind>, owner: CommandOwner, previous: CommandBlock? = nil) {
    assert(Schema.commandKinds.contains { $0.schema === Kind.schema }, "\(Kind.self) is missing from `Schema.allKinds`")
    self.block = block.instance
    self.owner = owner
    if let previous, Self.sameChildren(previous.block, block.instance) {
      storageUses = previous.storageUses
      return
    }
    // Reserved for one use per input and output (an input names a blob or a container, not
    // both): two appends to an empty array allocated twice, for every task of the project.
    var uses: [StorageUse] = []
    uses.reserveCapacity(block.instance.children.count { $0.is(Schema.Input.self) || $0.is(Schema.Output.self) })
    block.instance.forEachStorageUse { storage, location in
      uses.append(StorageUse(storage: storage, key: storage.lowercasedKey, location: location))
    }
    storageUses = uses
  }

  /// Whether two blocks have the same child objects, in the same order.
  private static func sameChildren(_ a: BlockInstance, _ b: BlockInstance) -> Bool {
    a.children.count == b.children.count && zip(a.children, b.children).allSatisfy { $0 === $1 }
  }

  /// The value of an attribute every command block has (`{ $0.environment }`), or its default.
  package func value<Wrapped: SchemaValue>(_ key: (any CommandKind.Type) -> AttributeKey<Wrapped>) -> Wrapped? {
    block.value(of: key(kind))
  }

  /// An attribute every command block has, as written.
  package func written<Wrapped: SchemaValue>(_ key: (any CommandKind.Type) -> AttributeKey<Wrapped>) -> Written<
    Wrapped
  >? {
    block.written(key(kind))
  }

  /// The block's inputs.
  package var inputs: [Checked<Schema.Input>] { block.children(Schema.Input.self) }

  /// How messages name it: "task `encode`", "the `prepare` task of job `render`".
  package var title: String {
    if block.is(Schema.Task.self) { return "task `\(block.label ?? "")`" }
    if block.is(Schema.StartTask.self) { return "the start task of pool `\(pool?.label ?? "")`" }
    return "the `\(block.kind)` task of job `\(job?.label ?? "")`"
  }
}

/// The job, pool and account of command blocks: one per job (or per pool, for its start task).
final class CommandOwner: Sendable {
  let job: Checked<Schema.Job>?
  let pool: Checked<Schema.Pool>?
  let account: Checked<Schema.Account>?

  init(job: Checked<Schema.Job>?, pool: Checked<Schema.Pool>?, account: Checked<Schema.Account>?) {
    self.job = job
    self.pool = pool
    self.account = account
  }
}

/// Every command block of a run: given, or built when first asked for.
///
/// Unchecked: one validation run, on one thread, owns it; the cache is filled at most once.
final class CommandBlockSource: @unchecked Sendable {
  private var built: [[CommandBlock]]?
  private var build: (() -> [[CommandBlock]])?
  private var joined: [CommandBlock]?

  init(_ blocks: [CommandBlock]) { built = [blocks] }
  init(runs: [[CommandBlock]]) {
    built = runs
    joined = runs.count == 1 ? runs[0] : Array(runs.joined())
  }
  init(_ build: @escaping () -> [[CommandBlock]]) { self.build = build }

  var runs: [[CommandBlock]] {
    if let built { return built }
    let runs = build?() ?? []
    built = runs
    build = nil
    return runs
  }

  var blocks: [CommandBlock] {
    if let joined { return joined }
    let runs = runs
    let blocks = runs.count == 1 ? runs[0] : Array(runs.joined())
    joined = blocks
    return blocks
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
///
/// A class: the quota rules filter and list every pool's demand after every edit, and a copy of a
/// reference costs one retain where a copy of the VM size's strings cost six.
package final class PoolDemand: Sendable {
  /// The pool.
  package let pool: Checked<Schema.Pool>
  /// Its VM size, when known.
  package let size: VMSize
  /// Target dedicated nodes (0 when autoscaled).
  package let dedicatedNodes: Int64
  /// Target spot nodes (0 when autoscaled).
  package let spotNodes: Int64
  /// Whether an autoscale formula sizes it (its node counts are then unknown).
  package let isAutoscaled: Bool

  /// A pool's demand.
  init(pool: Checked<Schema.Pool>, size: VMSize, dedicatedNodes: Int64, spotNodes: Int64, isAutoscaled: Bool) {
    self.pool = pool
    self.size = size
    self.dedicatedNodes = dedicatedNodes
    self.spotNodes = spotNodes
    self.isAutoscaled = isAutoscaled
  }

  /// The same demand, of the same pool checked again at another place.
  func moved(to pool: Checked<Schema.Pool>) -> PoolDemand {
    PoolDemand(
      pool: pool, size: size, dedicatedNodes: dedicatedNodes, spotNodes: spotNodes, isAutoscaled: isAutoscaled)
  }

  /// Dedicated vCPUs.
  package var dedicatedCores: Int64 { dedicatedNodes * size.vCPUs }
  /// Spot vCPUs.
  package var spotCores: Int64 { spotNodes * size.vCPUs }

  /// The vCPUs of `nodes` nodes of its size.
  package func cores(nodes: Int64) -> Int64 { nodes * size.vCPUs }

  /// `render-pool: 4 nodes × 16 vCPUs = 64`.
  package func share(nodes: Int64) -> String {
    "`\(pool.label ?? "pool")`: \(nodes) node\(nodes == 1 ? "" : "s") × \(size.vCPUs) vCPU\(size.vCPUs == 1 ? "" : "s") = \(nodes * size.vCPUs)"
  }
}

/// Indexes over a checked project, built once per validation run so rules look pools, accounts
/// and command blocks up in constant time.
package struct ProjectFacts: Sendable {
  /// Every block that runs a command: start tasks, then each job's prepare, release and tasks.
  package var commandBlocks: [CommandBlock] { commandSource.blocks }
  /// The same blocks in runs (one per pool or job, or one for all), for a rule that reads every
  /// block of the project once: the language server's runs are the ones it keeps per resource,
  /// shared rather than copied into one array after every edit.
  package var commandBlockRuns: [[CommandBlock]] { commandSource.runs }
  private var commandSource: CommandBlockSource
  private let pools: [Checked<Schema.Pool>]
  private let accounts: [Checked<Schema.Account>]
  private let storageAccounts: [Checked<Schema.Storage>]
  /// The lookups by ID, by position in the arrays above.
  package let index: ResourceIndex
  /// The project's jobs (an account's are read through `index.jobsByAccount`).
  private let jobs: [Checked<Schema.Job>]
  /// The issues of each of `project.formulas`, same order (the autoscale rules report them by kind).
  package let formulaIssues: [[FormulaIssue]]
  /// What each pool asks of quotas, by its position; nil when its VM size is unknown.
  package let demands: DemandTable
  /// Each schedule whose `job` names a job of the project, with that job (`scheduledJobs`):
  /// looked up once per run for the rules about scheduled jobs, empty at no cost without schedules.
  package let scheduledJobs: [(schedule: Checked<Schema.Schedule>, job: Checked<Schema.Job>)]

  /// Indexes `project`; the command blocks are those of every pool and job.
  package init(_ project: CheckedProject) { self.init(project, focus: ValidationFocus(all: project)) }

  /// Indexes `project`; the command blocks are those of the pools and jobs of `focus`. Pools whose
  /// checked block is one `known` has (unchanged since an earlier run) keep its quota demand;
  /// `index`, when given, must describe the project (`ResourceIndex.describes`).
  package init(
    _ project: CheckedProject, focus: ValidationFocus, known: DemandTable? = nil, index: ResourceIndex? = nil
  ) {
    self.init(project, commandBlocks: [], known: known, index: index)
    var commands: [CommandBlock] = []
    for pool in focus.pools { commands += commandBlocks(of: pool) }
    for job in focus.jobs { commands += commandBlocks(of: job) }
    commandSource = CommandBlockSource(commands)
  }

  /// Indexes `project`, with `commandBlocks` built earlier (by `commandBlocks(of:)`).
  package init(
    _ project: CheckedProject, commandBlocks: [CommandBlock], known: DemandTable? = nil, index: ResourceIndex? = nil
  ) {
    formulaIssues = project.formulas.map { FormulaAnalysis.issues(of: $0.program) }
    demands = DemandTable(project, known: known)
    pools = project.pools
    accounts = project.accounts
    storageAccounts = project.storageAccounts
    assert(index?.describes(project) ?? true, "an index that does not describe the project")
    let index = index ?? ResourceIndex(project)
    self.index = index
    jobs = project.jobs
    scheduledJobs = project.scheduledJobs
    self.commandSource = CommandBlockSource(commandBlocks)
  }

  /// The same indexes with other command blocks.
  package func with(commandBlocks: [CommandBlock]) -> ProjectFacts {
    var copy = self
    copy.commandSource = CommandBlockSource(commandBlocks)
    return copy
  }

  /// The same indexes with command blocks that `build` makes, in runs, when a rule first asks for
  /// them: the language server's, which rules over the whole project's commands rarely need (one
  /// region).
  package func with(commandBlockRuns build: @escaping () -> [[CommandBlock]]) -> ProjectFacts {
    var copy = self
    copy.commandSource = CommandBlockSource(build)
    return copy
  }

  /// The same indexes with command blocks built already, in runs; they are joined now, so that
  /// rules on other threads may read them at once.
  package func with(commandBlockRuns runs: [[CommandBlock]]) -> ProjectFacts {
    var copy = self
    copy.commandSource = CommandBlockSource(runs: runs)
    return copy
  }

  /// The command blocks of `pool`: its start task.
  package func commandBlocks(of pool: Checked<Schema.Pool>) -> [CommandBlock] {
    let owner = CommandOwner(job: nil, pool: pool, account: account(of: pool))
    return pool.children(\.startTask).map { CommandBlock($0, owner: owner) }
  }

  /// The command blocks of `job`: its preparation, release and tasks, in written order.
  package func commandBlocks(of job: Checked<Schema.Job>) -> [CommandBlock] {
    let pool = self.pool(of: job)
    let owner = CommandOwner(job: job, pool: pool, account: pool.flatMap { self.account(of: $0) })
    var commands: [CommandBlock] = []
    commands.reserveCapacity(job.instance.children.count)
    for child in job.instance.children {
      if let prepare = Checked<Schema.Prepare>(ifKind: child) {
        commands.append(CommandBlock(prepare, owner: owner))
      } else if let release = Checked<Schema.Release>(ifKind: child) {
        commands.append(CommandBlock(release, owner: owner))
      } else if let task = Checked<Schema.Task>(ifKind: child) {
        commands.append(CommandBlock(task, owner: owner, previous: commands.last))
      }
    }
    return commands
  }

  /// The account that owns a pool or application (by its `account` attribute, or the only one).
  package func account(named owner: Reference?) -> Checked<Schema.Account>? {
    if let owner { return index.accountByID[owner.key].map { accounts[$0] } }
    return accounts.count == 1 ? accounts[0] : nil
  }

  /// The account that owns `pool`.
  package func account(of pool: Checked<Schema.Pool>) -> Checked<Schema.Account>? { account(named: pool[\.account]) }

  /// The pool a job runs on.
  package func pool(of job: Checked<Schema.Job>) -> Checked<Schema.Pool>? {
    guard let reference = job[\.pool] else { return nil }
    return index.poolByID[reference.key].map { pools[$0] }
  }

  /// The storage account named `id` (compared as Azure does, ignoring case).
  package func storage(_ id: String) -> Checked<Schema.Storage>? { storage(key: id.lowercasedKey) }

  /// The storage account whose lowercased ID is `key`.
  package func storage(key: String) -> Checked<Schema.Storage>? {
    index.storageByID[key].map { storageAccounts[$0] }
  }

  /// The account's linked (auto-storage) account, when declared.
  package func linkedStorage(of account: Checked<Schema.Account>) -> Checked<Schema.Storage>? {
    account[\.storage].flatMap { storage($0.id) }
  }

  /// The accounts whose quotas count the project's pools and jobs: the declared ones, or, when the
  /// project declares none but has a pool, nil for the Batch account it is submitted to (whose
  /// quotas are the assumed ones).
  package var quotaAccounts: [Checked<Schema.Account>?] {
    accounts.isEmpty ? (pools.isEmpty ? [] : [nil]) : accounts
  }

  /// The pools that belong to `account` (nil: the undeclared account of a project that declares
  /// none, which owns every pool).
  package func pools(of account: Checked<Schema.Account>?) -> PickedElements<Checked<Schema.Pool>> {
    PickedElements(pools, at: position(of: account).map { index.poolsByAccount[$0] } ?? [])
  }

  /// What each pool of `account` asks of quotas, same order as `pools(of:)`; nil for a pool whose
  /// VM size is unknown.
  package func demands(of account: Checked<Schema.Account>?) -> PickedElements<PoolDemand?> {
    PickedElements(demands.all, at: position(of: account).map { index.poolsByAccount[$0] } ?? [])
  }

  /// The jobs whose pool belongs to `account`.
  package func jobs(of account: Checked<Schema.Account>?) -> PickedElements<Checked<Schema.Job>> {
    PickedElements(jobs, at: position(of: account).map { index.jobsByAccount[$0] } ?? [])
  }

  /// Where `account` is in the project's accounts, when it is the first of its ID (the one the
  /// indexes file pools and jobs under); for nil, 0 when the project declares no account.
  private func position(of account: Checked<Schema.Account>?) -> Int? {
    guard let account else { return accounts.isEmpty ? 0 : nil }
    guard let position = index.accountByID[account.label?.lowercasedKey ?? ""],
      accounts[position].instance === account.instance
    else { return nil }
    return position
  }
}

/// The lookups `ProjectFacts` answers, by position in the project's arrays of pools, accounts,
/// storage accounts and jobs. They depend only on those resources' IDs and on the accounts and
/// pools they name, in order, which most edits leave as they were: the language server keeps an
/// index for as long as it describes the project.
package final class ResourceIndex: Sendable {
  /// What the index was built from: each pool's ID and account name, each account's ID, each
  /// storage account's ID, each job's pool name (lowercased).
  private let poolKeys: [String]
  private let poolAccountKeys: [String?]
  private let accountKeys: [String]
  private let storageKeys: [String?]
  private let jobPoolKeys: [String?]
  /// The file of each pool, account, storage account and job: an edit that leaves them all in
  /// place can change keys only in the files it checked again.
  private let poolFiles: [FileID]
  private let accountFiles: [FileID]
  private let storageFiles: [FileID]
  private let jobFiles: [FileID]
  /// The jobs on each pool, by the name (lowercased) their `pool` gives.
  private let jobsByPoolName: [String: [Int]]
  /// The first pool, account and storage account of each ID.
  let poolByID: [String: Int]
  let accountByID: [String: Int]
  let storageByID: [String: Int]
  /// By account: its pools, and the jobs whose pool it owns (empty for all but the first account
  /// of an ID). A project that declares no account has one entry: the account it is submitted to,
  /// which owns every pool that names none.
  let poolsByAccount: [[Int]]
  let jobsByAccount: [[Int]]
  /// The position in `accountKeys` of the account that owns each pool, by the pool's ID (the
  /// first pool of each ID): for the jobs that name it.
  private let poolOwners: [String: Int]

  init(_ project: CheckedProject) {
    poolKeys = project.pools.map { Self.id(of: $0.instance) ?? "" }
    poolAccountKeys = project.pools.map(Self.accountName(of:))
    accountKeys = project.accounts.map { Self.id(of: $0.instance) ?? "" }
    storageKeys = project.storageAccounts.map { Self.id(of: $0.instance) }
    jobPoolKeys = project.jobs.map(Self.poolName(of:))
    poolFiles = project.pools.map(\.location.file)
    accountFiles = project.accounts.map(\.location.file)
    storageFiles = project.storageAccounts.map(\.location.file)
    jobFiles = project.jobs.map(\.location.file)
    var jobsByPoolName: [String: [Int]] = [:]
    for (position, key) in jobPoolKeys.enumerated() {
      if let key { jobsByPoolName[key, default: []].append(position) }
    }
    self.jobsByPoolName = jobsByPoolName
    var pools: [String: Int] = [:]
    pools.reserveCapacity(poolKeys.count)
    for (position, key) in poolKeys.enumerated() where pools[key] == nil { pools[key] = position }
    var accounts: [String: Int] = [:]
    for (position, key) in accountKeys.enumerated() where accounts[key] == nil { accounts[key] = position }
    var storage: [String: Int] = [:]
    for (position, key) in storageKeys.enumerated() {
      guard let key, storage[key] == nil else { continue }
      storage[key] = position
    }
    poolByID = pools
    accountByID = accounts
    storageByID = storage
    let soleAccount = Self.soleOwner(accounts: accountKeys.count)
    var poolsByAccount = [[Int]](repeating: [], count: max(1, accountKeys.count))
    var jobsByAccount = [[Int]](repeating: [], count: max(1, accountKeys.count))
    // Each pool's owning account, by the pool's lowercased ID, for its jobs.
    var poolOwners: [String: Int] = [:]
    poolOwners.reserveCapacity(poolKeys.count)
    for (position, key) in poolKeys.enumerated() {
      let owner = poolAccountKeys[position].map { accounts[$0] } ?? soleAccount
      guard let owner else { continue }
      poolsByAccount[owner].append(position)
      if pools[key] == position { poolOwners[key] = owner }
    }
    for (position, key) in jobPoolKeys.enumerated() {
      if let key, let owner = poolOwners[key] { jobsByAccount[owner].append(position) }
    }
    self.poolsByAccount = poolsByAccount
    self.jobsByAccount = jobsByAccount
    self.poolOwners = poolOwners
  }

  /// `old` with what is given instead: other pools (a run of them added or removed) or other
  /// jobs' pool names, and the lookups that follow from them.
  private init(
    _ old: ResourceIndex, poolKeys: [String]? = nil, poolAccountKeys: [String?]? = nil, poolFiles: [FileID]? = nil,
    poolByID: [String: Int]? = nil, poolsByAccount: [[Int]]? = nil, poolOwners: [String: Int]? = nil,
    jobPoolKeys: [String?]? = nil, jobsByPoolName: [String: [Int]]? = nil, jobsByAccount: [[Int]]? = nil
  ) {
    self.poolKeys = poolKeys ?? old.poolKeys
    self.poolAccountKeys = poolAccountKeys ?? old.poolAccountKeys
    accountKeys = old.accountKeys
    storageKeys = old.storageKeys
    self.jobPoolKeys = jobPoolKeys ?? old.jobPoolKeys
    self.poolFiles = poolFiles ?? old.poolFiles
    accountFiles = old.accountFiles
    storageFiles = old.storageFiles
    jobFiles = old.jobFiles
    self.jobsByPoolName = jobsByPoolName ?? old.jobsByPoolName
    self.poolByID = poolByID ?? old.poolByID
    accountByID = old.accountByID
    storageByID = old.storageByID
    self.poolsByAccount = poolsByAccount ?? old.poolsByAccount
    self.jobsByAccount = jobsByAccount ?? old.jobsByAccount
    self.poolOwners = poolOwners ?? old.poolOwners
  }

  /// The index of `project` when it differs from the one this index describes at most in the
  /// pools that jobs of `changed` files name (an edit that moves a job to another pool, or breaks
  /// its reference): this index, or a copy with those jobs moved; nil when more than that differs.
  ///
  /// A run of pools added or removed in a `changed` file (typing or deleting a pool) is spliced
  /// into the index first, when no other pool has the ID of one of them and no job names it.
  func revised(for project: CheckedProject, changed: Set<FileID>) -> ResourceIndex? {
    if project.pools.count != poolKeys.count {
      return splicingPools(of: project, changed: changed)?.revised(for: project, changed: changed)
    }
    guard describes(project, changed: changed, jobs: false), project.jobs.count == jobPoolKeys.count else {
      return nil
    }
    var keys = jobPoolKeys
    var moved: [(position: Int, from: String?, to: String?)] = []
    for (position, job) in project.jobs.enumerated() {
      guard job.location.file == jobFiles[position] else { return nil }
      guard changed.contains(jobFiles[position]) else { continue }
      let key = Self.poolName(of: job)
      if key != keys[position] {
        moved.append((position, keys[position], key))
        keys[position] = key
      }
    }
    if moved.isEmpty { return self }
    func insert(_ position: Int, into list: inout [Int]) {
      list.insert(position, at: list.firstIndex { $0 > position } ?? list.count)
    }
    var byPool = jobsByPoolName
    var byAccount = jobsByAccount
    for (position, from, to) in moved {
      if let from {
        byPool[from]?.removeAll { $0 == position }
        if byPool[from]?.isEmpty == true { byPool[from] = nil }
        if let owner = poolOwners[from] { byAccount[owner].removeAll { $0 == position } }
      }
      if let to {
        insert(position, into: &byPool[to, default: []])
        if let owner = poolOwners[to] { insert(position, into: &byAccount[owner]) }
      }
    }
    return ResourceIndex(self, jobPoolKeys: keys, jobsByPoolName: byPool, jobsByAccount: byAccount)
  }

  /// The index with the run of pools by which `project`'s differ from those the index describes
  /// added or removed; nil when they differ otherwise, when another pool has the ID of one of them
  /// (which of them is first would change) or a job names one (its account would change).
  private func splicingPools(of project: CheckedProject, changed: Set<FileID>) -> ResourceIndex? {
    let pools = project.pools
    // Whether the pool at `new` is the one at `old`: in the same file, and with the same ID and
    // account when its file changed (the others' blocks are the same).
    func same(_ new: Int, _ old: Int) -> Bool {
      let file = pools[new].location.file
      guard file == poolFiles[old] else { return false }
      return !changed.contains(file)
        || (Self.id(of: pools[new].instance) ?? "" == poolKeys[old]
          && Self.accountName(of: pools[new]) == poolAccountKeys[old])
    }
    let shorter = min(pools.count, poolKeys.count)
    var front = 0
    while front < shorter && same(front, front) { front += 1 }
    var back = 0
    while back < shorter - front && same(pools.count - 1 - back, poolKeys.count - 1 - back) { back += 1 }
    let removed = front..<(poolKeys.count - back)
    let added = front..<(pools.count - back)
    guard removed.isEmpty || added.isEmpty else { return nil }
    for position in added where !changed.contains(pools[position].location.file) { return nil }
    for position in removed where !changed.contains(poolFiles[position]) { return nil }
    // Nothing else may differ: the accounts, storage accounts and jobs are where they were.
    guard project.accounts.count == accountKeys.count, project.storageAccounts.count == storageKeys.count,
      project.jobs.count == jobPoolKeys.count
    else { return nil }
    let addedKeys = added.map { Self.id(of: pools[$0].instance) ?? "" }
    let addedAccounts = added.map { Self.accountName(of: pools[$0]) }
    let removedKeys = Array(poolKeys[removed])
    for key in addedKeys + removedKeys where jobsByPoolName[key] != nil { return nil }
    if !addedKeys.isEmpty {
      guard Set(addedKeys).count == addedKeys.count, !addedKeys.contains(where: { poolByID[$0] != nil }) else {
        return nil
      }
    } else {
      let gone = Set(removedKeys)
      guard gone.count == removedKeys.count else { return nil }
      for (position, key) in poolKeys.enumerated() where !removed.contains(position) && gone.contains(key) {
        return nil
      }
    }
    // The positions after the run move by its length.
    let delta = added.count - removed.count
    func moved(_ position: Int) -> Int { position >= removed.upperBound ? position + delta : position }
    var byID = poolByID.mapValues(moved)
    var owners = poolOwners
    for key in removedKeys {
      byID[key] = nil
      owners[key] = nil
    }
    var byAccount = poolsByAccount.map { positions in Array(positions.lazy.filter { !removed.contains($0) }.map(moved))
    }
    let soleAccount = Self.soleOwner(accounts: accountKeys.count)
    for (offset, position) in added.enumerated() {
      let key = addedKeys[offset]
      byID[key] = position
      guard let owner = addedAccounts[offset].map({ accountByID[$0] }) ?? soleAccount else { continue }
      owners[key] = owner
      byAccount[owner].insert(position, at: byAccount[owner].partitioningIndex { $0 > position })
    }
    var keys = poolKeys
    keys.replaceSubrange(removed, with: addedKeys)
    var accounts = poolAccountKeys
    accounts.replaceSubrange(removed, with: addedAccounts)
    var files = poolFiles
    files.replaceSubrange(removed, with: added.map { pools[$0].location.file })
    return ResourceIndex(
      self, poolKeys: keys, poolAccountKeys: accounts, poolFiles: files, poolByID: byID, poolsByAccount: byAccount,
      poolOwners: owners)
  }

  /// Whether the index answers for `project`: its pools, accounts, storage accounts and jobs have
  /// the IDs and name the accounts and pools the index was built from, in the same order.
  ///
  /// With `changed`, the files whose resources may differ from those the index was built from
  /// (the others' checked blocks are the same): when every resource is in the file it was in,
  /// only the keys of those files' resources are read again.
  /// With `jobs` false, the jobs' pool names are not compared.
  func describes(_ project: CheckedProject, changed: Set<FileID>? = nil, jobs: Bool = true) -> Bool {
    guard project.pools.count == poolKeys.count, project.accounts.count == accountKeys.count,
      project.storageAccounts.count == storageKeys.count, project.jobs.count == jobPoolKeys.count
    else { return false }
    func reads(_ block: BlockInstance, _ file: FileID) -> Bool? {
      guard block.location.file == file else { return nil }
      return changed?.contains(file) ?? true
    }
    for (position, pool) in project.pools.enumerated() {
      guard let read = reads(pool.instance, poolFiles[position]) else { return false }
      guard
        !read
          || (Self.id(of: pool.instance) ?? "" == poolKeys[position]
            && Self.accountName(of: pool) == poolAccountKeys[position])
      else { return false }
    }
    for (position, account) in project.accounts.enumerated() {
      guard let read = reads(account.instance, accountFiles[position]) else { return false }
      guard !read || Self.id(of: account.instance) ?? "" == accountKeys[position] else { return false }
    }
    for (position, storage) in project.storageAccounts.enumerated() {
      guard let read = reads(storage.instance, storageFiles[position]) else { return false }
      guard !read || Self.id(of: storage.instance) == storageKeys[position] else { return false }
    }
    guard jobs else { return true }
    for (position, job) in project.jobs.enumerated() {
      guard let read = reads(job.instance, jobFiles[position]) else { return false }
      guard !read || Self.poolName(of: job) == jobPoolKeys[position] else { return false }
    }
    return true
  }

  /// The position of the account that owns a pool naming none: the only account, or, in a project
  /// that declares none, the one it is submitted to (position 0 of `poolsByAccount`).
  private static func soleOwner(accounts: Int) -> Int? { accounts <= 1 ? 0 : nil }

  /// The positions of the jobs whose `pool` names `key` (lowercased), in order.
  func jobs(onPoolNamed key: String) -> [Int] { jobsByPoolName[key] ?? [] }

  /// Whether the project declares a job (the incremental validator looks at every resource again
  /// when that changes).
  var declaresJobs: Bool { !jobPoolKeys.isEmpty }

  /// The positions of the pools whose ID is `key` (lowercased), in order.
  func pools(named key: String) -> [Int] {
    guard poolByID[key] != nil else { return [] }
    return poolKeys.indices.filter { poolKeys[$0] == key }
  }

  /// The pool names (lowercased) of the jobs of `file`, in order; the jobs are listed file by file.
  func poolNames(ofJobsIn file: FileID) -> [String] {
    let lower = jobFiles.partitioningIndex { $0 >= file }
    let upper = jobFiles[lower...].partitioningIndex { $0 > file }
    return jobPoolKeys[lower..<upper].compactMap { $0 }
  }

  // What the index is built from, read one way by `init` and `describes`.

  /// A resource's ID, lowercased as Azure compares IDs.
  private static func id(of block: BlockInstance) -> String? { block.label?.lowercasedKey }
  /// The account a pool's `account` names.
  private static func accountName(of pool: Checked<Schema.Pool>) -> String? {
    pool.instance.value(of: Schema.Pool.account)?.key
  }
  /// The pool a job's `pool` names.
  private static func poolName(of job: Checked<Schema.Job>) -> String? { job.instance.value(of: Schema.Job.pool)?.key }
}

/// What each pool of a project asks of quotas, by the pool's position in the project: computed
/// once per pool, and kept by the language server for the pools an edit did not check again.
package struct DemandTable: Sendable {
  /// Each pool's block (kept alive, so its identity cannot be reused), same order as the project's.
  private let pools: [BlockInstance]
  /// Each pool's demand, same order; nil when its VM size is unknown.
  private let demands: [PoolDemand?]
  /// Where blocks of the check these demands are from went in the next one, when the checker
  /// took them unchanged (`CheckerMemo.reusedFrom`: new place to old place).
  private var moved: [Location: Location] = [:]

  /// The demands of `project`'s pools, taken from `known` for the blocks it has, or has moved.
  ///
  /// An edit changes, adds or removes pools in one place: the pools before it and after it are
  /// `known`'s in order (the same blocks, or blocks the checker moved), found by comparing from
  /// each end, with no hashing; only those between are computed.
  init(_ project: CheckedProject, known: DemandTable?) {
    let pools = project.pools
    self.pools = pools.map(\.instance)
    guard let known else {
      demands = pools.map(CheckedProject.demand(of:))
      return
    }
    var demands = [PoolDemand?](repeating: nil, count: pools.count)
    // The demand `known` has for the pool at `position`, when its pool at `old` is that block.
    func kept(_ position: Int, _ old: Int) -> PoolDemand?? {
      let pool = pools[position]
      if known.pools[old] === pool.instance { return .some(known.demands[old]) }
      // The same text, checked the same, moved (below an edit in its file): the same demand.
      if let before = known.moved[pool.location], known.pools[old].location == before {
        return .some(known.demands[old].map { $0.moved(to: pool) })
      }
      return nil
    }
    let shorter = min(pools.count, known.pools.count)
    var front = 0
    while front < shorter, let demand = kept(front, front) {
      demands[front] = demand
      front += 1
    }
    var back = 0
    while back < shorter - front, let demand = kept(pools.count - 1 - back, known.pools.count - 1 - back) {
      demands[pools.count - 1 - back] = demand
      back += 1
    }
    for position in front..<(pools.count - back) { demands[position] = CheckedProject.demand(of: pools[position]) }
    self.demands = demands
  }

  /// The table, told where the checker moved the blocks it took from the check these demands
  /// are from.
  func moving(_ moved: [Location: Location]) -> DemandTable {
    var copy = self
    copy.moved = moved
    return copy
  }

  /// The demand of the pool at `position` in the project.
  subscript(position: Int) -> PoolDemand? { demands[position] }

  /// Every pool's demand, by position.
  var all: [PoolDemand?] { demands }
}

/// The elements of an array at some of its positions, in their order, read through them: an
/// account's pools, demands or jobs, which the quota rules ask for after every edit, without an
/// array of each made again from the project's (at 50k lines, 3,000 elements an edit).
package struct PickedElements<Element>: RandomAccessCollection {
  private let base: [Element]
  private let positions: [Int]

  /// The elements of `base` at `positions`.
  init(_ base: [Element], at positions: [Int]) {
    self.base = base
    self.positions = positions
  }

  package var startIndex: Int { 0 }
  package var endIndex: Int { positions.count }
  package subscript(index: Int) -> Element { base[positions[index]] }
}

extension PickedElements: Sendable where Element: Sendable {}

extension CheckedProject {
  /// The pool's VM size from the catalogue (names compared without regard to case), when it names a known one.
  package func vmSize(of pool: Checked<Schema.Pool>) -> VMSize? {
    pool[\.vmSize].flatMap(VMSizes.size(named:))
  }

  /// What `pool` asks of quotas; nil when its VM size is unknown.
  static func demand(of pool: Checked<Schema.Pool>) -> PoolDemand? {
    guard let size = pool[\.vmSize].flatMap(VMSizes.size(named:)) else { return nil }
    let autoscaled = pool.isAutoscaled
    return PoolDemand(
      pool: pool, size: size,
      dedicatedNodes: autoscaled ? 0 : pool.count(\.dedicatedNodes),
      spotNodes: autoscaled ? 0 : pool.count(\.spotNodes),
      isAutoscaled: autoscaled)
  }

  /// Whether the account creates nodes in the user's subscription.
  package func isUserSubscription(_ account: Checked<Schema.Account>) -> Bool {
    account[\.allocation] == .userSubscription
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
    // Through the buffer, so each element is borrowed where an array subscript would copy it,
    // and as a guaranteed reference: `roots` holds every block for the whole walk, so none needs
    // the retain and release a plain call adds (rules walk every block of the project).
    roots.withUnsafeBufferPointer { buffer in
      var index = buffer.count
      while index > 0 {
        index -= 1
        Unmanaged.passUnretained(buffer[index])._withUnsafeGuaranteedRef { $0.walkLastFirst(body) }
      }
    }
  }

  /// The storage account IDs a block's inputs and outputs name, with where each is named.
  package func storageUses() -> [(storage: String, location: Location)] {
    var uses: [(String, Location)] = []
    forEachStorageUse { uses.append(($0, $1)) }
    return uses
  }

  /// Calls `body` with each storage account ID its inputs and outputs name, and where, in order;
  /// for callers that keep them in a shape of their own (no array in between).
  package func forEachStorageUse(_ body: (_ storage: String, _ location: Location) -> Void) {
    for child in children {
      if let input = Checked<Schema.Input>(ifKind: child) {
        if let blob = input.written(\.blob) { body(blob.value.storage, blob.valueLocation) }
        if let container = input.written(\.container) { body(container.value.storage, container.valueLocation) }
      } else if let output = Checked<Schema.Output>(ifKind: child), let container = output.written(\.container) {
        body(container.value.storage, container.valueLocation)
      }
    }
  }
}

extension Checked where Kind: BlockKind {
  /// An integer attribute (or its default) clamped to 0...Int32.max, the most Azure takes (BS2021
  /// refuses more), so that node and slot arithmetic cannot overflow whatever a spec writes and a
  /// message states the count as written.
  package func count(_ key: KeyPath<Kind.Type, AttributeKey<Int64>>) -> Int64 {
    min(max(0, self[key] ?? 0), Int64(Int32.max))
  }
}

extension Checked<Schema.Pool> {
  /// Whether an autoscale formula sizes the pool.
  package var isAutoscaled: Bool { child(\.autoscale) != nil }

  /// Target dedicated plus spot nodes (0 for an autoscaled pool, whose formula decides).
  package var fixedNodeCount: Int64 {
    isAutoscaled ? 0 : count(\.dedicatedNodes) + count(\.spotNodes)
  }
}

extension String {
  /// A region name compared the way Azure does: `West Europe` and `westeurope` are one region.
  package var normalizedRegion: String {
    String(lowercased().filter { $0 != " " && $0 != "-" && $0 != "_" })
  }
}
