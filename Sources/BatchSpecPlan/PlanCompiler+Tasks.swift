// Compiling tasks: files, exit conditions, dependencies.

import BatchSpecCore

extension PlanCompiler {
  static func task(of block: Checked<Schema.Task>, jobRetries: Int, in project: CheckedProject) -> PlanTask {
    var variables = project.params
    if let sweep = block.sweep { variables[sweep.variable] = sweep.value }
    var dependsOn: [String] = []
    for reference in block[\.dependsOn] ?? [] where reference.kind == .task && !dependsOn.contains(reference.id) {
      dependsOn.append(reference.id)
    }
    return PlanTask(
      id: block.label ?? "",
      displayName: block[\.displayName],
      commandLine: block[\.command] ?? "",
      environment: block[\.environment]?.dictionary ?? [:],
      inputs: block.children(\.input).map { input($0, variables: variables) },
      outputs: block.children(\.output).compactMap { output($0, variables: variables) },
      constraints: PlanConstraints(
        maxWallClockMs: block[\.maxWallClock]?.count, retentionMs: block[\.retention]?.count,
        // A task's own count, or its job's: Batch applies the job's default to a task that sets none.
        maxTaskRetryCount: block.written(\.retries).map { Int($0.value) } ?? jobRetries),
      requiredSlots: block.int(\.requiredSlots),
      dependsOn: dependsOn,
      exitConditions: block.children(\.exit).map(exitCondition),
      userIdentity: identity(runAs: block[\.runAs], elevation: block[\.elevation], scope: block[\.scope]),
      applications: applications(block[\.applications], in: project),
      multiInstance: block.child(\.multiInstance).map {
        PlanMultiInstance(
          numberOfInstances: Int($0[\.instances] ?? 1), coordinationCommandLine: $0[\.coordinationCommand])
      },
      container: container(block.child(\.container), variables: variables),
      expectedDurationMs: block[\.expectedDuration]?.count)
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

  /// An exit condition; a missing dependency action is `satisfy` for exit code 0 alone and
  /// `block` otherwise, as Azure Batch resolves it.
  static func exitCondition(_ block: Checked<Schema.ExitCondition>) -> PlanExitCondition {
    let codes = block[\.codes].map { $0.map { Int($0) } }
    let range = block[\.range].map { PlanRange(start: Int($0.lower), end: Int($0.upper)) }
    let onlyZero = codes == [0] || range.map { $0.start == 0 && $0.end == 0 } == true
    return PlanExitCondition(
      codes: codes, range: range, error: block[\.error],
      jobAction: block[\.jobAction] ?? .none,
      dependencyAction: block[\.dependencyAction] ?? (onlyZero ? .satisfy : .block))
  }
}
