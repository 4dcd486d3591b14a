// The language server: classifies JSON-RPC messages, enforces the lifecycle, dispatches to
// handlers and publishes diagnostics. Serial: one message at a time, in order.

package import BatchSpecCore
package import BatchSpecIDE

/// Handles LSP messages over any transport: bodies in, JSON messages out through `send`.
package final class LanguageServer {
  /// Where the server is in the LSP lifecycle.
  enum State { case uninitialized, running, shutDown }

  /// The analysis host the server feeds.
  package let host: AnalysisHost
  private let send: (JSON) -> Void
  let log: (String) -> Void
  var state = State.uninitialized
  /// The exit status, once `exit` has arrived: 0 after `shutdown`, 1 without.
  package private(set) var exitStatus: Int32?
  /// The URI the client used for each path.
  var uris: [String: String] = [:]
  /// The problems with the client's settings (`initializationOptions`) already shown to the user.
  var shownSettingProblems: Set<String> = []
  /// Projects whose diagnostics must be published at the next flush.
  var dirtyProjects: Set<String> = []
  /// Whether `didOpen` ran since `takeOpened()` last asked.
  var opened = false
  /// Paths whose last published diagnostics were not empty, by project key.
  var published: [String: Set<String>] = [:]
  /// The configuration file each project's diagnostics were last published with, by project key.
  var publishedConfigurations: [String: String] = [:]
  /// What was last published for each path: its diagnostics and the document's version. A file
  /// whose diagnostics, version and text are the same is not published again.
  var lastPublished: [String: (diagnostics: [Diagnostic], version: Int?)] = [:]
  /// What the last pull of each path answered, and from what: the file's diagnostics, its text and
  /// URI. A pull of a file where all three are the same answers with the same result ID without
  /// converting its diagnostics again (only for diagnostics whose places are all in the file).
  var lastPulled: [String: (diagnostics: [Diagnostic], text: [UInt8], uri: String, resultID: String)] = [:]
  /// Paths whose text changed (edited, opened, changed on disk) since the last flush: their
  /// diagnostics' positions may have moved even where their offsets did not. Edited documents
  /// are published first.
  var textChanged: [String] = []
  /// Workspace folders, as paths.
  var workspaceRoots: [String] = []
  var workspaceLoaded = false
  var snippetSupport = false
  /// Whether the client takes an `InsertReplaceEdit` for a completion, and lets its user choose
  /// between inserting and replacing the word under the cursor.
  var insertReplaceSupport = false
  var hierarchicalSymbols = true
  var watcherRegistration = false
  /// Whether the client resolves a code action's edit (`codeAction/resolve`) when it is chosen.
  var codeActionResolve = false
  private var cancelled: Set<String> = []
  private var nextRequestID = 1

  /// Creates a server over `host`; `send` writes a message, `log` a line for stderr.
  package init(host: AnalysisHost, send: @escaping (JSON) -> Void, log: @escaping (String) -> Void) {
    self.host = host
    self.send = send
    self.log = log
  }

  /// Handles a batch of message bodies that arrived together: cancellations among them apply to
  /// the requests before them that have not been answered yet.
  package func receive(_ bodies: [[UInt8]]) {
    var messages: [Result<JSON, JSONParser.Failure>] = []
    for body in bodies {
      do throws(JSONParser.Failure) {
        let message = try JSONParser.parse(body)
        if message["method"]?.stringValue == "$/cancelRequest", let id = message["params"]?["id"] {
          cancelled.insert(id.serialized())
        }
        messages.append(.success(message))
      } catch {
        messages.append(.failure(error))
      }
    }
    for message in messages {
      switch message {
      case .success(let json): handle(json)
      case .failure(let error): respond(id: .null, error: .parseError("the body is not JSON: \(error.message)"))
      }
    }
    cancelled.removeAll()
  }

  /// Handles one message body.
  package func receive(_ body: [UInt8]) { receive([body]) }

  /// Reports a header that could not be framed.
  package func malformedHeader(_ problem: String) {
    log("malformed header: \(problem)")
    respond(id: .null, error: .parseError("malformed header: \(problem)"))
  }

  /// Whether a change awaits `flush()`.
  package var hasUnpublishedChanges: Bool { !dirtyProjects.isEmpty && state == .running }

  /// Whether a document has been opened since the last call. Opening a project is the largest
  /// burst of work the server does (every file read, parsed and checked, on every core), so the
  /// transport gives back what it freed once it is published, rather than at the next pause.
  package func takeOpened() -> Bool {
    defer { opened = false }
    return opened
  }

  /// Publishes the diagnostics of every project changed since the last flush.
  package func flush() {
    guard !dirtyProjects.isEmpty, state == .running else { return }
    publishDiagnostics()
    host.releaseRetired()
  }

  private func handle(_ message: JSON) {
    guard message.isObject else {
      return respond(id: .null, error: .invalidRequest("a message is a JSON object (batches are not supported)"))
    }
    let id = message["id"]
    if let id, !Self.isValidID(id) {
      return respond(id: .null, error: .invalidRequest("`id` must be a string or an integer"))
    }
    guard message["jsonrpc"]?.stringValue == "2.0" else {
      return respond(id: id ?? .null, error: .invalidRequest("`jsonrpc` must be \"2.0\""))
    }
    guard let method = message["method"]?.stringValue else {
      if id != nil && (message["result"] != nil || message["error"] != nil) { return }  // a response to us
      return respond(id: id ?? .null, error: .invalidRequest("`method` must be a string"))
    }
    let params = Params(value: message["params"] ?? .null)
    if let params = message["params"], !params.isObject, params.arrayValue == nil, params != .null {
      if let id { respond(id: id, error: .invalidParams("`params` must be an object or an array")) }
      return
    }
    if let id {
      request(id: id, method: method, params: params)
    } else {
      notification(method: method, params: params)
    }
  }

  private static func isValidID(_ id: JSON) -> Bool {
    switch id {
    case .string, .integer: true
    default: false
    }
  }

  private func request(id: JSON, method: String, params: Params) {
    if cancelled.contains(id.serialized()) { return respond(id: id, error: .requestCancelled) }
    switch state {
    case .uninitialized where method != "initialize":
      return respond(id: id, error: .serverNotInitialized)
    case .running where method == "initialize":
      return respond(id: id, error: .invalidRequest("`initialize` was already received"))
    case .shutDown:
      return respond(id: id, error: .invalidRequest("the server is shut down: only `exit` is accepted"))
    default: break
    }
    do throws(ResponseError) {
      respond(id: id, result: try dispatch(method: method, params: params))
    } catch .nothingToAnswer {
      respond(id: id, result: Self.emptyResult(of: method))
    } catch {
      respond(id: id, error: error)
    }
  }

  /// What a request answers when there is nothing to say: an empty report or list where the
  /// protocol needs one, null elsewhere.
  static func emptyResult(of method: String) -> JSON {
    switch method {
    case "textDocument/diagnostic": .object([("kind", .string("full")), ("items", .array([]))])
    case "textDocument/completion": .object([("isIncomplete", .bool(false)), ("items", .array([]))])
    case "textDocument/semanticTokens/full": .object([("data", .array([]))])
    case "textDocument/definition", "textDocument/references", "textDocument/documentHighlight",
      "textDocument/codeAction", "textDocument/documentSymbol", "textDocument/foldingRange",
      "textDocument/inlayHint", "textDocument/formatting", "textDocument/selectionRange":
      .array([])
    default: .null
    }
  }

  private func notification(method: String, params: Params) {
    if method == "exit" {
      exitStatus = state == .shutDown ? 0 : 1
      return
    }
    guard state == .running else { return }  // notifications before `initialize` are dropped
    do throws(ResponseError) {
      try notify(method: method, params: params)
    } catch {
      // A notification has no answer: the user sees the error instead, for a change dropped here
      // leaves the server's text different from the editor's.
      log("ignored `\(method)`: \(error.message)")
      let lost = method == "textDocument/didChange" || method == "textDocument/didOpen"
      let advice = lost ? "; close and reopen the document so that the server has its text" : ""
      notify(
        "window/showMessage",
        .object([
          ("type", .integer(1)), ("message", .string("batchspec ignored `\(method)`: \(error.message)\(advice)")),
        ]))
    }
  }

  func respond(id: JSON, result: JSON) {
    send(.object([("jsonrpc", .string("2.0")), ("id", id), ("result", result)]))
  }

  func respond(id: JSON, error: ResponseError) {
    send(.object([("jsonrpc", .string("2.0")), ("id", id), ("error", error.json)]))
  }

  /// Sends a notification to the client.
  func notify(_ method: String, _ params: JSON) {
    send(.object([("jsonrpc", .string("2.0")), ("method", .string(method)), ("params", params)]))
  }

  /// Sends a request to the client; its response is ignored.
  func requestClient(_ method: String, _ params: JSON) {
    send(
      .object([
        ("jsonrpc", .string("2.0")), ("id", .string("batchspec-\(nextRequestID)")), ("method", .string(method)),
        ("params", params),
      ]))
    nextRequestID += 1
  }
}
