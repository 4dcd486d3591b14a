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
  /// a usage error names the first bad one, or two that set one rule or option differently (a
  /// rule by its code and by its name, a quota by `--assume-quota` and by `--rule-option`).
  static func overrides(_ parsed: Arguments) throws(UsageError) -> ConfigurationOverrides {
    var overrides = ConfigurationOverrides()
    for option in parsed.options["rule"] ?? [] {
      let (name, value) = try split(option, "--rule", "RULE=LEVEL")
      try refuse(overrides.setLevel(name, value, by: "--rule " + option), "--rule " + option)
    }
    for option in parsed.options["assume-quota"] ?? [] {
      let (name, value) = try split(option, "--assume-quota", "NAME=N")
      try refuse(overrides.setAssumedQuota(name, value, by: "--assume-quota " + option), "--assume-quota " + option)
    }
    for option in parsed.options["rule-option"] ?? [] {
      let (name, value) = try split(option, "--rule-option", "NAME=N")
      try refuse(overrides.setOption(name, value, by: "--rule-option " + option), "--rule-option " + option)
    }
    return overrides
  }

  /// Throws `problem` as a usage error about `flag` (a conflict names both flags itself).
  private static func refuse(_ problem: ConfigurationOverrides.Problem?, _ flag: String) throws(UsageError) {
    switch problem {
    case nil: return
    case .invalid(let text)?: throw UsageError("\(flag): \(text)")
    case .conflict(let text)?: throw UsageError("\(text): give one")
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
