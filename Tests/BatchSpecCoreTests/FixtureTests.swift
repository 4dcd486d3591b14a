// Runs every fixture: its inline annotations must equal the checker's diagnostics.

import Foundation
import Testing
import BatchSpecCore

@Suite struct FixtureTests {
  static let update = ProcessInfo.processInfo.environment["BATCHSPEC_UPDATE_FIXTURES"] == "1"

  @Test(arguments: Fixture.all())
  func fixtureDiagnosticsMatchAnnotations(_ fixture: Fixture) {
    let project = fixture.project()
    let diagnostics = Self.diagnostics(fixture, project)
    let expected = project.files.flatMap(FixtureHarness.expected).sorted()
    let actual = FixtureHarness.actual(diagnostics, in: project).sorted()
    if Self.update && expected != actual {
      for (file, path) in zip(project.files, fixture.paths) {
        FixtureHarness.rewrite(file, absolutePath: path, with: actual)
      }
      return
    }
    let missing = expected.filter { !actual.contains($0) }
    let unexpected = actual.filter { !expected.contains($0) }
    #expect(
      missing.isEmpty && unexpected.isEmpty,
      """
      \(fixture.name): diagnostics differ from the annotations (BATCHSPEC_UPDATE_FIXTURES=1 rewrites them)
      expected but not reported:
      \(missing.map { "  \($0)" }.joined(separator: "\n"))
      reported but not expected:
      \(unexpected.map { "  \($0)" }.joined(separator: "\n"))
      """)
  }

  /// The checker's diagnostics, plus the validator's for fixtures under `validation/`.
  static func diagnostics(_ fixture: Fixture, _ project: Project) -> [Diagnostic] {
    let checked = Checker.check(project).project
    guard fixture.name.hasPrefix("validation/") else { return checked.diagnostics }
    return checked.diagnostics + Validator.validate(checked).diagnostics
  }

  @Test func everyFrontEndCodeHasAFixture() {
    var seen: Set<String> = []
    for fixture in Fixture.all() {
      for file in fixture.project().files {
        for annotation in FixtureHarness.expected(in: file) { seen.insert(annotation.code) }
      }
    }
    let codes = DiagnosticCode.frontEndCodes + RuleRegistry.codes
    let missing = codes.map(\.rawValue).filter { !seen.contains($0) }
    #expect(missing.isEmpty, "codes with no fixture: \(missing)")
  }

  @Test func fixturesRoundTripThroughTheHarness() {
    // The harness must read back exactly what it writes, so an update is stable.
    let annotation = Annotation(
      file: "f", line: 0, column: 4, length: 3, severity: "error", code: "BS2002", message: "x `y`: z")
    let file = SourceFile(path: "f", text: "pool a {\n\(annotation.rendered)\n}\n")
    #expect(FixtureHarness.expected(in: file) == [annotation])
    let low = Annotation(file: "f", line: 0, column: 0, length: 4, severity: "warning", code: "BS1001", message: "m")
    #expect(FixtureHarness.expected(in: SourceFile(path: "f", text: "pool\n\(low.rendered)\n")) == [low])
  }
}
