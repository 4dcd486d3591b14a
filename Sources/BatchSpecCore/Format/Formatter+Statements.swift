// The formatter's statements: attributes, params and blocks, in canonical order and alignment.

extension FormatPrinter {
  /// The lines of `statement` at `indent`; `width` pads an attribute's name to align its `=`.
  /// `keepsLine` keeps a one-line block on one line whatever its width (a suppression comment
  /// names its line).
  /// `value` is the attribute's value as already printed on one line, if it was (`alignment`).
  func statement(
    _ statement: Statement, indent: Int, alignTo width: Int?, keepsLine: Bool = false, value: String? = nil
  ) -> [FormatLine] {
    let pad = String(repeating: " ", count: indent)
    if hasComment(in: statement.range) && !commentsArePlaceable(statement) {
      return verbatim(statement.range, indent: indent)
    }
    switch statement {
    case .attribute(let attribute):
      return lines(pad + attributeText(attribute, indent: indent, alignTo: width, value: value))
    case .param(let param):
      return lines(pad + paramText(param, indent: indent))
    case .block(let block):
      return self.block(block, indent: indent, keepsLine: keepsLine)
    }
  }

  /// Whether the layout can print every comment inside `statement` where it was: a block's
  /// comments between its statements, a value's between the items of multi-line lists and maps,
  /// none elsewhere.
  private func commentsArePlaceable(_ statement: Statement) -> Bool {
    switch statement {
    case .block(let block):
      guard block.closeBrace != nil else { return false }
      guard let values = block.sweep?.values else {
        return !hasComment(in: TextRange(block.range.start, block.openBrace.end))
      }
      return !hasComment(in: TextRange(block.range.start, values.range.start))
        && !hasComment(in: TextRange(values.range.end, block.openBrace.end)) && commentsArePlaceable(values)
    case .attribute(let attribute):
      return !hasComment(in: TextRange(attribute.range.start, attribute.value.range.start))
        && commentsArePlaceable(attribute.value)
    case .param(let param):
      guard let value = param.defaultValue else { return false }
      return !hasComment(in: TextRange(param.range.start, value.range.start)) && commentsArePlaceable(value)
    }
  }

  /// `text` split into lines.
  func lines(_ text: String) -> [FormatLine] {
    guard text.utf8.contains(UInt8(ascii: "\n")) else { return [FormatLine(text: text)] }
    return text.split(separator: "\n", omittingEmptySubsequences: false).map { FormatLine(text: String($0)) }
  }

  /// The source of `range` as written: its first line moved to `indent`, the others kept as they
  /// are (without trailing spaces).
  func verbatim(_ range: TextRange, indent: Int) -> [FormatLine] {
    var result = lines(text(range))
    result[0].text = String(repeating: " ", count: indent) + result[0].text
    for i in result.indices {
      while result[i].text.hasSuffix(" ") || result[i].text.hasSuffix("\t") { result[i].text.removeLast() }
    }
    return result
  }

  /// `name = value`, the name padded to `width`; `value` is the value's text when it was printed
  /// already.
  func attributeText(_ attribute: Attribute, indent: Int, alignTo width: Int?, value: String? = nil) -> String {
    var name = text(attribute.name.range)
    if let width, name.columnCount < width { name += String(repeating: " ", count: width - name.columnCount) }
    return name + " = " + (value ?? expression(attribute.value, indent: indent))
  }

  /// `param name: type = value`.
  func paramText(_ param: ParamDeclaration, indent: Int) -> String {
    var out = "param " + text(param.name.range)
    if let type = param.type { out += ": " + text(type.range) }
    if let value = param.defaultValue { out += " = " + expression(value, indent: indent) }
    return out
  }

  /// `kind label for variable in values`.
  func header(_ block: Block, indent: Int) -> String {
    var out = text(block.kind.range)
    if let label = block.label { out += " " + text(label.range) }
    if let sweep = block.sweep {
      out += " for " + text(sweep.variable.range) + " in " + expression(sweep.values, indent: indent)
    }
    return out
  }

  /// A block: on one line when written on one line, free of comments and short enough (or
  /// `keepsLine`).
  func block(_ block: Block, indent: Int, keepsLine: Bool = false) -> [FormatLine] {
    let pad = String(repeating: " ", count: indent)
    let header = self.header(block, indent: indent)
    guard let close = block.closeBrace else { return verbatim(block.range, indent: indent) }
    let body = self.body(block.body, from: block.openBrace.end, to: close.start, isBlock: true)
    var units = ordered(keepingSuppressedLines(body.units), in: block.kind.text)
    if units.isEmpty && !body.hasComments { return lines(pad + header + " {}") }

    if let line = oneLine(block, header: header, units: units, pad: pad, indent: indent, keepsLine: keepsLine) {
      return [FormatLine(text: line)]
    }
    // A one-line block that a suppression names stays on its line even when the layout cannot
    // print it on one (a comment inside): as written, so that the suppression still covers it.
    if keepsLine && lineBreaks(block.range.start, close.end) == 0 { return verbatim(block.range, indent: indent) }

    var out = lines(pad + header + " {")
    out[out.count - 1].comment = body.header
    out[out.count - 1].alignsComment = false
    var inner: [FormatLine?] = []
    let widths = alignment(&units)
    for (index, unit) in units.enumerated() {
      emit(unit, indent: indent + Formatter.indentWidth, alignTo: widths[index], into: &inner, first: index == 0)
    }
    emitTail(
      body.tail, indent: indent + Formatter.indentWidth, into: &inner, first: units.isEmpty && body.header == nil)
    while let first = inner.first, first == nil { inner.removeFirst() }
    while let last = inner.last, last == nil { inner.removeLast() }
    out += inner.map { $0 ?? FormatLine(text: "") }
    out.append(FormatLine(text: pad + "}"))
    return out
  }

  /// `block` on one line (`kind label { a = 1, b = 2 }`), when it is written on one line, free of
  /// comments, and short enough (or `keepsLine`); nil when it is not. The blocks inside it are
  /// asked the same (`inlineText`), never printed on lines of their own: a block whose one-line
  /// form fails would otherwise print its children both ways, and they theirs, in time that
  /// grows threefold with each level of nesting.
  private func oneLine(
    _ block: Block, header: String, units: [FormatUnit], pad: String, indent: Int, keepsLine: Bool
  ) -> String? {
    guard let close = block.closeBrace, lineBreaks(block.openBrace.start, close.end) == 0,
      !hasComment(in: TextRange(block.openBrace.start, close.end))
    else { return nil }
    var items: [String] = []
    for case let statement? in units.map(\.statement) {
      guard let item = inlineText(statement, indent: indent) else { return nil }
      items.append(item)
    }
    let line = pad + header + " { " + items.joined(separator: ", ") + " }"
    return !line.utf8.contains(UInt8(ascii: "\n")) && (line.columnCount <= Formatter.lineWidth || keepsLine)
      ? line : nil
  }

  /// `inline(statement, indent:)` when it is one line, or nil; a block's is found without
  /// printing it on lines of its own.
  func inlineText(_ statement: Statement, indent: Int) -> String? {
    guard case .block(let block) = statement else {
      let text = inline(statement, indent: indent)
      return text.utf8.contains(UInt8(ascii: "\n")) ? nil : text
    }
    // What `block(block, indent: 0)` prints, when that is one line.
    guard let close = block.closeBrace else {
      let lines = verbatim(block.range, indent: 0)
      return lines.count == 1 ? lines[0].text : nil
    }
    let header = self.header(block, indent: 0)
    let body = self.body(block.body, from: block.openBrace.end, to: close.start, isBlock: true)
    let units = ordered(keepingSuppressedLines(body.units), in: block.kind.text)
    if units.isEmpty && !body.hasComments {
      let line = header + " {}"
      return line.utf8.contains(UInt8(ascii: "\n")) ? nil : line
    }
    return oneLine(block, header: header, units: units, pad: "", indent: 0, keepsLine: false)
  }

  /// A statement as it stands inside a one-line block.
  func inline(_ statement: Statement, indent: Int) -> String {
    switch statement {
    case .attribute(let attribute): attributeText(attribute, indent: indent, alignTo: nil)
    case .param(let param): paramText(param, indent: indent)
    case .block(let block): self.block(block, indent: 0).map(\.text).joined(separator: "\n")
    }
  }

  /// `units` with the statements that share a line named by a suppression comment (above the line
  /// or at its end) joined into one unit: splitting them would move code off the line it names.
  func keepingSuppressedLines(_ units: [FormatUnit]) -> [FormatUnit] {
    var result: [FormatUnit] = []
    var i = 0
    while i < units.count {
      var group = [units[i]]
      var end = units[i].statement?.range.end ?? 0
      while i + 1 < units.count, let next = units[i + 1].statement, units[i + 1].leading.isEmpty,
        group.last!.trailing == nil, lineBreaks(end, next.range.start) == 0
      {
        group.append(units[i + 1])
        end = next.range.end
        i += 1
      }
      i += 1
      var first = group[0]
      first.trailing = group.last!.trailing
      let rest = group.dropFirst().compactMap(\.statement)
      if group.count > 1 && first.suppresses
        && ([first.statement].compactMap { $0 } + rest).allSatisfy({ inlineText($0, indent: 0) != nil })
      {
        first.sameLine = Array(rest)
        result.append(first)
      } else {
        result += group
      }
    }
    return result
  }

  /// Units in canonical order: attributes in the schema's order (unknown ones after, as written),
  /// then blocks as written. A unit that moves up (ahead of one it followed) leaves the blank line
  /// before it (before its leading comments, if any) behind: the line parted it from what came
  /// before it in the source, and where it lands it would split a group (an aligned run of
  /// attributes, say).
  func ordered(_ units: [FormatUnit], in kind: String) -> [FormatUnit] {
    let schema = Schema.block(kind)
    let count = schema?.attributes.count ?? 0
    func rank(_ unit: FormatUnit) -> Int {
      switch unit.statement {
      case .attribute(let attribute):
        schema?.attributeIndex(attribute.name.text) ?? count
      case .param, nil: count
      case .block: count + 1
      }
    }
    let ranks = units.map(rank)
    var result = units.indices.sorted { a, b in ranks[a] != ranks[b] ? ranks[a] < ranks[b] : a < b }.map {
      units[$0]
    }
    var laterMin = Int.max  // the first item in the source of the units after `result[k]`
    for k in result.indices.reversed() {
      if laterMin < result[k].item {
        if result[k].leading.isEmpty { result[k].blankBefore = false } else { result[k].leading[0].blankBefore = false }
      }
      laterMin = min(laterMin, result[k].item)
    }
    return result
  }

  /// For each unit, the name width to align its `=` to: runs of consecutive single-line
  /// attributes with no blank line between them share the width of the longest name. Each
  /// attribute's value is printed to see whether it is one line; when it is, it is kept in
  /// `oneLineValue` (text on one line is the same at any indentation).
  func alignment(_ units: inout [FormatUnit]) -> [Int?] {
    var widths: [Int?] = Array(repeating: nil, count: units.count)
    var runStart = 0
    var runWidth = 0
    func close(_ end: Int) {
      for i in runStart..<end { widths[i] = runWidth }
      runWidth = 0
    }
    for index in units.indices {
      let unit = units[index]
      guard let (name, value) = alignable(unit) else {
        close(index)
        runStart = index + 1
        continue
      }
      if index > runStart && unit.hasBlank {
        close(index)
        runStart = index
      }
      units[index].oneLineValue = value
      runWidth = max(runWidth, name)
    }
    close(units.count)
    return widths
  }

  /// The name's width and the value's text when `unit` is an attribute printed on one line.
  private func alignable(_ unit: FormatUnit) -> (name: Int, value: String)? {
    guard case .attribute(let attribute) = unit.statement, unit.sameLine.isEmpty, commentsArePlaceable(unit.statement!)
    else { return nil }
    let value = expression(attribute.value, indent: 0)
    if value.utf8.contains(UInt8(ascii: "\n")) { return nil }
    return (text(attribute.name.range).columnCount, value)
  }
}
