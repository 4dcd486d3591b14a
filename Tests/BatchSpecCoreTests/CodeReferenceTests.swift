// Every code is explained with the rules' headings, and each front-end code's example fires it
// while the fix beside it does not.

import Testing
import BatchSpecCore

@Suite struct CodeReferenceTests {
  @Test(arguments: CodeReference.all.map(\.code.rawValue))
  func everyCodeIsDocumentedWithEveryHeading(_ code: String) throws {
    let entry = try #require(CodeReference.entry(code))
    let documentation = try #require(entry.documentation, "\(code) has no documentation")
    #expect(RuleDocumentation.problems(documentation).isEmpty, "\(code): \(RuleDocumentation.problems(documentation))")
    #expect(entry.markdown.hasPrefix("# \(code) \(entry.code.name)\n"))
  }

  /// The codes without their documentation (what `explain` completes) are the entries' codes.
  @Test func theCodeListIsTheEntries() {
    #expect(CodeReference.codes.map(\.rawValue) == CodeReference.all.map(\.code.rawValue))
  }

  @Test(arguments: DiagnosticCode.frontEndCodes.map(\.rawValue))
  func theExampleFiresTheCodeAndTheFixDoesNot(_ code: String) throws {
    let documentation = try #require(CodeReference.entry(code)?.documentation)
    let example = try #require(Self.firstCodeBlock(after: "## Example", in: documentation), "\(code): no example")
    let fixed = try #require(Self.firstCodeBlock(after: "## Use instead", in: documentation), "\(code): no fix")
    #expect(Self.codes(example).contains(code), "\(code)'s example reports \(Self.codes(example))")
    #expect(!Self.codes(fixed).contains(code), "\(code)'s fix still reports it")
  }

  /// The codes the front end reports for `text` as a one-file project.
  private static func codes(_ text: String) -> [String] {
    let project = Project(files: [SourceFile(path: "example.batch", text: text)])
    return Checker.check(project).project.diagnostics.map(\.code.rawValue)
  }

  /// The text of the first fenced block after the line `heading`.
  private static func firstCodeBlock(after heading: String, in markdown: String) -> String? {
    let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
    guard let start = lines.firstIndex(where: { $0 == heading }),
      let open = lines[start...].firstIndex(where: { $0.hasPrefix("```") }),
      let close = lines[(open + 1)...].firstIndex(where: { $0.hasPrefix("```") })
    else { return nil }
    return lines[(open + 1)..<close].joined(separator: "\n") + "\n"
  }
}
