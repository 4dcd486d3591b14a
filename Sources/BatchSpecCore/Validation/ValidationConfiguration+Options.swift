// Rule options by name, so the CLI (`--rule-option`) and a configuration file or the server set
// them the same way.

extension ValidationConfiguration {
  /// Every option name with what it sets, in documentation order.
  package static let optionNames: [(name: String, meaning: String)] = [
    ("assumed_dedicated_cores", "dedicated core quota assumed for accounts that declare none (900)"),
    ("assumed_spot_cores", "spot core quota assumed for accounts that declare none (100)"),
    ("assumed_pools", "pool quota assumed for accounts that declare none (100)"),
    ("assumed_active_jobs", "active-job quota assumed for accounts that declare none (300)"),
    ("general_purpose_v1_parallel_tasks", "tasks at once above which a v1 storage account is flagged (64)"),
    ("max_resource_files", "most `input` blocks of one task (100)"),
    ("max_environment_settings", "most environment variables of one task, its job's included (100)"),
  ]

  /// Sets option `name` to the count `value`; returns why it cannot, or nil when it did.
  package mutating func setOption(_ name: String, _ value: String) -> String? {
    guard let number = Int64(value), number >= 0 else { return "`\(value)` is not a count" }
    let small = Int(clamping: number)
    switch name {
    case "assumed_dedicated_cores": assumedQuotas.dedicatedCores = number
    case "assumed_spot_cores": assumedQuotas.spotCores = number
    case "assumed_pools": assumedQuotas.pools = number
    case "assumed_active_jobs": assumedQuotas.activeJobs = number
    case "general_purpose_v1_parallel_tasks": generalPurposeV1ParallelTasks = number
    case "max_resource_files": maxResourceFiles = small
    case "max_environment_settings": maxEnvironmentSettings = small
    default:
      let names = Self.optionNames.map(\.name)
      let suggestion = Suggestions.closest(to: name, in: names)
      return "no option `\(name)`\(Suggestions.didYouMeanOrStop(suggestion)) Options: \(names.joined(separator: ", "))"
    }
    return nil
  }
}
