// Semantic tokens: a class for every name, literal and comment, split at line breaks.

internal import BatchSpecCore

extension Analysis {
  /// The semantic tokens of `path`, sorted, never overlapping, each on one line.
  package func semanticTokens(_ path: String) -> [SemanticToken] {
    guard let (project, id) = file(path) else { return [] }
    let tree = project.tree(id)
    let source = project.project.file(id)
    var referenced: Set<Int> = []
    for reference in project.checked.references where reference.location.file == id {
      referenced.insert(reference.location.range.start)
    }
    var params: Set<String> = []
    for file in project.trees {
      for param in file.params { params.insert(param.name.text) }
    }
    var collector = TokenCollector(source: source, referenced: referenced, params: params)
    collector.visit(tree.statements)
    for comment in tree.comments { collector.add(comment, .comment) }
    return collector.finish()
  }
}

/// Walks a syntax tree and gathers tokens.
private struct TokenCollector {
  let source: SourceFile
  let referenced: Set<Int>
  let params: Set<String>
  /// The variables of the sweeps around the statements being visited.
  var sweepVariables: [String] = []
  var tokens: [SemanticToken] = []

  mutating func add(_ range: TextRange, _ tokenClass: TokenClass, declaration: Bool = false) {
    guard !range.isEmpty else { return }
    tokens.append(SemanticToken(range: range, tokenClass: tokenClass, isDeclaration: declaration))
  }

  mutating func visit(_ statements: [Statement]) {
    for statement in statements {
      switch statement {
      case .block(let block):
        add(block.kind.range, .keyword)
        if let label = block.label { add(label.range, label.isQuoted ? .string : .type, declaration: true) }
        if let sweep = block.sweep {
          add(TextRange(sweep.range.start, sweep.range.start + 3), .keyword)
          add(sweep.variable.range, .parameter, declaration: true)
          let inStart = keyword("in", from: sweep.variable.range.end, to: sweep.values.range.start)
          if let inStart { add(TextRange(inStart, inStart + 2), .keyword) }
          visit(sweep.values)
          sweepVariables.append(sweep.variable.text)
        }
        visit(block.body)
        if block.sweep != nil { sweepVariables.removeLast() }
      case .attribute(let attribute):
        add(attribute.name.range, .property)
        visit(attribute.value)
      case .param(let param):
        add(TextRange(param.range.start, min(param.range.start + 5, param.name.range.start)), .keyword)
        add(param.name.range, .parameter, declaration: true)
        if let type = param.type { add(type.range, .type) }
        if let value = param.defaultValue { visit(value) }
      }
    }
  }

  /// The offset of `word` between `start` and `end`, if it is written there.
  private func keyword(_ word: String, from start: Int, to end: Int) -> Int? {
    let text = Array(word.utf8)
    var i = start
    while i + text.count <= end && i + text.count <= source.bytes.count {
      if Array(source.bytes[i..<i + text.count]) == text { return i }
      i += 1
    }
    return nil
  }

  mutating func visit(_ expression: Expr) {
    switch expression {
    case .string(let literal):
      var position = literal.range.start
      for case .interpolation(let inner, let range) in literal.parts {
        add(TextRange(position, range.start), .string)
        visit(inner)
        position = range.end
      }
      add(TextRange(position, literal.range.end), .string)
    case .integer(_, let range), .duration(_, let range): add(range, .number)
    case .bool(_, let range): add(range, .keyword)
    case .name(let name):
      if referenced.contains(name.range.start) {
        add(name.range, .variable)
      } else if sweepVariables.contains(name.text) || params.contains(name.text) {
        add(name.range, .parameter)
      } else {
        add(name.range, .enumMember)
      }
    case .list(let items, _): items.forEach { visit($0) }
    case .map(let entries, _):
      for entry in entries {
        add(entry.key.range, entry.key.isQuoted ? .string : .property)
        visit(entry.value)
      }
    case .member(let base, let member, _):
      visit(base)
      add(member.range, .property)
    case .index(let base, let index, _):
      visit(base)
      visit(index)
    case .call(let name, let arguments, _):
      add(name.range, .function)
      arguments.forEach { visit($0) }
    case .range(let lower, let upper, let step, _):
      visit(lower)
      visit(upper)
      if let step { visit(step) }
    case .error: break
    }
  }

  /// Sorts, drops overlaps and splits tokens at line breaks.
  func finish() -> [SemanticToken] {
    var result: [SemanticToken] = []
    var end = 0
    for token in tokens.sorted(by: { $0.range.start < $1.range.start }) where token.range.start >= end {
      end = token.range.end
      var start = token.range.start
      let lines = source.lines
      var line = lines.line(containing: start)
      while start < token.range.end {
        let content = lines.contentRange(ofLine: line)
        let pieceEnd = min(token.range.end, content.end)
        if pieceEnd > start {
          result.append(
            SemanticToken(
              range: TextRange(start, pieceEnd), tokenClass: token.tokenClass, isDeclaration: token.isDeclaration))
        }
        line += 1
        guard line < lines.lineCount else { break }
        start = max(start, lines.lineStarts[line])
      }
    }
    return result
  }
}
