// The compiler: a checked project (with no errors) becomes a Plan. It reads blocks through the
// schema's typed keys, whose defaults are the schema's, so every block kind of every sample compiles.

package import BatchSpecCore

/// Compiles checked projects to plans.
package enum PlanCompiler {
  /// The plan of `project`, or nil when the project has errors (report its diagnostics instead).
  package static func compile(_ project: CheckedProject) -> Plan? {
    if project.diagnostics.contains(where: { $0.severity == .error }) { return nil }
    var plan = Plan()
    plan.accounts = project.accounts.map { account in
      PlanAccount(name: account.label ?? "", location: account[\.location] ?? "")
    }
    plan.pools =
      project.pools.map { pool(of: $0, in: project) } + project.existingPools.map { existingPool($0, in: project) }
    plan.jobs = project.jobs.map { job(of: $0, in: project) }
    let schedules = project.schedules.map { schedule(of: $0, in: project) }
    plan.schedules = schedules.isEmpty ? nil : schedules
    return plan
  }

  static func pool(of block: Checked<Schema.Pool>, in project: CheckedProject) -> PlanPool {
    let dedicated = block.int(\.dedicatedNodes)
    let spot = block.int(\.spotNodes)
    let autoscale = block.child(\.autoscale).map {
      PlanAutoscale(formula: $0[\.formula] ?? "", intervalMs: $0[\.interval]?.count ?? 0)
    }
    return PlanPool(
      id: block.label ?? "",
      account: project.account(of: block)?.label,
      displayName: block[\.displayName],
      vmSize: block[\.vmSize] ?? "",
      image: block[\.image],
      customImage: block[\.customImage],
      nodeAgent: block[\.nodeAgent] ?? "",
      dedicatedNodes: dedicated,
      spotNodes: spot,
      nodeCount: autoscale == nil ? nodeCount(dedicated, spot) : 0,
      autoscale: autoscale,
      taskSlotsPerNode: block.int(\.taskSlotsPerNode),
      nodeFill: block[\.nodeFill] ?? .spread,
      interNodeCommunication: block[\.interNodeCommunication] ?? false,
      startTask: block.child(\.startTask).map { start in
        PlanStartTask(
          commandLine: start[\.command] ?? "",
          environment: start[\.environment]?.dictionary ?? [:],
          inputs: start.children(\.input).map { input($0, variables: project.params) },
          userIdentity: identity(runAs: start[\.runAs], elevation: start[\.elevation], scope: start[\.scope]),
          waitForSuccess: start[\.waitForSuccess] ?? true,
          maxTaskRetryCount: start.int(\.retries),
          container: container(start.child(\.container), variables: project.params))
      },
      users: block.children(\.user).map { PlanUser(name: $0.label ?? "", elevation: $0[\.elevation] ?? .nonadmin) },
      applications: applications(block[\.applications], in: project),
      metadata: block[\.metadata]?.dictionary ?? [:],
      containers: containerConfiguration(block.child(\.containers)),
      mounts: mounts(of: block, variables: project.params),
      identities: block[\.identities].flatMap { $0.isEmpty ? nil : $0 })
  }

  /// A pool of the account that the project does not create: what the spec says of it, for a
  /// local run.
  static func existingPool(_ block: Checked<Schema.ExistingPool>, in project: CheckedProject) -> PlanPool {
    let dedicated = block.int(\.dedicatedNodes)
    let spot = block.int(\.spotNodes)
    return PlanPool(
      id: block.label ?? "", account: project.account(named: block[\.account])?.label, vmSize: block[\.vmSize] ?? "",
      nodeAgent: "", dedicatedNodes: dedicated,
      spotNodes: spot, nodeCount: nodeCount(dedicated, spot), taskSlotsPerNode: block.int(\.taskSlotsPerNode),
      nodeFill: .spread, interNodeCommunication: block[\.interNodeCommunication] ?? false)
  }

  /// Dedicated and Spot nodes together, at most `Int.max` (each may be up to `Int.max` itself).
  static func nodeCount(_ dedicated: Int, _ spot: Int) -> Int {
    let (sum, overflow) = dedicated.addingReportingOverflow(spot)
    return overflow ? Int.max : sum
  }

  static func job(of block: Checked<Schema.Job>, in project: CheckedProject) -> PlanJob {
    let jobRetries = block.int(\.retries)
    let tasks = block.children(\.task).map { task(of: $0, jobRetries: jobRetries, in: project) }
    return PlanJob(
      id: block.label ?? "",
      displayName: block[\.displayName],
      pool: project.pool(of: block)?.label ?? block[\.pool]?.id ?? "",
      priority: block.int(\.priority),
      maxParallelTasks: block.int(\.maxParallelTasks),
      constraints: PlanConstraints(
        maxWallClockMs: block[\.maxWallClock]?.count, retentionMs: nil, maxTaskRetryCount: jobRetries),
      onAllTasksComplete: block[\.onAllTasksComplete] ?? .noAction,
      onTaskFailure: block[\.onTaskFailure] ?? .noAction,
      usesTaskDependencies: block[\.usesTaskDependencies]
        ?? (tasks.contains { !$0.dependsOn.isEmpty } || block.children(\.task).contains { $0.dependencyAction != nil }),
      environment: block[\.environment]?.dictionary ?? [:],
      metadata: block[\.metadata]?.dictionary ?? [:],
      preparationTask: block.child(\.prepare).map { prepare in
        PlanPreparationTask(
          commandLine: prepare[\.command] ?? "",
          environment: prepare[\.environment]?.dictionary ?? [:],
          inputs: prepare.children(\.input).map { input($0, variables: project.params) },
          userIdentity: identity(runAs: prepare[\.runAs], elevation: prepare[\.elevation], scope: nil),
          waitForSuccess: prepare[\.waitForSuccess] ?? true,
          rerunOnNodeRebootAfterSuccess: prepare[\.rerunOnReboot] ?? true,
          constraints: PlanConstraints(
            maxWallClockMs: prepare[\.maxWallClock]?.count, retentionMs: prepare[\.retention]?.count,
            maxTaskRetryCount: prepare.int(\.retries)),
          container: container(prepare.child(\.container), variables: project.params))
      },
      releaseTask: block.child(\.release).map { release in
        PlanReleaseTask(
          commandLine: release[\.command] ?? "",
          environment: release[\.environment]?.dictionary ?? [:],
          inputs: release.children(\.input).map { input($0, variables: project.params) },
          userIdentity: identity(runAs: release[\.runAs], elevation: release[\.elevation], scope: nil),
          constraints: PlanConstraints(
            maxWallClockMs: release[\.maxWallClock]?.count, retentionMs: release[\.retention]?.count,
            maxTaskRetryCount: 0),
          container: container(release.child(\.container), variables: project.params))
      },
      manager: block.child(\.manager).map { manager(of: $0, jobRetries: jobRetries, in: project) },
      tasks: tasks)
  }

  /// A job's manager task; its retries default to the job's, as a task's do.
  static func manager(of block: Checked<Schema.Manager>, jobRetries: Int, in project: CheckedProject)
    -> PlanManagerTask
  {
    let variables = project.params
    return PlanManagerTask(
      id: block.label ?? "",
      displayName: block[\.displayName],
      commandLine: block[\.command] ?? "",
      environment: block[\.environment]?.dictionary ?? [:],
      inputs: block.children(\.input).map { input($0, variables: variables) },
      outputs: block.children(\.output).compactMap { output($0, variables: variables) },
      constraints: PlanConstraints(
        maxWallClockMs: block[\.maxWallClock]?.count, retentionMs: block[\.retention]?.count,
        maxTaskRetryCount: block.written(\.retries).map { Int($0.value) } ?? jobRetries),
      requiredSlots: block.int(\.requiredSlots),
      killJobOnCompletion: block[\.killJobOnCompletion] ?? true,
      runExclusive: block[\.runExclusive] ?? true,
      allowLowPriorityNode: block[\.allowSpot] ?? true,
      userIdentity: identity(runAs: block[\.runAs], elevation: block[\.elevation], scope: block[\.scope]),
      applications: applications(block[\.applications], in: project),
      container: container(block.child(\.container), variables: variables),
      expectedDurationMs: block[\.expectedDuration]?.count)
  }

  /// A job schedule: the job it creates, and when.
  static func schedule(of block: Checked<Schema.Schedule>, in project: CheckedProject) -> PlanSchedule {
    let job = block[\.job].flatMap { reference in project.jobs.first { $0.label?.lowercased() == reference.key } }
    return PlanSchedule(
      id: block.label ?? "",
      displayName: block[\.displayName],
      job: job?.label ?? block[\.job]?.id ?? "",
      recurrenceIntervalMs: block[\.every]?.count,
      startWindowMs: block[\.startWindow]?.count,
      doNotRunUntil: block[\.notBefore],
      doNotRunAfter: block[\.notAfter],
      metadata: block[\.metadata]?.dictionary ?? [:])
  }

  /// Who a command runs as: its named user, or the automatic user of its elevation (and scope,
  /// for the kinds that have one).
  /// Takes the block's values, not the block: a key path written inside a function generic over
  /// the block's kind is instantiated again at every call (a sweep of 100,000 tasks spent a sixth
  /// of `compile` there); the callers' key paths are of concrete kinds, made once.
  static func identity(runAs: String?, elevation: Elevation?, scope: AutoUserScope?) -> PlanUserIdentity {
    if let user = runAs { return PlanUserIdentity(userName: user, scope: nil, elevation: nil) }
    return PlanUserIdentity(userName: nil, scope: scope, elevation: elevation ?? .nonadmin)
  }

  /// Application references as written: a reference without a version is to the application's
  /// default version, which Batch resolves (and names its variable without a version for).
  static func applications(_ references: [Reference]?, in project: CheckedProject) -> [PlanApplication] {
    (references ?? []).map { reference in
      PlanApplication(id: project.application(reference.id)?.label ?? reference.id, version: reference.member)
    }
  }
}

extension Checked where Kind: BlockKind {
  /// An integer attribute (or its default) as an `Int`, 0 when it has neither.
  func int(_ key: KeyPath<Kind.Type, AttributeKey<Int64>>) -> Int { Int(self[key] ?? 0) }
}
