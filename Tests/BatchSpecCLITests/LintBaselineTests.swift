// `lint --write-baseline` and `lint --baseline` through the real binary: recorded findings stay
// hidden when code moves, new ones are reported, fixed ones are listed.

import Foundation
import Testing

@Suite struct LintBaselineTests {
  static let spec = """
    account acct {
      location = "westeurope"
      quota { dedicated_cores = 10 }
    }

    pool p {
      account         = acct
      vm_size         = "Standard_D4s_v3"
      image           = "canonical/0001-com-ubuntu-server-jammy/22_04-lts"
      node_agent      = "batch.node.ubuntu 22.04"
      dedicated_nodes = 4
    }

    job j {
      pool = p
      task t {
        command = "run"
        input "data.bin" { url = "http://mirror.example.com/data.bin" }
      }
    }
    """

  /// A project directory holding `files`, removed after `body`.
  static func project(_ files: [String: String], _ body: (String) throws -> Void) throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baseline-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    for (name, text) in files {
      try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    try body(directory.path)
  }

  @Test func recordedFindingsStayHiddenWhenCodeMovesAndNewOnesAreReported() throws {
    try Self.project(["specs.batch": Self.spec]) { directory in
      let baseline = directory + "/baseline.json"
      let before = try spawn(["lint", directory, "--format", "concise"])
      #expect(before.status == 1)
      let write = try spawn(["lint", directory, "--write-baseline", baseline])
      #expect(write.status == 0)
      #expect(write.stderr.contains("recorded 2 findings in"))
      let text = try String(contentsOfFile: baseline, encoding: .utf8)
      #expect(text.contains("\"code\":\"BS3001\",\"resource\":\"account acct / quota\""))
      #expect(text.contains("\"code\":\"BS6003\",\"resource\":\"account acct / job j / task t / input data.bin\""))

      // The job moves to a file of its own, below a new comment: nothing is new.
      let parts = Self.spec.components(separatedBy: "job j {")
      try parts[0].write(toFile: directory + "/specs.batch", atomically: true, encoding: .utf8)
      try ("// moved\n\n\njob j {" + parts[1]).write(
        toFile: directory + "/jobs.batch", atomically: true, encoding: .utf8)
      let moved = try spawn(["lint", directory, "--baseline", baseline, "--format", "concise"])
      #expect(moved.status == 0, "\(moved.stdout)")
      #expect(moved.stderr.contains("2 findings recorded in"))

      // A new insecure input is reported; the old one stays hidden.
      let withNew = parts[1].replacingOccurrences(
        of: "input \"data.bin\"",
        with: "input \"more.bin\" { url = \"http://mirror.example.com/more.bin\" }\n    input \"data.bin\"")
      try ("job j {" + withNew).write(toFile: directory + "/jobs.batch", atomically: true, encoding: .utf8)
      let added = try spawn(["lint", directory, "--baseline", baseline, "--format", "concise", "--fail-on", "warning"])
      #expect(added.status == 1)
      #expect(added.stdout.contains("warning[BS6003] `http://mirror.example.com/more.bin`"))
      #expect(!added.stdout.contains("data.bin"))
    }
  }

  @Test func entriesThatNoLongerMatchAreListedAsFixed() throws {
    try Self.project(["specs.batch": Self.spec]) { directory in
      let baseline = directory + "/baseline.json"
      _ = try spawn(["lint", directory, "--write-baseline", baseline])
      try Self.spec.replacingOccurrences(of: "dedicated_cores = 10", with: "dedicated_cores = 100")
        .write(toFile: directory + "/specs.batch", atomically: true, encoding: .utf8)
      let result = try spawn(["lint", directory, "--baseline", baseline])
      #expect(result.status == 0)
      #expect(result.stderr.contains("1 finding of the baseline no longer occurs (fixed"))
      #expect(result.stderr.contains("fixed: BS3001 account acct / quota: the pools of account `acct` need 16"))
    }
  }

  @Test func aMessageThatChangesIsANewFinding() throws {
    try Self.project(["specs.batch": Self.spec]) { directory in
      let baseline = directory + "/baseline.json"
      _ = try spawn(["lint", directory, "--write-baseline", baseline])
      // Five nodes instead of four: the quota finding's message changes, so it is new (and the
      // old entry is fixed).
      try Self.spec.replacingOccurrences(of: "dedicated_nodes = 4", with: "dedicated_nodes = 5")
        .write(toFile: directory + "/specs.batch", atomically: true, encoding: .utf8)
      let result = try spawn(["lint", directory, "--baseline", baseline, "--format", "concise"])
      #expect(result.status == 1)
      #expect(result.stdout.contains("need 20 dedicated vCPUs"))
      #expect(result.stderr.contains("fixed: BS3001"))
    }
  }

  @Test func aBadBaselineIsAUsageError() throws {
    try Self.project(["specs.batch": Self.spec, "bad.json": "{\"findings\": 3}"]) { directory in
      let result = try spawn(["lint", directory, "--baseline", directory + "/bad.json"])
      #expect(result.status == 2)
      #expect(result.stderr.contains("is not a baseline"))
      let both = try spawn(["lint", directory, "--baseline", "a", "--write-baseline", "b"])
      #expect(both.status == 2)
      try Data("{\"version\": 1, \"findings\": [".utf8).write(to: URL(fileURLWithPath: directory + "/cut.json"))
      let cut = try spawn(["lint", directory, "--baseline", directory + "/cut.json"])
      #expect(cut.stderr.contains("is not a baseline: it is not JSON (unexpected end"), "\(cut.stderr)")
      #expect(!cut.stderr.contains("Failure("), "\(cut.stderr)")
    }
  }

  /// A syntax or type error is fixed, never recorded: a baseline that held one let `lint
  /// --baseline` pass a spec that does not parse. Writing one reports them and fails.
  @Test func syntaxAndTypeErrorsAreNeverRecordedNorHidden() throws {
    let broken = Self.spec + "\njob k {\n  pool = nowhere\n"
    try Self.project(["specs.batch": broken]) { directory in
      let baseline = directory + "/baseline.json"
      let written = try spawn(["lint", directory, "--write-baseline", baseline])
      #expect(written.status == 1, "\(written.stderr)")
      #expect(written.stdout.contains("BS1010") || written.stderr.contains("BS1010"), "\(written.stdout)")
      #expect(written.stderr.contains("not recorded: syntax, type and configuration errors are fixed"))
      let text = try String(contentsOfFile: baseline, encoding: .utf8)
      #expect(text.contains("BS3001") && !text.contains("BS1010") && !text.contains("BS2"), "\(text)")
      // Linting against it reports the error and fails, as without a baseline.
      let result = try spawn(["lint", directory, "--baseline", baseline])
      #expect(result.status == 1)
      #expect(result.stdout.contains("BS1010") && !result.stdout.contains("BS3001"), "\(result.stdout)")
    }
  }
}
