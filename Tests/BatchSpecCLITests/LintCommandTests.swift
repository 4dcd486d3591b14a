// `batchspec lint` in-process: every format against a golden file, exit codes, configuration found
// by walking up, broken configuration, suppressions, `--fix` and `--diff`, statistics.

import Foundation
import Testing
import BatchSpecCLI

/// The directory of golden files.
let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

/// The spec the golden lint tests read: one finding of each kind.
let lintInput =
  (try? String(contentsOf: goldenDirectory.appendingPathComponent("lint-input.batch"), encoding: .utf8)) ?? ""

/// Runs `lint` on `lintInput` as `lint.batch`, with the golden configuration file.
func runLint(_ extra: [String], stdin: String = lintInput, terminal: Bool = false) -> (
  status: Int32, stdout: String, stderr: String
) {
  let config = goldenDirectory.appendingPathComponent("lint.config").path
  return runCLI(
    ["lint", "-", "--stdin-name", "lint.batch", "--config", config] + extra, stdin: stdin, terminal: terminal)
}

/// A temporary directory holding `files` (relative paths to contents), removed by the caller.
func temporaryTree(_ files: [String: String]) throws -> URL {
  let root = FileManager.default.temporaryDirectory.appendingPathComponent("bs-lint-\(UUID().uuidString)")
  for (path, text) in files {
    let url = root.appendingPathComponent(path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: url, atomically: true, encoding: .utf8)
  }
  return root
}

/// A job whose dependencies are off while a task depends on another: BS5012, with a safe fix.
let dependencySpec = """
  pool p {
    vm_size = "Standard_D4s_v3", image = "canonical/ubuntu/22_04-lts", node_agent = "batch.node.ubuntu 22.04"
  }
  job j {
    pool = p
    uses_task_dependencies = false
    task t { command = "x", depends_on = [u] }
    task u { command = "y" }
  }

  """

@Suite struct LintFormatTests {
  @Test func humanOutputMatchesGolden() {
    let result = runLint([])
    #expect(result.status == 1)
    expectGolden(result.stdout, "lint-human.txt")
  }

  @Test func conciseOutputMatchesGolden() {
    let result = runLint(["--format", "concise"])
    #expect(result.status == 1)
    expectGolden(result.stdout, "lint-concise.txt")
  }

  @Test func jsonOutputMatchesGoldenAndCarriesFixes() throws {
    let result = runLint(["--format", "json"])
    #expect(result.status == 1)
    expectGolden(result.stdout, "lint-json.json")
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    let diagnostics = object?["diagnostics"] as? [[String: Any]] ?? []
    let fixes = diagnostics.flatMap { $0["fixes"] as? [[String: Any]] ?? [] }
    #expect(fixes.contains { $0["safe"] as? Bool == true })
    #expect(fixes.contains { $0["safe"] as? Bool == false })
  }

  @Test func sarifOutputMatchesGoldenAndIsWellFormed() throws {
    let result = runLint(["--format", "sarif"])
    #expect(result.status == 1)
    expectGolden(result.stdout, "lint-sarif.sarif")
    let log = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    #expect(log?["version"] as? String == "2.1.0")
    let run = (log?["runs"] as? [[String: Any]])?.first
    let rules = ((run?["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]] ?? []
    let results = run?["results"] as? [[String: Any]] ?? []
    #expect(results.count == 5)
    for item in results {
      let index = item["ruleIndex"] as? Int ?? -1
      #expect(rules.indices.contains(index) && rules[index]["id"] as? String == item["ruleId"] as? String)
      let help = (rules[index]["help"] as? [String: Any])?["markdown"] as? String ?? ""
      #expect(help.hasPrefix("# \(item["ruleId"] as? String ?? "")"))
    }
    // 1-based columns: the BS3001 finding starts at column 11 of line 4, as in the human output.
    let first =
      (((results.first?["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?[
        "region"] as? [String: Any])
    #expect(first?["startLine"] as? Int == 4 && first?["startColumn"] as? Int == 11)
  }

  @Test func githubOutputMatchesGolden() {
    let result = runLint(["--format", "github"])
    #expect(result.status == 1)
    expectGolden(result.stdout, "lint-github.txt")
    for line in result.stdout.split(separator: "\n") {
      #expect(line.hasPrefix("::error file=lint.batch,line=") || line.hasPrefix("::warning file=lint.batch,line="))
    }
  }

  @Test func junitOutputMatchesGolden() {
    let result = runLint(["--format", "junit"])
    #expect(result.status == 1)
    expectGolden(result.stdout, "lint-junit.xml")
    #expect(result.stdout.contains("<testsuites name=\"batchspec lint\" tests=\"5\" failures=\"5\""))
  }

  @Test func statisticsMatchGolden() throws {
    let result = runLint(["--statistics"])
    #expect(result.status == 1)
    expectGolden(result.stdout, "lint-statistics.txt")
    let json = runLint(["--statistics", "--format", "json"])
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    #expect((object?["statistics"] as? [Any])?.count == 5)
  }

  @Test func cleanInputSaysSoInEveryFormat() throws {
    let clean = "storage data { kind = blob_storage }\n"
    #expect(runLint([], stdin: clean).stdout == "no problems in 1 file\n")
    #expect(runLint(["--format", "concise"], stdin: clean).stdout == "no problems in 1 file\n")
    #expect(runLint(["--format", "json"], stdin: clean).stdout == "{\"diagnostics\":[]}\n")
    #expect(runLint(["--format", "github"], stdin: clean).stdout == "")
    #expect(runLint(["--format", "junit"], stdin: clean).stdout.contains("name=\"no problems\""))
    let sarif = runLint(["--format", "sarif"], stdin: clean)
    #expect(sarif.status == 0 && sarif.stdout.contains("\"results\":[]"))
  }

  @Test func colourOnlyOnATerminalAndNeverWithNoColor() {
    let escape = "\u{1B}["
    #expect(runLint([], terminal: true).stdout.contains(escape))
    #expect(!runLint([]).stdout.contains(escape))
    let config = goldenDirectory.appendingPathComponent("lint.config").path
    let noColor = runCLI(
      ["lint", "-", "--config", config], stdin: lintInput, environment: ["NO_COLOR": "1"], terminal: true)
    #expect(!noColor.stdout.contains(escape))
    #expect(!runLint(["--format", "concise"], terminal: true).stdout.contains(escape))
  }
}

@Suite struct LintExitCodeTests {
  @Test func failOnAndExitZero() {
    let warningsOnly = """
      pool p { vm_size = "Standard_D4s_v3", image = "canonical/ubuntu/22_04-lts", node_agent = "batch.node.ubuntu 22.04" }
      job j {
        pool = p
        task t { command = "x", input "a" { url = "http://example.com/a" } }
      }

      """
    #expect(runLint([], stdin: warningsOnly).status == 0, "warnings do not fail by default")
    #expect(runLint(["--fail-on", "warning"], stdin: warningsOnly).status == 1)
    #expect(runLint(["--fail-on", "hint"], stdin: warningsOnly).status == 1)
    #expect(runLint([]).status == 1)
    #expect(runLint(["--exit-zero"]).status == 0)
    #expect(runLint(["--exit-zero", "--format", "sarif"]).stdout.contains("BS3001"))
  }

  @Test func usageAndIOErrorsExitTwo() {
    for arguments in [
      ["lint", "--format", "xml", "-"], ["lint", "--fail-on", "fatal", "-"], ["lint", "--bogus"],
      ["lint", "/no/such/dir"], ["lint", "--config", "/no/such.config", "-"], ["lint", "--fix", "-", "."],
      ["lint", "--fix", "--diff", "."], ["lint", "--statistics", "--format", "sarif", "-"],
      // Options that did nothing without a word: a diff in SARIF, a name for no standard input.
      ["lint", "--diff", "--format", "sarif", "."], ["lint", "--stdin-name", "a.batch", "."],
      ["check", "--stdin-name", "a.batch", "."], ["fmt", "--stdin-name", "a.batch", "."],
      ["explain"], ["explain", "BS0000"], ["explain", "--list", "BS3001"], ["explain", "--format", "xml", "BS3001"],
    ] {
      let result = runCLI(arguments)
      #expect(result.status == 2, "\(arguments)")
      #expect(result.stderr.hasPrefix("error: ") && result.stderr.filter { $0 == "\n" }.count == 1, "\(result.stderr)")
      #expect(result.stdout.isEmpty, "\(arguments)")
    }
  }

  @Test func syntaxAndTypeErrorsAreFindingsToo() {
    let result = runLint(["--format", "concise"], stdin: brokenSpec)
    #expect(result.status == 1)
    #expect(result.stdout.contains("error[BS2002]") && result.stdout.contains("error[BS2006]"))
  }
}

@Suite struct LintConfigurationTests {
  @Test func configurationIsFoundByWalkingUpAndTheNearestWins() throws {
    let root = try temporaryTree([
      "batchspec.config": "rules { dependencies-disabled = off }\n",
      "team/a/deep/spec.batch": dependencySpec,
      "team/b/batchspec.config": "rules { BS5012 = warning }\n",
      "team/b/spec.batch": dependencySpec,
      "other/spec.batch": dependencySpec,
    ])
    defer { try? FileManager.default.removeItem(at: root) }
    let rules = runCLI(["lint", root.appendingPathComponent("team/a/deep").path, "--format", "concise"])
    #expect(rules.status == 0 && !rules.stdout.contains("BS5012"), "the root's configuration turns BS5012 off")
    let nearest = runCLI(["lint", root.appendingPathComponent("team/b/spec.batch").path, "--format", "concise"])
    #expect(nearest.status == 0 && nearest.stdout.contains("warning[BS5012]"), "\(nearest.stdout)")
    let whole = runCLI(["lint", root.path, "--format", "json"])
    #expect(whole.stdout.components(separatedBy: "\"BS5012\"").count == 2, "only team/b reports it, as a warning")
  }

  @Test func brokenConfigurationIsReportedAtItsLineAndDefaultsApply() throws {
    let root = try temporaryTree([
      "batchspec.config":
        "rules {\n  BS5012 = off\n  dedicated-core-quota = warning\n}\noptions { assumed_pools = -1 }\n",
      "spec.batch": dependencySpec,
    ])
    defer { try? FileManager.default.removeItem(at: root) }
    let result = runCLI(["lint", root.path, "--format", "concise"])
    #expect(result.status == 2)
    #expect(
      result.stdout.contains(
        "batchspec.config:3:3: error[BS9002] no rule has the code or name `dedicated-core-quota`; did you mean `dedicated-core-quota-exceeded`?"
      ), "\(result.stdout)")
    #expect(result.stdout.contains("batchspec.config:5:27: error[BS9002] `assumed_pools` takes a non-negative int"))
    #expect(!result.stdout.contains("BS5012"), "the valid entry still applies")

    let syntax = try temporaryTree(["batchspec.config": "rules {\n  BS5012 = \n}\n", "spec.batch": dependencySpec])
    defer { try? FileManager.default.removeItem(at: syntax) }
    let broken = runCLI(["lint", syntax.path, "--format", "concise"])
    #expect(broken.status == 2)
    #expect(broken.stdout.contains("batchspec.config:2:11: error[BS1012]"), "\(broken.stdout)")
    #expect(broken.stdout.contains("error[BS5012]"), "a file with syntax errors is ignored: defaults apply")
    #expect(runCLI(["lint", syntax.path, "--exit-zero"]).status == 2, "configuration errors are not findings")
  }

  @Test func commandLineOverridesTheFileAndCheckReadsItToo() throws {
    let root = try temporaryTree(["batchspec.config": "rules { BS5012 = off }\n", "spec.batch": dependencySpec])
    defer { try? FileManager.default.removeItem(at: root) }
    #expect(runCLI(["lint", root.path]).status == 0)
    #expect(runCLI(["check", root.path]).status == 0, "check reports what lint reports")
    let overridden = runCLI(["lint", root.path, "--rule", "dependencies-disabled=warning", "--format", "concise"])
    #expect(overridden.status == 0 && overridden.stdout.contains("warning[BS5012]"))
    #expect(runCLI(["lint", root.path, "--rule", "BS5012=error"]).status == 1)
    #expect(runCLI(["lint", root.path, "--rule", "BS5012=error", "--no-validate"]).status == 0)
    let bad = runCLI(["lint", root.path, "--rule-option", "max_resource_file=3"])
    #expect(bad.status == 2 && bad.stderr.contains("did you mean `max_resource_files`?"))
  }

  @Test func compileHonoursTheConfigurationFile() throws {
    let root = try temporaryTree(["spec.batch": dependencySpec])
    defer { try? FileManager.default.removeItem(at: root) }
    #expect(runCLI(["compile", root.path]).status == 1, "BS5012 is an error by default")
    try "rules { BS5012 = warning }\n".write(
      to: root.appendingPathComponent("batchspec.config"), atomically: true, encoding: .utf8)
    let compiled = runCLI(["compile", root.path])
    #expect(compiled.status == 0 && compiled.stderr.contains("warning[BS5012]"))
    #expect(runCLI(["compile", root.path, "--rule", "BS5012=error"]).status == 1, "flags override the file")
    try "rules { BS5012 = warn }\n".write(
      to: root.appendingPathComponent("batchspec.config"), atomically: true, encoding: .utf8)
    let broken = runCLI(["compile", root.path])
    #expect(broken.status == 1 && broken.stderr.contains("error[BS9002]"))
  }

  @Test func frontEndCodesCannotBeConfigured() throws {
    let root = try temporaryTree([
      "batchspec.config": "rules { BS2002 = off }\n", "spec.batch": "pool p { colour = 1 }\n",
    ])
    defer { try? FileManager.default.removeItem(at: root) }
    let result = runCLI(["lint", root.path, "--format", "concise"])
    #expect(result.stdout.contains("`BS2002` cannot be configured"))
    #expect(result.stdout.contains("error[BS2002]"))
  }
}

@Suite struct LintSuppressionTests {
  @Test func usedSuppressionsSilenceAndUnusedOnesAreReported() {
    let result = runLint(["--format", "concise"])
    #expect(!result.stdout.contains("tool.sh"), "the suppressed BS6003 on line 22 is silenced")
    #expect(result.stdout.contains("lint.batch:23:30: warning[BS6003]"), "the next line is not")
    #expect(result.stdout.contains("lint.batch:25:34: warning[BS9001] unused suppression: no `BS5001` or `BS4001`"))
    #expect(result.stdout.contains("lint.batch:27:1: warning[BS9003] `BS9999` is no validation rule's code or name"))
  }

  /// `--fix` fixes `batchspec.config` too: its finding with a safe fix is counted, `--diff` shows
  /// the fix, and `--fix` writes it.
  @Test func aConfigurationFindingIsFixedByFix() throws {
    let root = try temporaryTree([
      "batchspec.config": "rules {\n  \"insecure-url\" = warning\n}\n", "spec.batch": dependencySpec,
    ])
    defer { try? FileManager.default.removeItem(at: root) }
    let config = root.appendingPathComponent("batchspec.config")
    let result = runCLI(["lint", root.path, "--format", "concise"])
    #expect(result.stdout.contains("error[BS1013]"), "\(result.stdout)")
    #expect(result.stdout.contains("[*]"), "\(result.stdout)")
    // The spec's BS5012 and the configuration's BS1013 both have a safe fix.
    #expect(result.stdout.contains("2 errors in 2 files (2 fixable with `--fix`)"), "\(result.stdout)")
    let diff = runCLI(["lint", root.path, "--diff"])
    #expect(diff.stdout.contains("-  \"insecure-url\" = warning\n+  insecure-url = warning"), "\(diff.stdout)")
    let fixed = runCLI(["lint", root.path, "--fix", "--format", "concise"])
    #expect(fixed.stderr.contains("fixed 2 problems in 2 files"), "\(fixed.stderr)")
    #expect(try String(contentsOf: config, encoding: .utf8) == "rules {\n  insecure-url = warning\n}\n")
    #expect(!fixed.stdout.contains("BS1013"), "\(fixed.stdout)")
  }

  /// A comment that starts like a suppression but is none silences nothing, and says so.
  @Test func aMalformedSuppressionIsReported() throws {
    let comments = [
      "// BATCHSPEC-IGNORE BS5012: later": "in lower case",
      "// batchspec-ignore: BS5012": "write `// batchspec-ignore CODE: reason`",
      "// batchspec-ignore-file": "it names no code",
    ]
    for (comment, why) in comments {
      let root = try temporaryTree(["spec.batch": comment + "\n" + dependencySpec])
      defer { try? FileManager.default.removeItem(at: root) }
      let result = runCLI(["lint", root.path, "--format", "concise"])
      #expect(result.stdout.contains("warning[BS9003] this comment is no suppression"), "\(comment): \(result.stdout)")
      #expect(result.stdout.contains(why), "\(comment): \(result.stdout)")
    }
  }

  @Test func aSuppressionOfARuleThatIsOffIsUnusedWithANote() throws {
    let spec = "// batchspec-ignore BS5012: dependencies come later\n" + dependencySpec
    let root = try temporaryTree(["batchspec.config": "rules { BS5012 = off }\n", "spec.batch": spec])
    defer { try? FileManager.default.removeItem(at: root) }
    let result = runCLI(["lint", root.path, "--format", "json"])
    #expect(result.stdout.contains("\"code\":\"BS9001\""))
    #expect(result.stdout.contains("is `off` in the configuration"))
    // Turned off on the command line, the note says so.
    let flagged = try temporaryTree(["spec.batch": spec])
    defer { try? FileManager.default.removeItem(at: flagged) }
    let byFlag = runCLI(["lint", flagged.path, "--rule", "BS5012=off", "--format", "json"])
    #expect(byFlag.stdout.contains("is `off` by `--rule` (or the editor's settings)"), "\(byFlag.stdout)")
    let quiet = try temporaryTree([
      "batchspec.config": "rules { BS5012 = off, unused-suppression = off }\n", "spec.batch": spec,
    ])
    defer { try? FileManager.default.removeItem(at: quiet) }
    #expect(runCLI(["lint", quiet.path]).stdout == "no problems in 1 file\n")
  }

  @Test func unusedSuppressionsAreNotReportedWhileTheProjectHasErrors() {
    let spec = "// batchspec-ignore BS3001\npool p { colour = 1 }\n"
    let result = runLint(["--format", "concise"], stdin: spec)
    #expect(result.stdout.contains("BS2002") && !result.stdout.contains("BS9001"))
  }
}

@Suite struct LintFixTests {
  @Test func diffShowsSafeFixesAndWritesNothing() throws {
    let root = try temporaryTree(["spec.batch": lintInput])
    defer { try? FileManager.default.removeItem(at: root) }
    let path = root.appendingPathComponent("spec.batch").path
    let result = runCLI(["lint", path, "--diff"])
    #expect(result.status == 1)
    #expect(result.stderr == "2 fixes available in 1 file\n")
    let expected = result.stdout.replacingOccurrences(of: path, with: "spec.batch")
    expectGolden(expected, "lint-diff.diff")
    #expect(try String(contentsOfFile: path, encoding: .utf8) == lintInput)
  }

  @Test func fixRewritesAtomicallyAndReportsWhatRemains() throws {
    let root = try temporaryTree(["spec.batch": lintInput])
    defer { try? FileManager.default.removeItem(at: root) }
    let path = root.appendingPathComponent("spec.batch").path
    try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
    let result = runCLI(["lint", path, "--fix", "--format", "concise"])
    #expect(result.stderr == "fixed 2 problems in 1 file\n")
    #expect(result.status == 1, "BS3001 remains")
    #expect(!result.stdout.contains("BS5012") && !result.stdout.contains("BS9001"))
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text.contains("uses_task_dependencies = true") && !text.contains("BS5001"))
    #expect(text.contains("task u { command = \"prepare\" }\n"))
    let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    #expect(permissions == 0o640)
    #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["spec.batch"], "no temporary file left")
    let again = runCLI(["lint", path, "--fix"])
    #expect(again.stderr.isEmpty, "nothing left to fix")
    #expect(runCLI(["lint", path, "--diff"]).status == 0)
  }

  /// explore24 M2: `--fix --param nodes=2` removed a suppression (and its ticket) that the
  /// project's own run needs; under `--param`, `--rule` or an option, `--fix` leaves suppressions.
  @Test func fixWithOverridesKeepsSuppressionsTheProjectNeeds() throws {
    let spec = """
      param nodes: int = 200
      account acct {
        location = "eastus"
        quota { dedicated_cores = 100 }  // batchspec-ignore BS3001: increase approved, ticket 4711
      }
      pool p1 {
        vm_size         = "Standard_D2s_v3"
        image           = "canonical/0001-com-ubuntu-server-jammy/22_04-lts"
        node_agent      = "batch.node.ubuntu 22.04"
        dedicated_nodes = nodes
      }
      job j {
        pool = p1
        task t { command = "echo hi" }
      }

      """
    let root = try temporaryTree(["spec.batch": spec])
    defer { try? FileManager.default.removeItem(at: root) }
    let path = root.appendingPathComponent("spec.batch").path
    #expect(runCLI(["lint", path]).status == 0)
    for overrides in [["--param", "nodes=2"], ["--rule", "BS3001=off"]] {
      let fixed = runCLI(["lint", path, "--fix"] + overrides)
      #expect(fixed.stdout.contains("BS9001"), "still reported: \(fixed.stdout)")
      #expect(try String(contentsOfFile: path, encoding: .utf8) == spec, "\(overrides): \(fixed.stderr)")
    }
    _ = runCLI(["lint", path, "--fix"])
    #expect(try String(contentsOfFile: path, encoding: .utf8) == spec, "nothing to fix without overrides")
  }

  @Test func fixOfStandardInputPrintsTheFixedText() {
    let result = runLint(["--fix"], stdin: dependencySpec)
    #expect(result.stdout == dependencySpec.replacingOccurrences(of: "= false", with: "= true"))
    #expect(result.stderr == "fixed 1 problem\n")
    #expect(result.status == 0, "nothing remains")
    let clean = runLint(["--fix"], stdin: "storage data { }\n")
    #expect(clean.stdout == "storage data { }\n" && clean.stderr.isEmpty && clean.status == 0)
    #expect(runLint(["--fix"]).status == 1, "BS3001 remains in the golden input")
  }

  /// A misspelt region and VM size have unsafe fixes (the nearest known names): shown and counted,
  /// applied only with `--unsafe-fixes`.
  @Test func unsafeFixesAreAppliedOnlyWhenAsked() throws {
    let spec = """
      account renderfarm {
        location = "westeurpoe"
      }

      pool p {
        vm_size    = "Standard_D4s_v9"
        image      = "canonical/ubuntu/22_04-lts"
        node_agent = "batch.node.ubuntu 22.04"
      }

      """
    let root = try temporaryTree(["spec.batch": spec])
    defer { try? FileManager.default.removeItem(at: root) }
    let path = root.appendingPathComponent("spec.batch").path
    let report = runCLI(["lint", path])
    #expect(
      report.stdout.hasSuffix("2 warnings in 1 file (2 fixable with `--fix --unsafe-fixes`)\n"), "\(report.stdout)")
    let safeOnly = runCLI(["lint", path, "--fix"])
    #expect(safeOnly.stderr.isEmpty, "no safe fix: \(safeOnly.stderr)")
    #expect(try String(contentsOfFile: path, encoding: .utf8) == spec)
    let diff = runCLI(["lint", path, "--diff", "--unsafe-fixes"])
    #expect(diff.status == 1 && diff.stderr == "2 fixes available in 1 file\n", "\(diff.stderr)")
    #expect(diff.stdout.contains("+  location = \"westeurope\""), "\(diff.stdout)")
    #expect(try String(contentsOfFile: path, encoding: .utf8) == spec, "`--diff` writes nothing")
    let fixed = runCLI(["lint", path, "--fix", "--unsafe-fixes"])
    #expect(fixed.stderr == "fixed 2 problems in 1 file\n", "\(fixed.stderr)")
    #expect(fixed.status == 0 && fixed.stdout == "no problems in 1 file\n", "\(fixed.stdout)")
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text.contains("location = \"westeurope\"") && !text.contains("D4s_v9"), "\(text)")
    // Alone, it would change nothing: a usage error says what it goes with.
    let alone = runCLI(["lint", path, "--unsafe-fixes"])
    #expect(alone.status == 2 && alone.stderr.contains("`--unsafe-fixes` goes with `--fix` or `--diff`"))
  }

  @Test func aSpecWrittenFromBatchsJSONIsFixedIntoTheLanguage() {
    // JSON's syntax, Batch's spellings of words and time spans, and a property written where
    // batchspec writes it under another name are safe fixes; a name batchspec maps differently
    // (`maxTaskRetryCount`, the job's count when a task sets none) is left to rename by hand.
    let spec = """
      account acct { location = "eastus" }
      pool p {
        "vm_size": "Standard_D4s_v3",
        image: "canonical/ubuntu/22_04-lts"
        node_agent: "batch.node.ubuntu 22.04"
        node_fill = Pack
        targetDedicatedNodes = 2
      }
      job j {
        pool = p
        on_all_tasks_complete = terminateJob
        task t { commandLine = "echo", max_wall_clock = "PT1H30M", maxTaskRetryCount = 2 }
      }

      """
    let result = runLint(["--fix"], stdin: spec)
    #expect(result.stderr == "fixed 8 problems\n", "\(result.stderr)")
    #expect(
      result.stdout == """
        account acct { location = "eastus" }
        pool p {
          vm_size = "Standard_D4s_v3",
          image = "canonical/ubuntu/22_04-lts"
          node_agent = "batch.node.ubuntu 22.04"
          node_fill = pack
          dedicated_nodes = 2
        }
        job j {
          pool = p
          on_all_tasks_complete = terminate_job
          task t { command = "echo", max_wall_clock = 1h30m, maxTaskRetryCount = 2 }
        }

        """)
    #expect(result.status == 1, "`maxTaskRetryCount` is left to rename by hand")
  }

  @Test func fixesRevealedByEarlierFixesAreAppliedToo() {
    // Round 1 removes the quotes (a type error); only then, with no errors left, is the
    // suppression reported unused, and round 2 removes it.
    let spec = """
      // batchspec-ignore BS6003
      pool p {
        vm_size = "Standard_D4s_v3", image = "canonical/ubuntu/22_04-lts", node_agent = "batch.node.ubuntu 22.04"
        dedicated_nodes = "4"
      }

      """
    let result = runLint(["--fix"], stdin: spec)
    #expect(result.stderr == "fixed 2 problems\n")
    #expect(
      result.stdout
        == String(spec.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n"))
        .replacing("\"4\"", with: "4"))
    #expect(result.status == 0)
  }

  @Test func diffFromStandardInput() {
    let result = runLint(["--diff"], stdin: dependencySpec)
    #expect(result.status == 1)
    #expect(result.stdout.contains("-  uses_task_dependencies = false\n+  uses_task_dependencies = true\n"))
  }
}

@Suite struct CheckAndLintAgreeTests {
  /// `(file, line, character, code, severity)` of each diagnostic in a `{"diagnostics":[...]}` report.
  func findings(_ json: String) throws -> [String] {
    let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    return (object?["diagnostics"] as? [[String: Any]] ?? []).map { item in
      let start = (item["range"] as? [String: Any])?["start"] as? [String: Any]
      return
        "\(item["file"] ?? ""):\(start?["line"] ?? ""):\(start?["character"] ?? "") \(item["code"] ?? "") \(item["severity"] ?? "")"
    }
  }

  @Test func checkAndLintReportTheSameFindingsOnEveryFixtureAndSample() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    for directory in ["Tests/BatchSpecCoreTests/Fixtures", "samples"] {
      let path = root.appendingPathComponent(directory).path
      let check = runCLI(["check", path, "--format", "json"])
      let lint = runCLI(["lint", path, "--format", "json"])
      #expect(check.status == lint.status, "\(directory)")
      #expect(try findings(check.stdout) == findings(lint.stdout), "\(directory)")
    }
  }
}
