// JSON Schema validation over Core's JSON: each keyword's message with its path, schemas with
// keywords or patterns the validator does not know refused, and the pattern subset.

import Testing

import BatchSpecCore

@Suite struct JSONSchemaTests {
  static let schema = #"""
    {
      "type": "object",
      "required": ["id", "count"],
      "additionalProperties": false,
      "properties": {
        "id": { "$ref": "#/$defs/id" },
        "count": { "type": "integer", "minimum": 0, "maximum": 10 },
        "ratio": { "type": "number" },
        "mode": { "enum": ["fast", "slow"] },
        "version": { "type": "integer", "const": 1 },
        "mask": { "type": "string", "pattern": "^[0-7]{3,4}$", "description": "an octal mask" },
        "names": { "type": "array", "items": { "$ref": "#/$defs/id" }, "uniqueItems": true },
        "env": {
          "type": "object",
          "propertyNames": { "pattern": "^[^=]+$" },
          "additionalProperties": { "type": "string" }
        },
        "source": { "type": "object", "properties": { "kind": { "type": "string" }, "url": { "type": "string" } },
          "if": { "properties": { "kind": { "const": "url" } } }, "then": { "required": ["url"] } }
      },
      "$defs": { "id": { "type": "string", "minLength": 1 } }
    }
    """#

  func violations(_ text: String) throws -> [String] {
    let schema = try JSONSchema(try JSONParser.parse(Array(Self.schema.utf8)))
    return schema.violations(of: try JSONParser.parse(Array(text.utf8))).map(\.description)
  }

  @Test func aValidDocumentHasNoViolations() throws {
    let text = #"""
      {"id": "a", "count": 3, "ratio": 1.5, "mode": "fast", "version": 1, "mask": "0755", "names": ["x", "y"],
       "env": {"A": "1"}, "source": {"kind": "url", "url": "https://example.com"}}
      """#
    #expect(try violations(text) == [])
    #expect(try violations(#"{"id": "a", "count": 2.0, "ratio": 2}"#) == [])
  }

  @Test func eachKeywordSaysWhatItExpectedAndWhere() throws {
    #expect(try violations(#"{"id": "a"}"#) == [#"$ has no member "count""#])
    #expect(try violations(#"{"id": "", "count": 1}"#) == ["$.id must not be empty"])
    #expect(try violations(#"{"id": "a", "count": 1, "extra": 1}"#) == [#"$ has an unknown member "extra""#])
    #expect(try violations(#"{"id": "a", "count": -1}"#) == ["$.count must be at least 0, not -1"])
    #expect(try violations(#"{"id": "a", "count": 11}"#) == ["$.count must be at most 10, not 11"])
    #expect(try violations(#"{"id": "a", "count": 1.5}"#) == ["$.count must be an integer, not 1.5"])
    #expect(
      try violations(#"{"id": "a", "count": 9223372036854775808}"#) == [
        "$.count must be an integer from -9223372036854775808 to 9223372036854775807, not 9.223372036854776e+18"
      ])
    #expect(try violations(#"{"id": "a", "count": "1"}"#) == [#"$.count must be an integer, not "1""#])
    #expect(try violations(#"{"id": "a", "count": 1, "ratio": true}"#) == ["$.ratio must be a number, not true"])
    #expect(
      try violations(#"{"id": "a", "count": 1, "mode": "quick"}"#) == [
        #"$.mode must be one of "fast", "slow", not "quick""#
      ])
    #expect(try violations(#"{"id": "a", "count": 1, "version": 2}"#) == ["$.version must be 1, not 2"])
    #expect(
      try violations(#"{"id": "a", "count": 1, "mask": "999"}"#) == [
        #"$.mask must match ^[0-7]{3,4}$ (an octal mask), not "999""#
      ])
    #expect(try violations(#"{"id": "a", "count": 1, "names": ["x", ""]}"#) == ["$.names[1] must not be empty"])
    #expect(try violations(#"{"id": "a", "count": 1, "names": ["x", "x"]}"#) == [#"$.names lists "x" more than once"#])
    #expect(
      try violations(#"{"id": "a", "count": 1, "env": {"A=B": "1", "C": 2}}"#) == [
        #"$.env has the name "A=B", which does not match ^[^=]+$"#, "$.env.C must be a string, not 2",
      ])
    #expect(
      try violations(#"{"id": "a", "count": 1, "source": {"kind": "url"}}"#) == [#"$.source has no member "url""#])
    #expect(try violations(#"{"id": "a", "count": 1, "source": {"kind": "blob"}}"#) == [])
    #expect(try violations("[1]") == ["$ must be an object, not an array"])
  }

  @Test func violationsStopAtTheLimit() throws {
    let schema = try JSONSchema(try JSONParser.parse(Array(#"{"items": {"type": "string"}}"#.utf8)))
    let many = JSON.array((0..<100).map { .integer($0) })
    #expect(
      schema.violations(of: many, limit: 3).map(\.description) == [
        "$[0] must be a string, not 0", "$[1] must be a string, not 1", "$[2] must be a string, not 2",
      ])
  }

  @Test func schemasWithWhatTheValidatorDoesNotKnowAreRefused() throws {
    func error(_ text: String) throws -> String? {
      let document = try JSONParser.parse(Array(text.utf8))
      do {
        _ = try JSONSchema(document)
        return nil
      } catch {
        return error.description
      }
    }
    #expect(try error(#"{"format": "uri"}"#) == "$.format is a keyword this validator does not know")
    #expect(try error(##"{"$ref": "#/$defs/missing"}"##) == #"$["$ref"] must name one of the document's `$defs`"#)
    #expect(
      try error(#"{"properties": {"a": {"pattern": "(a|b)"}}}"#)
        == "$.properties.a.pattern must be a pattern of classes and counts (see `JSONPattern`)")
    #expect(try error(#"{"type": "text"}"#) == "$.type must name JSON types")
  }
}

@Suite struct JSONPatternTests {
  func matches(_ pattern: String, _ text: String) -> Bool { JSONPattern(pattern)?.matches(text) ?? false }

  @Test func classesCountsAndAnchors() {
    #expect(matches("^[0-7]{3,4}$", "0755"))
    #expect(matches("^[0-7]{3,4}$", "644"))
    #expect(!matches("^[0-7]{3,4}$", "999"))
    #expect(!matches("^[0-7]{3,4}$", "07555"))
    #expect(!matches("^[0-7]{3,4}$", "75"))
    #expect(!matches("^[0-7]{3,4}$", "0755\n"))
    #expect(matches("^[^=]+$", "PATH"))
    #expect(!matches("^[^=]+$", "A=B"))
    #expect(!matches("^[^=]+$", ""))
    #expect(matches("=", "A=B"))
    #expect(matches("b+c?$", "aabbb"))
    #expect(matches(#"^\d*\.\d{2}$"#, "12.50"))
    #expect(!matches(#"^\d*\.\d{2}$"#, "12x50"))
    #expect(matches("^a.c$", "abc"))
    #expect(!matches("^a.c$", "a\nc"))
    #expect(matches("^[a-zA-Z_][a-zA-Z0-9_-]*$", "node_agent-2"))
    #expect(matches("^x{2,}$", "xxxxx"))
    #expect(matches("^[-a]+$", "-a-"))
  }

  @Test func syntaxOutsideTheSubsetIsRefused() {
    for pattern in ["(a)", "a|b", "a*?", "[]", "[a", "x{3", "x{3,2}", #"\w"#, "a^", "*a", "a$b"] {
      #expect(JSONPattern(pattern) == nil, "\(pattern)")
    }
  }
}
