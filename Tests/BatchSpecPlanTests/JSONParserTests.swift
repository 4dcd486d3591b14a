// The JSON reader of `batchspec import`: member order, booleans apart from numbers, escapes, and
// errors instead of traps.

import BatchSpecCore
import Testing

import BatchSpecPlan

@Suite struct JSONParserTests {
  @Test func keepsOrderAndTypes() throws {
    let value = try ImportJSON.parse(#" { "b": true, "a": [1, -2, null], "c": "x\"\\\/\n\u00e9\ud83d\ude00" } "#).value
    #expect(
      value
        == .object([
          ("b", .bool(true)), ("a", .array([.integer(1), .integer(-2), .null])), ("c", .string("x\"\\/\né😀")),
        ]))
  }

  @Test func skipsAByteOrderMark() throws {
    #expect(try ImportJSON.parse("\u{FEFF}{\"a\": 1}").value == .object([("a", .integer(1))]))
  }

  @Test func refusesWhatIsNotJSON() {
    for text in ["", "{", "[1,]", "{\"a\" 1}", "\"\\x\"", "tru", "{} x", "\"\\ud800\"", "\"a\nb\""] {
      #expect(throws: JSONParseError.self, "\(text)") { try ImportJSON.parse(text) }
    }
  }

  @Test func importReportsAFileThatIsNotJSON() {
    let result = AzureImporter.importFiles([("broken.json", "{ nope")])
    #expect(result.files.isEmpty)
    #expect(result.errors.first?.file == "broken.json")
  }
}

@Suite struct TemplateImportTests {
  @Test func otherResourcesOfATemplateAreReportedAndTheRestImported() {
    let template = """
      {"resources": [
        {"type": "Microsoft.Network/virtualNetworks", "name": "net", "location": "westeurope"},
        {"type": "Microsoft.Batch/batchAccounts", "name": "lab", "location": "westeurope",
         "properties": {"poolAllocationMode": "BatchService", "encryption": {}}}
      ]}
      """
    let result = AzureImporter.importFiles([("accounts/lab.json", template)])
    #expect(result.files.first?.text.contains("account lab {") == true)
    #expect(result.warnings.map(\.path) == ["$.resources[0].type", "$.resources[1].properties.encryption"])
  }
}
