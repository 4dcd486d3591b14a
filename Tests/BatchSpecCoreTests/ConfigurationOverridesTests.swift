// The one override parser: `--rule`, `--assume-quota`, `--rule-option` and the server's
// `initializationOptions` all set `ConfigurationOverrides`, which resolves names as the
// configuration file does and says the same thing about the same mistake.

import Testing
import BatchSpecCore

@Suite struct ConfigurationOverridesTests {
  @Test func codesAndNamesOfRulesAndConfigurableLinterCodesSetOneLevel() {
    var overrides = ConfigurationOverrides()
    #expect(overrides.setLevel("dedicated-core-quota-exceeded", "off") == nil)
    #expect(overrides.setLevel("BS3001", "warning") == nil)
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
      #expect(problem != nil && file.diagnostics.map(\.message) == [problem!], "\(name)")
    }
    #expect(
      overrides.setLevel("dedicated-core-quota", "off")
        == "no rule has the code or name `dedicated-core-quota`; did you mean `dedicated-core-quota-exceeded`?")
    #expect(
      overrides.setLevel("BS2002", "off")
        == "`BS2002` cannot be configured: syntax, type and configuration errors are always errors")
    #expect(overrides.setLevel("BS3001", "loud") == "the level is off, hint, info, warning or error, not `loud`")
    #expect(overrides == ConfigurationOverrides(), "nothing was set")
  }

  @Test func quotasAndOptionsAreCheckedBeforeTheyAreKept() {
    var overrides = ConfigurationOverrides()
    #expect(overrides.setAssumedQuota("dedicated_cores", "32") == nil)
    #expect(overrides.setOption("max_resource_files", "5") == nil)
    #expect(
      overrides.setAssumedQuota("cores", "1")
        == "the quotas are dedicated_cores, spot_cores, pools and active_jobs, not `cores`")
    #expect(overrides.setAssumedQuota("pools", "many") == "`many` is not a count")
    #expect(overrides.setOption("max_resource_file", "5")?.hasPrefix("no option `max_resource_file`") == true)
    #expect(overrides.options == ["assumed_dedicated_cores": "32", "max_resource_files": "5"])
    var configuration = ValidationConfiguration()
    overrides.apply(to: &configuration)
    #expect(configuration.assumedQuotas.dedicatedCores == 32)
    #expect(configuration.maxResourceFiles == 5)
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
