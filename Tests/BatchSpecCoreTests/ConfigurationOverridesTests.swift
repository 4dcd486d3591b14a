// The one override parser: `--rule`, `--assume-quota`, `--rule-option` and the server's
// `initializationOptions` all set `ConfigurationOverrides`, which resolves names as the
// configuration file does and says the same thing about the same mistake.

import Testing
import BatchSpecCore

@Suite struct ConfigurationOverridesTests {
  @Test func codesAndNamesOfRulesAndConfigurableLinterCodesSetOneLevel() {
    var overrides = ConfigurationOverrides()
    #expect(overrides.setLevel("dedicated-core-quota-exceeded", "warning") == nil)
    #expect(overrides.setLevel("BS3001", "warning") == nil, "the same rule at the same level")
    #expect(overrides.setLevel("unused-suppression", "information") == nil)
    #expect(overrides.levels == ["BS3001": .warning, "BS9001": .info])
    var configuration = ValidationConfiguration()
    configuration.levels["BS6003"] = .hint
    overrides.apply(to: &configuration)
    #expect(configuration.level(of: DedicatedCoreQuota().code) == .warning)
    #expect(configuration.level(of: LintCode.unusedSuppression.code) == .info)
    #expect(configuration.level(of: InsecureURL().code) == .hint, "what the overrides leave alone stays")
  }

  @Test func mistakesSayWhatTheConfigurationFileSays() {
    var overrides = ConfigurationOverrides()
    for name in ["dedicated-core-quota", "BS2002", "invalid-configuration", "BS9999"] {
      let problem = overrides.setLevel(name, "off")
      let file = LintConfiguration.parse(SourceFile(path: "batchspec.config", text: "rules { \(name) = off }\n"))
      #expect(problem != nil && file.diagnostics.map(\.message) == [problem!.description], "\(name)")
    }
    #expect(
      overrides.setLevel("dedicated-core-quota", "off")?.description
        == "no rule has the code or name `dedicated-core-quota`; did you mean `dedicated-core-quota-exceeded`?")
    #expect(
      overrides.setLevel("BS2002", "off")?.description
        == "`BS2002` cannot be configured: syntax, type and configuration errors are always errors")
    #expect(
      overrides.setLevel("BS3001", "loud")?.description == "the level is off, hint, info, warning or error, not `loud`")
    #expect(overrides == ConfigurationOverrides(), "nothing was set")
  }

  @Test func quotasAndOptionsAreCheckedBeforeTheyAreKept() {
    var overrides = ConfigurationOverrides()
    #expect(overrides.setAssumedQuota("dedicated_cores", "32") == nil)
    #expect(overrides.setOption("max_resource_files", "5") == nil)
    #expect(
      overrides.setAssumedQuota("cores", "1")?.description
        == "the quotas are dedicated_cores, spot_cores, pools and active_jobs, not `cores`")
    #expect(overrides.setAssumedQuota("pools", "many")?.description == "`many` is not a count")
    #expect(
      overrides.setOption("max_resource_file", "5")?.description.hasPrefix("no option `max_resource_file`") == true)
    #expect(overrides.options == ["assumed_dedicated_cores": "32", "max_resource_files": "5"])
    var configuration = ValidationConfiguration()
    overrides.apply(to: &configuration)
    #expect(configuration.assumedQuotas.dedicatedCores == 32)
    #expect(configuration.maxResourceFiles == 5)
  }

  /// A rule (by its code or its name) or option set again to another value is a conflict naming
  /// both settings, and the first value stays; the same value again (a count written `03`) is not.
  @Test func aSecondSettingToAnotherValueConflictsAndTheFirstStays() {
    var overrides = ConfigurationOverrides()
    #expect(overrides.setLevel("BS3001", "off", by: "--rule BS3001=off") == nil)
    #expect(
      overrides.setLevel("dedicated-core-quota-exceeded", "error", by: "--rule dedicated-core-quota-exceeded=error")
        == .conflict(
          "`--rule BS3001=off` and `--rule dedicated-core-quota-exceeded=error` set rule BS3001 (`dedicated-core-quota-exceeded`) to different values"
        ))
    #expect(overrides.setAssumedQuota("pools", "3") == nil)
    #expect(overrides.setOption("assumed_pools", "03") == nil)
    #expect(
      overrides.setOption("assumed_pools", "4")
        == .conflict("`pools` and `assumed_pools` set option `assumed_pools` to different values"))
    #expect(overrides.levels == ["BS3001": .off] && overrides.options == ["assumed_pools": "3"])
  }

  @Test func everyConfigurableCodeResolvesByCodeAndName() {
    for code in ConfigurableCodes.all {
      #expect((try? ConfigurableCodes.resolve(code.rawValue).get()) == code)
      #expect((try? ConfigurableCodes.resolve(code.name).get()) == code)
    }
    for code in DiagnosticCode.frontEndCodes + [LintCode.invalidConfiguration.code] {
      #expect(throws: ConfigurableCodes.Problem.notConfigurable(code.rawValue)) {
        try ConfigurableCodes.resolve(code.rawValue).get()
      }
    }
  }
}
