// The canonical formatter: one layout for every `.batch` file, comments kept where they were.
//
// The layout: 2-space indentation; inside a block, attributes first in the schema's canonical order
// (stable; unknown attributes after the known ones, in source order), then child blocks in source
// order; `=` aligned across a block's consecutive single-line attributes; at most one blank line
// anywhere, one between top-level blocks, none after `{` or before `}`, none before a statement that
// moved up in the canonical order (it would split the group it joins); trailing comments aligned
// across consecutive lines. Blocks, lists and maps keep their one-line or multi-line form. Literals
// are printed exactly as written.
//
// Comments: own-line comments move with the statement (or list item, or map entry) below them,
// same-line comments stay after the statement before them, comments before a `}` or `]` stay
// inside it. A statement with a comment where the layout has no place for one (inside a one-line
// list, between a name and its `=`, in a block header) is printed as written. A one-line block that
// a `batchspec-ignore` comment names stays on one line whatever its width, and statements sharing
// such a line are not split, nor are the items of a multi-line list's line that one names, so that
// the suppression still covers the code it silences.

/// Formats `.batch` files in the one canonical layout.
package enum Formatter {
  /// Spaces per indentation level.
  package static let indentWidth = 2
  /// The widest line a one-line block may take; wider ones are split.
  package static let lineWidth = 100

  /// The canonical text of `source`, or nil when the file has syntax errors, bytes that are not
  /// UTF-8 among them (BS1006): such a file is never touched. The output ends with one line break
  /// and uses `\n` line breaks only.
  package static func format(_ tree: SyntaxTree, _ source: SourceFile) -> String? {
    guard let output = layout(tree, source) else { return nil }
    // A safety net: output that no longer parses means a formatter bug; keep the file as it was.
    let check = SourceFile(id: source.id, path: source.path, text: output)
    if Parser.parse(check).diagnostics.contains(where: { $0.severity == .error }) {
      return source.text(TextRange(0, source.bytes.count))
    }
    return output
  }

  /// The canonical text without the safety net, or nil for a file with syntax errors: tests call it
  /// to see the formatter's own output. Tools should call `format`.
  package static func layout(_ tree: SyntaxTree, _ source: SourceFile) -> String? {
    if tree.diagnostics.contains(where: { $0.severity == .error }) { return nil }
    let text = FormatPrinter(source: source, comments: tree.comments).file(tree.statements)
    // A byte order mark (which the lexer reads as nothing) stays: the file keeps what marks it as
    // UTF-8 for the editors that wrote it.
    return SourceFile.byteOrderMarkLength(source.bytes) > 0 ? "\u{FEFF}" + text : text
  }

  /// `text` with `\r\n` and `\r` turned into `\n`: the line breaks of formatted output, comments'
  /// lines included.
  package static func unixLineBreaks(_ text: String) -> String {
    guard text.utf8.contains(UInt8(ascii: "\r")) else { return text }
    var scalars = String.UnicodeScalarView()
    var previousCR = false
    for scalar in text.unicodeScalars {
      if scalar == "\r" {
        scalars.append("\n")
        previousCR = true
        continue
      }
      if !(scalar == "\n" && previousCR) { scalars.append(scalar) }
      previousCR = false
    }
    return String(scalars)
  }

  /// Parses `source` and formats it; nil when it has syntax errors (not UTF-8: BS1006).
  package static func format(_ source: SourceFile) -> String? {
    format(Parser.parse(source), source)
  }
}

/// A statement with the comments that travel with it.
struct FormatUnit {
  /// Own-line comments above the statement, each with whether a blank line precedes it.
  var leading: [(text: String, blankBefore: Bool)] = []
  /// The index of the item (statement, list element or map entry) in its body.
  var item = 0
  /// The statement, for units of a body.
  var statement: Statement?
  /// Whether a blank line precedes the statement (after its leading comments, if any).
  var blankBefore = false
  /// Comments on the statement's last line, after it.
  var trailing: String?
  /// Statements that stay on the statement's line, after it (a suppression comment names the line).
  var sameLine: [Statement] = []
  /// An attribute's value as printed, when `alignment` found it on one line.
  var oneLineValue: String?

  /// Whether a suppression comment above or after the unit names its line.
  var suppresses: Bool {
    [leading.last?.text, trailing].contains { $0?.contains(Suppressions.lineDirective) == true }
  }

  /// Whether the unit holds a blank line anywhere, or starts with one.
  var hasBlank: Bool { blankBefore || leading.contains { $0.blankBefore } }
}

/// One output line: its text (indentation included) and a trailing comment.
struct FormatLine: Equatable {
  var text: String
  var comment: String? = nil
  /// Whether the comment aligns with those of the lines around it (not after a block's `{`).
  var alignsComment = true
}

/// The statements of one body (or the file) split into units, with the comments around them.
struct FormatBody {
  /// Comments on the line of the body's `{`, after it.
  var header: String?
  /// The statements with their comments, in source order.
  var units: [FormatUnit] = []
  /// Own-line comments after the last statement.
  var tail: [(text: String, blankBefore: Bool)] = []
  /// Whether any comment lies in the body outside its statements.
  var hasComments: Bool {
    header != nil || !tail.isEmpty || units.contains { !$0.leading.isEmpty || $0.trailing != nil }
  }
}

/// Prints a syntax tree in the canonical layout.
struct FormatPrinter {
  let source: SourceFile
  let comments: [TextRange]

  // MARK: Text and comments

  /// The source text of `range`, with `\r\n` and `\r` turned into `\n`. (Called for every name
  /// and literal: the bytes are looked at before a string is made of them.)
  func text(_ range: TextRange) -> String {
    let bytes = source.bytes
    let lo = min(max(range.start, 0), bytes.count)
    let hi = min(max(range.end, lo), bytes.count)
    if !bytes[lo..<hi].contains(UInt8(ascii: "\r")) { return source.text(range) }
    return Formatter.unixLineBreaks(source.text(range))
  }

  /// The number of line breaks in the bytes `start..<end` (`\r\n` counts once).
  func lineBreaks(_ start: Int, _ end: Int) -> Int {
    var count = 0
    var i = max(0, start)
    let bytes = source.bytes
    let stop = min(end, bytes.count)
    while i < stop {
      if bytes[i] == UInt8(ascii: "\n") {
        count += 1
      } else if bytes[i] == UInt8(ascii: "\r") {
        count += 1
        if i + 1 < stop && bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
      }
      i += 1
    }
    return count
  }

  /// The index of the first comment starting at or after `offset`.
  func firstComment(from offset: Int) -> Int { comments.partitioningIndex { $0.start >= offset } }

  /// Whether a comment starts inside `range`.
  func hasComment(in range: TextRange) -> Bool {
    let i = firstComment(from: range.start)
    return i < comments.count && comments[i].start < range.end
  }

  // MARK: Bodies

  /// Splits `statements` of the region `start..<end` into units, attaching each comment to the
  /// statement it belongs with: own-line comments to the statement below, same-line comments to the
  /// statement before; comments inside a statement stay with it.
  func body(_ statements: [Statement], from start: Int, to end: Int, isBlock: Bool) -> FormatBody {
    var result = attach(statements.map(\.range), from: start, to: end, afterOpening: isBlock)
    for i in result.units.indices { result.units[i].statement = statements[result.units[i].item] }
    return result
  }

  /// Units for the items at `ranges` (in order) of the region `start..<end`, with the comments
  /// between them attached: own-line comments to the item below, same-line comments to the item
  /// before (or, with `afterOpening`, to the region's opening bracket). Comments inside an item
  /// are left to it.
  func attach(_ ranges: [TextRange], from start: Int, to end: Int, afterOpening: Bool) -> FormatBody {
    var result = FormatBody()
    var pending: [(text: String, blankBefore: Bool)] = []
    var previousEnd = start
    var previous = 0  // 0: the region's start, 1: an item, 2: an own-line comment
    var c = firstComment(from: start)
    var s = 0
    while true {
      let nextItem = s < ranges.count ? ranges[s] : nil
      if c < comments.count, comments[c].start < end, nextItem.map({ comments[c].start < $0.start }) ?? true {
        let comment = comments[c]
        c += 1
        var commentText = text(comment)
        while commentText.hasSuffix(" ") || commentText.hasSuffix("\t") { commentText.removeLast() }
        let breaks = lineBreaks(previousEnd, comment.start)
        if breaks == 0 && previous == 1 {
          let last = result.units.count - 1
          result.units[last].trailing = result.units[last].trailing.map { $0 + " " + commentText } ?? commentText
        } else if breaks == 0 && previous == 0 && afterOpening {
          result.header = result.header.map { $0 + " " + commentText } ?? commentText
        } else if breaks == 0 && previous == 2 {
          pending[pending.count - 1].text += " " + commentText
        } else {
          pending.append((commentText, breaks >= 2))
          previous = 2
        }
        previousEnd = comment.end
        continue
      }
      guard let range = nextItem else { break }
      result.units.append(
        FormatUnit(leading: pending, item: s, blankBefore: lineBreaks(previousEnd, range.start) >= 2))
      s += 1
      pending = []
      previous = 1
      previousEnd = range.end
      c = firstComment(from: range.end)
    }
    result.tail = pending
    return result
  }

  /// The whole file.
  func file(_ statements: [Statement]) -> String {
    let body = body(statements, from: 0, to: source.bytes.count, isBlock: false)
    var lines: [FormatLine?] = []  // nil: a blank line
    var previousWasBlock = false
    for (index, unit) in body.units.enumerated() {
      var unit = unit
      let isBlock: Bool
      if case .block = unit.statement { isBlock = true } else { isBlock = false }
      if index > 0 && (isBlock || previousWasBlock) {
        if unit.leading.isEmpty { unit.blankBefore = true } else { unit.leading[0].blankBefore = true }
      }
      emit(unit, indent: 0, alignTo: nil, into: &lines, first: index == 0)
      previousWasBlock = isBlock
    }
    emitTail(body.tail, indent: 0, into: &lines, first: body.units.isEmpty)
    return render(lines)
  }

  /// Appends `unit`'s lines; `first` drops a blank line before it.
  func emit(_ unit: FormatUnit, indent: Int, alignTo width: Int?, into lines: inout [FormatLine?], first: Bool) {
    let pad = String(repeating: " ", count: indent)
    for (index, comment) in unit.leading.enumerated() {
      if comment.blankBefore && !(first && index == 0) { lines.append(nil) }
      lines.append(FormatLine(text: pad + comment.text))
    }
    if unit.blankBefore && !(first && unit.leading.isEmpty) { lines.append(nil) }
    guard let statement = unit.statement else { return }
    // A suppression comment names the line of the code it silences: keep that code on one line.
    var statementLines =
      unit.sameLine.isEmpty
      ? self.statement(statement, indent: indent, alignTo: width, keepsLine: unit.suppresses, value: unit.oneLineValue)
      : [
        FormatLine(text: pad + ([statement] + unit.sameLine).map { inline($0, indent: indent) }.joined(separator: ", "))
      ]
    if let trailing = unit.trailing {
      let last = statementLines.count - 1
      statementLines[last].comment = trailing
    }
    lines += statementLines.map { Optional($0) }
  }

  /// Appends comments that end a body.
  func emitTail(
    _ tail: [(text: String, blankBefore: Bool)], indent: Int, into lines: inout [FormatLine?], first: Bool
  ) {
    let pad = String(repeating: " ", count: indent)
    for (index, comment) in tail.enumerated() {
      if comment.blankBefore && !(first && index == 0) { lines.append(nil) }
      lines.append(FormatLine(text: pad + comment.text))
    }
  }

  /// Joins lines, aligning the trailing comments of consecutive lines of one indentation two spaces
  /// after the widest of them.
  func render(_ lines: [FormatLine?]) -> String {
    var out = ""
    var i = 0
    while i < lines.count {
      guard let line = lines[i] else {
        if !out.isEmpty && !out.hasSuffix("\n\n") { out += "\n" }
        i += 1
        continue
      }
      if line.comment == nil || !line.alignsComment {
        out += line.text + (line.comment.map { "  " + $0 } ?? "") + "\n"
        i += 1
        continue
      }
      // The group: this line and the next ones with a comment and the same indentation.
      let indent = line.text.prefix { $0 == " " }.count
      var j = i
      var width = 0
      while j < lines.count, let next = lines[j], next.comment != nil, next.alignsComment,
        next.text.prefix(while: { $0 == " " }).count == indent
      {
        width = max(width, next.text.columnCount)
        j += 1
      }
      for k in i..<j {
        let next = lines[k]!
        out += next.text + String(repeating: " ", count: width - next.text.columnCount + 2) + next.comment! + "\n"
      }
      i = j
    }
    while out.hasSuffix("\n\n") { out.removeLast() }
    return out
  }
}

extension String {
  /// The number of characters, which the layout counts as columns: for ASCII text (most of it),
  /// the number of bytes. (The formatter's lines hold no `\r`, the one ASCII byte that joins the
  /// next into one character.)
  var columnCount: Int { utf8.allSatisfy { $0 < 0x80 } ? utf8.count : count }
}
