// `initialize` (capabilities, position encoding, workspace folders), `shutdown`, and dispatch.

internal import BatchSpecCore
internal import BatchSpecIDE

extension LanguageServer {
  /// The semantic token types, in `TokenClass` order: the legend.
  static let tokenTypes = [
    "keyword", "type", "property", "variable", "parameter", "string", "number", "comment", "enumMember", "function",
    "operator",
  ]

  func dispatch(method: String, params: Params) throws(ResponseError) -> JSON {
    switch method {
    case "initialize": return try initialize(params)
    case "shutdown":
      state = .shutDown
      return .null
    case "textDocument/diagnostic": return try pullDiagnostics(params)
    case "textDocument/hover": return try hover(params)
    case "textDocument/completion": return try completion(params)
    case "textDocument/definition": return try definition(params)
    case "textDocument/references": return try references(params)
    case "textDocument/documentHighlight": return try documentHighlight(params)
    case "textDocument/prepareRename": return try prepareRename(params)
    case "textDocument/rename": return try rename(params)
    case "textDocument/documentSymbol": return try documentSymbols(params)
    case "workspace/symbol": return try workspaceSymbols(params)
    case "textDocument/foldingRange": return try foldingRanges(params)
    case "textDocument/selectionRange": return try selectionRanges(params)
    case "textDocument/semanticTokens/full": return try semanticTokens(params)
    case "textDocument/inlayHint": return try inlayHints(params)
    case "textDocument/codeAction": return try codeActions(params)
    case "codeAction/resolve": return try resolveCodeAction(params)
    case "textDocument/formatting": return try formatting(params)
    default: throw .methodNotFound(method)
    }
  }

  func notify(method: String, params: Params) throws(ResponseError) {
    switch method {
    case "initialized": registerWatchers()
    case "textDocument/didOpen": try didOpen(params)
    case "textDocument/didChange": try didChange(params)
    case "textDocument/didClose": try didClose(params)
    case "textDocument/didSave": try didSave(params)
    case "workspace/didChangeWatchedFiles": try didChangeWatchedFiles(params)
    case "workspace/didChangeWorkspaceFolders": try didChangeWorkspaceFolders(params)
    default: break  // `$/` notifications and unknown ones are ignored, as the specification says
    }
  }

  private func initialize(_ params: Params) throws(ResponseError) -> JSON {
    guard params.value.isObject else { throw .invalidParams("`initialize` takes an object") }
    let encodings = params.optional("capabilities", "general", "positionEncodings")?.arrayValue ?? []
    host.encoding = encodings.contains(.string("utf-8")) ? .utf8 : .utf16
    snippetSupport =
      params.optional("capabilities", "textDocument", "completion", "completionItem", "snippetSupport")?.boolValue
      ?? false
    insertReplaceSupport =
      params.optional("capabilities", "textDocument", "completion", "completionItem", "insertReplaceSupport")?
      .boolValue ?? false
    hierarchicalSymbols =
      params.optional("capabilities", "textDocument", "documentSymbol", "hierarchicalDocumentSymbolSupport")?
      .boolValue ?? false
    codeActionResolve =
      params.optional("capabilities", "textDocument", "codeAction", "resolveSupport", "properties")?.arrayValue?
      .contains(.string("edit")) ?? false
    watcherRegistration =
      params.optional("capabilities", "workspace", "didChangeWatchedFiles", "dynamicRegistration")?.boolValue ?? false
    if let folders = params.optional("workspaceFolders")?.arrayValue {
      workspaceRoots = folders.compactMap { $0["uri"]?.stringValue }.map(DocumentURI.path)
    } else if let root = params.optional("rootUri")?.stringValue {
      workspaceRoots = [DocumentURI.path(root)]
    } else if let root = params.optional("rootPath")?.stringValue {
      workspaceRoots = [root]
    }
    if let overrides = params.optional("initializationOptions", "params"), case .object(let members) = overrides {
      var values: [String: String] = [:]
      for (name, value) in members {
        switch value {
        case .string(let s): values[name] = s
        case .integer(let i): values[name] = String(i)
        case .bool(let b): values[name] = b ? "true" : "false"
        default:
          showSettingProblem(
            "the `params` setting `\(name)`: \(value.serialized()) is not a string, an integer or a boolean"
          )
        }
      }
      host.params = values
    }
    configure(params.optional("initializationOptions"))
    state = .running
    return .object([
      ("capabilities", capabilities()),
      ("serverInfo", .object([("name", .string("batchspec")), ("version", .string(Self.version))])),
    ])
  }

  /// Reads `initializationOptions.rules` (`{ "BS3001": "off" }`, codes or names, levels as `--rule`
  /// takes them) and `ruleOptions` (`{ "assumed_dedicated_cores": 100 }`, as `--rule-option`)
  /// through `ConfigurationOverrides`, as the CLI reads its flags; a mistake is logged and that
  /// entry ignored. So is a second entry setting one rule (by its code and its name) or option to
  /// another value: the first counts, as in `batchspec.config` (the same value twice is harmless,
  /// as on the command line).
  private func configure(_ options: JSON?) {
    var overrides = ConfigurationOverrides()
    if case .object(let rules)? = options?["rules"] {
      for (name, value) in rules {
        if let problem = overrides.setLevel(name, value.stringValue ?? "") {
          showSettingProblem("rule setting `\(name)`: \(problem)\(Self.firstCounts(problem))")
        }
      }
    }
    if case .object(let settings)? = options?["ruleOptions"] {
      for (name, value) in settings {
        let text = value.intValue.map(String.init) ?? value.stringValue ?? ""
        if let problem = overrides.setOption(name, text) {
          showSettingProblem("rule option `\(name)`: \(problem)\(Self.firstCounts(problem))")
        }
      }
    }
    host.overrides = overrides
  }

  /// What a conflict's message adds: which setting counts.
  private static func firstCounts(_ problem: ConfigurationOverrides.Problem) -> String {
    if case .conflict = problem { "; the first counts" } else { "" }
  }

  /// The server's version, reported in `initialize`.
  package static let version = "0.1.0"

  private func capabilities() -> JSON {
    .object([
      ("positionEncoding", .string(host.encoding.rawValue)),
      (
        "textDocumentSync",
        .object([
          ("openClose", .bool(true)), ("change", .integer(2)), ("save", .object([("includeText", .bool(false))])),
        ])
      ),
      (
        "diagnosticProvider",
        .object([
          ("identifier", .string("batchspec")), ("interFileDependencies", .bool(true)),
          ("workspaceDiagnostics", .bool(false)),
        ])
      ),
      ("hoverProvider", .bool(true)),
      ("completionProvider", .object([("triggerCharacters", .array([.string("."), .string("=")]))])),
      ("definitionProvider", .bool(true)),
      ("referencesProvider", .bool(true)),
      ("documentHighlightProvider", .bool(true)),
      ("renameProvider", .object([("prepareProvider", .bool(true))])),
      ("documentSymbolProvider", .bool(true)),
      ("workspaceSymbolProvider", .bool(true)),
      ("foldingRangeProvider", .bool(true)),
      ("selectionRangeProvider", .bool(true)),
      (
        "semanticTokensProvider",
        .object([
          (
            "legend",
            .object([
              ("tokenTypes", .array(Self.tokenTypes.map(JSON.string))),
              ("tokenModifiers", .array([.string("declaration")])),
            ])
          ),
          ("full", .bool(true)),
        ])
      ),
      ("inlayHintProvider", .bool(true)),
      (
        "codeActionProvider",
        .object([
          ("codeActionKinds", .array([.string("quickfix"), .string(Self.fixAllKind)])),
          ("resolveProvider", .bool(true)),
        ])
      ),
      ("documentFormattingProvider", .bool(true)),
      (
        "workspace",
        .object([("workspaceFolders", .object([("supported", .bool(true)), ("changeNotifications", .bool(true))]))])
      ),
    ])
  }

  private func registerWatchers() {
    guard watcherRegistration else { return }
    let watcher = JSON.object([("globPattern", .string("**/*.batch"))])
    let configurationWatcher = JSON.object([("globPattern", .string("**/" + LintConfiguration.fileName))])
    let registration = JSON.object([
      ("id", .string("batchspec-watch")), ("method", .string("workspace/didChangeWatchedFiles")),
      ("registerOptions", .object([("watchers", .array([watcher, configurationWatcher]))])),
    ])
    requestClient("client/registerCapability", .object([("registrations", .array([registration]))]))
  }

  private func didChangeWorkspaceFolders(_ params: Params) throws(ResponseError) {
    let event = try params.object("event")
    let removed = Set(
      (event.optional("removed")?.arrayValue ?? []).compactMap { $0["uri"]?.stringValue }.map(DocumentURI.path))
    let added = (event.optional("added")?.arrayValue ?? []).compactMap { $0["uri"]?.stringValue }.map(DocumentURI.path)
    workspaceRoots = workspaceRoots.filter { !removed.contains($0) } + added
    workspaceLoaded = false
  }
}
