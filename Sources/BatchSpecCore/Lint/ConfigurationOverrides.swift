// Rule levels and rule options set over every project's configuration file: the CLI's `--rule`,
// `--assume-quota` and `--rule-option`, and the language server's `initializationOptions`. One
// parser for all of them, with the configuration file's names (`ConfigurableCodes`) and checks.

/// Levels and options applied over a project's `batchspec.config`.
///
/// Each level or option keeps the first value set, and what set it: a later setting of the same
/// rule (by its code or its name) or option to another value is a `.conflict` naming both, which
/// the CLI refuses and the server shows; the same value again is harmless.
package struct ConfigurationOverrides: Sendable, Equatable {
  /// Levels by code (`BS3001`), whether a code or a name set them.
  package private(set) var levels: [String: RuleLevel] = [:]
  /// Option values by option name (`assumed_dedicated_cores`), each accepted by
  /// `ValidationConfiguration.setOption`.
  package private(set) var options: [String: String] = [:]
  /// What set each level (by code) and option (by name): a flag as written, an entry's name.
  private var sources: [String: String] = [:]

  /// The names `setAssumedQuota` takes, each the option `assumed_<name>`.
  package static let quotaNames = ["dedicated_cores", "spot_cores", "pools", "active_jobs"]

  /// Why a setting was not taken.
  package enum Problem: Error, Equatable, CustomStringConvertible {
    /// The name or the value is wrong.
    case invalid(String)
    /// Another setting set the same rule or option to another value before; it counts.
    case conflict(String)

    package var description: String {
      switch self {
      case .invalid(let text), .conflict(let text): text
      }
    }
  }

  /// No overrides.
  package init() {}

  /// The same levels and options, whatever set them.
  package static func == (a: Self, b: Self) -> Bool { a.levels == b.levels && a.options == b.options }

  /// Sets the level of `rule` (a code or name of a rule or of a configurable linter code) to
  /// `level` (`off`, `hint`, `info`, `warning` or `error`); `source` is what a conflict names
  /// (the rule's name as written by default). Returns the problem instead when there is one.
  package mutating func setLevel(_ rule: String, _ level: String, by source: String? = nil) -> Problem? {
    let code: DiagnosticCode
    switch ConfigurableCodes.resolve(rule) {
    case .success(let found): code = found
    case .failure(let problem): return .invalid(problem.description)
    }
    guard let parsed = RuleLevel(parsing: level) else {
      return .invalid("the level is off, hint, info, warning or error, not `\(level)`")
    }
    if let earlier = levels[code.rawValue] {
      return earlier == parsed
        ? nil : conflict(code.rawValue, source ?? rule, "rule \(code.rawValue) (`\(code.name)`)")
    }
    levels[code.rawValue] = parsed
    sources[code.rawValue] = source ?? rule
    return nil
  }

  /// Sets the quota assumed for accounts that declare none (`dedicated_cores`, `spot_cores`,
  /// `pools`, `active_jobs`) to the count `value`; returns the problem instead when there is one.
  package mutating func setAssumedQuota(_ quota: String, _ value: String, by source: String? = nil) -> Problem? {
    guard Self.quotaNames.contains(quota) else {
      return .invalid("the quotas are dedicated_cores, spot_cores, pools and active_jobs, not `\(quota)`")
    }
    return setOption("assumed_" + quota, value, by: source ?? quota, what: "quota `\(quota)`")
  }

  /// Sets option `name` to `value` when the configuration accepts it; returns the problem otherwise.
  package mutating func setOption(_ name: String, _ value: String, by source: String? = nil) -> Problem? {
    setOption(name, value, by: source ?? name, what: "option `\(name)`")
  }

  private mutating func setOption(_ name: String, _ value: String, by source: String, what: String) -> Problem? {
    var probe = ValidationConfiguration()
    if let problem = probe.setOption(name, value) { return .invalid(problem) }
    if let earlier = options[name] {
      // Counts are compared as numbers: `3` and `03` are one value.
      let same = earlier == value || (Int64(earlier) != nil && Int64(earlier) == Int64(value))
      return same ? nil : conflict(name, source, what)
    }
    options[name] = value
    sources[name] = source
    return nil
  }

  /// The conflict of `source` with what set `key` first.
  private func conflict(_ key: String, _ source: String, _ what: String) -> Problem {
    .conflict("`\(sources[key] ?? key)` and `\(source)` set \(what) to different values")
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
