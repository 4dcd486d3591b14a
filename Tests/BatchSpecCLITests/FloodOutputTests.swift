// `check` on files that used to flood the terminal: a long line with many errors, a binary file.
// The output is bounded by the error cap times the snippet window, whatever the line's length.

import Foundation
import Testing
import BatchSpecCLI

@Suite struct FloodOutputTests {
  @Test func aLongLineWithManyErrorsPrintsBoundedOutput() throws {
    let text =
      "pool p1 { display_name = \"" + String(repeating: "x", count: 100_000) + "\" "
      + String(repeating: "@ ", count: 2_000) + "}\n"
    let directory = try temporaryProject(["s.batch": text])
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = runCLI(["check", directory])
    #expect(result.status == 1)
    #expect(result.stdout.utf8.count + result.stderr.utf8.count < 100_000)
    #expect(result.stdout.contains("too many errors in this file; stopping after 100"))
    #expect(result.stdout.split(separator: "\n").allSatisfy { $0.count < 200 })
  }

  @Test func aBinaryFileIsOneError() throws {
    let directory = try temporaryProject([:])
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var bytes: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0]
    var state: UInt64 = 1
    for _ in 0..<200_000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      bytes.append(UInt8(truncatingIfNeeded: state >> 56))
    }
    #expect(FileManager.default.createFile(atPath: directory + "/s.batch", contents: Data(bytes)))
    let result = runCLI(["check", directory])
    #expect(result.status == 1)
    #expect(result.stdout.contains("error[BS1006]: this is not a text `.batch` file: it holds NUL bytes"))
    #expect(result.stdout.contains("1 error in 1 file"))
  }
}
