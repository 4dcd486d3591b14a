// Deeply nested values are reported once and skipped, never overflowing the stack (the language
// server parses whatever is typed, so a pasted `[[[[...` must not end it).

import BatchSpecCore
import Testing

@Suite struct NestingLimitTests {
  private func codes(_ value: String) -> [String] {
    let project = Project(path: "deep.batch", text: "job j {\n  pool = p\n  x = \(value)\n}\npool p { }\n")
    return Checker.check(project).project.diagnostics.map(\.code.rawValue)
  }

  @Test func deepListsMapsAndChainsAreOneError() {
    for value in [
      String(repeating: "[", count: 50_000), String(repeating: "{a=", count: 50_000),
      "a" + String(repeating: "[1]", count: 50_000), "a" + String(repeating: ".b", count: 50_000),
      String(repeating: "[", count: 200) + String(repeating: "]", count: 200),
    ] {
      #expect(codes(value).filter { $0 == "BS1013" }.count == 1)
    }
  }

  @Test func nestingUpToTheLimitIsFine() {
    let depth = 100
    let value = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    #expect(!codes(value).contains("BS1013"))
  }
}
