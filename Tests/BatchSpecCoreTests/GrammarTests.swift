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

  @Test func textMateGrammarKnowsEveryEnumWordAndBlockKind() throws {
    let data = try Data(contentsOf: Self.grammarDirectory.appendingPathComponent("batchspec.tmLanguage.json"))
    let grammar = try JSONSerialization.jsonObject(with: data)
    let text = String(decoding: data, as: UTF8.self)
    let enumPattern = patterns(named: "constant.language.enum.batchspec", in: grammar).joined()
    for schema in Schema.allBlocks {
      #expect(text.contains("|\(schema.kind)|") || text.contains("(\(schema.kind)|"), "block kind `\(schema.kind)`")
      for attribute in schema.attributes {
        for word in enumWords(attribute.type) {
          #expect(
            enumPattern.contains("|\(word)|") || enumPattern.contains("(\(word)|") || enumPattern.contains("|\(word))"),
            "enum word `\(word)` of `\(schema.kind).\(attribute.name)`")
        }
      }
    }
  }

  @Test func ebnfNamesEveryLexicalRule() throws {
    let text = try String(contentsOf: Self.grammarDirectory.appendingPathComponent("batchspec.ebnf"), encoding: .utf8)
    for rule in [
      "IDENT", "INTEGER", "DURATION", "STRING", "INTERPOLATION", "COMMENT", "block", "attribute", "param", "sweep",
    ] {
      #expect(text.contains("\(rule) "), "rule \(rule)")
    }
  }
}
