// `batchspec check` runs the validator: findings with related locations, `--no-validate`,
// `--rule`, `--assume-quota` and suppression comments.

import Testing
import BatchSpecCLI

let overQuotaSpec = """
  account lab {
    location = "westeurope"
    quota { dedicated_cores = 60 }
  }
  pool render-pool {
    vm_size         = "Standard_D16s_v3"
    image           = "canonical/ubuntu/22_04-lts"
    node_agent      = "batch.node.ubuntu 22.04"
    dedicated_nodes = 4
  }

  """

@Suite struct ValidationCommandTests {
  @Test func checkReportsValidationFindingsWithTheirPools() {
    let result = runCLI(["check", "-", "--stdin-name", "quota.batch"], stdin: overQuotaSpec)
    #expect(result.status == 1)
    #expect(
      result.stdout.contains(
        "error[BS3001]: the pools of account `lab` need 64 dedicated vCPUs, 4 over its quota of 60"))
    #expect(result.stdout.contains("note: `render-pool`: 4 nodes × 16 vCPUs = 64\n --> quota.batch:5:6"))
    #expect(result.stdout.contains("= note: total: 64 dedicated vCPUs; the quota is 60"))
  }

  @Test func noValidateSkipsTheRules() {
    let result = runCLI(["check", "-", "--no-validate"], stdin: overQuotaSpec)
    #expect(result.status == 0 && result.stdout == "no problems in 1 file\n")
  }

  @Test func ruleLevelsAndAssumedQuotasComeFromOptions() {
    let off = runCLI(["check", "-", "--rule", "BS3001=off"], stdin: overQuotaSpec)
    #expect(off.status == 0, "\(off.stdout)")
    let warning = runCLI(["check", "-", "--rule", "dedicated-core-quota-exceeded=warning"], stdin: overQuotaSpec)
    #expect(warning.status == 0 && warning.stdout.contains("warning[BS3001]"))
    let noQuota = overQuotaSpec.split(separator: "\n").filter { !$0.contains("quota {") }.joined(separator: "\n")
    #expect(runCLI(["check", "-"], stdin: noQuota).status == 0, "64 cores are within the 900 assumed")
    let assumed = runCLI(["check", "-", "--assume-quota", "dedicated_cores=32"], stdin: noQuota)
    #expect(assumed.status == 0 && assumed.stdout.contains("warning[BS3001]") && assumed.stdout.contains("32 assumed"))
    for bad in [
      ["--rule", "BS9999=off"], ["--rule", "BS3001=loud"], ["--rule", "BS3001"], ["--assume-quota", "cores=1"],
      ["--assume-quota", "pools=many"],
    ] {
      let result = runCLI(["check", "-"] + bad, stdin: overQuotaSpec)
      #expect(result.status == 2 && result.stderr.hasPrefix("error: "), "\(bad): \(result.stderr)")
    }
  }

  /// A rule or option given twice with different values is a usage error naming both (a rule by
  /// its code and its name is one rule; a quota is one option, whichever flag sets it); the same
  /// value twice is harmless.
  @Test func aRuleOrOptionSetTwiceDifferentlyIsAUsageError() {
    let conflicts: [([String], String)] = [
      (
        ["--rule", "BS3001=warning", "--rule", "dedicated-core-quota-exceeded=error"],
        "`--rule BS3001=warning` and `--rule dedicated-core-quota-exceeded=error` set rule BS3001 (`dedicated-core-quota-exceeded`) to different values"
      ),
      (
        ["--assume-quota", "pools=3", "--assume-quota", "pools=4"],
        "`--assume-quota pools=3` and `--assume-quota pools=4` set quota `pools` to different values"
      ),
      (
        ["--assume-quota", "pools=3", "--rule-option", "assumed_pools=4"],
        "`--assume-quota pools=3` and `--rule-option assumed_pools=4` set option `assumed_pools` to different values"
      ),
      (
        ["--rule-option", "max_resource_files=3", "--rule-option", "max_resource_files=5"],
        "`--rule-option max_resource_files=3` and `--rule-option max_resource_files=5` set option `max_resource_files` to different values"
      ),
    ]
    for (flags, message) in conflicts {
      let result = runCLI(["check", "-"] + flags, stdin: overQuotaSpec)
      #expect(result.status == 2 && result.stderr == "error: \(message): give one\n", "\(flags): \(result.stderr)")
    }
    for same in [
      ["--rule", "BS3001=off", "--rule", "dedicated-core-quota-exceeded=off"],
      ["--assume-quota", "pools=3", "--rule-option", "assumed_pools=03"],
      ["--rule", "BS3001=info", "--rule", "BS3001=information"],
    ] {
      let result = runCLI(["check", "-"] + same, stdin: overQuotaSpec)
      #expect(result.status != 2 && result.stderr.isEmpty, "\(same): \(result.stderr)")
    }
  }

  @Test func theLinterCodesAConfigurationFileSetsAreSetByFlagsToo() {
    // One override parser: `--rule` takes what `rules { }` takes, and refuses what it refuses
    // with the same words.
    let spec = "account acct { location = \"westeurope\" } // batchspec-ignore BS3001: none here\n"
    #expect(runCLI(["check", "-"], stdin: spec).stdout.contains("warning[BS9001]"))
    let off = runCLI(["check", "-", "--rule", "unused-suppression=off"], stdin: spec)
    #expect(off.status == 0 && off.stdout == "no problems in 1 file\n", "\(off.stdout)\(off.stderr)")
    let typeCode = runCLI(["check", "-", "--rule", "BS2002=off"], stdin: spec)
    #expect(typeCode.status == 2)
    #expect(
      typeCode.stderr
        == "error: --rule BS2002=off: `BS2002` cannot be configured: syntax, type and configuration errors are always errors\n"
    )
  }

  @Test func ruleOptionsSetThresholds() {
    let spec = """
      pool p { vm_size = "Standard_D2s_v3", image = "a/b/c", node_agent = "n" }
      job j {
        pool = p
        task t {
          command = "echo"
          input "a" { url = "https://example.com/a" }
          input "b" { url = "https://example.com/b" }
        }
      }

      """
    #expect(runCLI(["check", "-"], stdin: spec).status == 0)
    let lowered = runCLI(["check", "-", "--rule-option", "max_resource_files=1"], stdin: spec)
    #expect(lowered.stdout.contains("warning[BS5013]: task `t` has 2 `input` blocks, more than 1"), "\(lowered.stdout)")
    let bad = runCLI(["check", "-", "--rule-option", "max_resource_file=1"], stdin: spec)
    #expect(bad.status == 2 && bad.stderr.contains("did you mean `max_resource_files`?"), "\(bad.stderr)")
  }

  @Test func suppressionCommentsSilenceFindings() {
    let suppressed = overQuotaSpec.replacingOccurrences(
      of: "  quota {", with: "  // batchspec-ignore BS3001: increase requested\n  quota {")
    let result = runCLI(["check", "-"], stdin: suppressed)
    #expect(result.status == 0 && result.stdout == "no problems in 1 file\n")
  }
}

extension String {
  /// Every occurrence of `target` replaced (without Foundation's bridging).
  fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
    var result = ""
    var rest = Substring(self)
    while let index = rest.firstRange(of: target) {
      result += rest[..<index.lowerBound] + replacement
      rest = rest[index.upperBound...]
    }
    return result + rest
  }
}
