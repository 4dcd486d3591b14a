// The validator's command-line options: `--rule RULE=LEVEL`, `--assume-quota NAME=N` and
// `--rule-option NAME=N`, read into Core's `ConfigurationOverrides` (which the server's
// `initializationOptions` fill too); this file splits `NAME=VALUE`, names the flag, and refuses
// two flags that set one rule or option differently.

import BatchSpecCore

/// Turns validation options into `ConfigurationOverrides`.
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

  /// The overrides that `parsed`'s `--rule`, `--assume-quota` and `--rule-option` values set;
  /// a usage error names the first bad one, or two that set one rule or option differently (a
  /// rule by its code and by its name, a quota by `--assume-quota` and by `--rule-option`).
  static func overrides(_ parsed: Arguments) throws(UsageError) -> ConfigurationOverrides {
    var overrides = ConfigurationOverrides()
    var levels = Settings<RuleLevel>()
    for option in parsed.options["rule"] ?? [] {
      let (name, value) = try split(option, "--rule", "RULE=LEVEL")
      if let problem = overrides.setLevel(name, value) { throw UsageError("--rule \(option): \(problem)") }
      // Both resolve: `setLevel` took them.
      guard case .success(let code) = ConfigurableCodes.resolve(name), let level = RuleLevel(parsing: value) else {
        continue
      }
      try levels.record(
        level, for: code.rawValue, by: "--rule " + option, what: "rule \(code.rawValue) (`\(code.name)`)")
    }
    // A quota is the option `assumed_<quota>`, whichever flag sets it.
    var counts = Settings<Int64?>()  // counts: `setOption` took them
    for option in parsed.options["assume-quota"] ?? [] {
      let (name, value) = try split(option, "--assume-quota", "NAME=N")
      if let problem = overrides.setAssumedQuota(name, value) {
        throw UsageError("--assume-quota \(option): \(problem)")
      }
      try counts.record(Int64(value), for: "assumed_" + name, by: "--assume-quota " + option, what: "quota `\(name)`")
    }
    for option in parsed.options["rule-option"] ?? [] {
      let (name, value) = try split(option, "--rule-option", "NAME=N")
      if let problem = overrides.setOption(name, value) { throw UsageError("--rule-option \(option): \(problem)") }
      try counts.record(Int64(value), for: name, by: "--rule-option " + option, what: "option `\(name)`")
    }
    return overrides
  }

  /// What each rule or option was set to so far, and by which flag: the same value again is
  /// harmless, a different one a usage error naming both.
  private struct Settings<Value: Equatable> {
    private var first: [String: (value: Value, flag: String)] = [:]

    /// Records that `flag` sets `key` (what a usage error calls `what`) to `value`.
    mutating func record(_ value: Value, for key: String, by flag: String, what: String) throws(UsageError) {
      guard let earlier = first[key] else {
        first[key] = (value, flag)
        return
      }
      guard earlier.value == value else {
        throw UsageError("`\(earlier.flag)` and `\(flag)` set \(what) to different values: give one")
      }
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
