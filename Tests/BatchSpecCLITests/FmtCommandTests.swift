// `batchspec fmt`: standard input, --check, --diff, rewriting in place, files with syntax errors.

import Foundation
import Testing
import BatchSpecCLI

let unformattedSpec = """
  pool p {
    image = "canonical/ubuntu/22_04-lts"
    vm_size = "Standard_D4s_v3"
    node_agent = "batch.node.ubuntu 22.04"
  }
  job j { pool = p }

  """

let formattedSpec = """
  pool p {
    vm_size    = "Standard_D4s_v3"
    image      = "canonical/ubuntu/22_04-lts"
    node_agent = "batch.node.ubuntu 22.04"
  }

  job j { pool = p }

  """

/// More to format: comments, a sweep, a list and a map.
let moreToFormat = """
  // The encode step.
  job encode   {
      pool=p
    task frame for i in 1..3 { command = "render ${i}" }   // one per frame
    task encode {
      depends_on = [frame,
        frame[1]]
      environment = { A = "1", LONGER = "2" }
      command = "ffmpeg"
    }
  }

  """

/// A fresh temporary directory holding `files` (name to text).
func temporaryProject(_ files: [String: String]) throws -> String {
  let directory = FileManager.default.temporaryDirectory.appendingPathComponent("batchspec-fmt-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  for (name, text) in files {
    let url = directory.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: url, atomically: true, encoding: .utf8)
  }
  return directory.path
}

func contents(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "<unreadable>" }

@Suite struct FmtCommandTests {
  @Test func standardInputPrintsTheFormattedText() {
    let result = runCLI(["fmt", "-"], stdin: unformattedSpec)
    #expect(result.status == 0)
    #expect(result.stdout == formattedSpec)
    #expect(result.stderr.isEmpty)
  }

  @Test func checkOnStandardInputNamesItAndExitsOne() {
    let result = runCLI(["fmt", "--check", "-", "--stdin-name", "spec.batch"], stdin: unformattedSpec)
    #expect(result.status == 1)
    #expect(result.stdout == "spec.batch\n")
    #expect(runCLI(["fmt", "--check", "-"], stdin: formattedSpec).status == 0)
  }

  @Test func diffShowsAUnifiedDiffAndWritesNothing() throws {
    let directory = try temporaryProject(["a.batch": unformattedSpec])
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/a.batch"
    let result = runCLI(["fmt", "--diff", path])
    #expect(result.status == 1)
    #expect(result.stdout.hasPrefix("--- \(path)\n+++ \(path)\n@@ -1,6 +1,7 @@\n pool p {\n"))
    #expect(result.stdout.contains("-  image = \"canonical/ubuntu/22_04-lts\"\n"))
    #expect(result.stdout.contains("+  vm_size    = \"Standard_D4s_v3\"\n"))
    #expect(contents(path) == unformattedSpec)
  }

  @Test func diffAndSyntaxErrorOutputMatchGolden() {
    let diff = runCLI(["fmt", "--diff", "-", "--stdin-name", "render.batch"], stdin: unformattedSpec + moreToFormat)
    #expect(diff.status == 1)
    expectGolden(diff.stdout, "fmt-diff.txt")
    // Text with syntax errors comes back as it was (an editor's filter keeps its buffer).
    let brokenText = "pool p {\n  vm_size = \n}\njob j { pool = p\n"
    let broken = runCLI(["fmt", "-", "--stdin-name", "broken.batch"], stdin: brokenText)
    #expect(broken.status == 1 && broken.stdout == brokenText)
    #expect(runCLI(["fmt", "--check", "-"], stdin: brokenText).stdout.isEmpty)
    expectGolden(broken.stderr, "fmt-syntax-errors.txt")
  }

  @Test func rewritesChangedFilesInDirectoriesRecursively() throws {
    let directory = try temporaryProject([
      "a.batch": unformattedSpec, "nested/deeper/b.batch": unformattedSpec, "clean.batch": formattedSpec,
      "notes.txt": "not a spec",
    ])
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let check = runCLI(["fmt", "--check", directory])
    #expect(check.status == 1)
    #expect(check.stdout == "\(directory)/a.batch\n\(directory)/nested/deeper/b.batch\n")
    let result = runCLI(["fmt", directory])
    #expect(result.status == 0 && result.stdout.isEmpty && result.stderr.isEmpty)
    #expect(contents(directory + "/a.batch") == formattedSpec)
    #expect(contents(directory + "/nested/deeper/b.batch") == formattedSpec)
    #expect(contents(directory + "/notes.txt") == "not a spec")
    // The rename leaves no temporary file behind.
    let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    #expect(names == ["a.batch", "clean.batch", "nested", "notes.txt"])
    #expect(runCLI(["fmt", "--check", directory]).status == 0)
  }

  @Test func aFileNamedTwiceIsCheckedOnce() throws {
    let directory = try temporaryProject(["a.batch": unformattedSpec])
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let check = runCLI(["fmt", "--check", directory, directory + "/a.batch", directory + "/./a.batch"])
    #expect(check.status == 1)
    #expect(check.stdout == "\(directory)/a.batch\n")
  }

  @Test func rewriteKeepsPermissions() throws {
    let directory = try temporaryProject(["a.batch": unformattedSpec])
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/a.batch"
    try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
    #expect(runCLI(["fmt", path]).status == 0)
    let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    #expect(permissions == 0o640)
  }

  @Test func fileWithSyntaxErrorsIsLeftUntouchedAndItsErrorsArePrinted() throws {
    let broken = "pool p {\n  vm_size =\n}\n"
    let directory = try temporaryProject(["broken.batch": broken, "ok.batch": unformattedSpec])
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = runCLI(["fmt", directory])
    #expect(result.status == 1)
    #expect(result.stderr.contains("error[BS1"))
    #expect(result.stderr.contains("broken.batch:2:"))
    #expect(result.stderr.contains("not formatted: it has syntax errors"))
    #expect(contents(directory + "/broken.batch") == broken)
    #expect(contents(directory + "/ok.batch") == formattedSpec)
  }

  @Test func usageAndIOErrorsExitTwo() {
    #expect(runCLI(["fmt", "/definitely/missing.batch"]).status == 2)
    #expect(runCLI(["fmt", "--nope"]).status == 2)
    let help = runCLI(["fmt", "--help"])
    #expect(help.status == 0 && help.stdout.contains("USAGE: batchspec fmt"))
    #expect(runCLI(["--help"]).stdout.contains("fmt [PATH...]"))
  }

  @Test func lineDiffHunksAndCounts() {
    let old = (1...20).map { "line \($0)" }.joined(separator: "\n") + "\n"
    var lines = (1...20).map { "line \($0)" }
    lines[1] = "changed 2"
    lines.remove(at: 15)
    let new = lines.joined(separator: "\n") + "\n"
    let diff = LineDiff.unified(old, new, path: "f")
    #expect(
      diff == """
        --- f
        +++ f
        @@ -1,5 +1,5 @@
         line 1
        -line 2
        +changed 2
         line 3
         line 4
         line 5
        @@ -13,7 +13,6 @@
         line 13
         line 14
         line 15
        -line 16
         line 17
         line 18
         line 19

        """)
    #expect(LineDiff.unified(old, old, path: "f").isEmpty)
    #expect(
      LineDiff.unified("a\nb", "a\nb\n", path: "f")
        == "--- f\n+++ f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n")
    #expect(LineDiff.edits([], ["a"]) == [.added("a")])
    #expect(LineDiff.edits(["a"], []) == [.removed("a")])
    #expect(LineDiff.edits([], []) == [])
    #expect(LineDiff.edits(["a", "b", "c"], ["a", "x", "c"]) == [.same("a"), .removed("b"), .added("x"), .same("c")])
  }

  @Test func lineDiffEditsRebuildBothSidesOfRandomTexts() {
    var seed: UInt64 = 42
    func next(_ bound: Int) -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((seed >> 33) % UInt64(bound))
    }
    for round in 0..<200 {
      let old = (0..<next(30)).map { _ in ["a", "b", "c", "d"][next(4)] }
      let new = (0..<next(30)).map { _ in ["a", "b", "c", "d"][next(4)] }
      let edits = LineDiff.edits(old, new)
      let rebuiltOld = edits.compactMap { edit -> String? in if case .added = edit { nil } else { edit.text } }
      let rebuiltNew = edits.compactMap { edit -> String? in if case .removed = edit { nil } else { edit.text } }
      #expect(rebuiltOld == old && rebuiltNew == new, "round \(round)")
    }
    // Past the edit limit the middle is shown as replaced, still rebuilding both sides.
    let old = (0..<3_000).map { "old \($0)" }
    let new = (0..<3_000).map { "new \($0)" }
    let edits = LineDiff.edits(["same"] + old + ["end"], ["same"] + new + ["end"])
    #expect(edits.count == 6_002 && edits.first == .same("same") && edits.last == .same("end"))
  }
}

/// `fmt` through the real binary.
@Suite struct FmtEndToEndTests {
  @Test func fmtFromStdinAndCheck() throws {
    let result = try spawn(["fmt", "-"], stdin: unformattedSpec)
    #expect(result.status == 0)
    #expect(result.stdout == formattedSpec)
    let check = try spawn(["fmt", "--check", "-", "--stdin-name", "x.batch"], stdin: unformattedSpec)
    #expect(check.status == 1 && check.stdout == "x.batch\n")
    let broken = try spawn(["fmt", "-"], stdin: "pool p {\n")
    #expect(broken.status == 1 && broken.stdout == "pool p {\n" && broken.stderr.contains("error[BS"))
  }
}

@Suite struct FmtCommandEdgeTests {
  /// A CRLF file's diff has every old line `-`-prefixed with its `\r`, and applies with `git apply`.
  @Test(arguments: ["", "\u{FEFF}"]) func diffOfACRLFFileIsAValidPatch(bom: String) throws {
    let old = bom + "pool  p1 {\r\n  vm_size = \"Standard_A1_v2\"\r\n}\r\n"
    let directory = try temporaryProject(["t.batch": old])
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = try spawn(["fmt", "--diff", "t.batch"], directory: URL(fileURLWithPath: directory))
    let patch = """
      --- t.batch
      +++ t.batch
      @@ -1,3 +1,3 @@
      -\(bom)pool  p1 {\r
      -  vm_size = "Standard_A1_v2"\r
      -}\r
      +\(bom)pool p1 {
      +  vm_size = "Standard_A1_v2"
      +}

      """
    #expect(result.status == 1 && result.stdout == patch)
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/git") else { return }
    try patch.write(toFile: directory + "/t.patch", atomically: true, encoding: .utf8)
    let git = Process()
    git.executableURL = URL(fileURLWithPath: "/usr/bin/git")
    git.arguments = ["apply", "-p0", "--check", "t.patch"]
    git.currentDirectoryURL = URL(fileURLWithPath: directory)
    try git.run()
    git.waitUntilExit()
    #expect(git.terminationStatus == 0)
  }

  @Test func invalidUTF8IsLeftUntouched() throws {
    let directory = try temporaryProject([:])
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/bad.batch"
    let bytes = Array("job j {\n    pool = p, display_name = \"a".utf8) + [0xFF] + Array("b\" }\n".utf8)
    #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
    let result = runCLI(["fmt", path])
    #expect(result.status == 1)
    #expect(result.stderr.contains("not valid UTF-8"))
    #expect(FileManager.default.contents(atPath: path).map { [UInt8]($0) } == bytes)
  }

  @Test func aSymbolicLinkIsFollowed() throws {
    let directory = try temporaryProject(["real/a.batch": unformattedSpec])
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let link = directory + "/link.batch"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: directory + "/real/a.batch")
    #expect(runCLI(["fmt", link]).status == 0)
    #expect(contents(directory + "/real/a.batch") == formattedSpec)
    let type = try FileManager.default.attributesOfItem(atPath: link)[.type] as? FileAttributeType
    #expect(type == .typeSymbolicLink)
  }

  /// A read-only spec is not replaced (the rename that writes a file is not stopped by the file's
  /// own permission, and it did replace it, taking its owner); the rest is formatted, and the run
  /// exits 2. Run as another user (through `setpriv`) when the tests run as root, whom no
  /// permission stops.
  @Test func aReadOnlySpecIsNotReplacedAndTheRestIsFormatted() throws {
    guard let binary = batchspecBinary() else { throw CocoaError(.fileNoSuchFile) }
    let root = "/tmp/bs-readonly-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: root) }
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: root)
    for name in ["a.batch", "b.batch"] {
      try unformattedSpec.write(toFile: root + "/" + name, atomically: false, encoding: .utf8)
      try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: root + "/" + name)
    }
    try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: root + "/a.batch")
    let process = Process()
    if getuid() == 0 {
      try #require(
        FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"),
        "as root, the test needs setpriv (util-linux) to run the binary as another user")
      process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
      process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", binary.path, "fmt", root]
    } else {
      process.executableURL = binary
      process.arguments = ["fmt", root]
    }
    let error = Pipe()
    process.standardError = error
    try process.run()
    let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 2, "\(message)")
    #expect(message.contains("cannot write \(root)/a.batch: it is read-only"), "\(message)")
    #expect(try String(contentsOfFile: root + "/a.batch", encoding: .utf8) == unformattedSpec)
    #expect(try String(contentsOfFile: root + "/b.batch", encoding: .utf8) == formattedSpec)
  }

  /// explore24 L13: as root (CI containers), `access` lets every write through, so a 0444 spec was
  /// replaced and the run exited 0. Run as whoever runs the tests: a file no one may write is refused.
  @Test func aFileNoOneMayWriteIsRefusedEvenForRoot() throws {
    let root = "/tmp/bs-locked-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: root) }
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    try unformattedSpec.write(toFile: root + "/a.batch", atomically: false, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: root + "/a.batch")
    let result = try spawn(["fmt", root])
    #expect(result.status == 2, "\(result.stderr)")
    #expect(result.stderr.contains("cannot write \(root)/a.batch: it is read-only"), "\(result.stderr)")
    #expect(try String(contentsOfFile: root + "/a.batch", encoding: .utf8) == unformattedSpec)
  }
}
