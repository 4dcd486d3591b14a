// Every code is explained with the rules' headings, and each front-end code's example fires it
// while the fix beside it does not.

import Foundation
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
    // BS1006's example shows as `�` the byte 0xE9 that its file holds (Windows-1252's `é`).
    let exampleBytes =
      code == DiagnosticCode.invalidUTF8.rawValue
      ? Array(example.replacingOccurrences(of: "\u{FFFD}", with: "\u{1}").utf8).map { $0 == 1 ? 0xE9 : $0 }
      : Array(example.utf8)
    #expect(Self.codes(exampleBytes).contains(code), "\(code)'s example reports \(Self.codes(exampleBytes))")
    #expect(!Self.codes(Array(fixed.utf8)).contains(code), "\(code)'s fix still reports it")
  }

  /// The codes the front end reports for `bytes` as a one-file project.
  private static func codes(_ bytes: [UInt8]) -> [String] {
    let project = Project(files: [SourceFile(id: FileID(0), path: "example.batch", bytes: bytes)])
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
