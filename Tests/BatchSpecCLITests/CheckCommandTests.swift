// `batchspec check` in-process: formats (golden files), exit codes, colour, params, projects.

import Foundation
import Testing
import BatchSpecCLI

/// Runs the command line in-process with `stdin` as standard input.
func runCLI(
  _ arguments: [String], stdin: String = "", environment: [String: String] = [:], terminal: Bool = false
) -> (status: Int32, stdout: String, stderr: String) {
  var console = Console(environment: environment, stdoutIsTerminal: terminal, readStdin: { Array(stdin.utf8) })
  let status = BatchSpecCommand.run(arguments, console: &console)
  return (status, console.stdout, console.stderr)
}

/// Compares `actual` with a golden file; BATCHSPEC_UPDATE_GOLDEN=1 rewrites it.
func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
  let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)").path
  if ProcessInfo.processInfo.environment["BATCHSPEC_UPDATE_GOLDEN"] == "1" {
    try? actual.write(toFile: path, atomically: true, encoding: .utf8)
    return
  }
  let expected = (try? String(contentsOfFile: path, encoding: .utf8)) ?? "<missing golden file \(name)>"
  #expect(
    actual == expected, "output differs from Golden/\(name) (BATCHSPEC_UPDATE_GOLDEN=1 rewrites it)",
    sourceLocation: sourceLocation)
}

let brokenSpec = """
  // A spec with one mistake of each common kind.
  pool render {
    vm_sise    = "Standard_D4s_v3"
    image      = "canonical/ubuntu/22_04-lts"
    node_agent = "batch.node.ubuntu 22.04"
    dedicated_nodes = "4"
  }
  job nightly {
    pool = rendr
    task t { command = "echo ${missing} 😀", retries = 1 }
  }

  """

@Suite struct CheckCommandTests {
  @Test func humanOutputMatchesGolden() {
    let result = runCLI(["check", "-", "--stdin-name", "broken.batch"], stdin: brokenSpec)
    #expect(result.status == 1)
    expectGolden(result.stdout, "check-human.txt")
  }

  @Test func jsonOutputMatchesGoldenAndUsesUTF16Columns() throws {
    let result = runCLI(["check", "-", "--stdin-name", "broken.batch", "--format", "json"], stdin: brokenSpec)
    #expect(result.status == 1)
    expectGolden(result.stdout, "check-json.json")
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    let diagnostics = object?["diagnostics"] as? [[String: Any]] ?? []
    #expect(diagnostics.count == 4)
    #expect(Set(diagnostics.compactMap { $0["severity"] as? String }) == ["error"])
  }

  @Test func cleanInputExitsZero() {
    let result = runCLI(["check", "-"], stdin: "storage data { kind = blob_storage }\n")
    #expect(result.status == 0)
    #expect(result.stdout == "no problems in 1 file\n")
    let json = runCLI(["check", "-", "--format", "json"], stdin: "storage data { }\n")
    #expect(json.stdout == "{\"diagnostics\":[]}\n")
  }

  @Test func usageErrorsExitTwoWithOneLine() {
    for arguments in [
      ["check", "--format", "xml", "-"], ["check", "--bogus"], ["check", "/no/such/dir"], ["frobnicate"],
      ["check", "--param", "novalue", "-"], ["check", "--color", "sometimes", "-"],
    ] {
      let result = runCLI(arguments)
      #expect(result.status == 2, "\(arguments)")
      #expect(result.stderr.hasPrefix("error: ") && result.stderr.filter { $0 == "\n" }.count == 1, "\(result.stderr)")
      #expect(result.stdout.isEmpty)
    }
  }

  @Test func colourOnATerminalWithoutNoColorOrWhenAskedFor() {
    let escape = "\u{1B}["
    #expect(runCLI(["check", "-"], stdin: brokenSpec, terminal: true).stdout.contains(escape))
    #expect(!runCLI(["check", "-"], stdin: brokenSpec, terminal: false).stdout.contains(escape))
    #expect(
      !runCLI(["check", "-"], stdin: brokenSpec, environment: ["NO_COLOR": "1"], terminal: true).stdout.contains(escape)
    )
    #expect(!runCLI(["check", "--color", "never", "-"], stdin: brokenSpec, terminal: true).stdout.contains(escape))
    #expect(runCLI(["check", "--color", "always", "-"], stdin: brokenSpec).stdout.contains(escape))
    // An explicit flag wins over NO_COLOR, as no-color.org asks and the README says.
    #expect(
      runCLI(["check", "--color", "always", "-"], stdin: brokenSpec, environment: ["NO_COLOR": "1"]).stdout.contains(
        escape))
  }

  @Test func paramOverridesChangeTheExpansionAndBadOnesAreUsageErrors() {
    let spec = """
      param frames: int = 2
      job j {
        pool = p
        task frame for i in 1..frames { command = "r ${i}" }
        task encode { command = "e", depends_on = [frame[3]] }
      }
      pool p { vm_size = "Standard_D4s_v3", image = "a/b/c", node_agent = "n" }

      """
    #expect(runCLI(["check", "-"], stdin: spec).status == 1, "frame[3] does not exist with frames = 2")
    #expect(runCLI(["check", "-", "--param", "frames=3"], stdin: spec).status == 0)
    let unknown = runCLI(["check", "-", "--param", "frame=3"], stdin: spec)
    #expect(unknown.status == 2 && unknown.stderr.contains("did you mean `frames`?"))
    let wrongType = runCLI(["check", "-", "--param", "frames=many"], stdin: spec)
    #expect(wrongType.status == 2)
    #expect(wrongType.stderr == "error: --param frames=many: `frames` is an int, and `many` is not one\n")
    // A value that a finding is about, given with --param, is pointed at where the param is declared.
    let full = runCLI(["check", "-", "--param", "frames=0", "--color", "never"], stdin: spec)
    #expect(full.stdout.contains("over 1..0 expands to no tasks"), "\(full.stdout)")
    // The bounds are not written the wrong way round: the param's value is what to change.
    #expect(full.stdout.contains("give the param another value") && !full.stdout.contains("smaller bound first"))
    #expect(full.stdout.contains("note: `frames` is 0 here, given with `--param frames=0`"), "\(full.stdout)")
    let byDefault = runCLI(
      ["check", "-", "--color", "never"],
      stdin: spec.replacingOccurrences(of: "frames: int = 2", with: "frames: int = 0"))
    #expect(byDefault.stdout.contains("note: `frames` is 0 here, its default"), "\(byDefault.stdout)")
  }

  /// A file saved with a byte order mark (as Windows editors write) checks as without one, at the
  /// columns an editor shows; one saved as Latin-1 is reported where its bytes are not UTF-8.
  @Test func aByteOrderMarkIsNothingAndOtherEncodingsAreReported() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bs-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let marked = directory.appendingPathComponent("marked.batch")
    try Data([0xEF, 0xBB, 0xBF] + Array("job j { colour = 1 }\n".utf8)).write(to: marked)
    let human = runCLI(["check", marked.path, "--color", "never"])
    #expect(human.status == 1)
    #expect(human.stdout.contains("marked.batch:1:9\n"), "\(human.stdout)")
    #expect(human.stdout.contains("1 | job j { colour = 1 }\n"))
    #expect(human.stdout.contains("  |         ^^^^^^\n"))
    let json = runCLI(["check", marked.path, "--format", "json"])
    #expect(json.stdout.contains(#""start":{"line":0,"character":8}"#), "\(json.stdout)")
    let latin1 = directory.appendingPathComponent("latin1.batch")
    try Data(Array("job k { display_name = \"r".utf8) + [0xE9] + Array("sum\" }\n".utf8)).write(to: latin1)
    let reported = runCLI(["check", latin1.path, "--color", "never"])
    #expect(reported.status == 1)
    #expect(reported.stdout.contains("error[BS1006]: this byte (0xE9) is not UTF-8"), "\(reported.stdout)")
    #expect(reported.stdout.contains("latin1.batch:1:26\n"))
  }

  @Test func aDirectoryIsAProjectAndAFileArgumentReportsOnlyItself() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bs-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try "pool p { vm_size = \"Standard_D4s_v3\", image = \"a/b/c\", node_agent = \"n\" }\n"
      .write(to: directory.appendingPathComponent("pools.batch"), atomically: true, encoding: .utf8)
    try "job j { pool = p, colour = 1 }\n"
      .write(to: directory.appendingPathComponent("jobs.batch"), atomically: true, encoding: .utf8)
    try "job k { pool = q }\n"
      .write(to: directory.appendingPathComponent("more.batch"), atomically: true, encoding: .utf8)
    let whole = runCLI(["check", directory.path, "--format", "json"])
    #expect(whole.status == 1)
    #expect(whole.stdout.contains("jobs.batch") && whole.stdout.contains("more.batch"))
    #expect(!whole.stdout.contains("no pool named `p`"), "the pool in another file resolves")
    let one = runCLI(["check", directory.appendingPathComponent("jobs.batch").path, "--format", "json"])
    #expect(one.stdout.contains("jobs.batch") && !one.stdout.contains("more.batch"))
  }

  /// A file argument (pre-commit passes the changed files) shows what the file caused in another
  /// file of its project: the quota its pool exceeds, reported at the account with a note at the
  /// pool. It showed nothing, and the commit went through.
  @Test func aFileArgumentShowsTheFindingsElsewhereThatPointIntoIt() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bs-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try "account acct {\n  location = \"eastus\"\n  quota { dedicated_cores = 8 }\n}\n"
      .write(to: directory.appendingPathComponent("account.batch"), atomically: true, encoding: .utf8)
    try """
    pool p {
      vm_size         = "Standard_D4s_v3"
      image           = "canonical/ubuntu-24_04-lts/server"
      node_agent      = "batch.node.ubuntu 24.04"
      dedicated_nodes = 4
    }
    job j {
      pool = p
      task t { command = "echo" }
    }

    """.write(to: directory.appendingPathComponent("pools.batch"), atomically: true, encoding: .utf8)
    let pools = runCLI(["lint", directory.appendingPathComponent("pools.batch").path, "--format", "concise"])
    #expect(pools.status == 1)
    #expect(pools.stdout.contains("account.batch:3:11: error[BS3001]"), "\(pools.stdout)")
    #expect(pools.stdout.contains("1 error in 2 files"), "\(pools.stdout)")
    // The account's file alone shows it too (it is there), and another file does not.
    try "// nothing\n".write(to: directory.appendingPathComponent("other.batch"), atomically: true, encoding: .utf8)
    let other = runCLI(["lint", directory.appendingPathComponent("other.batch").path, "--format", "concise"])
    #expect(other.status == 0 && !other.stdout.contains("BS3001"), "\(other.stdout)")
  }

  @Test func filesParsedOnEveryCoreResolveAcrossFilesAndReportInNameOrder() throws {
    // A project's files are parsed in parallel: each file's job names the next file's pool, and
    // only the last one names a pool no file declares.
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bs-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let names = (0..<12).map { "part-\($0 < 10 ? "0" : "")\($0).batch" }
    for (number, name) in names.enumerated() {
      try """
      pool p\(number) { vm_size = "Standard_D4s_v3", image = "a/b/c", node_agent = "n" }
      job j\(number) { pool = p\(number + 1), colour = 1 }

      """.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    let result = runCLI(["check", directory.path, "--format", "json"])
    #expect(result.status == 1)
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    let diagnostics = object?["diagnostics"] as? [[String: Any]] ?? []
    let files = diagnostics.compactMap { ($0["file"] as? String).map { URL(fileURLWithPath: $0).lastPathComponent } }
    let messages = diagnostics.compactMap { $0["message"] as? String }
    #expect(Set(files) == Set(names), "every file reports its `colour`")
    #expect(files == files.sorted(), "files report in name order")
    let missing = zip(files, messages).filter { $0.1.contains("no pool named") }
    #expect(missing.map(\.0) == ["part-11.batch"], "only the last file's pool is missing")
  }

  @Test func onlyAProcessThatExitsAfterTheCommandLeavesItsRunToTheExit() {
    final class Run {}
    weak var freed: Run?
    weak var kept: Run?
    do {
      let run = Run()
      freed = run
      Console(environment: [:], stdoutIsTerminal: false, readStdin: { [] }).keepUntilExit(run)
    }
    do {
      var console = Console(environment: [:], stdoutIsTerminal: false, readStdin: { [] })
      console.exitsAfterCommand = true
      let run = Run()
      kept = run
      console.keepUntilExit(run)
    }
    #expect(freed == nil, "tests and `lint --watch` free each run")
    #expect(kept != nil, "the binary leaves the run to its exit")
  }
}
