// The compiler: a checked project (with no errors) becomes a Plan. It reads blocks through the
// schema's attribute names and defaults, so every block kind of every sample compiles.

package import BatchSpecCore

/// Compiles checked projects to plans.
package enum PlanCompiler {
  /// The plan of `project`, or nil when the project has errors (report its diagnostics instead).
  package static func compile(_ project: CheckedProject) -> Plan? {
    if project.diagnostics.contains(where: { $0.severity == .error }) { return nil }
    var plan = Plan()
    plan.accounts = project.accounts.map { account in
      PlanAccount(name: account.label ?? "", location: account.string("location") ?? "")
    }
    plan.pools = project.pools.map { pool(of: $0, in: project) }
    plan.jobs = project.jobs.map { job(of: $0, in: project) }
    return plan
  }

  static func pool(of block: BlockInstance, in project: CheckedProject) -> PlanPool {
    let dedicated = block.int("dedicated_nodes") ?? 0
    let spot = block.int("spot_nodes") ?? 0
    let autoscale = block.child("autoscale").map {
      PlanAutoscale(formula: $0.string("formula") ?? "", intervalMs: $0.milliseconds("interval") ?? 0)
    }
    return PlanPool(
      id: block.label ?? "",
      account: project.account(of: block)?.label,
      displayName: block.string("display_name"),
      vmSize: block.string("vm_size") ?? "",
      image: block.string("image"),
      customImage: block.string("custom_image"),
      nodeAgent: block.string("node_agent") ?? "",
      dedicatedNodes: dedicated,
      spotNodes: spot,
      nodeCount: autoscale == nil ? dedicated + spot : 0,
      autoscale: autoscale,
      taskSlotsPerNode: block.int("task_slots_per_node") ?? 1,
      nodeFill: block.string("node_fill") ?? "spread",
      interNodeCommunication: block.bool("inter_node_communication") ?? false,
      startTask: block.child("start_task").map { start in
        PlanStartTask(
          commandLine: start.string("command") ?? "",
          environment: start.environment(),
          inputs: start.children("input").map { input($0, variables: project.params) },
          userIdentity: identity(start),
          waitForSuccess: start.bool("wait_for_success") ?? true,
          maxTaskRetryCount: start.int("retries") ?? 0)
      },
      users: block.children("user").map { PlanUser(name: $0.label ?? "", elevation: $0.string("elevation") ?? "") },
      applications: applications(block, in: project),
      metadata: block.map("metadata"))
  }

  static func job(of block: BlockInstance, in project: CheckedProject) -> PlanJob {
    let jobRetries = block.int("retries") ?? 0
    let tasks = block.children("task").map { task(of: $0, jobRetries: jobRetries, in: project) }
    return PlanJob(
      id: block.label ?? "",
      displayName: block.string("display_name"),
      pool: project.pool(of: block)?.label ?? block.value("pool")?.description ?? "",
      priority: block.int("priority") ?? 0,
      maxParallelTasks: block.int("max_parallel_tasks") ?? -1,
      constraints: PlanConstraints(
        maxWallClockMs: block.milliseconds("max_wall_clock"), retentionMs: nil, maxTaskRetryCount: jobRetries),
      onAllTasksComplete: block.string("on_all_tasks_complete") ?? "no_action",
      onTaskFailure: block.string("on_task_failure") ?? "no_action",
      usesTaskDependencies: block.bool("uses_task_dependencies") ?? tasks.contains { !$0.dependsOn.isEmpty },
      environment: block.environment(),
      metadata: block.map("metadata"),
      preparationTask: block.child("prepare").map { prepare in
        PlanPreparationTask(
          commandLine: prepare.string("command") ?? "",
          environment: prepare.environment(),
          inputs: prepare.children("input").map { input($0, variables: project.params) },
          userIdentity: identity(prepare),
          waitForSuccess: prepare.bool("wait_for_success") ?? true,
          rerunOnNodeRebootAfterSuccess: prepare.bool("rerun_on_reboot") ?? true,
          constraints: constraints(prepare, defaultRetries: 0))
      },
      releaseTask: block.child("release").map { release in
        PlanReleaseTask(
          commandLine: release.string("command") ?? "",
          environment: release.environment(),
          inputs: release.children("input").map { input($0, variables: project.params) },
          userIdentity: identity(release),
          constraints: constraints(release, defaultRetries: 0))
      },
      tasks: tasks)
  }

  static func constraints(_ block: BlockInstance, defaultRetries: Int) -> PlanConstraints {
    PlanConstraints(
      maxWallClockMs: block.milliseconds("max_wall_clock"),
      retentionMs: block.milliseconds("retention"),
      maxTaskRetryCount: block.value("retries")?.integerValue.map { Int($0) } ?? defaultRetries)
  }

  static func identity(_ block: BlockInstance) -> PlanUserIdentity {
    if let user = block.string("run_as") { return PlanUserIdentity(userName: user, scope: nil, elevation: nil) }
    let schema = Schema.block(block.kind)
    return PlanUserIdentity(
      userName: nil,
      scope: schema?.attribute("scope") != nil ? block.string("scope") : nil,
      elevation: block.string("elevation") ?? "nonadmin")
  }

  /// Application references with their versions resolved (a reference without one takes the
  /// application's `default_version`).
  static func applications(_ block: BlockInstance, in project: CheckedProject) -> [PlanApplication] {
    guard let list = block.value("applications") else { return [] }
    return list.listValue.compactMap { item in
      guard case .reference(.application, let id, let member) = item else { return nil }
      let application = project.applications.first { $0.label?.lowercased() == id.lowercased() }
      return PlanApplication(id: application?.label ?? id, version: member ?? application?.string("default_version"))
    }
  }
}
