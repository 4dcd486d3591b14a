// Spawns the real `batchspec` binary: exit codes, streams, JSON, and no traps on bad input.

import Foundation
import Testing

/// The built `batchspec` executable, next to the test bundle.
func batchspecBinary() -> URL? {
  var candidates: [URL] = []
  let bundle = Bundle.main.bundleURL
  candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("batchspec"))
  candidates.append(bundle.appendingPathComponent("batchspec"))
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  candidates.append(root.appendingPathComponent(".build/debug/batchspec"))
  return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
}

func spawn(_ arguments: [String], stdin: String = "", environment: [String: String]? = nil) throws -> (
  status: Int32, stdout: String, stderr: String
) {
  guard let binary = batchspecBinary() else { throw CocoaError(.fileNoSuchFile) }
  let process = Process()
  process.executableURL = binary
  process.arguments = arguments
  if let environment { process.environment = environment }
  let input = Pipe()
  let output = Pipe()
  let error = Pipe()
  process.standardInput = input
  process.standardOutput = output
  process.standardError = error
  try process.run()
  input.fileHandleForWriting.write(Data(stdin.utf8))
  try input.fileHandleForWriting.close()
  let out = output.fileHandleForReading.readDataToEndOfFile()
  let err = error.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
}

@Suite struct EndToEndTests {
  @Test func checkFromStdinPrintsJSONAndExitsOne() throws {
    let result = try spawn(["check", "-", "--format", "json", "--stdin-name", "x.batch"], stdin: brokenSpec)
    #expect(result.status == 1)
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    #expect((object?["diagnostics"] as? [Any])?.count == 4)
    #expect(result.stderr.isEmpty)
  }

  @Test func pipedHumanOutputHasNoColour() throws {
    let result = try spawn(["check", "-"], stdin: brokenSpec)
    #expect(result.status == 1)
    #expect(!result.stdout.contains("\u{1B}["))
    #expect(result.stdout.contains("^"))
  }

  @Test func usageAndIOErrorsExitTwoWithoutATrace() throws {
    for arguments in [["check", "/definitely/missing.batch"], ["check", "--nope"], []] {
      let result = try spawn(arguments)
      #expect(result.status == 2)
      #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Stack dump"))
    }
  }

  @Test func garbageInputNeverCrashesTheBinary() throws {
    let garbage = String(decoding: (0..<2000).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }, as: UTF8.self)
    let result = try spawn(["check", "-"], stdin: garbage + "pool { \"${ /* ")
    #expect(result.status == 1)
    #expect(!result.stderr.contains("Fatal error"))
  }

  @Test func versionAndHelp() throws {
    #expect(try spawn(["--version"]).stdout.hasPrefix("batchspec "))
    let help = try spawn(["check", "--help"])
    #expect(help.status == 0 && help.stdout.contains("USAGE: batchspec check"))
  }
}
