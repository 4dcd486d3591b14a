// Compiling tasks: files, exit conditions, dependencies, and reading values off blocks.

import BatchSpecCore

extension PlanCompiler {
  static func task(of block: BlockInstance, jobRetries: Int, in project: CheckedProject) -> PlanTask {
    var variables = project.params
    if let sweep = block.sweep { variables[sweep.variable] = sweep.value }
    var dependsOn: [String] = []
    for item in block.value("depends_on")?.listValue ?? [] {
      guard case .reference(.task, let id, _) = item, !dependsOn.contains(id) else { continue }
      dependsOn.append(id)
    }
    return PlanTask(
      id: block.label ?? "",
      displayName: block.string("display_name"),
      commandLine: block.string("command") ?? "",
      environment: block.environment(),
      inputs: block.children("input").map { input($0, variables: variables) },
      outputs: block.children("output").compactMap { output($0, variables: variables) },
      constraints: constraints(block, defaultRetries: jobRetries),
      requiredSlots: block.int("required_slots") ?? 1,
      dependsOn: dependsOn,
      exitConditions: block.children("exit").map(exitCondition),
      userIdentity: identity(block),
      applications: applications(block, in: project),
      multiInstance: block.child("multi_instance").map {
        PlanMultiInstance(
          numberOfInstances: $0.int("instances") ?? 1, coordinationCommandLine: $0.string("coordination_command"))
      })
  }

  static func input(_ block: BlockInstance, variables: [String: Value]) -> PlanInput {
    let path = block.label.map { LabelText.resolve($0, variables: variables) } ?? ""
    var input = PlanInput(path: path, source: "url", fileMode: block.string("file_mode"))
    switch block.value("blob") {
    case .blob(let storage, let container, let name)?:
      input.source = "blob"
      input.storageAccount = storage
      input.container = container
      input.blob = name
      if input.path.isEmpty { input.path = String(name.split(separator: "/").last ?? Substring(name)) }
    default:
      if case .container(let storage, let name)? = block.value("container") {
        input.source = "container"
        input.storageAccount = storage
        input.container = name
        input.prefix = block.string("prefix")
        if input.path.isEmpty { input.path = "." }
      } else {
        input.url = block.string("url")
        if input.path.isEmpty, let url = input.url {
          input.path = String(url.split(separator: "/").last ?? "download")
        }
      }
    }
    return input
  }

  static func output(_ block: BlockInstance, variables: [String: Value]) -> PlanOutput? {
    guard case .container(let storage, let container)? = block.value("container") else { return nil }
    return PlanOutput(
      pattern: block.label.map { LabelText.resolve($0, variables: variables) } ?? "", storageAccount: storage,
      container: container, path: block.string("path"),
      uploadCondition: block.string("when") ?? "success")
  }

  /// An exit condition; a missing dependency action is `satisfy` for exit code 0 alone and
  /// `block` otherwise, as Azure Batch resolves it.
  static func exitCondition(_ block: BlockInstance) -> PlanExitCondition {
    let codes = block.value("codes").map { $0.listValue.compactMap { $0.integerValue.map { Int($0) } } }
    var range: PlanRange?
    if case .range(let lo, let hi)? = block.value("range") { range = PlanRange(start: Int(lo), end: Int(hi)) }
    let onlyZero = codes == [0] || range.map { $0.start == 0 && $0.end == 0 } == true
    return PlanExitCondition(
      codes: codes, range: range, error: block.string("error"),
      jobAction: block.string("job_action") ?? "none",
      dependencyAction: block.string("dependency_action") ?? (onlyZero ? "satisfy" : "block"))
  }
}

extension BlockInstance {
  /// The string or enum word of `name`, or the schema default.
  func string(_ name: String) -> String? { valueOrDefault(name)?.stringValue }
  /// The integer of `name`, or the schema default.
  func int(_ name: String) -> Int? { valueOrDefault(name)?.integerValue.map { Int($0) } }
  /// The boolean of `name`, or the schema default.
  func bool(_ name: String) -> Bool? { valueOrDefault(name)?.booleanValue }
  /// The duration of `name` in milliseconds, or the schema default.
  func milliseconds(_ name: String) -> Int64? {
    if case .duration(let ms)? = valueOrDefault(name) { return ms }
    return nil
  }
  /// A map attribute's entries as text (later keys win).
  func map(_ name: String) -> [String: String] {
    guard case .map(let items)? = value(name) else { return [:] }
    var result: [String: String] = [:]
    for item in items { result[item.key] = item.value.description }
    return result
  }
  /// The `environment` attribute.
  func environment() -> [String: String] { map("environment") }
}
