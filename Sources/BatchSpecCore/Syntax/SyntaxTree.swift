// The syntax tree: blocks, attributes, params and expressions, each with its exact byte range.
// The parser knows no block kinds: the schema gives them meaning.

/// A name as written: an identifier or a quoted label, with its range.
///
/// 24 bytes: whether it is quoted is the top bit of its end offset (a source file is below 2 GiB,
/// `SourceFile.maximumByteCount`). Every attribute holds a name, and a byte more made each
/// statement of a body 8 bytes larger.
package struct Name: Hashable, Sendable {
  /// The name's text (for a quoted label, the decoded string).
  package var text: String
  private var start: UInt32
  /// The end offset, and in the top bit whether the name is quoted.
  private var endAndQuoted: UInt32
  private static let quotedBit: UInt32 = 1 << 31

  /// Creates a name.
  package init(_ text: String, _ range: TextRange, isQuoted: Bool = false) {
    self.text = text
    self.start = UInt32(truncatingIfNeeded: range.start)
    self.endAndQuoted = UInt32(truncatingIfNeeded: range.end) & ~Self.quotedBit | (isQuoted ? Self.quotedBit : 0)
  }

  /// Where it is written (for a quoted label, including the quotes).
  package var range: TextRange {
    get { TextRange(Int(start), Int(endAndQuoted & ~Self.quotedBit)) }
    set { self = Name(text, newValue, isQuoted: isQuoted) }
  }
  /// Whether it was written as a string (`pool "my pool" {}`).
  package var isQuoted: Bool { endAndQuoted & Self.quotedBit != 0 }
}

/// One statement of a file or a block body.
package enum Statement: Equatable, Sendable {
  case attribute(Attribute)
  case block(Block)
  indirect case param(ParamDeclaration)

  /// The statement's full range.
  package var range: TextRange {
    switch self {
    case .attribute(let a): a.range
    case .block(let b): b.range
    case .param(let p): p.range
    }
  }
}

/// `name = value`.
package struct Attribute: Equatable, Sendable {
  /// The attribute's name.
  package var name: Name
  /// The value; `.error` when it was missing or malformed (already reported).
  package var value: Expr
  /// From the name to the end of the value: computed, not stored (a body's statements are as
  /// large as an attribute).
  package var range: TextRange { name.range.union(value.range) }

  /// Creates `name = value`.
  package init(name: Name, value: Expr) {
    self.name = name
    self.value = value
  }
}

/// `kind label? (for variable in values)? { body }`.
///
/// A class, so walking a body copies a reference rather than a whole subtree.
package final class Block: Equatable, Sendable {
  /// The block kind, such as `pool`.
  package let kind: Name
  /// The label: the resource ID, file path or pattern.
  package let label: Name?
  /// The sweep clause, for `task frame for i in 1..10 { }`.
  package var sweep: Sweep? { sweepBox?.sweep }
  /// Most blocks have no sweep: kept behind a reference, it costs them 8 bytes rather than 60.
  private let sweepBox: SweepBox?
  /// The statements inside the braces.
  package let body: [Statement]
  /// The `{`, or an empty range where it is missing.
  package let openBrace: TextRange
  /// The `}`, or nil when the block is never closed.
  package let closeBrace: TextRange?
  /// From the kind to the closing brace (or the last byte parsed).
  package let range: TextRange

  /// Creates a block.
  package init(
    kind: Name, label: Name?, sweep: Sweep?, body: [Statement], openBrace: TextRange, closeBrace: TextRange?,
    range: TextRange
  ) {
    self.kind = kind
    self.label = label
    self.sweepBox = sweep.map(SweepBox.init)
    self.body = body
    self.openBrace = openBrace
    self.closeBrace = closeBrace
    self.range = range
  }

  /// The same block as written: kind, label, sweep, body and every place (the same object, or a
  /// parse of the same text at the same place).
  package static func == (a: Block, b: Block) -> Bool {
    a === b
      || (a.kind == b.kind && a.label == b.label && a.sweep == b.sweep && a.body == b.body && a.openBrace == b.openBrace
        && a.closeBrace == b.closeBrace && a.range == b.range)
  }
}

/// A block's sweep clause, held by reference.
private final class SweepBox: Sendable {
  let sweep: Sweep
  init(_ sweep: Sweep) { self.sweep = sweep }
}

/// `for variable in values`.
package struct Sweep: Equatable, Sendable {
  /// The loop variable.
  package var variable: Name
  /// A range `1..n` (optionally `step k`) or a list.
  package var values: Expr
  /// From `for` to the end of the values.
  package var range: TextRange
}

/// `param name: type = default`.
package struct ParamDeclaration: Equatable, Sendable {
  /// The param's name.
  package var name: Name
  /// The declared type name (`int`, `string`, `bool`, `duration`), if written.
  package var type: Name?
  /// The default value, if written.
  package var defaultValue: Expr?
  /// The whole declaration.
  package var range: TextRange
}

/// A piece of a string literal: decoded text or an interpolated expression.
package enum StringPart: Equatable, Sendable {
  case text(String, TextRange)
  case interpolation(Expr, TextRange)
}

/// A string literal, possibly with `${...}` interpolations.
///
/// Most literals hold neither an escape nor an interpolation: those keep their text alone, with no
/// array of parts to allocate.
package struct StringLiteral: Equatable, Sendable {
  private enum Storage: Equatable {
    /// The text between the quotes, exactly as written.
    case constant(String)
    case parts([StringPart])
  }
  /// The literal's range, quotes included. (Before `storage`: so the two take 25 bytes, not 28,
  /// and an expression 32.)
  package var range: TextRange
  private var storage: Storage

  /// A literal made of `parts`.
  package init(parts: [StringPart], range: TextRange) {
    self.storage = .parts(parts)
    self.range = range
  }

  /// A literal whose content, just after the opening quote, is `text` exactly as written.
  package init(constant text: String, range: TextRange) {
    self.storage = .constant(text)
    self.range = range
  }

  /// The decoded parts, in order.
  package var parts: [StringPart] {
    switch storage {
    case .parts(let parts): return parts
    case .constant(let text):
      if text.isEmpty { return [] }
      return [.text(text, TextRange(range.start + 1, range.start + 1 + text.utf8.count))]
    }
  }

  /// The decoded text when the literal has no interpolation.
  package var constantText: String? {
    switch storage {
    case .constant(let text): return text
    case .parts(let parts): return Self.constantText(of: parts)
    }
  }

  /// The text of a literal made of `parts` when it has no interpolation.
  static func constantText(of parts: some Collection<StringPart>) -> String? {
    guard let first = parts.first else { return "" }
    if parts.count == 1, case .text(let text, _) = first { return text }
    return nil
  }
}

/// One `key = value` of a map literal.
package struct MapEntry: Equatable, Sendable {
  /// The key, from an identifier or a string.
  package var key: Name
  /// The value.
  package var value: Expr
  /// From the key to the end of the value (computed, as an attribute's is).
  package var range: TextRange { key.range.union(value.range) }

  /// Creates `key = value`.
  package init(key: Name, value: Expr) {
    self.key = key
    self.value = value
  }
}

/// An expression: literals, names, lists, maps, member and index access, calls and ranges.
///
/// Only the cases that hold an `Expr` directly are `indirect`: leaves cost no heap box.
package enum Expr: Equatable, Sendable {
  case string(StringLiteral)
  case integer(Int64, TextRange)
  /// A duration, in milliseconds.
  case duration(Int64, TextRange)
  case bool(Bool, TextRange)
  case name(Name)
  case list([Expr], TextRange)
  case map([MapEntry], TextRange)
  /// `base.member`: a storage container, for example.
  indirect case member(Expr, Name, TextRange)
  /// `base[index]`: a blob of a container, or one task of a sweep.
  indirect case index(Expr, Expr, TextRange)
  /// `function(arguments)`: only `env("NAME")` today.
  indirect case call(Name, [Expr], TextRange)
  /// `lower..upper` or `lower..upper step k`, inclusive.
  indirect case range(Expr, Expr, step: Expr?, TextRange)
  /// Missing or malformed; the parser has reported it.
  case error(TextRange)

  /// The expression's range.
  package var range: TextRange {
    switch self {
    case .string(let s): s.range
    case .integer(_, let r), .duration(_, let r), .bool(_, let r), .list(_, let r), .map(_, let r),
      .member(_, _, let r), .index(_, _, let r), .call(_, _, let r), .range(_, _, _, let r), .error(let r):
      r
    case .name(let n): n.range
    }
  }
}

/// A parsed file: its statements, comments and syntax errors. Two trees are equal when they hold
/// the same statements at the same places, the same comments and diagnostics, and what a parse
/// after an edit reads of them (`Parser.parse(_:after:tree:)`).
///
/// A parse after an edit takes the statements after the edit from the last tree as they are,
/// with how far each moved (`shift(ofStatement:)`), rather than building each again with every
/// place moved: an edit near the top of a file would otherwise rebuild the whole file's syntax.
/// `statements` gives them moved; code on the path of every edit (the checker) reads them with
/// `statement(_:)` and moves only what it keeps.
package struct SyntaxTree: Sendable {
  /// The file's ID.
  package var file: FileID
  /// Top-level statements as parsed: those taken from a last tree keep its places.
  private(set) var parsed: [Statement]
  /// How far each of `parsed` moved since it was parsed; empty when none did.
  private(set) var shifts: [Int] = []
  /// All comments, in order: with the tokens they cover every byte of the file.
  package var comments: [TextRange]
  /// Lexical and syntax errors: the lexer's, then the parser's.
  package var diagnostics: [Diagnostic]
  /// How many of `diagnostics` are the lexer's.
  package var lexerDiagnosticCount = 0
  /// For each of `statements`, how many of the parser's diagnostics were reported before it was
  /// parsed: what lets a parse after an edit keep the diagnostics of the statements it keeps.
  package var statementDiagnostics: [Int] = []
  /// What the lexer found that changes how the parser recovers (`{` less `}`, a comment left
  /// open): a parse after an edit keeps statements only when these agree.
  package var braceBalance = 0
  package var swallowedEnd = false

  /// A tree of `statements`, each where it is written.
  package init(file: FileID, statements: [Statement], comments: [TextRange], diagnostics: [Diagnostic]) {
    self.file = file
    self.parsed = statements
    self.comments = comments
    self.diagnostics = diagnostics
  }

  /// A tree of `statements`, each moved by its `shifts` (as many; empty when none moved).
  init(file: FileID, statements: [Statement], shifts: [Int], comments: [TextRange], diagnostics: [Diagnostic]) {
    self.init(file: file, statements: statements, comments: comments, diagnostics: diagnostics)
    self.shifts = shifts.contains { $0 != 0 } ? shifts : []
  }

  /// Top-level statements, every place where it is now. Statements a parse after an edit took
  /// from the last tree are moved on each call: code that reads every statement of every edit
  /// reads `statement(_:)`.
  package var statements: [Statement] {
    guard !shifts.isEmpty else { return parsed }
    return parsed.indices.map { parsed[$0].shifted(by: shifts[$0]) }
  }

  /// The same tree, with every statement built again where it is now: `statements` then moves
  /// nothing on each call.
  package var settled: SyntaxTree {
    guard !shifts.isEmpty else { return self }
    var tree = self
    tree.parsed = statements
    tree.shifts = []
    return tree
  }

  /// The same tree without its statements: its comments and diagnostics, what reports and
  /// suppressions read once the file is checked (see `Project.takeSyntax()`).
  package var withoutStatements: SyntaxTree {
    var tree = SyntaxTree(file: file, statements: [], comments: comments, diagnostics: diagnostics)
    tree.lexerDiagnosticCount = lexerDiagnosticCount
    return tree
  }

  /// The top-level param declarations, where they are now (the rest is not moved).
  package var params: [ParamDeclaration] {
    parsed.indices.compactMap { index in
      guard case .param = parsed[index], case .param(let param) = parsed[index].shifted(by: shift(ofStatement: index))
      else { return nil }
      return param
    }
  }

  /// The number of top-level statements.
  package var statementCount: Int { parsed.count }

  /// Top-level statement `index` as parsed, and how far it moved since: its places plus `shift`
  /// are where it is now.
  package func statement(_ index: Int) -> (statement: Statement, shift: Int) {
    (parsed[index], shifts.isEmpty ? 0 : shifts[index])
  }

  /// How far top-level statement `index` moved since it was parsed.
  func shift(ofStatement index: Int) -> Int { shifts.isEmpty ? 0 : shifts[index] }

  /// Where top-level statement `index` is now.
  package func range(ofStatement index: Int) -> TextRange {
    shifts.isEmpty ? parsed[index].range : parsed[index].range.shifted(by: shifts[index])
  }
}

extension SyntaxTree: Equatable {
  /// The same statements at the same places (however they were parsed), comments, diagnostics
  /// and what a parse after an edit reads.
  package static func == (a: SyntaxTree, b: SyntaxTree) -> Bool {
    a.file == b.file && a.statementCount == b.statementCount && a.statements == b.statements
      && a.comments == b.comments && a.diagnostics == b.diagnostics && a.lexerDiagnosticCount == b.lexerDiagnosticCount
      && a.statementDiagnostics == b.statementDiagnostics && a.braceBalance == b.braceBalance
      && a.swallowedEnd == b.swallowedEnd
  }
}

// MARK: Moving a parsed statement

// An edit that parses one statement again takes the statements after it from the last tree,
// moved by the edit's change of length (`Parser.parse(_:after:tree:)`).

extension Name {
  /// The same name `delta` bytes further on.
  func shifted(by delta: Int) -> Name {
    var moved = self
    moved.range = range.shifted(by: delta)
    return moved
  }
}

extension Statement {
  /// The same statement `delta` bytes further on: every range in it moved (itself, by zero).
  func shifted(by delta: Int) -> Statement {
    guard delta != 0 else { return self }
    return switch self {
    case .attribute(let attribute): .attribute(attribute.shifted(by: delta))
    case .block(let block): .block(block.shifted(by: delta))
    case .param(let param):
      .param(
        ParamDeclaration(
          name: param.name.shifted(by: delta), type: param.type?.shifted(by: delta),
          defaultValue: param.defaultValue?.shifted(by: delta), range: param.range.shifted(by: delta)))
    }
  }
}

extension Attribute {
  func shifted(by delta: Int) -> Attribute {
    Attribute(name: name.shifted(by: delta), value: value.shifted(by: delta))
  }
}

extension Block {
  /// The same block `delta` bytes further on (the same object, by zero).
  func shifted(by delta: Int) -> Block {
    guard delta != 0 else { return self }
    return Block(
      kind: kind.shifted(by: delta), label: label?.shifted(by: delta),
      sweep: sweep.map {
        Sweep(
          variable: $0.variable.shifted(by: delta), values: $0.values.shifted(by: delta),
          range: $0.range.shifted(by: delta))
      },
      body: body.map { $0.shifted(by: delta) }, openBrace: openBrace.shifted(by: delta),
      closeBrace: closeBrace?.shifted(by: delta), range: range.shifted(by: delta))
  }
}

extension StringLiteral {
  func shifted(by delta: Int) -> StringLiteral {
    var moved = self
    moved.range = range.shifted(by: delta)
    if case .parts(let parts) = storage {
      moved.storage = .parts(
        parts.map { part in
          switch part {
          case .text(let text, let range): .text(text, range.shifted(by: delta))
          case .interpolation(let expr, let range): .interpolation(expr.shifted(by: delta), range.shifted(by: delta))
          }
        })
    }
    return moved
  }
}

extension Expr {
  func shifted(by delta: Int) -> Expr {
    switch self {
    case .string(let literal): .string(literal.shifted(by: delta))
    case .integer(let value, let range): .integer(value, range.shifted(by: delta))
    case .duration(let value, let range): .duration(value, range.shifted(by: delta))
    case .bool(let value, let range): .bool(value, range.shifted(by: delta))
    case .name(let name): .name(name.shifted(by: delta))
    case .list(let elements, let range): .list(elements.map { $0.shifted(by: delta) }, range.shifted(by: delta))
    case .map(let entries, let range):
      .map(
        entries.map {
          MapEntry(key: $0.key.shifted(by: delta), value: $0.value.shifted(by: delta))
        }, range.shifted(by: delta))
    case .member(let base, let name, let range):
      .member(base.shifted(by: delta), name.shifted(by: delta), range.shifted(by: delta))
    case .index(let base, let index, let range):
      .index(base.shifted(by: delta), index.shifted(by: delta), range.shifted(by: delta))
    case .call(let name, let arguments, let range):
      .call(name.shifted(by: delta), arguments.map { $0.shifted(by: delta) }, range.shifted(by: delta))
    case .range(let lower, let upper, let step, let range):
      .range(
        lower.shifted(by: delta), upper.shifted(by: delta), step: step?.shifted(by: delta), range.shifted(by: delta))
    case .error(let range): .error(range.shifted(by: delta))
    }
  }
}
