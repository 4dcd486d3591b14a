// Formatting never changes what a project compiles to: each sample, laid out badly (extra
// indentation, CRLF line ends), then formatted, compiles to the same plan as the sample itself.

import BatchSpecCore
import Testing

import BatchSpecPlan

@Suite struct FormattingKeepsPlansTests {
  @Test(arguments: PlanSamples.all())
  func formattedSampleCompilesToTheSamePlan(_ name: String) throws {
    let params = PlanTests.goldenParams[name] ?? [:]
    let original = PlanSamples.project(name)
    let reformatted = Project(
      files: try original.files.map { file in
        let messy = file.text(TextRange(0, file.bytes.count)).split(separator: "\n", omittingEmptySubsequences: false)
          .map { "    " + $0 }.joined(separator: "\r\n")
        let formatted = try #require(Formatter.format(SourceFile(path: file.path, text: messy)), "\(file.path)")
        #expect(formatted != messy)
        return SourceFile(path: file.path, text: formatted)
      })
    let before = try #require(PlanCompiler.compile(Checker.check(original, params: params).project))
    let after = try #require(PlanCompiler.compile(Checker.check(reformatted, params: params).project))
    #expect(before.jsonString() == after.jsonString())
  }
}
