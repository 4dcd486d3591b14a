// The validator's command-line options: `--rule RULE=LEVEL`, `--assume-quota NAME=N` and
// `--rule-option NAME=N`, read into Core's `ConfigurationOverrides` (which the server's
// `initializationOptions` fill too); this file only splits `NAME=VALUE` and names the flag.

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
  /// a usage error names the first bad one.
  static func overrides(_ parsed: Arguments) throws(UsageError) -> ConfigurationOverrides {
    var overrides = ConfigurationOverrides()
    for option in parsed.options["rule"] ?? [] {
      let (name, value) = try split(option, "--rule", "RULE=LEVEL")
      if let problem = overrides.setLevel(name, value) { throw UsageError("--rule \(option): \(problem)") }
    }
    for option in parsed.options["assume-quota"] ?? [] {
      let (name, value) = try split(option, "--assume-quota", "NAME=N")
      if let problem = overrides.setAssumedQuota(name, value) {
        throw UsageError("--assume-quota \(option): \(problem)")
      }
    }
    for option in parsed.options["rule-option"] ?? [] {
      let (name, value) = try split(option, "--rule-option", "NAME=N")
      if let problem = overrides.setOption(name, value) { throw UsageError("--rule-option \(option): \(problem)") }
    }
    return overrides
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
