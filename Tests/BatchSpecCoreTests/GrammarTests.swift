// The TextMate grammar stays in step with the schema: every enum word and block kind highlights.

import Foundation
import Testing
import BatchSpecCore

@Suite struct GrammarTests {
  static let grammarDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("grammar")

  func patterns(named scope: String, in object: Any) -> [String] {
    var found: [String] = []
    if let dictionary = object as? [String: Any] {
      if dictionary["name"] as? String == scope, let match = dictionary["match"] as? String { found.append(match) }
      for value in dictionary.values { found += patterns(named: scope, in: value) }
    } else if let array = object as? [Any] {
      for value in array { found += patterns(named: scope, in: value) }
    }
    return found
  }

  func enumWords(_ type: ValueType) -> [String] {
    switch type {
    case .enumeration(let words): words
    case .list(let element), .map(let element): enumWords(element)
    default: []
    }
  }

  /// Every block kind, in the schema's order, as editors list them.
  static var blockKinds: [String] { Schema.allBlocks.map(\.kind) }

  /// Every enum word of every attribute, sorted.
  static var enumWordList: [String] {
    var words: Set<String> = []
    for schema in Schema.allBlocks {
      for attribute in schema.attributes { words.formUnion(GrammarTests().enumWords(attribute.type)) }
    }
    return words.sorted()
  }

  /// Replaces the text between `start` and `end` (the first occurrence after `anchor`) by
  /// `replacement`; returns whether the old text was already that.
  static func splice(
    _ text: inout String, after anchor: String, between start: String, and end: String, with replacement: String
  ) -> Bool {
    guard let anchorRange = text.range(of: anchor),
      let startRange = text.range(of: start, range: anchorRange.upperBound..<text.endIndex),
      let endRange = text.range(of: end, range: startRange.upperBound..<text.endIndex)
    else {
      Issue.record("cannot find `\(anchor)` ... `\(start)` ... `\(end)`")
      return false
    }
    let old = String(text[startRange.upperBound..<endRange.lowerBound])
    text.replaceSubrange(startRange.upperBound..<endRange.lowerBound, with: replacement)
    return old == replacement
  }

  /// The TextMate grammar's block kinds and enum words are the schema's, exactly: the lists are
  /// generated from it (`BATCHSPEC_UPDATE_GOLDEN=1` rewrites them), so a new kind or word cannot be
  /// forgotten.
  @Test func textMateGrammarListsTheSchemasKindsAndWords() throws {
    let url = Self.grammarDirectory.appendingPathComponent("batchspec.tmLanguage.json")
    var text = try String(contentsOf: url, encoding: .utf8)
    let kindsMatch = Self.splice(
      &text, after: "\"block-header\"", between: "\"begin\": \"(?<![A-Za-z0-9_-])(", and: "|[A-Za-z_]",
      with: Self.blockKinds.joined(separator: "|"))
    let wordsMatch = Self.splice(
      &text, after: "\"constant.language.enum.batchspec\"", between: "\"match\": \"(?<![A-Za-z0-9_-])(",
      and: ")(?![A-Za-z0-9_-])", with: Self.enumWordList.joined(separator: "|"))
    if FormatterGolden.update {
      try text.write(to: url, atomically: true, encoding: .utf8)
    } else {
      #expect(kindsMatch, "the grammar's block kinds are not the schema's: run with BATCHSPEC_UPDATE_GOLDEN=1")
      #expect(wordsMatch, "the grammar's enum words are not the schema's: run with BATCHSPEC_UPDATE_GOLDEN=1")
    }
    _ = try JSONSerialization.jsonObject(with: Data(text.utf8))
  }

  /// Emacs highlights the same block kinds.
  @Test func emacsModeListsTheSchemasKinds() throws {
    let url = Self.grammarDirectory.deletingLastPathComponent().appendingPathComponent(
      "editors/emacs/batchspec-mode.el")
    var text = try String(contentsOf: url, encoding: .utf8)
    let words = (Self.blockKinds + ["param", "for", "in", "step"]).map { "\"\($0)\"" }
    var lines: [String] = []
    var line = ""
    for word in words {
      if !line.isEmpty && line.count + word.count + 1 > 88 {
        lines.append(line)
        line = ""
      }
      line += (line.isEmpty ? "" : " ") + word
    }
    lines.append(line)
    let replacement = lines.joined(separator: "\n                    ")
    let matches = Self.splice(
      &text, after: "batchspec-font-lock-keywords", between: "(regexp-opt '(", and: ")\n", with: replacement)
    if FormatterGolden.update {
      try text.write(to: url, atomically: true, encoding: .utf8)
    } else {
      #expect(matches, "batchspec-mode.el's block kinds are not the schema's: run with BATCHSPEC_UPDATE_GOLDEN=1")
    }
  }

  /// The EBNF's rules: each name defined with `::=`, and its right-hand side without comments.
  static func ebnfRules() throws -> [(name: String, body: String)] {
    var text = try String(contentsOf: grammarDirectory.appendingPathComponent("batchspec.ebnf"), encoding: .utf8)
    while let open = text.range(of: "(*"), let close = text.range(of: "*)", range: open.upperBound..<text.endIndex) {
      text.removeSubrange(open.lowerBound..<close.upperBound)
    }
    var rules: [(name: String, body: String)] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let parts = line.components(separatedBy: "::=")
      let head = parts[0].trimmingCharacters(in: .whitespaces)
      if parts.count == 2, !head.isEmpty, head.allSatisfy({ $0.isLetter || $0 == "_" }) {
        rules.append((head, parts[1]))
      } else if !rules.isEmpty {
        rules[rules.count - 1].body += "\n" + line
      }
    }
    return rules
  }

  /// The quoted literals of `body`, and the names it refers to (outside literals, character
  /// classes and `#xN` characters).
  static func parts(of body: String) -> (literals: [String], names: [String]) {
    var literals: [String] = []
    var names: [String] = []
    var rest = Substring(body)
    while let first = rest.first {
      rest = rest.dropFirst()
      switch first {
      case "'", "\"":
        let end = rest.firstIndex(of: first) ?? rest.endIndex
        literals.append(String(rest[..<end]))
        rest = rest[end...].dropFirst()
      case "[":
        rest = rest[(rest.firstIndex(of: "]") ?? rest.endIndex)...].dropFirst()
      case "#":
        rest = rest.drop { $0.isLetter || $0.isNumber }
      case _ where first.isLetter || first == "_":
        let word = String(first) + rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        rest = rest.dropFirst(word.count - 1)
        names.append(word)
      default:
        break
      }
    }
    return (literals, names)
  }

  @Test func ebnfRulesAreDefinedOnceUsedAndMatchTheLexer() throws {
    let rules = try Self.ebnfRules()
    let defined = rules.map(\.name)
    #expect(Set(defined).count == defined.count, "a rule is defined twice")
    // NL is defined in prose (a run of whitespace and comments holding a line break).
    let referenced = Set(rules.flatMap { Self.parts(of: $0.body).names })
    #expect(referenced.subtracting(defined + ["NL"]).isEmpty, "undefined: \(referenced.subtracting(defined))")
    // Unused by other rules: the start rule, and at most the trivia that may stand between any two
    // tokens.
    let unused = Set(defined).subtracting(referenced)
    #expect(
      unused.contains("file") && unused.isSubset(of: ["file", "WHITESPACE", "NEWLINE", "COMMENT"]), "unused: \(unused)")
    // The tokens the lexer makes are the grammar's: its lexical rules, and the punctuation the
    // syntax rules (lower case) quote, each one token.
    #expect(Set(["IDENT", "INTEGER", "DURATION", "STRING", "COMMENT"]).isSubset(of: defined))
    let syntaxLiterals = Set(rules.filter { $0.name.first!.isLowercase }.flatMap { Self.parts(of: $0.body).literals })
    for literal in syntaxLiterals {
      let tokens = Lexer.tokenize(Array(literal.utf8), file: FileID(0)).tokens
      #expect(tokens.count == 2 && tokens[0].kind != .invalid, "`\(literal)` is not one token")
    }
    let punctuation = (0...UInt8.max).compactMap(TokenKind.init(rawValue:)).map(\.display)
      .filter { $0.hasPrefix("`") }.map { String($0.dropFirst().dropLast()) }
    #expect(punctuation.count == 11)
    #expect(
      Set(punctuation).subtracting(syntaxLiterals).isEmpty,
      "the grammar never uses \(Set(punctuation).subtracting(syntaxLiterals))")
  }
}
