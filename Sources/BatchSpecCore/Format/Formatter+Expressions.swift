// The formatter's expressions: literals as written, lists and maps in their one-line or multi-line
// form, comments between the items of multi-line lists and maps kept where they were.

extension FormatPrinter {
  /// `expr` printed on a line indented by `indent`; multi-line lists and maps put one item per line.
  func expression(_ expr: Expr, indent: Int) -> String {
    switch expr {
    case .string(let literal):
      guard MultilineString.isMultiline(source.bytes, literal.range) else { return text(literal.range) }
      return multilineString(literal.range, indent: indent + Formatter.indentWidth)
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

  /// Whether every comment inside `expr` can be printed where it was: only between the items of
  /// multi-line lists and maps. A value with a comment elsewhere is printed as written.
  func commentsArePlaceable(_ expr: Expr) -> Bool {
    guard hasComment(in: expr.range) else { return true }
    switch expr {
    case .list(let elements, let range) where isMultiLine(range):
      return elements.allSatisfy(commentsArePlaceable)
    case .map(let entries, let range) where isMultiLine(range):
      return entries.allSatisfy { entry in
        !hasComment(in: TextRange(entry.key.range.start, entry.value.range.start)) && commentsArePlaceable(entry.value)
      }
    default:
      return false
    }
  }

  /// A multi-line string with its lines and closing `"""` moved to `indent`: the indentation they
  /// share changes, so the text they stand for does not. Blank lines lose their trailing blanks.
  private func multilineString(_ range: TextRange, indent: Int) -> String {
    let layout = MultilineString.layout(source.bytes, range, unterminated: false)
    let pad = String(repeating: " ", count: indent)
    var out = "\"\"\"\n"
    for line in layout.lines { out += line.isEmpty ? "\n" : pad + text(line) + "\n" }
    return out + pad + "\"\"\""
  }

  /// Whether the brackets of `range` stand on different lines.
  func isMultiLine(_ range: TextRange) -> Bool { lineBreaks(range.start, range.end) > 0 }

  private func list(_ elements: [Expr], _ range: TextRange, indent: Int) -> String {
    guard isMultiLine(range) else {
      return "[" + elements.map { expression($0, indent: indent) }.joined(separator: ", ") + "]"
    }
    var items = attach(elements.map(\.range), from: range.start + 1, to: range.end - 1, afterOpening: true)
    if elements.isEmpty && !items.hasComments { return "[]" }
    let inner = indent + Formatter.indentWidth
    let texts = keepingSuppressedLines(&items, elements, indent: inner)
    return "[" + multiLine(items, texts, indent: indent) + "]"
  }

  /// The lines of a multi-line list's items (each with its comma), one item per line, except that
  /// the items sharing a line a suppression comment names (above the line or at its end) stay on
  /// one line together: a finding about an element is silenced on the line it starts on, so
  /// splitting them would move elements off the line the suppression covers. `items` gets one
  /// unit per line.
  private func keepingSuppressedLines(_ items: inout FormatBody, _ elements: [Expr], indent: Int) -> [String] {
    let units = items.units
    var result: [FormatUnit] = []
    var texts: [String] = []
    var i = 0
    while i < units.count {
      var group = [units[i]]
      var end = elements[units[i].item].range.end
      while i + 1 < units.count, units[i + 1].leading.isEmpty, group.last!.trailing == nil,
        lineBreaks(end, elements[units[i + 1].item].range.start) == 0
      {
        group.append(units[i + 1])
        end = elements[units[i + 1].item].range.end
        i += 1
      }
      i += 1
      let groupTexts = group.map { expression(elements[$0.item], indent: indent) + "," }
      var first = group[0]
      first.trailing = group.last!.trailing
      if group.count > 1 && first.suppresses && !groupTexts.contains(where: { $0.utf8.contains(UInt8(ascii: "\n")) }) {
        result.append(first)
        texts.append(groupTexts.joined(separator: " "))
      } else {
        result += group
        texts += groupTexts
      }
    }
    items.units = result
    return texts
  }

  private func map(_ entries: [MapEntry], _ range: TextRange, indent: Int) -> String {
    guard isMultiLine(range) else {
      if entries.isEmpty { return "{}" }
      let items = entries.map { text($0.key.range) + " = " + expression($0.value, indent: indent) }
      return "{ " + items.joined(separator: ", ") + " }"
    }
    let items = attach(entries.map(\.range), from: range.start + 1, to: range.end - 1, afterOpening: true)
    if entries.isEmpty && !items.hasComments { return "{}" }
    // Written like a block body: one entry per line, `=` aligned across consecutive one-line entries.
    let inner = indent + Formatter.indentWidth
    let values = items.units.map { expression(entries[$0.item].value, indent: inner) }
    let keys = items.units.map { text(entries[$0.item].key.range) }
    var widths = Array(repeating: 0, count: values.count)
    var start = 0
    for i in 0...values.count
    where i == values.count || values[i].utf8.contains(UInt8(ascii: "\n")) || (i > start && items.units[i].hasBlank) {
      let width = keys[start..<i].map(\.columnCount).max() ?? 0
      for k in start..<i { widths[k] = width }
      start = i < values.count && !values[i].utf8.contains(UInt8(ascii: "\n")) ? i : i + 1
    }
    let texts = values.indices.map { i in
      keys[i] + String(repeating: " ", count: max(0, widths[i] - keys[i].columnCount)) + " = " + values[i]
    }
    return "{" + multiLine(items, texts, indent: indent) + "}"
  }

  /// The inside of a multi-line list or map: from the line break after the opening bracket to the
  /// indentation of the closing one, with `texts` (the items' lines) and the comments around them.
  private func multiLine(_ items: FormatBody, _ texts: [String], indent: Int) -> String {
    let inner = indent + Formatter.indentWidth
    let pad = String(repeating: " ", count: inner)
    var lines: [FormatLine?] = []
    for (index, unit) in items.units.enumerated() {
      for (k, comment) in unit.leading.enumerated() {
        if comment.blankBefore && !(index == 0 && k == 0) { lines.append(nil) }
        lines.append(FormatLine(text: pad + comment.text))
      }
      if unit.blankBefore && !(index == 0 && unit.leading.isEmpty) { lines.append(nil) }
      var itemLines = self.lines(pad + texts[index])
      itemLines[itemLines.count - 1].comment = unit.trailing
      lines += itemLines.map { Optional($0) }
    }
    emitTail(items.tail, indent: inner, into: &lines, first: items.units.isEmpty)
    while let first = lines.first, first == nil { lines.removeFirst() }
    let header = items.header.map { "  " + $0 } ?? ""
    return header + "\n" + render(lines) + String(repeating: " ", count: indent)
  }
}
