// Core's JSON as the one mechanism: the writer's bytes, `Codable` values encoded (sorted members)
// and decoded (strict, errors naming their path).

import Testing

import BatchSpecCore

@Suite struct JSONWriterTests {
  @Test func prettyPrintingPutsOneMemberOrElementOnALine() {
    let value = JSON.object([
      ("a", .integer(1)), ("b", .array([.string("x"), .bool(true)])), ("c", .object([])), ("d", .array([])),
      ("e", .object([("f", .null)])),
    ])
    #expect(
      value.pretty() == """
        {
          "a": 1,
          "b": [
            "x",
            true
          ],
          "c": {},
          "d": [],
          "e": {
            "f": null
          }
        }

        """)
    #expect(value.serialized() == #"{"a":1,"b":["x",true],"c":{},"d":[],"e":{"f":null}}"#)
  }

  /// The Azure target renders each task once, where it sits in its collection, and assembles the
  /// collection's file from those pieces: the bytes must be `pretty()`'s.
  @Test func anObjectAssembledFromRenderedElementsIsWhatPrettyWrites() {
    let elements: [JSON] = [
      .object([("id", .string("t1")), ("commandLine", .string("echo {{X}}")), ("e", .array([]))]),
      .object([("id", .string("t2")), ("dependsOn", .object([("taskIds", .array([.string("t1")]))]))]),
      .integer(3), .object([]),
    ]
    for count in 0...elements.count {
      let value = JSON.object([("value", .array(Array(elements.prefix(count))))])
      let assembled = JSON.prettyObject(key: "value", elements: elements.prefix(count).map { $0.prettyBytes(depth: 2) })
      #expect(String(decoding: assembled, as: UTF8.self) == value.pretty())
    }
  }

  @Test func stringsEscapeQuotesBackslashesAndControlCharactersOnly() {
    var text = ""
    for scalar in 0..<0x20 { text.unicodeScalars.append(Unicode.Scalar(UInt8(scalar))) }
    text += "\"\\/\u{7F}é\u{2028}😀"
    let expected =
      #""\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f"#
      + #"\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f"#
      + "\\\"\\\\/\u{7F}é\u{2028}😀\""
    #expect(JSON.string(text).serialized() == expected)
    #expect(JSON.string("plain").serialized() == #""plain""#)
    #expect((try? JSONParser.parse(Array(expected.utf8))) == .string(text))
  }

  /// A string's `{{` is written `\u007b{` (the same text once read), so that `{{` in a file is
  /// only ever a placeholder (`JSON.placeholders`), which is written as it is.
  @Test func aStringsDoubleBracesAreEscapedAndOnlyPlaceholdersAreWrittenAsTheyAre() throws {
    let text = "echo {{USER}} {{{x}}} { {"
    let written = JSON.string(text).serialized()
    #expect(written == #""echo \u007b{USER}} \u007b\u007b{x}}} { {""#)
    #expect(!written.contains("{{"))
    #expect(try JSONParser.parse(Array(written.utf8)).stringValue == text)
    #expect(JSON.object([("k{{", .string("{{"))]).serialized() == #"{"k\u007b{":"\u007b{"}"#)
    let placeholder = JSON.placeholders("https://a.blob.core.windows.net/c?{{A_SAS}}")
    #expect(placeholder.serialized() == #""https://a.blob.core.windows.net/c?{{A_SAS}}""#)
    #expect(placeholder.stringValue == "https://a.blob.core.windows.net/c?{{A_SAS}}")
  }

  @Test func numbersWithAFixedNumberOfFractionDigits() {
    #expect(JSON.number(1.5, fractionDigits: 3) == "1.500")
    #expect(JSON.number(0.0004, fractionDigits: 3) == "0.000")
    #expect(JSON.number(-0.0004, fractionDigits: 3) == "0.000")
    #expect(JSON.number(-2.0625, fractionDigits: 2) == "-2.06")
    #expect(JSON.number(12.9996, fractionDigits: 3) == "13.000")
    #expect(JSON.number(7, fractionDigits: 0) == "7")
    #expect(JSON.number(.infinity, fractionDigits: 3) == "null")
    let line = JSON.object([("time", .double(0.25)), ("n", .integer(3))])
    #expect(line.serialized(fractionDigits: 3) == #"{"time":0.250,"n":3}"#)
    #expect(line.serialized() == #"{"time":0.25,"n":3}"#)
  }
}

/// A model with what plans hold: optionals, enums, arrays, string maps, nesting.
struct CodableSample: Codable, Equatable {
  enum Mode: String, Codable, CaseIterable { case fast, slow }
  struct Limits: Codable, Equatable {
    var maxMs: Int64?
    var retries: Int
  }
  var name: String
  var mode: Mode
  var count: Int
  var ratio: Double?
  var enabled: Bool
  var tags: [String]
  var environment: [String: String]
  var limits: Limits
  var items: [Limits]
  var note: String?
}

@Suite struct JSONCodableTests {
  static let sample = CodableSample(
    name: "a/b \"c\"", mode: .slow, count: -3, ratio: 0.5, enabled: true, tags: ["x", "y"],
    environment: ["b": "2", "B": "1", "a10": "x", "a9": "y", "é": "e", "_": "u"], limits: .init(maxMs: nil, retries: 2),
    items: [.init(maxMs: 5, retries: 0)], note: nil)

  @Test func encodingSortsMembersByTheirUTF8BytesAndLeavesOutNil() throws {
    let json = try JSON(encoding: Self.sample)
    #expect(
      json.serialized()
        == #"{"count":-3,"enabled":true,"environment":{"B":"1","_":"u","a10":"x","a9":"y","b":"2","é":"e"},"#
        + #""items":[{"maxMs":5,"retries":0}],"limits":{"retries":2},"mode":"slow","name":"a/b \"c\"","ratio":0.5,"#
        + #""tags":["x","y"]}"#)
  }

  @Test func decodingGivesBackWhatWasEncoded() throws {
    let json = try JSON(encoding: Self.sample)
    #expect(try json.decode(CodableSample.self) == Self.sample)
    let reparsed = try JSONParser.parse(Array(json.pretty().utf8))
    #expect(try reparsed.decode(CodableSample.self) == Self.sample)
  }

  @Test func encodingRefusesNumbersJSONCannotHold() {
    #expect(throws: JSONPathError(JSONPath.root.appending("ratio"), "is inf, which JSON cannot hold")) {
      var sample = Self.sample
      sample.ratio = .infinity
      _ = try JSON(encoding: sample)
    }
    #expect(throws: JSONPathError(JSONPath.root.appending(1), "is 18446744073709551615, over 9223372036854775807")) {
      _ = try JSON(encoding: [UInt64(1), UInt64.max])
    }
  }

  /// Decodes `CodableSample` from `sample` with `member` replaced (nil removes it); the error's text.
  func decodingError(_ member: String, _ value: JSON?, in path: [String] = []) throws -> String {
    func replace(_ json: JSON, _ path: ArraySlice<String>) -> JSON {
      guard case .object(var members) = json else { return json }
      if let first = path.first, let index = members.firstIndex(where: { $0.0 == first }) {
        members[index].1 = replace(members[index].1, path.dropFirst())
        return .object(members)
      }
      members.removeAll { $0.0 == member }
      if let value { members.append((member, value)) }
      return .object(members)
    }
    let json = replace(try JSON(encoding: Self.sample), path[...])
    do {
      _ = try json.decode(CodableSample.self)
      return "decoded"
    } catch {
      return error.description
    }
  }

  @Test func decodingErrorsNameThePath() throws {
    #expect(try decodingError("count", .string("3")) == #"$.count must be an integer, not "3""#)
    #expect(try decodingError("count", .double(1.5)) == "$.count must be an integer, not 1.5")
    #expect(
      try decodingError("count", .double(1e19))
        == "$.count must be an integer from -9223372036854775808 to 9223372036854775807, not 1e+19")
    #expect(try decodingError("count", .double(4)) == "decoded")
    #expect(try decodingError("count", nil) == #"$ has no member "count""#)
    #expect(try decodingError("colour", .string("red")) == #"$ has an unknown member "colour""#)
    #expect(try decodingError("mode", .string("quick")) == #"$.mode must be one of "fast", "slow", not "quick""#)
    #expect(try decodingError("mode", .integer(1)) == #"$.mode must be a string, not 1"#)
    #expect(try decodingError("enabled", .null) == "$.enabled must be true or false, not null")
    #expect(try decodingError("note", .null) == "decoded")
    #expect(try decodingError("tags", .array([.string("x"), .integer(2)])) == "$.tags[1] must be a string, not 2")
    #expect(
      try decodingError("a=b", .integer(1), in: ["environment"]) == #"$.environment["a=b"] must be a string, not 1"#)
    #expect(
      try decodingError("retries", .string("2"), in: ["limits"]) == #"$.limits.retries must be an integer, not "2""#)
    #expect(try decodingError("limits", .array([])) == "$.limits must be an object, not an array")
  }

  @Test func aMemberGivenTwiceIsAnError() throws {
    guard case .object(let members) = try JSON(encoding: Self.sample) else { return #expect(Bool(false)) }
    let twice = JSON.object(members + [("count", .integer(4))])
    #expect(throws: JSONPathError(.root, #"has the member "count" twice"#)) { try twice.decode(CodableSample.self) }
    // Large objects (string maps) are indexed, and checked the same way.
    let many = (0..<40).map { ("k\($0)", JSON.string("v")) }
    #expect(try JSON.object(many).decode([String: String].self).count == 40)
    #expect(throws: JSONPathError(.root, #"has the member "k3" twice"#)) {
      try JSON.object(many + [("k3", .string("w"))]).decode([String: String].self)
    }
  }

  @Test func pathsQuoteKeysThatAreNotPlainNames() {
    let path = JSONPath.root.appending("jobs").appending(0).appending("environment").appending("A B").appending("_x-1")
    #expect(path.description == #"$.jobs[0].environment["A B"]._x-1"#)
    #expect(JSONPath.root.appending("1a").description == #"$["1a"]"#)
  }
}
