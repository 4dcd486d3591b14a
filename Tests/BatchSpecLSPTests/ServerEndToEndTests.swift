// End-to-end: spawns `batchspec lsp`, speaks the protocol over pipes, sends malformed traffic,
// and checks exit statuses and that nothing ever traps.

import Foundation
import Testing

@testable import BatchSpecLSP

@Suite(.serialized) struct ServerEndToEndTests {
  private func temporaryProject() throws -> String {
    let directory = NSTemporaryDirectory() + "batchspec-lsp-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    try jobsText.write(toFile: directory + "/a.batch", atomically: true, encoding: .utf8)
    try poolsText.write(toFile: directory + "/b.batch", atomically: true, encoding: .utf8)
    return directory
  }

  private func initialize(_ server: ServerProcess, root: String) throws -> JSONValue {
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
    let document = JSONValue.object([
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
}
