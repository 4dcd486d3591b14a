// The autoscale formula parser and checker against formulas others published (see
// AutoscaleCorpus/SOURCES.md): every one is accepted, but for the one published with C# escapes in
// it, which is reported at the exact character.

import BatchSpecCore
import Foundation
import Testing

@Suite struct AutoscaleCorpusTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
    "AutoscaleCorpus")

  static func formulas() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".formula") }.sorted()
  }

  static let errorKinds: [FormulaIssueKind] = [.syntax, .unknownName, .invalidCall, .readOnlyAssignment]

  /// 1-based line and column (in Unicode scalars) of `offset` in `text`.
  static func position(_ offset: Int, in text: String) -> (line: Int, column: Int) {
    let before = String(decoding: Array(text.utf8)[..<offset], as: UTF8.self)
    let lines = before.split(separator: "\n", omittingEmptySubsequences: false)
    return (lines.count, (lines.last?.unicodeScalars.count ?? 0) + 1)
  }

  @Test func theCorpusHoldsTheSources() throws {
    let names = try Self.formulas()
    #expect(names.count >= 25)
    for prefix in ["docs--", "batch-explorer--", "sdk-python--", "sdk-net--", "powershell--"] {
      #expect(names.contains { $0.hasPrefix(prefix) }, "no formula from \(prefix)")
    }
    let sources = try String(contentsOf: Self.root.appendingPathComponent("SOURCES.md"), encoding: .utf8)
    for name in names where !name.hasPrefix("batch-explorer--") {
      #expect(sources.contains("`\(name)`"), "\(name) has no provenance in SOURCES.md")
    }
  }

  @Test(arguments: try formulas())
  func everyPublishedFormulaIsAccepted(_ name: String) throws {
    let text = try String(contentsOf: Self.root.appendingPathComponent(name), encoding: .utf8)
    let issues = FormulaAnalysis.issues(of: FormulaProgram(text))
    let errors = issues.filter { Self.errorKinds.contains($0.kind) }
    if name == "batch-explorer--SettingInitialPoolSize.formula" {
      #expect(errors.count == 1)
      let error = try #require(errors.first)
      #expect(error.kind == .syntax)
      let at = Self.position(error.range.start, in: text)
      #expect(at.line == 7 && at.column == 26, "reported at \(at)")
      #expect(error.message.hasPrefix("unexpected character `\\` in the formula"))
      #expect(error.fix?.replacement == "" && error.fix?.isSafe == true)
      // Without the copied escapes, the formula is Microsoft's Example 4 and is accepted.
      let fixed = text.replacingOccurrences(of: "\\\"", with: "\"")
      #expect(FormulaAnalysis.issues(of: FormulaProgram(fixed)).filter { Self.errorKinds.contains($0.kind) }.isEmpty)
    } else {
      #expect(errors.isEmpty, "\(name): \(errors.map { "\(Self.position($0.range.start, in: text)): \($0.message)" })")
    }
  }

  @Test func publishedFormulasWarnWhereTheDocsWarn() throws {
    func kinds(_ name: String) throws -> [FormulaIssueKind] {
      let text = try String(contentsOf: Self.root.appendingPathComponent(name), encoding: .utf8)
      return FormulaAnalysis.issues(of: FormulaProgram(text)).map(\.kind)
    }
    // A window of CPU samples read with no percentage check (the docs' own walkthrough).
    #expect(try kinds("docs--cpu-based.formula") == [.unguardedSample, .unguardedSample])
    // The guarded ones: GetSamplePercent first, or a required percentage.
    #expect(try kinds("docs--pending-tasks.formula").isEmpty)
    #expect(try kinds("docs--example4-initial-size.formula").isEmpty)
    #expect(try kinds("docs--running-tasks-window-75.formula") == [.noTarget])
    // Old names, still accepted.
    #expect(try kinds("powershell--test-autoscale.formula") == [.deprecatedName, .deprecatedName, .deprecatedName])
    #expect(try kinds("docs--cpu-last-five-minutes.formula") == [.unguardedSample, .noTarget])
  }
}
