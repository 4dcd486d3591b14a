// The linter's pure parts: configuration parsing and lookup, the one lint function, safe-fix
// application and unified diffs.

import Testing
import BatchSpecCore

@Suite struct LintConfigurationParsingTests {
  func parse(_ text: String) -> LintConfiguration {
    LintConfiguration.parse(SourceFile(path: "batchspec.config", text: text))
  }

  @Test func levelsByCodeOrNameAndOptions() {
    let configuration = parse(
      """
      // Team settings.
      rules {
        dedicated-core-quota-exceeded = off
        BS6003 = "info"
        unused-suppression = error
      }
      options {
        assumed_dedicated_cores = 100
        max_resource_files      = 20
      }

      """)
    #expect(configuration.diagnostics.isEmpty)
    let validation = configuration.validation
    #expect(validation.level(of: DedicatedCoreQuota().code) == .off)
    #expect(validation.level(of: InsecureURL().code) == .info)
    #expect(validation.level(of: LintCode.unusedSuppression.code) == .error)
    #expect(validation.assumedQuotas.dedicatedCores == 100)
    #expect(validation.maxResourceFiles == 20)
  }

  @Test func mistakesAreReportedAtTheirLineAndIgnored() {
    let configuration = parse(
      """
      rules { BS3001 = loud, BS3001 = off, bs-unknown = off, BS1001 = off }
      options { assumed_spot_cores = "many", spot = 3 }
      job j { }
      verbose = true

      """)
    let messages = configuration.diagnostics.map(\.message)
    #expect(configuration.diagnostics.allSatisfy { $0.code == LintCode.invalidConfiguration.code })
    #expect(messages.count == 8, "\(messages)")
    #expect(messages.contains("`BS3001` is set twice; the first setting counts"))
    #expect(messages.contains("unknown option `spot`"))
    #expect(configuration.validation.levels.isEmpty)
    #expect(configuration.validation.assumedQuotas == .documentedDefaults)
  }

  /// A rule set by its code and again by its name is one rule set twice: the second entry is
  /// reported, with a note on the first, and the first counts.
  @Test func aRuleSetByItsCodeAndByItsNameIsReportedWithTheFirst() throws {
    let configuration = parse("rules {\n  BS3001 = warning\n  dedicated-core-quota-exceeded = error\n}\n")
    let diagnostic = try #require(configuration.diagnostics.first)
    #expect(configuration.diagnostics.count == 1)
    #expect(diagnostic.code == LintCode.invalidConfiguration.code)
    #expect(
      diagnostic.message
        == "`dedicated-core-quota-exceeded` sets the rule `BS3001` set already (BS3001); the first setting counts: keep one"
    )
    let file = try #require(configuration.file)
    #expect(file.humanPosition(of: diagnostic.location.range.start).line == 3)
    let note = try #require(diagnostic.notes.first)
    #expect(note.message == "`BS3001` is set here")
    #expect(note.location.map { file.humanPosition(of: $0.range.start).line } == 2)
    #expect(configuration.validation.level(of: DedicatedCoreQuota().code) == .warning)
  }

  @Test func syntaxErrorsIgnoreTheWholeFile() {
    let configuration = parse("rules { BS3001 = off\noptions { assumed_pools = }\n")
    #expect(configuration.hasErrors)
    #expect(configuration.diagnostics.allSatisfy { $0.code.group == .syntax })
    #expect(configuration.validation.levels.isEmpty)
  }

  @Test func lookupWalksUpToTheRoot() {
    #expect(
      ConfigurationLookup.candidates(forDirectory: "/repo/specs/team")
        == [
          "/repo/specs/team/batchspec.config", "/repo/specs/batchspec.config", "/repo/batchspec.config",
          "/batchspec.config",
        ])
    #expect(ConfigurationLookup.candidates(forDirectory: "/") == ["/batchspec.config"])
    let found = ConfigurationLookup.nearest(forDirectory: "/repo/specs/team") { path in
      path == "/repo/batchspec.config" ? Array("rules { BS3001 = warning }".utf8) : nil
    }
    #expect(found.file?.path == "/repo/batchspec.config")
    #expect(found.validation.level(of: DedicatedCoreQuota().code) == .warning)
  }
}

@Suite struct LinterTests {
  let spec = """
    account a { location = "westeurope", quota { dedicated_cores = 4 } }
    pool p { account = a, vm_size = "Standard_D4s_v3", image = "x/y/z", node_agent = "n", dedicated_nodes = 2 }
    // batchspec-ignore BS6003
    pool q { colour = 1 }

    """

  @Test func frontEndAndValidationFindingsTogetherInOrder() {
    let result = Linter.lint(Project(path: "a.batch", text: spec))
    #expect(result.diagnostics.contains { $0.code.rawValue == "BS3001" })
    #expect(result.diagnostics.contains { $0.code.rawValue == "BS2002" })
    #expect(!result.diagnostics.contains { $0.code == LintCode.unusedSuppression.code }, "errors hide unused ones")
  }

  @Test func incrementalLintIsLinterLint() {
    let spec = self.spec.replacing("pool q { colour = 1 }", with: "")
    let project = Project(path: "a.batch", text: spec)
    let lint = Linter.lint(project).diagnostics
    #expect(Linter.lint(project, memo: LintMemo()).result.diagnostics == lint)
    #expect(lint.contains { $0.code == LintCode.unusedSuppression.code }, "the server sees unused suppressions too")
    #expect(!Linter.lint(project, validate: false).diagnostics.contains { $0.code.group == .validation })
  }

  @Test func configurationLevelsApply() {
    var configuration = LintConfiguration()
    configuration.validation.levels["BS3001"] = .hint
    let result = Linter.lint(Project(path: "a.batch", text: spec), configuration: configuration)
    #expect(result.diagnostics.first { $0.code.rawValue == "BS3001" }?.severity == .hint)
  }
}

@Suite struct FixApplicationTests {
  @Test func overlappingFixesAreSkippedAndTheRestApplied() {
    let file = SourceFile(path: "a.batch", text: "abcdef\n")
    let project = Project(files: [file])
    func diagnostic(_ start: Int, _ end: Int, _ text: String, safe: Bool = true) -> Diagnostic {
      let edit = TextEdit(file: FileID(0), range: TextRange(start, end), replacement: text)
      return Diagnostic(
        .unknownAttribute, at: Location(FileID(0), TextRange(start, end)), "m",
        fixIts: [FixIt("fix", edits: [edit], isSafe: safe)])
    }
    let fixed = FixApplication.applyFixes(
      [diagnostic(0, 2, "X"), diagnostic(1, 3, "Y"), diagnostic(4, 4, "+"), diagnostic(5, 6, "Z", safe: false)],
      in: project)
    #expect(fixed.count == 1)
    #expect(String(decoding: fixed[0].bytes, as: UTF8.self) == "Xcd+ef\n")
    #expect(fixed[0].fixCount == 2)
    let spanning = FixApplication.applyFixes(
      [
        diagnostic(5, 6, "Z"), diagnostic(0, 1, "A"), diagnostic(4, 4, "+"), diagnostic(4, 4, "-"),
        diagnostic(0, 6, "W"),
      ],
      in: project)
    #expect(String(decoding: spanning[0].bytes, as: UTF8.self) == "Abcd+eZ\n")
    #expect(spanning[0].edits.map(\.range.start) == [0, 4, 5])
  }

  @Test func unsafeFixesApplyOnlyWhenAskedAndASafeOneComesFirst() {
    let file = SourceFile(path: "a.batch", text: "abcdef\n")
    let project = Project(files: [file])
    func fix(_ start: Int, _ text: String, safe: Bool) -> FixIt {
      FixIt(
        "fix", edits: [TextEdit(file: FileID(0), range: TextRange(start, start + 1), replacement: text)], isSafe: safe)
    }
    let location = Location(FileID(0), TextRange(0, 1))
    let diagnostics = [
      Diagnostic(.unknownAttribute, at: location, "only unsafe", fixIts: [fix(0, "U", safe: false)]),
      Diagnostic(.unknownAttribute, at: location, "both", fixIts: [fix(2, "u", safe: false), fix(3, "S", safe: true)]),
    ]
    let safe = FixApplication.applyFixes(diagnostics, in: project)
    #expect(String(decoding: safe[0].bytes, as: UTF8.self) == "abcSef\n" && safe[0].fixCount == 1)
    let all = FixApplication.applyFixes(diagnostics, in: project, unsafe: true)
    #expect(String(decoding: all[0].bytes, as: UTF8.self) == "UbcSef\n" && all[0].fixCount == 2)
  }

  @Test func editsApplyInOrder() {
    let text = (1...20).map { "line \($0)" }.joined(separator: "\n") + "\n"
    let file = SourceFile(path: "a.batch", text: text)
    func offset(ofLine line: Int) -> Int { file.lines.lineStarts[line - 1] }
    let edits = [
      TextEdit(file: file.id, range: TextRange(offset(ofLine: 2), offset(ofLine: 3)), replacement: ""),
      TextEdit(file: file.id, range: TextRange(offset(ofLine: 18), offset(ofLine: 18) + 4), replacement: "LINE"),
    ]
    let applied = String(decoding: FixApplication.apply(edits, to: file.bytes), as: UTF8.self)
    #expect(!applied.contains("line 2\n") && applied.contains("LINE 18"))
  }
}
