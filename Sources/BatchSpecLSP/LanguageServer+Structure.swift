// Handlers about a document's structure: symbols, folding, selection, semantic tokens, inlay hints.

internal import BatchSpecCore
internal import BatchSpecIDE

extension LanguageServer {
  func documentSymbols(_ params: Params) throws(ResponseError) -> JSON {
    let (analysis, path) = try document(params)
    let conversion = ProtocolConversion(analysis: analysis, uris: uris)
    let symbols = analysis.documentSymbols(path)
    if hierarchicalSymbols { return .array(symbols.map { hierarchical($0, conversion, path) }) }
    var flat: [JSON] = []
    func visit(_ symbol: DocumentSymbol, container: String?) {
      var members: [(String, JSON)] = [
        ("name", .string(symbol.name)), ("kind", .integer(Self.symbolKind(symbol.kind))),
        ("location", conversion.location(FileRange(path: path, range: symbol.range))),
      ]
      if let container { members.append(("containerName", .string(container))) }
      flat.append(.object(members))
      symbol.children.forEach { visit($0, container: symbol.name) }
    }
    symbols.forEach { visit($0, container: nil) }
    return .array(flat)
  }

  private func hierarchical(_ symbol: DocumentSymbol, _ conversion: ProtocolConversion, _ path: String) -> JSON {
    .object([
      ("name", .string(symbol.name)),
      ("detail", .string(symbol.detail)),
      ("kind", .integer(Self.symbolKind(symbol.kind))),
      ("range", conversion.range(symbol.range, path: path)),
      ("selectionRange", conversion.range(symbol.selectionRange, path: path)),
      ("children", .array(symbol.children.map { hierarchical($0, conversion, path) })),
    ])
  }

  private static func symbolKind(_ kind: DocumentSymbol.Kind) -> Int {
    switch kind {
    case .block: 19  // Object
    case .resource: 5  // Class
    case .task: 12  // Function
    case .attribute: 7  // Property
    case .param: 13  // Variable
    }
  }

  private static func symbolKind(_ kind: ResourceKind) -> Int {
    switch kind {
    case .task: 12
    case .job: 6  // Method
    case .storage: 3  // Namespace
    default: 5
    }
  }

  func workspaceSymbols(_ params: Params) throws(ResponseError) -> JSON {
    let query = try params.string("query")
    if !workspaceLoaded {
      host.loadProjects(under: workspaceRoots)
      workspaceLoaded = true
    }
    let analysis = host.analysis()
    let conversion = ProtocolConversion(analysis: analysis, uris: uris)
    return .array(
      analysis.workspaceSymbols(query).map { symbol in
        var members: [(String, JSON)] = [
          ("name", .string(symbol.name)), ("kind", .integer(Self.symbolKind(symbol.kind))),
          ("location", conversion.location(symbol.location)),
        ]
        if let container = symbol.container { members.append(("containerName", .string(container))) }
        return .object(members)
      })
  }

  func foldingRanges(_ params: Params) throws(ResponseError) -> JSON {
    let (analysis, path) = try document(params)
    guard let lines = analysis.lineIndex(of: path) else { return .array([]) }
    var seen: Set<Int> = []
    var result: [JSON] = []
    for (range, isComment) in analysis.foldingRanges(path) {
      let start = lines.line(containing: range.start)
      // Fold up to the line before the closing brace, so the brace stays visible.
      var end = lines.line(containing: range.end)
      if !isComment { end -= 1 }
      guard end > start, seen.insert(start).inserted else { continue }
      var members: [(String, JSON)] = [("startLine", .integer(start)), ("endLine", .integer(end))]
      if isComment { members.append(("kind", .string("comment"))) }
      result.append(.object(members))
    }
    return .array(result)
  }

  func selectionRanges(_ params: Params) throws(ResponseError) -> JSON {
    let (analysis, path) = try document(params)
    let conversion = ProtocolConversion(analysis: analysis, uris: uris)
    guard let lines = analysis.lineIndex(of: path) else { return .array([]) }
    var result: [JSON] = []
    for item in try params.array("positions") {
      let position = Params(value: item)
      let offset = try conversion.offset(
        line: try position.int("line"), character: try position.int("character"), lines)
      var chain: JSON?
      for range in analysis.selectionRanges(path, offset: offset).reversed() {
        var members: [(String, JSON)] = [("range", conversion.range(range, lines))]
        if let parent = chain { members.append(("parent", parent)) }
        chain = .object(members)
      }
      result.append(chain ?? .null)
    }
    return .array(result)
  }

  func semanticTokens(_ params: Params) throws(ResponseError) -> JSON {
    let (analysis, path) = try document(params)
    guard let lines = analysis.lineIndex(of: path) else { return .object([("data", .array([]))]) }
    var data: [JSON] = []
    var previousLine = 0
    var previousColumn = 0
    for token in analysis.semanticTokens(path) {
      let start = lines.position(of: token.range.start, encoding: analysis.encoding)
      let end = lines.position(of: token.range.end, encoding: analysis.encoding)
      let length = end.column - start.column
      guard length > 0 else { continue }
      let deltaLine = start.line - previousLine
      let deltaColumn = deltaLine == 0 ? start.column - previousColumn : start.column
      data += [
        .integer(deltaLine), .integer(deltaColumn), .integer(length), .integer(token.tokenClass.rawValue),
        .integer(token.isDeclaration ? 1 : 0),
      ]
      previousLine = start.line
      previousColumn = start.column
    }
    return .object([("data", .array(data))])
  }

  func inlayHints(_ params: Params) throws(ResponseError) -> JSON {
    let (analysis, path) = try document(params)
    let conversion = ProtocolConversion(analysis: analysis, uris: uris)
    let range = try conversion.range(params, path: path)
    guard let lines = analysis.lineIndex(of: path) else { return .array([]) }
    return .array(
      analysis.inlayHints(path, in: range).map { hint in
        var members: [(String, JSON)] = [
          ("position", conversion.position(hint.offset, lines)), ("label", .string(hint.label)),
          ("paddingLeft", .bool(true)),
        ]
        if let tooltip = hint.tooltip {
          members.append(("tooltip", .object([("kind", .string("markdown")), ("value", .string(tooltip))])))
        }
        return .object(members)
      })
  }
}
