// Rule levels and rule options set over every project's configuration file: the CLI's `--rule`,
// `--assume-quota` and `--rule-option`, and the language server's `initializationOptions`. One
// parser for all of them, with the configuration file's names (`ConfigurableCodes`) and checks.

/// Levels and options applied over a project's `batchspec.config`.
package struct ConfigurationOverrides: Sendable, Equatable {
  /// Levels by code (`BS3001`), whether a code or a name set them.
  package private(set) var levels: [String: RuleLevel] = [:]
  /// Option values by option name (`assumed_dedicated_cores`), each accepted by
  /// `ValidationConfiguration.setOption`.
  package private(set) var options: [String: String] = [:]

  /// The names `setAssumedQuota` takes, each the option `assumed_<name>`.
  package static let quotaNames = ["dedicated_cores", "spot_cores", "pools", "active_jobs"]

  /// No overrides.
  package init() {}

  /// Sets the level of `rule` (a code or name of a rule or of a configurable linter code) to
  /// `level` (`off`, `hint`, `info`, `warning` or `error`); returns the problem instead when there is one.
  package mutating func setLevel(_ rule: String, _ level: String) -> String? {
    let code: DiagnosticCode
    switch ConfigurableCodes.resolve(rule) {
    case .success(let found): code = found
    case .failure(let problem): return problem.description
    }
    guard let parsed = RuleLevel(parsing: level) else {
      return "the level is off, hint, info, warning or error, not `\(level)`"
    }
    levels[code.rawValue] = parsed
    return nil
  }

  /// Sets the quota assumed for accounts that declare none (`dedicated_cores`, `spot_cores`,
  /// `pools`, `active_jobs`) to the count `value`; returns the problem instead when there is one.
  package mutating func setAssumedQuota(_ quota: String, _ value: String) -> String? {
    guard Self.quotaNames.contains(quota) else {
      return "the quotas are dedicated_cores, spot_cores, pools and active_jobs, not `\(quota)`"
    }
    return setOption("assumed_" + quota, value)
  }

  /// Sets option `name` to `value` when the configuration accepts it; returns the problem otherwise.
  package mutating func setOption(_ name: String, _ value: String) -> String? {
    var probe = ValidationConfiguration()
    if let problem = probe.setOption(name, value) { return problem }
    options[name] = value
    return nil
  }

  /// Applies the overrides to `configuration`.
  package func apply(to configuration: inout ValidationConfiguration) {
    for (code, level) in levels {
      configuration.levels[code] = level
      configuration.overriddenCodes.insert(code)
    }
    for (name, value) in options.sorted(by: { $0.key < $1.key }) { _ = configuration.setOption(name, value) }
  }
}

/// The codes whose level configuration may set: every validation rule's, and the linter's own
/// configurable codes (BS9001, BS9003). The configuration file, `--rule` and the server's
/// `rules` all resolve names here.
package enum ConfigurableCodes {
  /// Why a name is no configurable code.
  package enum Problem: Error, Equatable, CustomStringConvertible {
    /// A syntax, type or configuration code: always an error.
    case notConfigurable(String)
    /// No code or name at all; the closest one when some is close.
    case unknown(String, suggestion: String?)

    package var description: String {
      switch self {
      case .notConfigurable(let name):
        "`\(name)` cannot be configured: syntax, type and configuration errors are always errors"
      case .unknown(let name, let suggestion):
        "no rule has the code or name `\(name)`\(Suggestions.didYouMean(suggestion))"
      }
    }
  }

  /// Every configurable code, in code order.
  package static var all: [DiagnosticCode] {
    RuleRegistry.codes + LintCode.all.filter(\.isConfigurable).map(\.code)
  }

  /// The configurable code `name` (a code such as `BS3001` or a kebab-case name) stands for.
  package static func resolve(_ name: String) -> Result<DiagnosticCode, Problem> {
    let configurable = all
    if let code = configurable.first(where: { $0.rawValue == name || $0.name == name }) { return .success(code) }
    if DiagnosticCode.frontEndCodes.contains(where: { $0.rawValue == name || $0.name == name })
      || LintCode.all.contains(where: { $0.code.rawValue == name || $0.code.name == name })
    {
      return .failure(.notConfigurable(name))
    }
    let suggestion = Suggestions.closestOrExtension(
      to: name, in: configurable.map(\.name) + configurable.map(\.rawValue))
    return .failure(.unknown(name, suggestion: suggestion))
  }
}
