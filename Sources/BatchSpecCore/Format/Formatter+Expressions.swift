// The formatter's expressions: literals as written, lists and maps in their one-line or multi-line form.

extension FormatPrinter {
  /// `expr` printed on a line indented by `indent`; multi-line lists and maps put one item per line.
  func expression(_ expr: Expr, indent: Int) -> String {
    switch expr {
    case .string(let literal): return text(literal.range)
    case .integer(_, let range), .duration(_, let range), .bool(_, let range), .error(let range): return text(range)
    case .name(let name): return text(name.range)
    case .member(let base, let member, _): return expression(base, indent: indent) + "." + text(member.range)
    case .index(let base, let index, _):
      return expression(base, indent: indent) + "[" + expression(index, indent: indent) + "]"
    case .call(let callee, let arguments, _):
      return text(callee.range) + "(" + arguments.map { expression($0, indent: indent) }.joined(separator: ", ") + ")"
    case .range(let lower, let upper, let step, _):
      var out = expression(lower, indent: indent) + ".." + expression(upper, indent: indent)
      if let step { out += " step " + expression(step, indent: indent) }
      return out
    case .list(let elements, let range):
      return list(elements, range, indent: indent)
    case .map(let entries, let range):
      return map(entries, range, indent: indent)
    }
  }

  /// Whether the brackets of `range` stand on different lines.
  private func isMultiLine(_ range: TextRange) -> Bool { lineBreaks(range.start, range.end) > 0 }

  private func list(_ elements: [Expr], _ range: TextRange, indent: Int) -> String {
    if elements.isEmpty { return "[]" }
    guard isMultiLine(range) else {
      return "[" + elements.map { expression($0, indent: indent) }.joined(separator: ", ") + "]"
    }
    let inner = indent + Formatter.indentWidth
    let pad = String(repeating: " ", count: inner)
    let items = elements.map { pad + expression($0, indent: inner) + ",\n" }
    return "[\n" + items.joined() + String(repeating: " ", count: indent) + "]"
  }

  private func map(_ entries: [MapEntry], _ range: TextRange, indent: Int) -> String {
    if entries.isEmpty { return "{}" }
    guard isMultiLine(range) else {
      let items = entries.map { text($0.key.range) + " = " + expression($0.value, indent: indent) }
      return "{ " + items.joined(separator: ", ") + " }"
    }
    // Written like a block body: one entry per line, `=` aligned across consecutive one-line entries.
    let inner = indent + Formatter.indentWidth
    let pad = String(repeating: " ", count: inner)
    let values = entries.map { expression($0.value, indent: inner) }
    let keys = entries.map { text($0.key.range) }
    var widths = Array(repeating: 0, count: entries.count)
    var start = 0
    for i in 0...entries.count where i == entries.count || values[i].contains("\n") {
      let width = keys[start..<i].map(\.count).max() ?? 0
      for k in start..<i { widths[k] = width }
      start = i + 1
    }
    var out = "{\n"
    for i in entries.indices {
      let key = keys[i] + String(repeating: " ", count: max(0, widths[i] - keys[i].count))
      out += pad + key + " = " + values[i] + "\n"
    }
    return out + String(repeating: " ", count: indent) + "}"
  }
}
