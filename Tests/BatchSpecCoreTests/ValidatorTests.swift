// The validator's engine: related locations of quota findings, configuration (levels, assumed
// quotas, thresholds) and suppression comments.

import Foundation
import Testing
import BatchSpecCore

/// Checks and validates a one-file project.
func validate(_ text: String, _ configuration: ValidationConfiguration = ValidationConfiguration()) -> (
  project: Project, result: ValidationResult
) {
  let project = Project(path: "spec.batch", text: text)
  let checked = Checker.check(project).project
  #expect(checked.diagnostics.isEmpty, "front-end errors: \(checked.diagnostics.map(\.message))")
  return (project, Validator.validate(checked, configuration: configuration))
}

/// A pool of `nodes` dedicated nodes of `size`.
func pool(_ name: String, _ size: String, dedicated: Int, spot: Int = 0) -> String {
  """
  pool \(name) {
    vm_size         = "\(size)"
    image           = "canonical/ubuntu/22_04-lts"
    node_agent      = "batch.node.ubuntu 22.04"
    dedicated_nodes = \(dedicated)
    spot_nodes      = \(spot)
  }

  """
}

@Suite struct ValidatorTests {
  let overQuota =
    """
    account lab {
      location = "westeurope"
      quota { dedicated_cores = 70 }
    }

    """ + pool("render-pool", "Standard_D16s_v3", dedicated: 4) + pool("tools", "Standard_D2s_v3", dedicated: 4)

  @Test func quotaFindingNamesEveryContributingPoolAndTheTotal() throws {
    let (project, result) = validate(overQuota)
    let finding = try #require(result.diagnostics.first { $0.code.rawValue == "BS3001" })
    #expect(project.file(finding.file).text(finding.range) == "dedicated_cores = 70")
    #expect(finding.severity == .error)
    let located = finding.notes.filter { $0.location != nil }
    #expect(located.map(\.message) == ["`render-pool`: 4 nodes × 16 vCPUs = 64", "`tools`: 4 nodes × 2 vCPUs = 8"])
    #expect(located.map { project.file($0.location!.file).text($0.location!.range) } == ["render-pool", "tools"])
    #expect(finding.notes.last?.message == "total: 64 + 8 = 72 dedicated vCPUs; the quota is 70")
    #expect(finding.message.contains("72") && finding.message.contains("70"))
  }

  @Test func aFindingOverManyPoolsListsTheLargestTenAndSumsTheRest() throws {
    // Twelve pools of 2 vCPUs (one node each, but `big-4` and `big-9` have 3): the two largest
    // come first, then the rest in source order up to ten; two pools of 2 vCPUs are summed.
    var spec = "account lab {\n  location = \"westeurope\"\n  quota { dedicated_cores = 10 }\n}\n"
    for index in 0..<12 {
      spec += pool("big-\(index)", "Standard_D2s_v3", dedicated: index == 4 || index == 9 ? 3 : 1)
    }
    let (_, result) = validate(spec)
    let finding = try #require(result.diagnostics.first { $0.code.rawValue == "BS3001" })
    #expect(
      finding.notes.filter { $0.location != nil }.map(\.message)
        == ["`big-4`: 3 nodes × 2 vCPUs = 6", "`big-9`: 3 nodes × 2 vCPUs = 6"]
        + [0, 1, 2, 3, 5, 6, 7, 8].map { "`big-\($0)`: 1 node × 2 vCPUs = 2" })
    #expect(
      finding.notes.contains { $0.message == "and 2 more pools, with 4 vCPUs between them" && $0.location == nil })
    #expect(finding.notes.last?.message == "total: 12 pools, 32 dedicated vCPUs; the quota is 10")
  }

  @Test func poolsOfUnknownSizeAreNamedAsNotCounted() throws {
    let spec = overQuota + pool("mystery", "Standard_Z9_v9", dedicated: 3)
    let (_, result) = validate(spec)
    let finding = try #require(result.diagnostics.first { $0.code.rawValue == "BS3001" })
    #expect(
      finding.notes.contains {
        $0.message == "`mystery` has a VM size batchspec does not know (`Standard_Z9_v9`): its cores are not counted"
      })
  }

  @Test func levelsTurnRulesOffOrChangeTheirSeverity() {
    var configuration = ValidationConfiguration()
    configuration.levels["BS3001"] = .off
    #expect(validate(overQuota, configuration).result.diagnostics.isEmpty)
    configuration.levels = ["dedicated-core-quota-exceeded": .info]
    #expect(validate(overQuota, configuration).result.diagnostics.map(\.severity) == [.information])
    #expect(RuleLevel(parsing: "information") == .info && RuleLevel(parsing: "loud") == nil)
  }

  @Test func assumedQuotasWarnAndCanBeConfigured() throws {
    let spec = "account lab { location = \"eastus\" }\n" + pool("p", "Standard_D4s_v3", dedicated: 10)
    #expect(validate(spec).result.diagnostics.isEmpty, "40 cores are within the 900 assumed")
    var configuration = ValidationConfiguration()
    configuration.assumedQuotas.dedicatedCores = 39
    let finding = try #require(validate(spec, configuration).result.diagnostics.first)
    #expect(finding.severity == .warning)
    #expect(finding.message.contains("the 39 assumed because it declares no `dedicated_cores` quota"))
    configuration.assumedQuotas.dedicatedCores = 40
    #expect(validate(spec, configuration).result.diagnostics.isEmpty)
  }

  @Test func lineAndFileSuppressionsSilenceFindingsAndCountTheirUses() {
    let suppressed = overQuota.replacingFirst(
      "  quota { dedicated_cores = 70 }",
      with: "  // batchspec-ignore BS3001: the quota increase is approved\n  quota { dedicated_cores = 70 }")
    let (_, result) = validate(suppressed)
    #expect(result.diagnostics.isEmpty)
    #expect(result.suppressed.map(\.code.rawValue) == ["BS3001"])
    #expect(result.suppressions.count == 1)
    #expect(result.suppressions[0].useCount == 1)
    #expect(result.suppressions[0].reason == "the quota increase is approved")

    let trailing = overQuota.replacingFirst(
      "  quota { dedicated_cores = 70 }",
      with: "  quota { dedicated_cores = 70 }  // batchspec-ignore dedicated-core-quota-exceeded")
    #expect(validate(trailing).result.diagnostics.isEmpty)

    let wholeFile = "// batchspec-ignore-file BS3001, BS5001: a lab account\n" + overQuota
    let fileResult = validate(wholeFile).result
    #expect(fileResult.diagnostics.isEmpty)
    #expect(fileResult.suppressions.first?.scope == .file)

    let wrongCode = "// batchspec-ignore BS3002: not this one\n" + overQuota
    let unused = validate(wrongCode).result
    #expect(unused.diagnostics.count == 1)
    #expect(unused.suppressions.map(\.useCount) == [0], "`lint` reports unused suppressions")
  }

  @Test func onlyWellFormedDirectivesAreSuppressions() {
    let text = """
      // batchspec-ignore
      // batchspec-ignored BS3001
      // batchspec-ignore-filed BS3001
      //batchspec-ignore BS3001, BS3002 :  spaced reason
      /* batchspec-ignore-file literal-secret */
      pool p { display_name = "// batchspec-ignore BS3001" }

      """
    let all = Suppressions.find(in: Project(path: "s.batch", text: text))
    // The first three look like suppressions but are none: kept to be reported (BS9003), covering nothing.
    #expect(all.prefix(3).allSatisfy { $0.malformed != nil && $0.codes.isEmpty }, "\(all)")
    let found = all.filter { $0.malformed == nil }
    #expect(found.map(\.codes) == [["BS3001", "BS3002"], ["literal-secret"]])
    #expect(found.map(\.reason) == ["spaced reason", nil])
    #expect(found.map(\.scope) == [.line(5), .file], "a line directive covers the next line that is not a comment")
  }

  /// A reason written without its colon reads as codes: one finding says so, with a safe fix that
  /// writes the colon. It gave one finding per word, in alphabetical order; a word that is nearly a
  /// rule's name still gets its suggestion.
  @Test func aReasonWithoutItsColonIsOneFindingWithAFix() {
    let text = overQuota.replacingFirst(
      "  quota { dedicated_cores = 70 }",
      with: "  quota { dedicated_cores = 70 }  // batchspec-ignore BS3001 approved by finance")
    let project = Project(path: "s.batch", text: text)
    let result = Linter.lint(project)
    let invalid = result.diagnostics.filter { $0.code.rawValue == "BS9003" }
    #expect(
      invalid.map(\.message) == [
        "`approved by finance` is no rule's code or name: a reason goes after a colon, `batchspec-ignore BS3001: approved by finance`"
      ])
    let fixed = FixApplication.applyFixes(invalid, in: project).first.map { String(decoding: $0.bytes, as: UTF8.self) }
    #expect(fixed?.contains("// batchspec-ignore BS3001: approved by finance") == true, "\(fixed ?? "")")
    // Words that start rules' names (`dependencies`, `job`) are a reason too.
    let domain = overQuota.replacingFirst(
      "  quota { dedicated_cores = 70 }",
      with: "  quota { dedicated_cores = 70 }  // batchspec-ignore BS3001 dependencies are off for this job")
    #expect(
      Linter.lint(Project(path: "s.batch", text: domain)).diagnostics.filter { $0.code.rawValue == "BS9003" }.map(
        \.message) == [
          "`dependencies are off for this job` is no rule's code or name: a reason goes after a colon, `batchspec-ignore BS3001: dependencies are off for this job`"
        ])
    let typo = Project(path: "s.batch", text: "// batchspec-ignore BS3001 dedicated-core-quota-exceded\n" + overQuota)
    #expect(
      Linter.lint(typo).diagnostics.filter { $0.code.rawValue == "BS9003" }.map(\.message) == [
        "`dedicated-core-quota-exceded` is no validation rule's code or name; did you mean `dedicated-core-quota-exceeded`?"
      ])
  }

  @Test func suppressionsDoNotHideFrontEndErrors() {
    let project = Project(path: "s.batch", text: "// batchspec-ignore BS2002\npool p { colour = 1 }\n")
    var suppressions = Suppressions.find(in: project)
    let diagnostics = Checker.check(project).project.diagnostics
    let (kept, suppressed) = Suppressions.apply(&suppressions, to: diagnostics, in: project)
    #expect(kept.count == diagnostics.count && suppressed.isEmpty)
  }

  /// The largest numbers each attribute takes: Int64's for what is checked only (quotas), the
  /// service's 32-bit integers for what goes to Azure (beyond those, BS2021 refuses the value).
  @Test func extremeNumbersNeverTrap() {
    let big = "9223372036854775807"
    let (most, least) = (Int32.max, Int32.min)
    let spec = """
      account lab { location = "eastus", quota { dedicated_cores = \(big), spot_cores = 0 } }
      pool p {
        vm_size = "Standard_D2s_v3", image = "a/b/c", node_agent = "n", dedicated_nodes = \(most)
        spot_nodes = \(most), task_slots_per_node = \(least), inter_node_communication = true
      }
      job j {
        pool = p, priority = \(least), retries = \(least), max_parallel_tasks = \(most)
        task t { command = "x", required_slots = \(most), multi_instance { instances = \(most) } }
        task u { command = "x", required_slots = \(most) }
      }

      """
    let codes = Set(validate(spec).result.diagnostics.map(\.code.rawValue))
    #expect(
      codes.isSuperset(of: ["BS3002", "BS5003", "BS5004", "BS5007", "BS5008", "BS5016", "BS5027"]), "\(codes)")
  }

  /// Applies the fix-its of `code`'s findings to `text` and validates the result again.
  func applyingFixes(of code: String, to text: String) -> (text: String, codes: Set<String>) {
    let findings = validate(text).result.diagnostics.filter { $0.code.rawValue == code }
    #expect(!findings.isEmpty, "no \(code) finding to fix")
    #expect(findings.allSatisfy { $0.fixIts.count == 1 && $0.fixIts[0].isSafe == false }, "one unsafe fix each")
    let fixed = String(
      decoding: FixApplication.apply(
        findings.flatMap { $0.fixIts.flatMap(\.edits) }.sorted { $0.range.start < $1.range.start },
        to: Array(text.utf8)),
      as: UTF8.self)
    return (fixed, Set(validate(fixed).result.diagnostics.map(\.code.rawValue)))
  }

  @Test func jobActionFixSetsTheJobsOnTaskFailure() {
    let pool = pool("p", "Standard_D2s_v3", dedicated: 1)
    let exit = "exit { codes = [3], job_action = terminate }"
    // Left out, in a block laid out on lines and in a one-line block; written as `no_action`.
    for job in [
      "job j {\n  pool = p\n  task t {\n    command = \"x\"\n    \(exit)\n  }\n}\n",
      "job j { pool = p, task t { command = \"x\", \(exit) } }\n",
      "job j {\n  pool            = p\n  on_task_failure = no_action\n  task t { command = \"x\", \(exit) }\n}\n",
    ] {
      let (fixed, codes) = applyingFixes(of: "BS5030", to: pool + job)
      #expect(!codes.contains("BS5030"), "\(fixed)")
      #expect(fixed.contains("on_task_failure = perform_exit_options_job_action"), "\(fixed)")
    }
  }

  @Test func multiInstanceSlotFixesLeaveOneSlot() {
    let spec = """
      pool mpi {
        vm_size                  = "Standard_D2s_v3"
        image                    = "canonical/ubuntu/22_04-lts"
        node_agent               = "batch.node.ubuntu 22.04"
        dedicated_nodes          = 2
        inter_node_communication = true
        task_slots_per_node      = 4
      }
      job j {
        pool = mpi
        task t { command = "mpirun x", required_slots = 2, multi_instance { instances = 2 } }
      }

      """
    let (fixed, codes) = applyingFixes(of: "BS5027", to: spec)
    #expect(codes.isDisjoint(with: ["BS5027", "BS5004"]), "\(fixed)")
    #expect(fixed.contains("task_slots_per_node      = 1") && fixed.contains("required_slots = 1"), "\(fixed)")
  }

  @Test func literalSecretHeuristics() {
    #expect(LiteralSecret.credential(inText: "https://a.blob.core.windows.net/c?sv=2022&sig=x") == "a SAS token")
    #expect(LiteralSecret.credential(inText: "AccountName=a;AccountKey=k") == "a connection string")
    #expect(LiteralSecret.credential(inText: "echo signature=1 service=2") == nil)
    #expect(LiteralSecret.credential(inText: "https://example.com/tool.tar.gz") == nil)
    // Inside lists and maps, nested too: the first credential found.
    let key = Value.string("AccountName=a;AccountKey=k")
    #expect(LiteralSecret.credential(in: .list([.string("a"), .integer(1), key])) == "a connection string")
    #expect(LiteralSecret.credential(in: .map([MapItem("a", .string("x")), MapItem("b", .list([key]))])) != nil)
    #expect(LiteralSecret.credential(in: .list([.string("a"), .map([MapItem("b", .string("c"))])])) == nil)
    #expect(LiteralSecret.credential(in: .list([])) == nil)
  }
}

extension String {
  /// The string with the first occurrence of `target` replaced.
  func replacingFirst(_ target: String, with replacement: String) -> String {
    guard let range = range(of: target) else { return self }
    return replacingCharacters(in: range, with: replacement)
  }
}

/// Rules run concurrently (as the CLI runs them, one context each) find what they find in turn.
@Suite struct ConcurrentValidationTests {
  /// A stand-in for the CLI's threads: runs the bodies last first, so an order the results
  /// depended on would show.
  static func lastFirst(_ count: Int, _ body: @Sendable (Int) -> Void) {
    for index in (0..<count).reversed() { body(index) }
  }

  /// Each fixture in parts of one resource each, of a few, and of the CLI's size.
  @Test(arguments: Fixture.all().filter { $0.name.hasPrefix("validation/") })
  func everyValidationFixtureFindsTheSameConcurrently(_ fixture: Fixture) {
    let checked = Checker.check(fixture.project()).project
    let serial = Validator.validate(checked)
    for weight in [1, 4, Validator.partWeight] {
      let concurrent = Validator.validate(checked, concurrently: Self.lastFirst, partWeight: weight)
      #expect(concurrent.diagnostics == serial.diagnostics, "\(fixture.name), parts of \(weight)")
      #expect(concurrent.suppressed == serial.suppressed, "\(fixture.name), parts of \(weight)")
      #expect(concurrent.suppressions == serial.suppressions, "\(fixture.name), parts of \(weight)")
    }
  }

  /// Every validation fixture's files in one project: many resources of every kind, findings of
  /// every rule, and IDs declared twice. Split into parts of every size from one resource up, on
  /// the CLI's threads, it finds what one context finds.
  @Test func everyFixtureAsOneProjectFindsTheSameInParts() {
    var files: [SourceFile] = []
    for fixture in Fixture.all() where fixture.name.hasPrefix("validation/") {
      for file in fixture.project().files {
        files.append(SourceFile(id: FileID(files.count), path: "\(files.count)-\(file.path)", bytes: file.bytes))
      }
    }
    let checked = Checker.check(Project(files: files)).project
    let serial = Validator.validate(checked)
    #expect(checked.jobs.count > 40 && serial.diagnostics.count > 100, "a project too small to split")
    let threads: ConcurrentPerform = { count, body in DispatchQueue.concurrentPerform(iterations: count, execute: body)
    }
    for weight in [1, 2, 7, 30, Validator.partWeight] {
      let concurrent = Validator.validate(checked, concurrently: threads, partWeight: weight)
      #expect(concurrent.diagnostics == serial.diagnostics, "parts of \(weight)")
      #expect(concurrent.suppressed == serial.suppressed, "parts of \(weight)")
    }
  }

  @Test func aCodeReportedTwiceAtOnePlaceIsKeptOnceAsInTurn() {
    let name = String(repeating: "n", count: 1_100)
    let project = Project(
      path: "spec.batch",
      text: pool("render", "Standard_D4s_v3", dedicated: 1) + """
        job nightly {
          pool         = render
          display_name = "\(name)"
        }

        """)
    let checked = Checker.check(project).project
    let twice: [any ValidationRule] = [DisplayNameTooLong(), DisplayNameTooLong()]
    let serial = Validator.validate(checked, rules: twice)
    let concurrent = Validator.validate(checked, rules: twice, concurrently: Self.lastFirst)
    #expect(serial.diagnostics.count == 1)
    #expect(concurrent.diagnostics == serial.diagnostics)
  }
}
