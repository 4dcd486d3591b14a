// Compiling tasks: files, exit conditions, dependencies.

import BatchSpecCore

extension PlanCompiler {
  /// A task's keys, taken out of their key paths once: `task(of:)` runs for each of a sweep's
  /// 100,000 tasks, and projecting a key path at each read was most of its cost.
  private enum TaskKeys {
    static let dependsOn = KindKey(\Schema.Task.Type.dependsOn)
    static let displayName = KindKey(\Schema.Task.Type.displayName)
    static let command = KindKey(\Schema.Task.Type.command)
    static let environment = KindKey(\Schema.Task.Type.environment)
    static let maxWallClock = KindKey(\Schema.Task.Type.maxWallClock)
    static let retention = KindKey(\Schema.Task.Type.retention)
    static let retries = KindKey(\Schema.Task.Type.retries)
    static let requiredSlots = KindKey(\Schema.Task.Type.requiredSlots)
    static let runAs = KindKey(\Schema.Task.Type.runAs)
    static let elevation = KindKey(\Schema.Task.Type.elevation)
    static let scope = KindKey(\Schema.Task.Type.scope)
    static let applications = KindKey(\Schema.Task.Type.applications)
    static let expectedDuration = KindKey(\Schema.Task.Type.expectedDuration)
  }

  static func task(of block: Checked<Schema.Task>, jobRetries: Int, in project: CheckedProject) -> PlanTask {
    // Inputs, outputs and containers see the params and the sweep's variable; most tasks of a
    // large sweep have none of them, and need no copy of the params.
    var variables: [String: Value] = [:]
    if !block.instance.children.isEmpty {
      variables = project.params
      if let sweep = block.instance.sweep { variables[sweep.variable] = sweep.value }
    }
    // Each ID once, in the order written; a set finds repeats (a task after a sweep of 100,000
    // depends on 100,000 IDs, and searching the list for each was quadratic).
    var dependsOn: [String] = []
    var seen = Set<String>()
    for reference in block[TaskKeys.dependsOn] ?? [] where reference.kind == .task && seen.insert(reference.id).inserted
    {
      dependsOn.append(reference.id)
    }
    return PlanTask(
      id: block.instance.label ?? "",
      displayName: block[TaskKeys.displayName],
      commandLine: block[TaskKeys.command] ?? "",
      environment: block[TaskKeys.environment]?.dictionary ?? [:],
      inputs: block.children(\.input).map { input($0, variables: variables) },
      outputs: block.children(\.output).compactMap { output($0, variables: variables) },
      constraints: PlanConstraints(
        maxWallClockMs: block[TaskKeys.maxWallClock]?.count, retentionMs: block[TaskKeys.retention]?.count,
        // A task's own count, or its job's: Batch applies the job's default to a task that sets none.
        maxTaskRetryCount: block.written(TaskKeys.retries).map { Int($0.value) } ?? jobRetries),
      requiredSlots: Int(block[TaskKeys.requiredSlots] ?? 0),
      dependsOn: dependsOn,
      exitConditions: block.children(\.exit).flatMap(exitConditions),
      userIdentity: identity(
        runAs: block[TaskKeys.runAs], elevation: block[TaskKeys.elevation], scope: block[TaskKeys.scope]),
      applications: applications(block[TaskKeys.applications], in: project),
      multiInstance: block.child(\.multiInstance).map { multi in
        let common = multi.children(\.input).map { input($0, variables: variables) }
        return PlanMultiInstance(
          numberOfInstances: Int(multi[\.instances] ?? 1), coordinationCommandLine: multi[\.coordinationCommand],
          commonInputs: common.isEmpty ? nil : common)
      },
      container: container(block.child(\.container), variables: variables),
      expectedDurationMs: block[TaskKeys.expectedDuration]?.count)
  }

  static func input(_ block: Checked<Schema.Input>, variables: [String: Value]) -> PlanInput {
    let path = block.label.map { LabelText.resolve($0, variables: variables) } ?? ""
    var input = PlanInput(path: path, source: .url, fileMode: block[\.fileMode])
    if let blob = block[\.blob] {
      input.source = .blob
      input.storageAccount = blob.storage
      input.container = blob.container
      input.blob = blob.name
      if input.path.isEmpty { input.path = String(blob.name.split(separator: "/").last ?? Substring(blob.name)) }
    } else if let container = block[\.container] {
      input.source = .container
      input.storageAccount = container.storage
      input.container = container.name
      input.prefix = block[\.prefix]
      if input.path.isEmpty { input.path = "." }
    } else if let url = block[\.containerURL] {
      input.source = .containerURL
      input.url = url
      input.prefix = block[\.prefix]
      if input.path.isEmpty { input.path = "." }
    } else {
      input.url = block[\.url]
      if input.path.isEmpty, let url = input.url {
        input.path = String(url.split(separator: "/").last ?? "download")
      }
    }
    return input
  }

  static func output(_ block: Checked<Schema.Output>, variables: [String: Value]) -> PlanOutput? {
    guard let container = block[\.container] else { return nil }
    return PlanOutput(
      pattern: block.label.map { LabelText.resolve($0, variables: variables) } ?? "",
      storageAccount: container.storage, container: container.name, path: block[\.path],
      uploadCondition: block[\.when] ?? .success)
  }

  /// An exit condition; a missing job action is `none` and a missing dependency action `satisfy`
  /// for exit code 0, and `terminate` and `block` for every other exit, as Azure Batch resolves
  /// them (REST `ExitOptions`). Batch resolves each code of a list on its own, so a list that
  /// holds 0 and other codes, and leaves an action out, becomes two conditions: 0, and the rest.
  static func exitConditions(_ block: Checked<Schema.ExitCondition>) -> [PlanExitCondition] {
    let codes = block[\.codes].map { $0.map { Int($0) } }
    let range = block[\.range].map { PlanRange(start: Int($0.lower), end: Int($0.upper)) }
    func condition(codes: [Int]?, onlyZero: Bool) -> PlanExitCondition {
      PlanExitCondition(
        codes: codes, range: range, error: block[\.error],
        jobAction: block[\.jobAction] ?? (onlyZero ? .none : .terminate),
        dependencyAction: block[\.dependencyAction] ?? (onlyZero ? .satisfy : .block))
    }
    let defaulted = block[\.jobAction] == nil || block[\.dependencyAction] == nil
    if let codes, codes.contains(0), codes.contains(where: { $0 != 0 }), defaulted {
      return [condition(codes: [0], onlyZero: true), condition(codes: codes.filter { $0 != 0 }, onlyZero: false)]
    }
    let onlyZero = codes == [0] || range.map { $0.start == 0 && $0.end == 0 } == true
    return [condition(codes: codes, onlyZero: onlyZero)]
  }
}
