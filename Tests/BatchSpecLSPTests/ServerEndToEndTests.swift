// End-to-end: spawns `batchspec lsp`, speaks the protocol over pipes, sends malformed traffic,
// and checks exit statuses and that nothing ever traps.

import BatchSpecCore
import Foundation
import Testing

import BatchSpecLSP

@Suite(.serialized) struct ServerEndToEndTests {
  private func temporaryProject() throws -> String {
    let directory = NSTemporaryDirectory() + "batchspec-lsp-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    try jobsText.write(toFile: directory + "/a.batch", atomically: true, encoding: .utf8)
    try poolsText.write(toFile: directory + "/b.batch", atomically: true, encoding: .utf8)
    return directory
  }

  /// `a.batch` of `temporaryProject()` as `didOpen` sends it (version 1), and its URI.
  private static func jobsDocument(_ root: String) -> (uri: String, document: JSON) {
    let uri = "file://" + root + "/a.batch"
    let document = JSON.object([
      ("uri", .string(uri)), ("languageId", .string("batchspec")), ("version", .integer(1)),
      ("text", .string(jobsText)),
    ])
    return (uri, document)
  }

  private func initialize(_ server: ServerProcess, root: String) throws -> JSON {
    server.request(
      1, "initialize", .object([("capabilities", .object([])), ("rootUri", .string("file://" + root))]))
    let response = try server.response(1)
    server.notify("initialized", .object([]))
    return response
  }

  @Test func aSessionFromInitializeToExit() throws {
    let root = try temporaryProject()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let server = try ServerProcess()
    let initialized = try initialize(server, root: root)
    #expect(initialized["result"]?["capabilities"]?["hoverProvider"] == .bool(true))

    let uri = "file://" + root + "/a.batch"
    let broken = jobsText.replacingOccurrences(of: "render-pool", with: "render-pol")
    let document = JSON.object([
      ("uri", .string(uri)), ("languageId", .string("batchspec")), ("version", .integer(1)), ("text", .string(broken)),
    ])
    server.notify("textDocument/didOpen", .object([("textDocument", document)]))
    let published = try server.next {
      $0["method"] == .string("textDocument/publishDiagnostics") && $0["params"]?["uri"] == .string(uri)
    }
    let diagnostic = published["params"]?["diagnostics"]?.arrayValue?.first
    #expect(diagnostic?["code"] == .string("BS2006"))
    #expect(published["params"]?["version"] == .integer(1))

    server.request(2, "textDocument/definition", TestClient.at(root + "/b.batch", 0, 7))
    #expect(try server.response(2)["result"]?.arrayValue?.count == 1)

    server.request(3, "shutdown", .null)
    #expect(try server.response(3)["result"] == .null)
    server.notify("exit", .null)
    let (status, stderr) = try server.finish(closeInput: false)
    #expect(status == 0)
    #expect(!stderr.contains("Fatal error"))
  }

  @Test func theConfigurationFileOnDiskIsFoundAndFollowed() throws {
    let root = NSTemporaryDirectory() + "batchspec-lsp-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: root) }
    try FileManager.default.createDirectory(atPath: root + "/p", withIntermediateDirectories: true)
    try "rules { invalid-resource-id = warning, bogus = off }\n".write(
      toFile: root + "/batchspec.config", atomically: true, encoding: .utf8)
    let server = try ServerProcess()
    _ = try initialize(server, root: root)
    let uri = "file://" + root + "/p/a.batch"
    let document = JSON.object([
      ("uri", .string(uri)), ("languageId", .string("batchspec")), ("version", .integer(1)),
      ("text", .string("account RenderFarm { location = \"westeurope\" }\n")),
    ])
    func published(_ uri: String) throws -> [JSON] {
      try server.next {
        $0["method"] == .string("textDocument/publishDiagnostics") && $0["params"]?["uri"] == .string(uri)
      }["params"]?["diagnostics"]?.arrayValue ?? []
    }
    server.notify("textDocument/didOpen", .object([("textDocument", document)]))
    // The file in the parent directory applies, and its own mistake is published on it.
    #expect(try published("file://" + root + "/batchspec.config").first?["code"] == .string("BS9002"))
    let finding = try published(uri).first
    #expect(finding?["code"] == .string("BS5002"))
    #expect(finding?["severity"] == .integer(2))
    // Rewritten on disk: the watched-file event makes the server read it again.
    try "rules { BS5002 = off }\n".write(toFile: root + "/batchspec.config", atomically: true, encoding: .utf8)
    let change = JSON.object([("uri", .string("file://" + root + "/batchspec.config")), ("type", .integer(2))])
    server.notify("workspace/didChangeWatchedFiles", .object([("changes", .array([change]))]))
    #expect(try published("file://" + root + "/batchspec.config").isEmpty)
    #expect(try published(uri).isEmpty)
    server.request(2, "shutdown", .null)
    _ = try server.response(2)
    server.notify("exit", .null)
    #expect(try server.finish(closeInput: false).status == 0)
  }

  @Test func malformedTrafficNeverStopsTheServer() throws {
    let server = try ServerProcess()
    server.write(Array("Content-Length: nope\r\n\r\n".utf8))
    #expect(try server.next()["error"]?["code"] == .integer(-32700))
    server.write(MessageFramer.frame("{\"jsonrpc\":\"2.0\",\"id\":1,"))
    #expect(try server.next()["error"]?["code"] == .integer(-32700))
    server.write(MessageFramer.frame("\u{7}\u{0}garbage"))
    #expect(try server.next()["error"]?["code"] == .integer(-32700))
    server.write(MessageFramer.frame(#"{"jsonrpc":"2.0","id":2,"method":"textDocument/hover"}"#))
    #expect(try server.response(2)["error"]?["code"] == .integer(-32002))
    _ = try initialize(server, root: "/nonexistent")
    server.write(
      MessageFramer.frame(#"{"jsonrpc":"2.0","id":3,"method":"textDocument/hover","params":{"position":7}}"#))
    #expect(try server.response(3)["error"]?["code"] == .integer(-32602))
    server.write(
      MessageFramer.frame(
        #"{"jsonrpc":"2.0","id":4,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///nope.batch"},"position":{"line":0,"character":0}}}"#
      ))
    #expect(try server.response(4)["error"]?["code"] == .integer(-32602))
    server.write(MessageFramer.frame(#"{"jsonrpc":"2.0","id":5,"method":"bogus/method"}"#))
    #expect(try server.response(5)["error"]?["code"] == .integer(-32601))
    server.write(MessageFramer.frame(String(repeating: "[", count: 100_000)))
    #expect(try server.next()["error"]?["code"] == .integer(-32700))
    server.request(6, "shutdown", .null)
    #expect(try server.response(6)["result"] == .null)
    // `exit` without a preceding `shutdown` in a fresh server exits 1; here it exits 0.
    server.notify("exit", .null)
    let (status, stderr) = try server.finish(closeInput: false)
    #expect(status == 0)
    #expect(!stderr.contains("Fatal error") && !stderr.contains("Stack dump"))
  }

  /// Before: after one of these frames the server answered nothing ever again (every later message
  /// was read as a header and got "missing Content-Length"), or, past the size limit, only after
  /// a thousand errors.
  @Test func afterEveryBadFrameOneErrorThenEveryRequestIsAnswered() throws {
    let server = try ServerProcess()
    _ = try initialize(server, root: "/nonexistent")
    let badFrames = [
      "Content-Type: application/vscode-jsonrpc\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":90,\"method\":\"shutdown\"}",
      "Content-Length: twelve\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":91,\"method\":\"shutdown\"}",
      "Content-Length: 12\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":92,\"method\":\"shutdown\"}",
      "Content-Length: 900\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":93,\"method\":\"shutdown\"}",
      "Content-Length: \(MessageFramer.maxBodySize + 1)\r\n\r\n[\(String(repeating: "0,", count: 40_000))0]",
    ]
    var id = 10
    for bad in badFrames {
      // The bad frame and two requests in one write, so the requests arrive while it is read.
      let hover = #"{"jsonrpc":"2.0","id":ID,"method":"workspace/symbol","params":{"query":"x"}}"#
      server.write(
        Array(bad.utf8) + MessageFramer.frame(hover.replacingOccurrences(of: "ID", with: "\(id)"))
          + MessageFramer.frame(hover.replacingOccurrences(of: "ID", with: "\(id + 1)")))
      var errors = 0
      var answered: [JSON] = []
      while answered.count < 2 {
        let message = try server.next()
        if message["id"] == .null && message["error"] != nil { errors += 1 }
        if message["id"] == .integer(id) || message["id"] == .integer(id + 1) { answered.append(message["id"]!) }
      }
      #expect(errors == 1, "\(bad.prefix(30))")
      #expect(answered == [.integer(id), .integer(id + 1)])
      id += 2
    }
    server.request(99, "shutdown", .null)
    #expect(try server.response(99)["result"] == .null)
    server.notify("exit", .null)
    #expect(try server.finish(closeInput: false).status == 0)
  }

  @Test func exitWithoutShutdownOrEndOfInputIsOne() throws {
    let server = try ServerProcess()
    _ = try initialize(server, root: "/nonexistent")
    server.notify("exit", .null)
    #expect(try server.finish(closeInput: false).status == 1)

    let other = try ServerProcess()
    other.write(Array("Content-Length: 10\r\n\r\n{\"js".utf8))
    let (status, stderr) = try other.finish()
    #expect(status == 1)
    #expect(!stderr.contains("Fatal error"))
  }

  @Test func everyFeatureAnswersOverThePipe() throws {
    let root = try temporaryProject()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let server = try ServerProcess()
    _ = try initialize(server, root: root)
    let jobs = root + "/a.batch"
    let document = JSON.object([
      ("uri", .string("file://" + jobs)), ("languageId", .string("batchspec")), ("version", .integer(1)),
      ("text", .string(jobsText)),
    ])
    server.notify("textDocument/didOpen", .object([("textDocument", document)]))
    let whole = TestClient.range(0, 0, 12, 0)
    let checks: [(String, JSON, (JSON) -> Bool)] = [
      ("textDocument/hover", TestClient.at(jobs, 3, 3), { $0["contents"] != nil }),
      ("textDocument/completion", TestClient.at(jobs, 3, 0), { ($0["items"]?.arrayValue?.count ?? 0) > 3 }),
      ("textDocument/definition", TestClient.at(jobs, 3, 12), { $0.arrayValue?.count == 1 }),
      ("textDocument/references", TestClient.at(jobs, 4, 8), { $0.arrayValue?.count == 2 }),
      ("textDocument/documentHighlight", TestClient.at(jobs, 4, 8), { $0.arrayValue?.count == 2 }),
      ("textDocument/prepareRename", TestClient.at(jobs, 4, 8), { $0["placeholder"] == .string("frame") }),
      (
        "textDocument/rename", TestClient.at(jobs, 4, 8, [("newName", .string("shot"))]),
        { $0["changes"]?["file://" + jobs]?.arrayValue?.count == 2 }
      ),
      ("textDocument/documentSymbol", TestClient.document(jobs), { $0.arrayValue?.count == 4 }),  // flat: no capability
      ("workspace/symbol", .object([("query", .string("render"))]), { ($0.arrayValue?.count ?? 0) == 2 }),
      ("textDocument/foldingRange", TestClient.document(jobs), { ($0.arrayValue?.count ?? 0) >= 3 }),
      (
        "textDocument/selectionRange", TestClient.document(jobs, [("positions", .array([TestClient.position(5, 6)]))]),
        { $0.arrayValue?.first?["parent"] != nil }
      ),
      ("textDocument/semanticTokens/full", TestClient.document(jobs), { ($0["data"]?.arrayValue?.count ?? 0) > 50 }),
      ("textDocument/inlayHint", TestClient.document(jobs, [("range", whole)]), { $0.arrayValue?.count == 1 }),
      (
        "textDocument/codeAction",
        TestClient.document(jobs, [("range", whole), ("context", .object([("diagnostics", .array([]))]))]),
        { $0.arrayValue != nil }
      ),
      ("textDocument/diagnostic", TestClient.document(jobs), { $0["kind"] == .string("full") }),
      ("textDocument/formatting", TestClient.document(jobs), { $0.arrayValue?.count == 1 }),
    ]
    for (index, (method, params, isRight)) in checks.enumerated() {
      server.request(100 + index, method, params)
      let response = try server.response(100 + index)
      #expect(response["result"].map(isRight) == true, "\(method): \(response.serialized().prefix(300))")
    }
  }

  @Test func aRequestCancelledInTheSameReadIsAnsweredCancelled() throws {
    let root = try temporaryProject()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let server = try ServerProcess()
    _ = try initialize(server, root: root)
    let hover = JSON.object([
      ("jsonrpc", .string("2.0")), ("id", .integer(7)), ("method", .string("textDocument/hover")),
      ("params", TestClient.at(root + "/a.batch", 3, 3)),
    ])
    let cancel = JSON.object([
      ("jsonrpc", .string("2.0")), ("method", .string("$/cancelRequest")), ("params", .object([("id", .integer(7))])),
    ])
    server.write(MessageFramer.frame(hover.serialized()) + MessageFramer.frame(cancel.serialized()))
    #expect(try server.response(7)["error"]?["code"] == .integer(-32800))
  }

  /// The server serves an edit without mapping Foundation's libraries or ICU's (the binary links
  /// FoundationEssentials only): 5 MB less resident for as long as the editor runs it.
  @Test func theServerMapsNeitherFoundationNorICU() throws {
    #if os(Linux)
      let root = try temporaryProject()
      defer { try? FileManager.default.removeItem(atPath: root) }
      let server = try ServerProcess()
      _ = try initialize(server, root: root)
      server.notify("textDocument/didOpen", .object([("textDocument", Self.jobsDocument(root).document)]))
      _ = try server.next { $0["method"] == .string("textDocument/publishDiagnostics") }
      let maps = try String(contentsOfFile: "/proc/\(server.process.processIdentifier)/maps", encoding: .utf8)
      let libraries = Set(maps.split(separator: "\n").compactMap { $0.split(separator: "/").last.map(String.init) })
      #expect(libraries.contains("batchspec"), "the server's own binary is among its mappings")
      #expect(!libraries.contains("libFoundation.so"))
      #expect(!libraries.contains("lib_FoundationICU.so"))
      #expect(!libraries.contains("libFoundationInternationalization.so"))
      server.request(2, "shutdown", .null)
      _ = try server.next { $0["id"] == .integer(2) }
    #endif
  }

  /// After a second without input the server gives freed memory back (`HeapTrim`), then reads on:
  /// an edit after the pause is published, and a request answered.
  @Test func afterAPauseTheServerTrimsItsHeapAndServesOn() throws {
    let root = try temporaryProject()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let server = try ServerProcess()
    _ = try initialize(server, root: root)
    let (uri, document) = Self.jobsDocument(root)
    func published(version: Int) throws -> JSON {
      try server.next {
        $0["method"] == .string("textDocument/publishDiagnostics") && $0["params"]?["uri"] == .string(uri)
          && $0["params"]?["version"] == .integer(version)
      }
    }
    server.notify("textDocument/didOpen", .object([("textDocument", document)]))
    #expect(try published(version: 1)["params"]?["diagnostics"]?.arrayValue?.isEmpty == true)

    Thread.sleep(forTimeInterval: 1.3)
    let broken = jobsText.replacingOccurrences(of: "render-pool", with: "render-pol")
    server.notify(
      "textDocument/didChange",
      .object([
        ("textDocument", .object([("uri", .string(uri)), ("version", .integer(2))])),
        ("contentChanges", .array([.object([("text", .string(broken))])])),
      ]))
    #expect(try published(version: 2)["params"]?["diagnostics"]?.arrayValue?.first?["code"] == .string("BS2006"))

    Thread.sleep(forTimeInterval: 1.3)
    server.request(2, "shutdown", .null)
    #expect(try server.response(2)["result"] == .null)
    server.notify("exit", .null)
    let (status, stderr) = try server.finish(closeInput: false)
    #expect(status == 0)
    #expect(!stderr.contains("Fatal error"))
  }

  /// Edits with no pause for longer than the trim interval: the server trims between
  /// publications (a busy editor never gives it a quiet second) and every edit is still published
  /// with the right diagnostics.
  @Test func nonStopEditsAreServedAcrossTrims() throws {
    let root = try temporaryProject()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let server = try ServerProcess()
    _ = try initialize(server, root: root)
    let (uri, document) = Self.jobsDocument(root)
    server.notify("textDocument/didOpen", .object([("textDocument", document)]))
    _ = try server.next { $0["method"] == .string("textDocument/publishDiagnostics") }
    let broken = jobsText.replacingOccurrences(of: "render-pool", with: "render-pol")
    let start = Date()
    var version = 1
    while Date().timeIntervalSince(start) < 2.5 * Double(StdioTransport.trimInterval) / 1e9 {
      version += 1
      server.notify(
        "textDocument/didChange",
        .object([
          ("textDocument", .object([("uri", .string(uri)), ("version", .integer(version))])),
          ("contentChanges", .array([.object([("text", .string(version % 2 == 0 ? broken : jobsText))])])),
        ]))
      let published = try server.next {
        $0["method"] == .string("textDocument/publishDiagnostics") && $0["params"]?["uri"] == .string(uri)
          && $0["params"]?["version"] == .integer(version)
      }
      let codes = published["params"]?["diagnostics"]?.arrayValue?.map { $0["code"] } ?? []
      #expect(codes == (version % 2 == 0 ? [.string("BS2006")] : []), "version \(version)")
    }
    #expect(version > 10)
    server.request(2, "shutdown", .null)
    #expect(try server.response(2)["result"] == .null)
  }

  @Test func aBurstOfEditsIsPublishedOnceCaughtUp() throws {
    let root = try temporaryProject()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let server = try ServerProcess()
    _ = try initialize(server, root: root)
    let (uri, document) = Self.jobsDocument(root)
    var burst = MessageFramer.frame(
      JSON.object([
        ("jsonrpc", .string("2.0")), ("method", .string("textDocument/didOpen")),
        ("params", .object([("textDocument", document)])),
      ]).serialized())
    for version in 2...40 {
      let change = JSON.object([("range", TestClient.range(1, 0, 1, 0)), ("text", .string("//\n"))])
      burst += MessageFramer.frame(
        JSON.object([
          ("jsonrpc", .string("2.0")), ("method", .string("textDocument/didChange")),
          (
            "params",
            .object([
              ("textDocument", .object([("uri", .string(uri)), ("version", .integer(version))])),
              ("contentChanges", .array([change])),
            ])
          ),
        ]).serialized())
    }
    server.write(burst)
    var publications = 0
    while true {
      let message = try server.next()
      guard message["method"] == .string("textDocument/publishDiagnostics"), message["params"]?["uri"] == .string(uri)
      else { continue }
      publications += 1
      if message["params"]?["version"] == .integer(40) { break }
    }
    #expect(publications < 40)
  }
}
