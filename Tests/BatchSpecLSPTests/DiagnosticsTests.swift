// Pushed and pulled diagnostics: versions, re-publishing what changed, closing, disk events, and
// incremental edits in UTF-16 and UTF-8 columns.

import BatchSpecCore
import Foundation
import Testing

import BatchSpecLSP

@Suite struct DiagnosticsTests {
  @Test func openingPublishesEveryFileOfTheProject() {
    let client = TestClient(files: projectFiles)
    let published = client.open(jobsFile).published
    #expect(Set(published.map(\.uri)) == ["file://" + jobsFile, "file://" + poolsFile])
    #expect(published.allSatisfy { $0.codes.isEmpty })
    #expect(published.first { $0.uri == "file://" + jobsFile }?.version == 1)
    #expect(published.first { $0.uri == "file://" + poolsFile }?.version == nil)
  }

  /// The transport gives the heap's free pages back after the publication that follows opening
  /// documents (`StdioTransport`): the server says when one was opened, once, and not for edits.
  @Test func theServerSaysOnceWhenADocumentWasOpened() {
    let client = TestClient(files: projectFiles)
    #expect(!client.server.takeOpened())
    client.open(jobsFile)
    #expect(client.server.takeOpened())
    #expect(!client.server.takeOpened())
    client.change(jobsFile, version: 2, (0, 0, 0, 0), " ")
    #expect(!client.server.takeOpened())
  }

  @Test func anEditInOneFileRepublishesTheOther() {
    let client = TestClient(files: projectFiles)
    client.open(jobsFile)
    client.open(poolsFile)
    // Rename the pool in b.batch: a.batch's reference breaks.
    let published = client.change(poolsFile, version: 2, (0, 5, 0, 16), "other-pool").published
    #expect(published.first { $0.uri == "file://" + jobsFile }?.codes == ["BS2006"])
    #expect(published.first { $0.uri == "file://" + poolsFile }?.version == 2)
    // Closing b.batch re-reads it from disk: the reference resolves again.
    let afterClose = client.notify("textDocument/didClose", TestClient.document(poolsFile)).published
    #expect(afterClose.first { $0.uri == "file://" + jobsFile }?.codes == [])
    #expect(afterClose.first { $0.uri == "file://" + poolsFile }?.version == nil)
  }

  /// Only what changed is sent again: the edited document (its version moved), and another file
  /// only when its diagnostics changed; the edited document comes first.
  @Test func anEditRepublishesTheEditedFileAndOnlyTheFilesWhoseDiagnosticsChanged() {
    let client = TestClient(files: projectFiles)
    client.open(jobsFile)
    client.open(poolsFile)
    // An edit in b.batch that changes nothing a.batch sees: b.batch alone is published.
    let quiet = client.change(poolsFile, version: 2, (0, 0, 0, 0), "// a comment\n").published
    #expect(quiet.map(\.uri) == ["file://" + poolsFile])
    #expect(quiet.first?.version == 2)
    // Renaming the pool breaks a.batch's reference: b.batch first, then a.batch.
    let breaking = client.change(poolsFile, version: 3, (1, 5, 1, 16), "other-pool").published
    #expect(breaking.map(\.uri) == ["file://" + poolsFile, "file://" + jobsFile])
    #expect(breaking.last?.codes == ["BS2006"])
    // Renaming it back mends it: a.batch is published again, cleared.
    let mending = client.change(poolsFile, version: 4, (1, 5, 1, 15), "render-pool").published
    #expect(mending.map(\.uri) == ["file://" + poolsFile, "file://" + jobsFile])
    #expect(mending.last?.codes == [])
  }

  @Test func diskChangesAreReadOnWatchedFileEvents() {
    let client = TestClient(files: projectFiles)
    client.open(jobsFile)
    client.disk[poolsFile] = nil
    let event = JSON.object([
      ("changes", .array([.object([("uri", .string("file://" + poolsFile)), ("type", .integer(3))])]))
    ])
    let published = client.notify("workspace/didChangeWatchedFiles", event).published
    #expect(published.first { $0.uri == "file://" + jobsFile }?.codes == ["BS2006"])
    // A file created in a project nobody opened does not load that project.
    client.disk["/w/other/x.batch"] = "pool { }\n"
    let created = JSON.object([
      ("changes", .array([.object([("uri", .string("file:///w/other/x.batch")), ("type", .integer(1))])]))
    ])
    #expect(client.notify("workspace/didChangeWatchedFiles", created).published.isEmpty)
  }

  @Test func diagnosticsCarryCodeRelatedInformationAndAreAlsoPulled() {
    let client = TestClient(files: [jobsFile: jobsText, poolsFile: poolsText + "pool Render-Pool { }\n"])
    client.open(jobsFile)
    let report = client.result("textDocument/diagnostic", TestClient.document(poolsFile))
    #expect(report?["kind"] == .string("full"))
    let duplicate = report?["items"]?.arrayValue?.first { $0["code"] == .string("BS2005") }
    #expect(duplicate?["severity"] == .integer(1))
    #expect(duplicate?["source"] == .string("batchspec"))
    let related = duplicate?["relatedInformation"]?.arrayValue?.first
    #expect(related?["location"]?["uri"] == .string("file://" + poolsFile))
    #expect(related?["location"]?["range"]?["start"] == TestClient.position(0, 5))
    // Asking again with the result ID gets `unchanged`.
    let resultID = report?["resultId"] ?? .null
    let again = client.result(
      "textDocument/diagnostic", TestClient.document(poolsFile, [("previousResultId", resultID)]))
    #expect(again?["kind"] == .string("unchanged"))
  }

  /// A client that pulls every open file after each edit gets `unchanged` for a file the edit did
  /// not change, and the new report when the file's text moved its findings to other lines, even
  /// with the same byte offsets.
  @Test func aPullOfAnUnchangedFileIsUnchangedAndAMovedOneIsNot() {
    let first = "/w/p/a.batch"
    let second = "/w/p/b.batch"
    let client = TestClient(files: [first: "job j { pool = p }\n", second: "pool p { }  \npool p { }\n"])
    client.open(first)
    client.open(second)
    func pull(_ path: String, _ previous: JSON?) -> JSON? {
      client.result(
        "textDocument/diagnostic", TestClient.document(path, previous.map { [("previousResultId", $0)] } ?? []))
    }
    let before = pull(second, nil)
    let resultID = before?["resultId"] ?? .null
    #expect(before?["items"]?.arrayValue?.contains { $0["code"] == .string("BS2005") } == true)
    // An edit in a.batch that changes nothing b.batch reports.
    client.change(first, version: 2, (0, 0, 0, 0), "// a comment\n")
    #expect(pull(second, resultID)?["kind"] == .string("unchanged"))
    // Without the ID, the same report in full, with the same ID.
    #expect(pull(second, nil)?["resultId"] == resultID)
    // A space becomes a line break: the same offsets, but the second pool is on line 2 now.
    client.change(second, version: 2, (0, 11, 0, 12), "\n")
    let moved = pull(second, resultID)
    #expect(moved?["kind"] == .string("full"))
    let duplicate = moved?["items"]?.arrayValue?.first { $0["code"] == .string("BS2005") }
    #expect(duplicate?["range"]?["start"] == TestClient.position(2, 5))
  }

  /// Notes that point into another file are placed by that file's lines, for every diagnostic
  /// of a list (the conversion looks each file up once per list).
  @Test func notesInAnotherFileArePlacedByItsLines() {
    let first = "/w/n/a.batch"
    let second = "/w/n/b.batch"
    let client = TestClient(files: [first: "pool p { }\n", second: "\n\n\npool p { }\npool p { }\n"])
    client.open(first)
    let items = client.result("textDocument/diagnostic", TestClient.document(second))?["items"]?.arrayValue ?? []
    let duplicates = items.filter { $0["code"] == .string("BS2005") }
    #expect(duplicates.map { $0["range"]?["start"] } == [TestClient.position(3, 5), TestClient.position(4, 5)])
    for duplicate in duplicates {
      let related = duplicate["relatedInformation"]?.arrayValue?.first
      #expect(related?["location"]?["uri"] == .string("file://" + first))
      #expect(related?["location"]?["range"]?["start"] == TestClient.position(0, 5))
    }
  }

  @Test func incrementalEditsCountUTF16Columns() {
    let client = TestClient(files: [:])
    let path = "/w/q/u.batch"
    client.open(path, "job j { display_name = \"😀x\" }\n")
    // Replace `x` (UTF-16 column 26, after a two-unit emoji) with `y`, then add a bad attribute.
    client.change(path, version: 2, (0, 26, 0, 27), "y")
    let published = client.change(path, version: 3, (0, 29, 0, 29), ", bogus = 1").published
    #expect(published.first?.codes == ["BS2004", "BS2002"])
    let text = client.result("textDocument/hover", TestClient.at(path, 0, 31))
    #expect(text?["range"] == TestClient.range(0, 31, 0, 36))
  }

  @Test func incrementalEditsCountUTF8BytesWhenNegotiated() {
    let client = TestClient(files: [:], encodings: ["utf-8"])
    let path = "/w/q/u.batch"
    client.open(path, "job j { display_name = \"😀x\" }\n")
    client.change(path, version: 2, (0, 28, 0, 29), "y")
    let published = client.change(path, version: 3, (0, 31, 0, 31), ", bogus = 1").published
    #expect(published.first?.codes == ["BS2004", "BS2002"])
    #expect(client.result("textDocument/hover", TestClient.at(path, 0, 33))?["range"] == TestClient.range(0, 33, 0, 38))
  }

  @Test func validatorFindingsAppearAndRuleLevelsComeFromInitializationOptions() {
    let longID = String(repeating: "p", count: 70)
    let files = [
      jobsFile: jobsText.replacingOccurrences(of: "render-pool", with: longID),
      poolsFile: poolsText.replacingOccurrences(of: "render-pool", with: longID),
    ]
    let published = TestClient(files: files).open(jobsFile).published
    #expect(published.first { $0.uri == "file://" + poolsFile }?.codes.contains("BS5002") == true)
    let options = JSON.object([("rules", .object([("invalid-resource-id", .string("off"))]))])
    let quiet = TestClient(files: files, options: options).open(jobsFile).published
    #expect(quiet.first { $0.uri == "file://" + poolsFile }?.codes.contains("BS5002") == false)
  }

  @Test func unusedSuppressionsAreTaggedUnnecessary() {
    let client = TestClient(files: [:])
    let sent = client.open("/w/t/a.batch", "// batchspec-ignore BS6003\nstorage data { location = \"westeurope\" }\n")
    let diagnostic = sent.first { $0["method"] == .string("textDocument/publishDiagnostics") }?["params"]?[
      "diagnostics"]?.arrayValue?.first { $0["code"] == .string("BS9001") }
    #expect(diagnostic?["tags"] == .array([.integer(1)]))
    #expect(diagnostic?["codeDescription"] == nil)
  }
}
