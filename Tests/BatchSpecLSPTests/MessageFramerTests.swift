// Framing and JSON unit tests: split and merged reads, malformed headers, strict JSON.

import BatchSpecCore
import Testing

import BatchSpecLSP

@Suite struct MessageFramerTests {
  private func frames(_ chunks: [[UInt8]]) -> [MessageFramer.Frame] {
    var framer = MessageFramer()
    var result: [MessageFramer.Frame] = []
    for chunk in chunks {
      framer.append(chunk)
      while let frame = framer.next() { result.append(frame) }
    }
    return result
  }

  @Test func oneMessage() {
    #expect(frames([MessageFramer.frame("{}")]) == [.message(Array("{}".utf8))])
  }

  @Test func splitAtEveryByte() {
    let bytes = MessageFramer.frame(#"{"a":"é"}"#) + MessageFramer.frame("[1]")
    let result = frames(bytes.map { [$0] })
    #expect(result == [.message(Array(#"{"a":"é"}"#.utf8)), .message(Array("[1]".utf8))])
  }

  @Test func mergedReads() {
    let bytes = (0..<50).flatMap { MessageFramer.frame("{\"id\":\($0)}") }
    #expect(frames([bytes]).count == 50)
  }

  @Test func extraHeadersAndCaseAreAccepted() {
    let bytes = Array("content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}".utf8)
    #expect(frames([bytes]) == [.message(Array("{}".utf8))])
  }

  @Test func malformedHeadersAreSkippedAndFramingResumes() {
    let bad = Array("Content-Length: abc\r\n\r\n".utf8) + Array("nonsense\r\n\r\n".utf8) + Array("X: 1\r\n\r\n".utf8)
    let result = frames([bad + MessageFramer.frame("{}")])
    #expect(result.count == 4)
    #expect(result.last == .message(Array("{}".utf8)))
    if case .malformedHeader = result[0] {} else { Issue.record("expected a malformed header") }
  }

  @Test func hugeLengthIsRejected() {
    let result = frames([Array("Content-Length: 999999999999\r\n\r\n".utf8)])
    if case .malformedHeader? = result.first {} else { Issue.record("expected a malformed header") }
  }

  @Test func incompleteBodyWaits() {
    var framer = MessageFramer()
    framer.append(Array("Content-Length: 10\r\n\r\n{\"a\":".utf8))
    #expect(framer.next() == nil)
    framer.append(Array("true}".utf8))
    #expect(framer.next() == .message(Array("{\"a\":true}".utf8)))
  }

  @Test func jsonRoundTripsAndRejectsBadText() throws {
    let text = #"{"a":[1,-2,3.5,true,false,null,"x\n\u00e9\ud83d\ude00"],"b":{}}"#
    let value = try JSONParser.parse(Array(text.utf8))
    #expect(value["a"]?.arrayValue?.count == 7)
    #expect(value["a"]?.arrayValue?[6].stringValue == "x\né😀")
    #expect(try JSONParser.parse(Array(value.serialized().utf8)) == value)
    for bad in [
      "", "{", "[1,]", "01", "\"\\ud800\"", "{\"a\" 1}", "tru", "1 2", "\"\u{1}\"", String(repeating: "[", count: 1000),
    ] {
      #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array(bad.utf8)) }
    }
  }
}
