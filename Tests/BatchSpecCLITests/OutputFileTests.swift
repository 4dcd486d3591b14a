// What commands write where the user asks (`compile -o`, `lint --output`, `run --report`): a
// regular file is replaced whole and keeps its permissions and links; a device or a pipe is written
// to, never replaced (renaming over `/dev/null` broke it for the whole machine); a spec and an
// empty name are refused.

import Foundation
import Testing

@Suite struct OutputFileTests {
  static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("samples/hello-world").path

  static let importable = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("BatchSpecPlanTests/Golden/import/inexpressible").path

  func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("batchspec-output-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test func aPipeNamedAsTheOutputIsWrittenToAndStaysAPipe() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let fifo = directory.appendingPathComponent("plan.json").path
    #expect(mkfifo(fifo, 0o600) == 0)
    // A reader on the other end, as `cat` would be.
    final class Received: @unchecked Sendable { var data = Data() }
    let received = Received()
    let done = DispatchSemaphore(value: 0)
    Thread {
      received.data = FileHandle(forReadingAtPath: fifo)?.readDataToEndOfFile() ?? Data()
      done.signal()
    }.start()
    let result = try spawn(["compile", Self.sample, "-o", fifo])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(done.wait(timeout: .now() + 10) == .success)
    #expect(String(decoding: received.data, as: UTF8.self).hasPrefix("{"), "the plan went through the pipe")
    var status = stat()
    #expect(stat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO, "it is still a pipe")
  }

  @Test func aLinkStaysALinkAndAFileKeepsItsPermissions() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let target = directory.appendingPathComponent("plan.json").path
    let link = directory.appendingPathComponent("latest.json").path
    try Data("old".utf8).write(to: URL(fileURLWithPath: target))
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target)
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
    let result = try spawn(["compile", Self.sample, "-o", link])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
    #expect(String(decoding: FileManager.default.contents(atPath: target) ?? Data(), as: UTF8.self).hasPrefix("{"))
    let permissions = try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int
    #expect(permissions == 0o600)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(".") }
    #expect(leftovers.isEmpty, "no temporary file is left: \(leftovers)")
  }

  @Test func aSpecADirectoryAndAnEmptyNameAreRefusedWithTheReason() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let spec = directory.appendingPathComponent("hello.batch").path
    let text = try String(contentsOfFile: Self.sample + "/hello.batch", encoding: .utf8)
    try text.write(toFile: spec, atomically: true, encoding: .utf8)
    let cases: [([String], String)] = [
      (
        ["compile", directory.path, "-o", spec],
        "error: `-o \(spec)` would write over a spec; give the output another name"
      ),
      (
        ["lint", directory.path, "--format", "sarif", "--output", spec],
        "error: `--output \(spec)` would write over a spec"
      ),
      (["run", directory.path, "--report", spec], "error: `--report \(spec)` would write over a spec"),
      (["compile", directory.path, "-o", ""], "error: `-o` needs a name"),
      (["import", Self.importable, "-o", ""], "error: `-o` needs a name: give a directory"),
      (["lint", directory.path, "--write-baseline", ""], "error: `--write-baseline` needs a name: give a file"),
      (["compile", directory.path, "-o", directory.path], "error: cannot write \(directory.path): it is a directory"),
      (
        ["compile", directory.path, "-o", directory.path + "/missing/plan.json"],
        "error: cannot write \(directory.path)/missing/plan.json: the directory \(directory.path)/missing does not exist"
      ),
    ]
    for (arguments, message) in cases {
      let result = try spawn(arguments)
      #expect(result.status == 2, "\(arguments): \(result.stderr)")
      #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
    }
    #expect(try String(contentsOfFile: spec, encoding: .utf8) == text, "the spec is untouched")
    #expect(!FileManager.default.fileExists(atPath: directory.path + "/.batchspec"), "nothing was run")
  }
}
