// The line the summary quotes from a failed task's standard error: trimmed, cut, and safe to print.

import Foundation
import Testing

@testable import BatchSpecRunner

@Suite struct LastLineTests {
  private func lastLine(_ text: String) throws -> String? {
    let path = NSTemporaryDirectory() + "batchspec-lastline-\(UUID().uuidString).txt"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return Runner.lastLine(of: path)
  }

  @Test func theLastLineWithTextIsTrimmed() throws {
    #expect(try lastLine("first\n  last \t\n\n   \n") == "last")
    #expect(try lastLine("") == nil)
    #expect(try lastLine("\n \n") == nil)
  }

  @Test func aLongLineIsCutAndSaysSo() throws {
    #expect(try lastLine("  " + String(repeating: "x", count: 200)) == String(repeating: "x", count: 200))
    #expect(try lastLine(String(repeating: "x", count: 250)) == String(repeating: "x", count: 200) + "…")
    // Longer than the 4 KB read: it starts with `…`, at a whole character.
    let long = try #require(try lastLine(String(repeating: "é", count: 3000)))
    #expect(long.hasPrefix("…é") && !long.contains("\u{FFFD}"), "\(long)")
  }

  @Test func controlAndFormatCharactersAreShownNotObeyed() throws {
    #expect(try lastLine("\u{1B}[31mred\u{7}") == "?[31mred?")
    #expect(try lastLine("\u{202E}txt.exe\u{200B}") == "?txt.exe?")
    #expect(try lastLine("tab\there") == "tab\there")
  }
}
