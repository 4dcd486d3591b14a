// The rule catalogue is complete and documented: every rule file is registered, every rule has
// a unique code and name, and its documentation has the fixed headings.

import Foundation
import Testing
import BatchSpecCore

@Suite struct RuleRegistryTests {
  static let rulesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Sources/BatchSpecCore/Validation/Rules").path

  @Test func everyRuleFileIsRegistered() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.rulesDirectory)
      .filter { $0.hasSuffix(".swift") }.map { String($0.dropLast(".swift".count)) }
    let registered = Set(RuleRegistry.all.map { String(describing: type(of: $0)) })
    let missing = files.filter { !registered.contains($0) }.sorted()
    #expect(missing.isEmpty, "rule files not in RuleRegistry.all: \(missing)")
    #expect(files.count == RuleRegistry.all.count)
  }

  @Test func codesAndNamesAreUniqueAndWellFormed() {
    let codes = RuleRegistry.all.map(\.code.rawValue)
    let names = RuleRegistry.all.map(\.name)
    #expect(Set(codes).count == codes.count, "duplicate codes: \(codes)")
    #expect(Set(names).count == names.count, "duplicate names: \(names)")
    let frontEnd = Set(DiagnosticCode.frontEndCodes.map(\.rawValue))
    for rule in RuleRegistry.all {
      #expect(!frontEnd.contains(rule.code.rawValue), "\(rule.code) is a front-end code")
      #expect(rule.code.group == .validation, "\(rule.code) is not in BS3xxx-BS6xxx")
      #expect(rule.code.rawValue.count == 6 && rule.code.rawValue.hasPrefix("BS"), "\(rule.code)")
      #expect(
        rule.name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" } && !rule.name.hasPrefix("-"),
        "\(rule.name) is not kebab-case")
      #expect(rule.summary.hasSuffix("."), "\(rule.code) summary is not a sentence")
    }
    #expect(codes == codes.sorted(), "the registry lists rules in code order")
  }

  @Test(arguments: RuleRegistry.all.map(\.code.rawValue))
  func ruleIsDocumentedWithEveryHeading(_ code: String) throws {
    let rule = try #require(RuleRegistry.rule(code))
    #expect(
      RuleDocumentation.problems(rule.documentation).isEmpty,
      "\(code): \(RuleDocumentation.problems(rule.documentation))")
    #expect(RuleDocumentation.render(rule).hasPrefix("# \(code) \(rule.name)"))
    #expect(RuleRegistry.rule(rule.name)?.code == rule.code)
  }

  @Test func readmeListsEveryRuleWithItsDefaultSeverity() throws {
    let readme = try String(
      contentsOfFile: URL(fileURLWithPath: Self.rulesDirectory).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md").path,
      encoding: .utf8)
    for rule in RuleRegistry.all {
      let row = "| `\(rule.code.rawValue)` | `\(rule.name)` | \(rule.defaultSeverity.name) |"
      #expect(readme.contains(row), "README's code table lacks \(row)")
    }
  }

  /// A rule of `RuleScope.resources` runs on the resources an edit touched, so it must read the
  /// context's focused lists; one that read the project's (`context.project.schedules`) kept
  /// stale findings in the editor (the `analyze` fuzzer found it).
  @Test func resourceScopedRulesReadOnlyTheFocusedResources() throws {
    for rule in RuleRegistry.all where rule.scope == .resources {
      let file = Self.rulesDirectory + "/\(String(describing: type(of: rule))).swift"
      let text = try String(contentsOfFile: file, encoding: .utf8)
      for list in ["pools", "jobs", "schedules", "accounts", "storageAccounts", "applications"] {
        #expect(!text.contains("context.project.\(list)"), "\(file) reads context.project.\(list)")
      }
    }
  }

  @Test func ruleFilesStayShort() throws {
    for file in try FileManager.default.contentsOfDirectory(atPath: Self.rulesDirectory) {
      let text = try String(contentsOfFile: Self.rulesDirectory + "/" + file, encoding: .utf8)
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
      #expect(lines < 150, "\(file) has \(lines) lines")
    }
  }
}
