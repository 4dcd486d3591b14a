// grammar/schema.md, the language reference of every block kind and attribute, is generated from
// the schema table: it cannot describe an attribute the checker does not know, or miss one.

import Foundation
import Testing

@testable import BatchSpecCore

@Suite struct SchemaReferenceTests {
  static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("grammar/schema.md")

  /// The reference as the schema gives it.
  static func reference() -> String {
    var text = """
      # The batchspec schema

      Every block kind of the language and its attributes, generated from the schema table
      (`Sources/BatchSpecCore/Schema`) by `SchemaReferenceTests`: run the tests with
      `BATCHSPEC_UPDATE_GOLDEN=1` after changing the schema. The syntax is `grammar/batchspec.ebnf`;
      what a block or attribute becomes in Azure Batch's REST API is its "REST" column, relative to
      the block's own object (`.custom` mappings are computed by the Azure target, `.local` ones stay
      on this machine). Hover in an editor shows the same text.

      ## Contents


      """
    for block in Schema.allBlocks { text += "- [`\(block.kind)`](#\(block.kind))\n" }
    for block in Schema.allBlocks {
      text += "\n## \(block.kind)\n\n\(block.documentation)\n\n"
      let parents = Schema.parents(of: block.kind)
      text +=
        "- **Stands in**: "
        + parents.map { $0 == "(top level)" ? "a file's top level" : "`\($0)`" }
        .joined(separator: ", ") + "\n"
      switch block.label {
      case .none: text += "- **Label**: none\n"
      case .resourceID(let kind): text += "- **Label**: the \(kind.rawValue)'s ID\n"
      case .text(let meaning, let required): text += "- **Label**: \(meaning)\(required ? "" : " (optional)")\n"
      }
      if block.isRepeatable {
        text += "- **Repeatable**: yes\(block.hasUniqueLabels ? ", with distinct labels" : "")\n"
      }
      if block.allowsSweep { text += "- **Sweeps**: `for NAME in VALUES`\n" }
      if !block.children.isEmpty {
        text += "- **Blocks inside**: " + block.children.map { "`\($0)`" }.joined(separator: ", ") + "\n"
      }
      text += "- **REST**: \(block.rest.description)\n"
      for group in block.exactlyOneOf {
        text += "- **Exactly one of**: " + group.map { "`\($0)`" }.joined(separator: ", ") + "\n"
      }
      for group in block.atMostOneOf {
        text += "- **At most one of**: " + group.map { "`\($0)`" }.joined(separator: ", ") + "\n"
      }
      guard !block.attributes.isEmpty else { continue }
      text += "\n| attribute | type | default | REST | meaning |\n|---|---|---|---|---|\n"
      for attribute in block.attributes {
        let cells = [
          "`\(attribute.name)`" + (attribute.isRequired ? " (required)" : ""), attribute.typeDescription,
          attribute.defaultText.map { "`\($0)`" } ?? "", attribute.rest.description, attribute.documentation,
        ]
        text += "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
      }
    }
    return text
  }

  /// The block kinds that run a command line, read off the schema's table (command blocks name
  /// their kind by it).
  @Test func commandKindsAreTheBlocksThatRunACommand() {
    #expect(Schema.commandKinds.map { $0.schema.kind } == ["start_task", "prepare", "release", "manager", "task"])
    // The list is every kind that conforms, in `allKinds`' order.
    let conforming = Schema.allKinds.compactMap { $0 as? any CommandKind.Type }
    #expect(Schema.commandKinds.map { $0.schema.kind } == conforming.map { $0.schema.kind })
  }

  @Test func grammarSchemaReferenceIsTheSchemas() throws {
    let expected = Self.reference()
    if FormatterGolden.update {
      try expected.write(to: Self.path, atomically: true, encoding: .utf8)
      return
    }
    let actual = try String(contentsOf: Self.path, encoding: .utf8)
    #expect(actual == expected, "grammar/schema.md is not the schema's: run the tests with BATCHSPEC_UPDATE_GOLDEN=1")
  }
}
