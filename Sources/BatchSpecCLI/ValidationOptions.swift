// Reads the validator's command-line options: `--rule RULE=LEVEL`, `--assume-quota NAME=N` and
// `--rule-option NAME=N`.

import BatchSpecCore

/// Turns validation options into a `ValidationConfiguration`.
enum ValidationOptions {
  /// `--rule`, `--assume-quota` and `--rule-option` as `compile` and `run` list them: briefly,
  /// pointing at `check --help`; `scope` follows the text (` (projects only)`).
  static func specs(for scope: String) -> [OptionSpec] {
    [
      .option("rule", value: "RULE=LEVEL", help: "Report a rule at a level, as for `check`\(scope); repeatable."),
      .option(
        "assume-quota", value: "NAME=N", help: "The quota assumed for accounts, as for `check`\(scope); repeatable."),
      .option("rule-option", value: "NAME=N", help: "A rule threshold, as for `check`\(scope); repeatable."),
    ]
  }

  /// The configuration for `--rule`, `--assume-quota` and `--rule-option` values; usage errors
  /// name the mistake.
  static func configuration(rules: [String], quotas: [String], options: [String]) throws(UsageError)
    -> ValidationConfiguration
  {
    var configuration = ValidationConfiguration()
    try apply(rules: rules, quotas: quotas, options: options, to: &configuration)
    return configuration
  }

  /// Applies `--rule`, `--assume-quota` and `--rule-option` values on top of `configuration`
  /// (a configuration file's, for `lint`).
  static func apply(
    rules: [String], quotas: [String], options: [String], to configuration: inout ValidationConfiguration
  ) throws(UsageError) {
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
      guard ["dedicated_cores", "spot_cores", "pools", "active_jobs"].contains(name) else {
        throw UsageError(
          "--assume-quota \(option): the quotas are dedicated_cores, spot_cores, pools and active_jobs, not `\(name)`")
      }
      if let problem = configuration.setOption("assumed_" + name, value) {
        throw UsageError("--assume-quota \(option): \(problem)")
      }
    }
    for option in options {
      let (name, value) = try split(option, "--rule-option", "NAME=N")
      if let problem = configuration.setOption(name, value) { throw UsageError("--rule-option \(option): \(problem)") }
    }
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
