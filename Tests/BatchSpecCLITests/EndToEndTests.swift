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

func spawn(
  _ arguments: [String], stdin: String = "", environment: [String: String]? = nil, directory: URL? = nil
) throws -> (status: Int32, stdout: String, stderr: String) {
  guard let binary = batchspecBinary() else { throw CocoaError(.fileNoSuchFile) }
  let process = Process()
  process.executableURL = binary
  process.arguments = arguments
  if let environment { process.environment = environment }
  if let directory { process.currentDirectoryURL = directory }
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

  /// A spec named with one character, given relative to the working directory: Foundation's
  /// `deletingLastPathComponent` trapped on such a path (Linux), and `check`, `lint` and `run`
  /// crashed on it before the binary cut paths itself (`PathName`).
  @Test func aOneCharacterFileNameIsChecked() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bs-one-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try brokenSpec.write(to: directory.appendingPathComponent("a"), atomically: true, encoding: .utf8)
    for command in ["check", "lint"] {
      let result = try spawn([command, "a"], directory: directory)
      #expect(result.status == 1, "\(command): \(result.stderr)")
      #expect(!result.stderr.contains("crashed") && !result.stderr.contains("Fatal error"), "\(command)")
      #expect(result.stdout.contains("a:"), "\(command): \(result.stdout)")
    }
  }

  @Test func versionAndHelp() throws {
    #expect(try spawn(["--version"]).stdout.hasPrefix("batchspec "))
    let help = try spawn(["check", "--help"])
    #expect(help.status == 0 && help.stdout.contains("USAGE: batchspec check"))
  }

  @Test func aLinkToAnAncestorIsWalkedOnce() throws {
    // `a/up -> ..` leads back to the root: each directory is entered once, so each finding is
    // reported once (it was reported 41 times, until the path grew too long to resolve).
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("bs-cycle-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: root) }
    try FileManager.default.createDirectory(atPath: root + "/a", withIntermediateDirectories: true)
    try "pool p {\n  vm_size = 3\n}\n".write(toFile: root + "/a/x.batch", atomically: true, encoding: .utf8)
    try FileManager.default.createSymbolicLink(atPath: root + "/a/up", withDestinationPath: "..")
    try FileManager.default.createSymbolicLink(atPath: root + "/b", withDestinationPath: "a")
    let result = try spawn(["check", root])
    #expect(result.status == 1)
    let lines = result.stdout.split(separator: "\n")
    let locations = lines.filter { $0.contains("-->") }
    #expect(!locations.isEmpty && locations.allSatisfy { $0.contains(root + "/a/x.batch:") }, "\(result.stdout)")
    #expect(lines.filter { $0.hasPrefix("error[") }.count == 3, "each finding once: \(result.stdout)")
  }

  /// A path is what the user means: `./a.batch`, `dir//a.batch` and `--stdin-name ./a.batch` are
  /// `a.batch`, and a directory named in two spellings is one project. `./a.batch` was read twice
  /// (as `./a.batch` and `a.batch`), and every account was a duplicate of itself.
  @Test func aPathInAnySpellingIsOneFileOfOneProject() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("bs-paths-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root.appendingPathComponent("p"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let spec = "account acct { location = \"eastus\" }\npool p {\n  vm_size = 3\n}\n"
    try spec.write(to: root.appendingPathComponent("p/a.batch"), atomically: true, encoding: .utf8)
    let inside = root.appendingPathComponent("p")
    for arguments in [
      ["check", "./a.batch"], ["check", "a.batch", "./a.batch"], ["check", ".//a.batch"], ["check", "."],
      ["check", "-", "--stdin-name", "./a.batch"],
    ] {
      let result = try spawn(arguments, stdin: spec, directory: inside)
      #expect(result.status == 1, "\(arguments)")
      #expect(!result.stdout.contains("BS2005"), "\(arguments): \(result.stdout)")
      #expect(result.stdout.contains("a.batch:3:13") && !result.stdout.contains("./"), "\(arguments): \(result.stdout)")
    }
    // One project, whatever the spelling: each finding once.
    let twice = try spawn(["lint", "p", "p/", root.path + "/p", "--format", "concise"], directory: root)
    #expect(twice.stdout.split(separator: "\n").filter { $0.contains("error[") }.count == 3, "\(twice.stdout)")
  }

  /// What cannot be read is reported on standard error, and the rest is linted, reported (to a
  /// SARIF file too) and formatted: the run exits 2. A dangling link stopped `lint` and `check`
  /// with no findings and no report, and `fmt` stopped at it.
  @Test func anUnreadableFileLeavesOutItsProjectAndTheRestIsChecked() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("bs-unread-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: root) }
    for directory in ["broken", "fine"] {
      try FileManager.default.createDirectory(atPath: root + "/" + directory, withIntermediateDirectories: true)
      try "pool p {\n  vm_size = 3\n}\n".write(
        toFile: root + "/\(directory)/a.batch", atomically: true, encoding: .utf8)
    }
    try FileManager.default.createSymbolicLink(atPath: root + "/broken/b.batch", withDestinationPath: "/nonexistent")
    let report = root + "/report.sarif"
    let lint = try spawn(["lint", root, "--format", "sarif", "-o", report])
    #expect(lint.status == 2)
    #expect(
      lint.stderr.contains(
        "error: cannot read \(root)/broken/b.batch: it is a link to /nonexistent, which does not exist; its project is not checked"
      ),
      "\(lint.stderr)")
    let sarif = try String(contentsOfFile: report, encoding: .utf8)
    #expect(sarif.contains("fine/a.batch") && !sarif.contains("broken/a.batch"))
    // The report says the run did not succeed, and why (the exit status is not in the file).
    #expect(sarif.contains(#""executionSuccessful":false"#), "\(sarif.prefix(300))")
    #expect(sarif.contains(#""toolExecutionNotifications":[{"level":"error","message":{"text":"cannot read "#))
    let check = try spawn(["check", root])
    #expect(check.status == 2 && check.stdout.contains("fine/a.batch:2:13"), "\(check.stdout)")
    let fmt = try spawn(["fmt", "--check", root])
    #expect(fmt.status == 2 && fmt.stderr.contains("b.batch: it is a link to /nonexistent"), "\(fmt.stderr)")
  }
}
