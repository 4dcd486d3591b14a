// Document symbols (hierarchical), workspace symbols, folding ranges and selection ranges.

package import BatchSpecCore

extension Analysis {
  /// The blocks and params of `path` as a tree.
  package func documentSymbols(_ path: String) -> [DocumentSymbol] {
    guard let (project, id) = file(path) else { return [] }
    return Self.symbols(project.tree(id).statements)
  }

  private static func symbols(_ statements: [Statement]) -> [DocumentSymbol] {
    var result: [DocumentSymbol] = []
    for statement in statements {
      switch statement {
      case .block(let block):
        let kind: DocumentSymbol.Kind
        switch Schema.block(block.kind.text)?.label {
        case .resourceID(.task)?: kind = .task
        case .resourceID?: kind = .resource
        default: kind = .block
        }
        result.append(
          DocumentSymbol(
            name: block.label?.text ?? block.kind.text, detail: block.kind.text, kind: kind, range: block.range,
            selectionRange: block.label?.range ?? block.kind.range, children: symbols(block.body)))
      case .param(let param):
        result.append(
          DocumentSymbol(
            name: param.name.text, detail: param.type?.text ?? "param", kind: .param, range: param.range,
            selectionRange: param.name.range, children: []))
      case .attribute:
        break
      }
    }
    return result
  }

  /// The resources of every loaded project whose ID matches `query` (its letters in order,
  /// ignoring case), best matches first.
  package func workspaceSymbols(_ query: String) -> [WorkspaceSymbol] {
    let needle = Array(query.lowercased().utf8)
    var result: [(score: Int, symbol: WorkspaceSymbol)] = []
    for key in projects.keys.sorted() {
      guard let project = projects[key] else { continue }
      for declaration in Declarations.all(in: project) {
        guard let score = Self.fuzzyScore(needle, Array(declaration.id.lowercased().utf8)) else { continue }
        let location = FileRange(path: project.path(declaration.label.file), range: declaration.label.range)
        result.append(
          (
            score,
            WorkspaceSymbol(
              name: declaration.id, kind: declaration.kind, location: location, container: declaration.container)
          ))
      }
    }
    return result.sorted { $0.score < $1.score }.prefix(500).map(\.symbol)
  }

  /// Lower is better; nil when `needle` is not a subsequence of `haystack`.
  private static func fuzzyScore(_ needle: [UInt8], _ haystack: [UInt8]) -> Int? {
    var i = 0
    var gaps = 0
    for byte in haystack where i < needle.count {
      if byte == needle[i] { i += 1 } else if i > 0 { gaps += 1 }
    }
    guard i == needle.count else { return nil }
    return gaps * 4 + haystack.count
  }

  /// The ranges an editor may fold: multi-line blocks, lists, maps and comments.
  package func foldingRanges(_ path: String) -> [(range: TextRange, isComment: Bool)] {
    guard let (project, id) = file(path) else { return [] }
    let tree = project.tree(id)
    let lines = project.project.file(id).lines
    var result: [(TextRange, Bool)] = []
    func multiline(_ range: TextRange) -> Bool {
      lines.line(containing: range.start) < lines.line(containing: range.end)
    }
    func visit(_ expression: Expr) {
      switch expression {
      case .list(let items, let range):
        if multiline(range) { result.append((range, false)) }
        items.forEach(visit)
      case .map(let entries, let range):
        if multiline(range) { result.append((range, false)) }
        entries.forEach { visit($0.value) }
      default: break
      }
    }
    func visit(_ statements: [Statement]) {
      for statement in statements {
        switch statement {
        case .block(let block):
          if multiline(block.range) { result.append((block.range, false)) }
          visit(block.body)
        case .attribute(let attribute): visit(attribute.value)
        case .param: break
        }
      }
    }
    visit(tree.statements)
    for comment in tree.comments where multiline(comment) { result.append((comment, true)) }
    return result.sorted { $0.0.start < $1.0.start }
  }

  /// The nested ranges around `offset`, innermost first, ending with the whole file.
  package func selectionRanges(_ path: String, offset: Int) -> [TextRange] {
    guard let (project, id) = file(path) else { return [] }
    let tree = project.tree(id)
    let cursor = SyntaxCursor(tree: tree, offset: offset)
    var ranges: [TextRange] = []
    if let name = cursor.name?.name { ranges.append(name.range) }
    ranges += cursor.expressions.reversed().map(\.range)
    if let attribute = cursor.attribute { ranges.append(attribute.range) }
    for block in cursor.blocks.reversed() {
      if let sweep = block.sweep, sweep.range.contains(offset) { ranges.append(sweep.range) }
      // The body, when the cursor is in it (not on the header or a brace).
      if let close = block.closeBrace, block.openBrace.end <= close.start,
        TextRange(block.openBrace.end, close.start).contains(offset)
      {
        ranges.append(TextRange(block.openBrace.end, close.start))
      }
      ranges.append(block.range)
    }
    ranges.append(TextRange(0, project.project.file(id).bytes.count))
    // Each range must contain the one before it; drop repeats and any that do not.
    var result: [TextRange] = []
    for range in ranges {
      if let last = result.last, range == last || !(range.start <= last.start && last.end <= range.end) { continue }
      result.append(range)
    }
    if result.isEmpty { result = [TextRange.empty(at: offset)] }
    return result
  }
}
