// Reads the validator's command-line options: `--rule RULE=LEVEL` and `--assume-quota NAME=N`.

import BatchSpecCore

/// Turns validation options into a `ValidationConfiguration`.
enum ValidationOptions {
  /// The configuration for `--rule` and `--assume-quota` values; usage errors name the mistake.
  static func configuration(rules: [String], quotas: [String]) throws(UsageError) -> ValidationConfiguration {
    var configuration = ValidationConfiguration()
    for option in rules {
      let (name, value) = try split(option, "--rule", "RULE=LEVEL")
      guard let rule = RuleRegistry.rule(name) else {
        let names = RuleRegistry.all.flatMap { [$0.code.rawValue, $0.name] }
        let suggestion = Suggestions.closest(to: name, in: names)
        throw UsageError("--rule \(option): no rule `\(name)`\(Suggestions.didYouMean(suggestion))")
      }
      guard let level = RuleLevel(parsing: value) else {
        throw UsageError("--rule \(option): the level is off, hint, info, warning or error, not `\(value)`")
      }
      configuration.levels[rule.code.rawValue] = level
    }
    for option in quotas {
      let (name, value) = try split(option, "--assume-quota", "NAME=N")
      guard let number = Int64(value), number >= 0 else {
        throw UsageError("--assume-quota \(option): `\(value)` is not a count")
      }
      switch name {
      case "dedicated_cores": configuration.assumedQuotas.dedicatedCores = number
      case "spot_cores": configuration.assumedQuotas.spotCores = number
      case "pools": configuration.assumedQuotas.pools = number
      case "active_jobs": configuration.assumedQuotas.activeJobs = number
      default:
        throw UsageError(
          "--assume-quota \(option): the quotas are dedicated_cores, spot_cores, pools and active_jobs, not `\(name)`")
      }
    }
    return configuration
  }

  private static func split(_ option: String, _ flag: String, _ shape: String) throws(UsageError) -> (
    String, String
  ) {
    guard let equals = option.firstIndex(of: "="), equals != option.startIndex else {
      throw UsageError("`\(flag)` takes `\(shape)`, not `\(option)`")
    }
    return (String(option[..<equals]), String(option[option.index(after: equals)...]))
  }
}
