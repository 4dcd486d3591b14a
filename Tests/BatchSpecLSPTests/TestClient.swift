// An in-memory client for behaviour tests: drives a `LanguageServer` over a mutable file system.

import BatchSpecCore
import BatchSpecIDE
import Foundation

import BatchSpecLSP

/// Files on a pretend disk that tests can change.
final class TestFileSystem: FileSystem, @unchecked Sendable {
  private let lock = NSLock()
  private var files: [String: String]

  init(_ files: [String: String]) { self.files = files }

  subscript(path: String) -> String? {
    get { lock.withLock { files[path] } }
    set { lock.withLock { files[path] = newValue } }
  }

  func batchFiles(in directory: String) -> [String] {
    lock.withLock { InMemoryFileSystem(files).batchFiles(in: directory) }
  }
  func read(_ path: String) -> [UInt8]? { lock.withLock { files[path].map { Array($0.utf8) } } }
  func projectDirectories(under root: String) -> [String] {
    lock.withLock { InMemoryFileSystem(files).projectDirectories(under: root) }
  }
}

/// Collects what the server sends.
final class Outbox {
  var messages: [JSON] = []
}

/// A client speaking to an in-process server.
final class TestClient {
  let disk: TestFileSystem
  let server: LanguageServer
  let outbox = Outbox()
  private var nextID = 1
  /// What the server sent while it was initialized (the `initialize` response, messages shown).
  private(set) var initializationSent: [JSON] = []

  /// A client over `files`; `snippets`, `insertReplace`, `hierarchicalSymbols` and
  /// `resolvesCodeActions` are the client capabilities of those names (`completionItem`'s
  /// `snippetSupport` and `insertReplaceSupport`; the last: `codeAction.resolveSupport` of `edit`).
  init(
    files: [String: String] = [:], encodings: [String] = ["utf-16"], initialize: Bool = true,
    options: JSON = .object([]), snippets: Bool = true, insertReplace: Bool = false, hierarchicalSymbols: Bool = true,
    resolvesCodeActions: Bool = false
  ) {
    disk = TestFileSystem(files)
    let outbox = self.outbox
    server = LanguageServer(
      host: AnalysisHost(fileSystem: disk), send: { outbox.messages.append($0) }, log: { _ in })
    if initialize {
      let capabilities: JSON = .object([
        ("general", .object([("positionEncodings", .array(encodings.map(JSON.string)))])),
        (
          "textDocument",
          .object([
            ("documentSymbol", .object([("hierarchicalDocumentSymbolSupport", .bool(hierarchicalSymbols))])),
            (
              "completion",
              .object([
                (
                  "completionItem",
                  .object([("snippetSupport", .bool(snippets)), ("insertReplaceSupport", .bool(insertReplace))])
                )
              ])
            ),
            (
              "codeAction",
              .object([
                ("resolveSupport", .object([("properties", .array(resolvesCodeActions ? [.string("edit")] : []))]))
              ])
            ),
          ])
        ),
      ])
      initializationSent = raw(
        JSON.object([
          ("jsonrpc", .string("2.0")), ("id", .integer(0)), ("method", .string("initialize")),
          (
            "params",
            .object([
              ("capabilities", capabilities), ("rootUri", .string("file:///w")), ("initializationOptions", options),
            ])
          ),
        ]).serialized())
      notify("initialized", .object([]))
    }
  }

  /// Sends raw bytes as one message body and returns everything the server sent back.
  @discardableResult
  func raw(_ body: String) -> [JSON] {
    outbox.messages.removeAll()
    server.receive(Array(body.utf8))
    server.flush()
    return outbox.messages
  }

  /// Sends a request and returns its response.
  func request(_ method: String, _ params: JSON) -> JSON {
    let id = nextID
    nextID += 1
    let message = JSON.object([
      ("jsonrpc", .string("2.0")), ("id", .integer(id)), ("method", .string(method)), ("params", params),
    ])
    let sent = raw(message.serialized())
    return sent.first { $0["id"] == .integer(id) } ?? .null
  }

  /// The `result` of a request (nil when it failed).
  func result(_ method: String, _ params: JSON) -> JSON? { request(method, params)["result"] }

  /// Sends a notification; returns what the server sent (published diagnostics).
  @discardableResult
  func notify(_ method: String, _ params: JSON) -> [JSON] {
    raw(JSON.object([("jsonrpc", .string("2.0")), ("method", .string(method)), ("params", params)]).serialized())
  }

  /// Opens `path` with `text` (or its disk text).
  @discardableResult
  func open(_ path: String, _ text: String? = nil, version: Int = 1) -> [JSON] {
    notify(
      "textDocument/didOpen",
      .object([
        (
          "textDocument",
          .object([
            ("uri", .string("file://" + path)), ("languageId", .string("batchspec")), ("version", .integer(version)),
            ("text", .string(text ?? disk[path] ?? "")),
          ])
        )
      ]))
  }

  /// Replaces a range of an open document.
  @discardableResult
  func change(_ path: String, version: Int, _ range: (Int, Int, Int, Int)?, _ text: String) -> [JSON] {
    var change: [(String, JSON)] = [("text", .string(text))]
    if let (l1, c1, l2, c2) = range {
      change.insert(("range", Self.range(l1, c1, l2, c2)), at: 0)
    }
    return notify(
      "textDocument/didChange",
      .object([
        ("textDocument", .object([("uri", .string("file://" + path)), ("version", .integer(version))])),
        ("contentChanges", .array([.object(change)])),
      ]))
  }

  static func position(_ line: Int, _ character: Int) -> JSON {
    .object([("line", .integer(line)), ("character", .integer(character))])
  }

  static func range(_ l1: Int, _ c1: Int, _ l2: Int, _ c2: Int) -> JSON {
    .object([("start", position(l1, c1)), ("end", position(l2, c2))])
  }

  /// `{textDocument: {uri}, position}` params.
  static func at(_ path: String, _ line: Int, _ character: Int, _ extra: [(String, JSON)] = []) -> JSON {
    .object(
      [("textDocument", .object([("uri", .string("file://" + path))])), ("position", position(line, character))] + extra
    )
  }

  /// `{textDocument: {uri}}` params.
  static func document(_ path: String, _ extra: [(String, JSON)] = []) -> JSON {
    .object([("textDocument", .object([("uri", .string("file://" + path))]))] + extra)
  }
}

extension [JSON] {
  /// The published diagnostics per URI, in the order sent.
  var published: [(uri: String, version: Int?, codes: [String])] {
    compactMap { message in
      guard message["method"]?.stringValue == "textDocument/publishDiagnostics", let params = message["params"] else {
        return nil
      }
      let codes = (params["diagnostics"]?.arrayValue ?? []).compactMap { $0["code"]?.stringValue }
      return (params["uri"]?.stringValue ?? "", params["version"]?.intValue, codes)
    }
  }
}
