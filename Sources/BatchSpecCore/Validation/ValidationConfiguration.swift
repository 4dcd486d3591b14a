// What the CLI and the server pass to the validator: per-rule levels and rule options.

/// How a rule's findings are reported: not at all, or at a severity.
package enum RuleLevel: String, Sendable, CaseIterable {
  case off, hint, info, warning, error

  /// The severity, or nil for `off`.
  package var severity: Severity? {
    switch self {
    case .off: nil
    case .hint: .hint
    case .info: .information
    case .warning: .warning
    case .error: .error
    }
  }

  /// Reads `off`, `hint`, `info` (or `information`), `warning` or `error`.
  package init?(parsing text: String) {
    if text == "information" {
      self = .info
    } else {
      self.init(rawValue: text)
    }
  }
}

/// The quotas assumed for an account that declares none, or leaves one out of its `quota` block.
package struct AssumedQuotas: Sendable, Equatable {
  /// Dedicated vCPUs of all pools.
  package var dedicatedCores: Int64
  /// Spot (low-priority) vCPUs of all pools.
  package var spotCores: Int64
  /// Pools per account.
  package var pools: Int64
  /// Active jobs and job schedules per account.
  package var activeJobs: Int64

  /// The top of the documented default ranges (dedicated 0-900, spot 0-100, pools 0-100,
  /// active jobs 100-300): a spec over these is over any default account's quota.
  package static let documentedDefaults = AssumedQuotas(
    dedicatedCores: 900, spotCores: 100, pools: 100, activeJobs: 300)

  /// Creates assumed quotas.
  package init(dedicatedCores: Int64, spotCores: Int64, pools: Int64, activeJobs: Int64) {
    self.dedicatedCores = dedicatedCores
    self.spotCores = spotCores
    self.pools = pools
    self.activeJobs = activeJobs
  }
}

/// The validator's configuration: levels by rule code or name, and rule options.
package struct ValidationConfiguration: Sendable, Equatable {
  /// Levels by rule code (`BS3001`) or kebab-case name (`dedicated-core-quota-exceeded`).
  package var levels: [String: RuleLevel] = [:]
  /// The codes whose level was set by a `--rule` flag or the editor's settings rather than by the
  /// configuration file: what messages say the setting came from.
  package var overriddenCodes: Set<String> = []
  /// The quotas assumed where an account declares none.
  package var assumedQuotas = AssumedQuotas.documentedDefaults
  /// Above how many tasks running at once a general-purpose v1 storage account is flagged.
  package var generalPurposeV1ParallelTasks: Int64 = 64
  /// The most resource files (`input` blocks) one task may have.
  package var maxResourceFiles = 100
  /// The most environment settings one task may have (its own plus the job's common ones).
  package var maxEnvironmentSettings = 100

  /// The default configuration: every rule at its default severity, documented default quotas.
  package init() {}

  /// The level set for `rule`, by code first, then by name; nil when none is set.
  package func level(of code: DiagnosticCode) -> RuleLevel? {
    levels[code.rawValue] ?? levels[code.name]
  }

  /// Where `code`'s level was set, for messages: "the configuration" (`batchspec.config`) or a
  /// `--rule` flag (or the editor's settings, which set it as one does).
  package func origin(ofLevelOf code: DiagnosticCode) -> String {
    overriddenCodes.contains(code.rawValue) ? "by `--rule` (or the editor's settings)" : "in the configuration"
  }

  /// The severity `code`'s findings get: the configured level, else `proposed`; nil when off.
  package func severity(of code: DiagnosticCode, proposed: Severity) -> Severity? {
    guard let level = level(of: code) else { return proposed }
    return level.severity
  }
}
