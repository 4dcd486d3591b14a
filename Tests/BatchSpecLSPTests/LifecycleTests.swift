// Lifecycle and error handling over an in-memory connection: every bad message gets the right
// JSON-RPC error (or none, for notifications), and the server keeps serving.

import BatchSpecCore
import BatchSpecIDE
import Testing

import BatchSpecLSP

@Suite struct LifecycleTests {
  private func errorCode(_ response: JSON?) -> Int? { response?["error"]?["code"]?.intValue }

  @Test func requestsBeforeInitializeGetServerNotInitialized() {
    let client = TestClient(initialize: false)
    #expect(errorCode(client.request("textDocument/hover", TestClient.at(jobsFile, 0, 0))) == -32002)
    // Notifications before `initialize` are dropped without a reply.
    #expect(client.notify("textDocument/didOpen", TestClient.document(jobsFile)).isEmpty)
    let result = client.result("initialize", .object([("capabilities", .object([]))]))
    #expect(result?["capabilities"]?["positionEncoding"] == .string("utf-16"))
    #expect(errorCode(client.request("initialize", .object([("capabilities", .object([]))]))) == -32600)
  }

  /// Before: a `didChange` whose version did not fit 64 bits was dropped without a word, and the
  /// editor's text and the server's differed from then on.
  @Test func aChangeWithAVersionOutOfRangeIsShownToTheUser() {
    let client = TestClient(files: projectFiles)
    client.open(jobsFile)
    let uri = "file://" + jobsFile
    let sent = client.raw(
      #"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"\#(uri)","version":99999999999999999999},"contentChanges":[{"text":"job x {}"}]}}"#
    )
    let shown = sent.filter { $0["method"] == .string("window/showMessage") }
    #expect(shown.count == 1)
    #expect(shown.first?["params"]?["type"] == .integer(1))
    let message = shown.first?["params"]?["message"]?.stringValue ?? ""
    #expect(message.contains("textDocument.version") && message.contains("64 bits"), "\(message)")
    // The change was not applied; a correct one afterwards is.
    #expect(client.server.host.analysis().source(jobsFile).map { $0.bytes.count } == jobsText.utf8.count)
    #expect(
      client.change(jobsFile, version: 3, nil, "job x {}").allSatisfy { $0["method"] != .string("window/showMessage") })
    #expect(client.server.host.analysis().source(jobsFile).map { $0.bytes.count } == 8)
  }

  /// A change that does not fit the document (a range past its last line, or reversed) or whose
  /// version is not newer is shown to the user and not applied: applied clamped, as it was, the
  /// editor's text and the server's differed from then on without a word.
  @Test func aChangeThatDoesNotFitTheDocumentIsShownAndNotApplied() {
    let client = TestClient(files: projectFiles)
    client.open(jobsFile)
    let lines = jobsText.split(separator: "\n", omittingEmptySubsequences: false).count
    func shown(_ sent: [JSON]) -> [JSON] { sent.filter { $0["method"] == .string("window/showMessage") } }
    for (version, range, expected) in [
      (2, (lines + 5, 0, lines + 5, 0), "past the end of a document of \(lines) lines"),
      (4, (0, 10, 0, 4), "ends (line 1) before it starts"),
      (6, (1, 8, 0, 2), "ends (line 1) before it starts (line 2)"),
      (7, (0, 0, 0, 0), "version 7 is not newer than the open document's 7"),
    ] {
      let refused = shown(client.change(jobsFile, version: version, range, "ZZ"))
      let message = refused.first?["params"]?["message"]?.stringValue ?? ""
      #expect(refused.count == 1 && message.contains(expected), "\(message)")
      #expect(
        message.hasSuffix("out of step; close and reopen the document so that the server has its text"), "\(message)")
      #expect(client.server.host.analysis().source(jobsFile).map { Array($0.bytes) } == Array(jobsText.utf8))
      // A change that replaces the whole text puts them in step again.
      #expect(shown(client.change(jobsFile, version: version + 1, nil, jobsText)).isEmpty)
    }
    // After a refusal the texts differ: a later change by range is refused too (applied, it went
    // to the stale text), until one replaces the whole text.
    #expect(shown(client.change(jobsFile, version: 9, (lines + 5, 0, lines + 5, 0), "ZZ")).count == 1)
    let later = shown(client.change(jobsFile, version: 10, (0, 0, 0, 0), "// x\n"))
    #expect(later.first?["params"]?["message"]?.stringValue?.contains("an earlier change was refused") == true)
    #expect(client.server.host.analysis().source(jobsFile).map { Array($0.bytes) } == Array(jobsText.utf8))
    #expect(
      client.change(jobsFile, version: 11, nil, jobsText).allSatisfy { $0["method"] != .string("window/showMessage") })
    // The end of the document (its line count, column 0) fits, and so do columns past a line's
    // end, which clamp to it (here to an empty range at the end of the first line).
    #expect(
      client.change(jobsFile, version: 12, (lines, 0, lines, 0), "// end\n").allSatisfy {
        $0["method"] != .string("window/showMessage")
      })
    #expect(
      client.change(jobsFile, version: 13, (0, 500, 0, 400), " ").allSatisfy {
        $0["method"] != .string("window/showMessage")
      })
  }

  @Test func utf8IsChosenWhenOffered() {
    let client = TestClient(initialize: false)
    let capabilities = JSON.object([
      ("general", .object([("positionEncodings", .array([.string("utf-16"), .string("utf-8")]))]))
    ])
    let result = client.result("initialize", .object([("capabilities", capabilities)]))
    #expect(result?["capabilities"]?["positionEncoding"] == .string("utf-8"))
  }

  @Test func shutdownThenExitIsZeroAndExitAloneIsOne() {
    let client = TestClient()
    #expect(client.request("shutdown", .null)["result"] == .null)
    #expect(errorCode(client.request("textDocument/hover", TestClient.at(jobsFile, 0, 0))) == -32600)
    client.notify("exit", .null)
    #expect(client.server.exitStatus == 0)
    let other = TestClient()
    other.notify("exit", .null)
    #expect(other.server.exitStatus == 1)
  }

  @Test func malformedMessagesGetTheRightErrors() {
    let client = TestClient()
    #expect(errorCode(client.raw("{not json").first) == -32700)
    #expect(errorCode(client.raw("[]").first) == -32600)
    #expect(errorCode(client.raw("42").first) == -32600)
    #expect(errorCode(client.raw(#"{"jsonrpc":"1.0","id":1,"method":"shutdown"}"#).first) == -32600)
    #expect(errorCode(client.raw(#"{"jsonrpc":"2.0","id":{"a":1},"method":"shutdown"}"#).first) == -32600)
    #expect(errorCode(client.raw(#"{"jsonrpc":"2.0","id":1}"#).first) == -32600)
    #expect(errorCode(client.raw(#"{"jsonrpc":"2.0","id":1,"method":"no/such"}"#).first) == -32601)
    #expect(
      errorCode(client.raw(#"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":5}"#).first) == -32602)
    #expect(errorCode(client.request("textDocument/hover", .object([("textDocument", .integer(3))]))) == -32602)
    // Unknown notifications are ignored; malformed ones are never answered, but shown to the user.
    #expect(client.raw(#"{"jsonrpc":"2.0","method":"no/such"}"#).isEmpty)
    #expect(client.raw(#"{"jsonrpc":"2.0","method":"$/setTrace","params":{}}"#).isEmpty)
    let shown = client.notify("textDocument/didChange", .object([("textDocument", .integer(1))]))
    #expect(shown.map { $0["method"] } == [.string("window/showMessage")])
    // The server still serves.
    #expect(client.request("shutdown", .null)["result"] == .null)
  }

  @Test func positionsOutOfRangeAreInvalidParams() {
    let client = TestClient(files: projectFiles)
    client.open(jobsFile)
    #expect(errorCode(client.request("textDocument/hover", TestClient.at(jobsFile, 500, 0))) == -32602)
    #expect(errorCode(client.request("textDocument/hover", TestClient.at(jobsFile, -1, 0))) == -32602)
    // A column past the end of a line clamps to it, as the specification says.
    #expect(client.request("textDocument/hover", TestClient.at(jobsFile, 3, 400))["error"] == nil)
  }

  @Test func cancelledRequestsAreAnsweredWithRequestCancelled() {
    let client = TestClient(files: projectFiles)
    client.open(jobsFile)
    let hover = JSON.object([
      ("jsonrpc", .string("2.0")), ("id", .integer(99)), ("method", .string("textDocument/hover")),
      ("params", TestClient.at(jobsFile, 3, 3)),
    ])
    let cancel = JSON.object([
      ("jsonrpc", .string("2.0")), ("method", .string("$/cancelRequest")),
      ("params", .object([("id", .integer(99))])),
    ])
    client.outbox.messages.removeAll()
    client.server.receive([Array(hover.serialized().utf8), Array(cancel.serialized().utf8)])
    #expect(errorCode(client.outbox.messages.first { $0["id"] == .integer(99) }) == -32800)
  }
}
