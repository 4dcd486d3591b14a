// `batchspec explain`: a rule's page for a terminal (golden), the list, JSON, unknown codes.

import Foundation
import Testing
import BatchSpecCLI
import BatchSpecCore

@Suite struct ExplainCommandTests {
  @Test func ruleExplanationMatchesGolden() {
    let result = runCLI(["explain", "BS3001"])
    #expect(result.status == 0)
    expectGolden(result.stdout, "explain-BS3001.txt")
    #expect(runCLI(["explain", "dedicated-core-quota-exceeded"]).stdout == result.stdout)
    #expect(runCLI(["explain", "bs3001"]).stdout == result.stdout)
  }

  @Test func everyCodeIsListedAndExplained() throws {
    let list = runCLI(["explain", "--list"])
    #expect(list.status == 0)
    let lines = list.stdout.split(separator: "\n")
    #expect(lines.count == CodeReference.all.count)
    for code in RuleRegistry.codes + DiagnosticCode.frontEndCodes + LintCode.all.map(\.code) {
      #expect(lines.contains { $0.hasPrefix(code.rawValue + " ") }, "\(code) is not listed")
      #expect(runCLI(["explain", code.rawValue]).status == 0)
    }
  }

  @Test func jsonHasEverySectionOfARule() throws {
    let result = runCLI(["explain", "BS9001", "BS1002", "--format", "json"])
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    let codes = object?["codes"] as? [[String: Any]] ?? []
    #expect(codes.map { $0["code"] as? String } == ["BS9001", "BS1002"])
    let sections = codes.first?["sections"] as? [String: String] ?? [:]
    #expect(
      Set(sections.keys) == ["What it does", "Why is this bad?", "Example", "Use instead", "Azure limit"])
    #expect(codes.last?["configurable"] as? Bool == false)
    let list = runCLI(["explain", "--list", "--format", "json"])
    let all = (try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])?["codes"] as? [Any]
    #expect(all?.count == CodeReference.all.count)
  }

  @Test func jsonGroupsEachCodeByItsFirstDigit() throws {
    let list = runCLI(["explain", "--list", "--format", "json"])
    let codes = (try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])?["codes"]
    let groups = try #require(codes as? [[String: Any]]).map { ($0["code"] as? String ?? "", $0["group"] as? String) }
    let expected: [Character: String] = [
      "1": "syntax", "2": "names and types", "3": "validation", "4": "validation", "5": "validation",
      "6": "validation", "7": "validation", "9": "linter",
    ]
    #expect(Set(groups.map { $0.0.dropFirst(2).first! }) == Set(expected.keys))
    for (code, group) in groups {
      #expect(group == expected[code.dropFirst(2).first!], "\(code) is in group \(group ?? "none")")
    }
  }

  @Test func unknownCodeSuggestsTheClosest() {
    let result = runCLI(["explain", "dedicated-core-quota"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("did you mean `dedicated-core-quota-exceeded`?"))
  }

  @Test func codesAndNamesAreUniqueAcrossTheReference() {
    let codes = CodeReference.all.map(\.code.rawValue)
    let names = CodeReference.all.map(\.code.name)
    #expect(Set(codes).count == codes.count, "duplicate codes")
    #expect(Set(names).count == names.count, "duplicate names")
    #expect(LintCode.all.allSatisfy { $0.code.rawValue.hasPrefix("BS9") })
  }

  @Test func lintCodesHaveTheRuleHeadings() {
    for code in LintCode.all {
      #expect(RuleDocumentation.problems(code.documentation).isEmpty, "\(code.code)")
    }
  }
}
