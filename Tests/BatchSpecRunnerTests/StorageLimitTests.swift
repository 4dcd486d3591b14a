// What the emulated storage, a directory tree, cannot hold of Azure's flat blob names (review 17,
// item 5): each is said before the run and refused where it happens, never overwritten in silence.

import Foundation
import Testing

import BatchSpecPlan

@Suite struct StorageLimitTests {
  /// `report` and then `report/b.txt`: two blobs on Azure, a file and a folder of one name here.
  @Test func aBlobAndBlobsUnderItsNameAreRefusedClearly() throws {
    let a = Plans.task("a", Plans.sh("echo A > r.txt"), outputs: [Plans.output("r.txt", "res", path: "report")])
    let b = Plans.task(
      "b", Plans.sh("echo B > b.txt"), dependsOn: ["a"], outputs: [Plans.output("b.txt", "res", path: "report/b.txt")])
    let harness = try RunHarness(Plans.plan([a, b]))
    let result = try harness.run()
    #expect(result.status == 1)
    #expect(
      result.output.contains(
        "note: `st.res` gets the blobs `report` and `report/b.txt`: the local storage is a directory tree"),
      "\(result.output)")
    #expect(
      harness.end(of: "b")?.fields["message"] as? String
        == "upload failed: blob `st.res[\"report/b.txt\"]` cannot be stored: the local storage is a directory tree, "
        + "where the blob `report` and blobs under `report/` cannot both exist (Azure holds both); rename one")
    #expect(harness.blob("st", "res", "report") == "A\n")
  }

  /// `x//y.txt` and `x/y.txt`: the first was stored as the second, which then overwrote it.
  @Test func aBlobNameWithAnEmptySegmentIsRefusedNotMerged() throws {
    let t = Plans.task(
      "t", Plans.sh("echo A1 > a1.txt; echo A2 > a2.txt"),
      outputs: [Plans.output("a1.txt", "res", path: "x//y.txt"), Plans.output("a2.txt", "res", path: "x/y.txt")])
    let harness = try RunHarness(Plans.plan([t]))
    let result = try harness.run()
    #expect(result.status == 1)
    #expect(result.output.contains("note: `st.res`: blob name `x//y.txt` has an empty"), "\(result.output)")
    let message = harness.end(of: "t")?.fields["message"] as? String ?? ""
    #expect(
      message.hasPrefix(
        "upload failed: blob name `x//y.txt` has an empty, `.` or `..` segment: Azure keeps it as written, but the "
          + "local storage is a directory tree and would store it as `x/y.txt`"), "\(message)")
    #expect(harness.blob("st", "res", "x/y.txt") == "A2\n", "the other output is uploaded, and nothing else")
  }

  /// Review 17, item 15: a container input without a path that collides with a blob input was
  /// reported as `input .: ...`.
  @Test func aCollisionOfAContainerInputWithoutAPathNamesTheContainer() throws {
    let file = PlanInput(path: "sub", source: .blob, storageAccount: "st", container: "c", blob: "f.txt")
    let folder = PlanInput(path: ".", source: .container, storageAccount: "st", container: "d")
    let harness = try RunHarness(Plans.plan([Plans.task("t", "/bin/true", inputs: [file, folder])]))
    try harness.writeBlob("st", "c", "f.txt", "f")
    try harness.writeBlob("st", "d", "sub/g.txt", "g")
    #expect(try harness.run().status == 1)
    let message = harness.end(of: "t")?.fields["message"] as? String ?? ""
    #expect(message.hasPrefix("input container `st.d`: `sub` is not a directory"), "\(message)")
  }

  /// Review 17, item 12: `b` reads the blob `a` writes without depending on it. The race fails `b`
  /// on a first run and is hidden by the second (the blob is in storage by then): it is named.
  @Test func aReadOfWhatAnotherTaskWritesWithoutDependingOnItIsNamed() throws {
    let input = PlanInput(path: "a.txt", source: .blob, storageAccount: "st", container: "res", blob: "a.txt")
    let folder = PlanInput(path: "all", source: .container, storageAccount: "st", container: "res", prefix: "logs/")
    let tasks = [
      Plans.task("a", Plans.sh("echo A > a.txt"), outputs: [Plans.output("a.txt", "res")]),
      Plans.task("logs", Plans.sh("echo L > l.log"), outputs: [Plans.output("*.log", "res", path: "logs")]),
      Plans.task("b", "/bin/true", inputs: [input]),
      Plans.task("c", "/bin/true", dependsOn: ["a"], inputs: [input, folder]),
      Plans.task("ordered", "/bin/true", dependsOn: ["c", "logs"], inputs: [input, folder]),
    ]
    let harness = try RunHarness(Plans.plan(tasks, slots: 4))
    let output = try harness.run().output
    #expect(
      output.contains(
        "note: task `b` of job `j` reads `st.res[\"a.txt\"]`, which task `a` writes, but does not depend on it: "
          + "it may run first, here as on Batch; add `a` to its `depends_on`"), "\(output)")
    #expect(!output.contains("note: task `c` of job `j` reads `st.res[\"a.txt\"]`"), "it depends on `a`")
    #expect(
      output.contains("note: task `c` of job `j` reads container `st.res` under `logs/`, which task `logs` writes"))
    #expect(!output.contains("task `ordered`"), "it depends on both writers, `a` through `c`")
  }
}
