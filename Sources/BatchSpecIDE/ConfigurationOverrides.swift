// Settings an editor gives the server (`initializationOptions`) that apply over every project's
// configuration file, as the CLI's `--rule` and `--rule-option` apply over it.

package import BatchSpecCore

/// Rule levels and rule options applied on top of a project's configuration.
package struct ConfigurationOverrides: Sendable {
  /// Levels by rule code.
  package var levels: [String: RuleLevel] = [:]
  /// Options by name (`assumed_dedicated_cores`), as `ValidationConfiguration.setOption` takes them.
  package var options: [String: String] = [:]

  /// No overrides.
  package init() {}

  /// Sets `option` to `value` when the configuration accepts it; returns the problem otherwise.
  package mutating func setOption(_ option: String, _ value: String) -> String? {
    var probe = ValidationConfiguration()
    if let problem = probe.setOption(option, value) { return problem }
    options[option] = value
    return nil
  }

  /// Applies the overrides to `configuration`.
  package func apply(to configuration: inout ValidationConfiguration) {
    for (code, level) in levels { configuration.levels[code] = level }
    for (option, value) in options.sorted(by: { $0.key < $1.key }) { _ = configuration.setOption(option, value) }
  }
}
