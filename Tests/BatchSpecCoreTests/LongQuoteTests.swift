// Messages quote user text in backticks; quotes of absurd length are cut to their ends.

import Testing

import BatchSpecCore

/// A message quotes user text in backticks; a quote longer than `Diagnostic.longestQuote` is cut
/// to its ends, so a name of thousands of characters is not printed whole in every finding.
@Suite struct LongQuoteTests {
  @Test func longQuotesAreCutAndShortOnesKept() {
    let name = String(repeating: "x", count: 3000) + "END"
    let cut = Diagnostic.shorteningQuotes("unknown name `\(name)`; did you mean `other`?")
    #expect(cut.hasPrefix("unknown name `" + String(repeating: "x", count: 150) + "…"))
    #expect(cut.hasSuffix("xEND`; did you mean `other`?"))
    #expect(cut.count < 300)
    let long = "`" + String(repeating: "é", count: 300) + "` and `" + String(repeating: "a", count: 301) + "` `unclosed"
    let shortened = Diagnostic.shorteningQuotes(long)
    #expect(shortened.hasPrefix("`" + String(repeating: "é", count: 300) + "` and `"))
    #expect(shortened.hasSuffix("…" + String(repeating: "a", count: 75) + "` `unclosed"))
  }

  @Test func checkingALongNameReportsItShort() {
    let name = String(repeating: "y", count: 5000)
    let project = Project(path: "l.batch", text: "job j {\n  pool = \(name)\n}\n")
    let messages = Checker.check(project).project.diagnostics.map(\.message)
    #expect(!messages.isEmpty)
    #expect(messages.allSatisfy { $0.utf8.count < 1000 })
  }
}
