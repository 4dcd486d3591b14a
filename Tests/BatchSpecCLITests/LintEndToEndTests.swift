// `batchspec lint` and `explain` through the real binary: exit codes, `--output`, `--watch`.

import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite struct LintEndToEndTests {
  @Test func exitCodesOfTheBinary() throws {
    #expect(try spawn(["lint", "-", "--stdin-name", "x.batch"], stdin: brokenSpec).status == 1)
    #expect(try spawn(["lint", "-", "--exit-zero"], stdin: brokenSpec).status == 0)
    #expect(try spawn(["lint", "-"], stdin: "storage data { }\n").status == 0)
    let usage = try spawn(["lint", "--format", "xml", "-"])
    #expect(usage.status == 2 && usage.stderr.hasPrefix("error: "))
    let explain = try spawn(["explain", "BS6003"])
    #expect(explain.status == 0 && explain.stdout.contains("Azure limit"))
  }

  /// A byte order mark is no column: every format says where the finding is as `check` does.
  @Test func everyFormatCountsColumnsAfterAByteOrderMark() throws {
    let stdin = "\u{FEFF}pool p { vm_sise = \"x\" }\n"
    let formats: [(String, String)] = [
      ("human", "<stdin>:1:10"), ("concise", "<stdin>:1:10:"), ("github", ",line=1,col=10,"),
      ("junit", "at 1:10"),
    ]
    for (format, expected) in formats {
      let result = try spawn(["lint", "-", "--format", format], stdin: stdin)
      #expect(result.stdout.contains(expected), "\(format): \(result.stdout)")
    }
  }

  @Test func outputWritesTheReportToAFile() throws {
    let root = try temporaryTree(["spec.batch": dependencySpec])
    defer { try? FileManager.default.removeItem(at: root) }
    let report = root.appendingPathComponent("report.sarif").path
    let result = try spawn([
      "lint", root.appendingPathComponent("spec.batch").path, "--format", "sarif", "--output", report,
    ])
    #expect(result.status == 1)
    #expect(result.stdout.isEmpty)
    let log = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any]
    #expect(log?["version"] as? String == "2.1.0")
  }

  @Test func watchLintsAgainWhenASpecChanges() throws {
    guard let binary = batchspecBinary() else { throw CocoaError(.fileNoSuchFile) }
    let root = try temporaryTree(["spec.batch": "storage data { }\n"])
    defer { try? FileManager.default.removeItem(at: root) }
    let process = Process()
    process.executableURL = binary
    process.arguments = ["lint", root.path, "--watch", "--format", "concise"]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    Thread.sleep(forTimeInterval: 1.2)
    try "storage data { colour = 1 }\n".write(
      to: root.appendingPathComponent("spec.batch"), atomically: true, encoding: .utf8)
    Thread.sleep(forTimeInterval: 1.5)
    // SIGKILL: a child of the test runner may inherit a mask that blocks SIGTERM.
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(text.contains("no problems in 1 file"))
    #expect(text.contains("error[BS2002]"), "\(text)")
  }
}
