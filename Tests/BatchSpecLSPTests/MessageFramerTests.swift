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

  /// The frames of `bytes` read whole, byte by byte and in chunks of 7 (all three must agree).
  private func framesEveryWay(_ bytes: [UInt8]) -> [MessageFramer.Frame] {
    let whole = frames([bytes])
    #expect(frames(bytes.map { [$0] }) == whole, "byte by byte")
    #expect(
      frames(stride(from: 0, to: bytes.count, by: 7).map { Array(bytes[$0..<min($0 + 7, bytes.count)]) }) == whole)
    return whole
  }

  private func isError(_ frame: MessageFramer.Frame) -> Bool {
    if case .malformedHeader = frame { true } else { false }
  }

  private let good = MessageFramer.frame(#"{"jsonrpc":"2.0","id":7,"method":"shutdown"}"#)
  private var goodBody: MessageFramer.Frame { .message(Array(#"{"jsonrpc":"2.0","id":7,"method":"shutdown"}"#.utf8)) }

  @Test func aBadHeaderIsOneErrorAndFramingResumesAtTheNextHeader() {
    let bad = Array("Content-Length: abc\r\n\r\n".utf8) + Array("nonsense\r\n\r\n".utf8) + Array("X: 1\r\n\r\n".utf8)
    let result = framesEveryWay(bad + good)
    #expect(result.count == 2)
    #expect(isError(result[0]))
    #expect(result.last == goodBody)
  }

  /// Before: the body of a frame without a usable `Content-Length` was read as the next header, and
  /// the framer never got back in step (every later message was an error).
  @Test(arguments: [
    "Content-Type: application/vscode-jsonrpc\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\"}",
    "Content-Length: twelve\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\"}",
    "Content-Length: -3\r\n\r\n{\"id\":1}",
    "Content-Length: 99999999999\r\n\r\n{\"id\":1,\"text\":\"Content-Length: 5 is quoted\"}",
    "Content-Length: 70\r\n\r\n{\"id\":1}",
    "garbage before any header",
  ])
  func everyBadFrameIsOneErrorThenEveryMessageIsRead(bad: String) {
    let result = framesEveryWay(Array(bad.utf8) + good + good)
    #expect(result.count == 3, "\(result)")
    #expect(result.first.map(isError) == true)
    #expect(Array(result.dropFirst()) == [goodBody, goodBody])
  }

  @Test func aLengthTooShortCutsTheBodyAndTheRestIsSkipped() {
    // The cut body is the frame's one error (it is not JSON); what is left of it is skipped.
    let result = framesEveryWay(Array("Content-Length: 9\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":1}".utf8) + good)
    #expect(result == [.message(Array(#"{"jsonrpc"#.utf8)), goodBody])
    // Cut inside the next header's name: the header still counts.
    let overlapping = framesEveryWay(Array("Content-Length: 5\r\n\r\nab".utf8) + good)
    #expect(overlapping == [.message(Array("abCon".utf8)), goodBody])
  }

  @Test func anOversizedBodyIsSkippedWithOneError() {
    let huge =
      Array("Content-Length: \(MessageFramer.maxBodySize + 1)\r\n\r\n".utf8)
      + Array("[\(String(repeating: "1,", count: 50_000))1]".utf8)
    let result = frames([huge + good])
    #expect(result.count == 2)
    #expect(result.first.map(isError) == true)
    #expect(result.last == goodBody)
  }

  @Test func aHeaderThatNeverEndsIsDropped() {
    let result = frames([Array("Content-Length: 5\r\n".utf8) + Array(repeating: UInt8(ascii: "x"), count: 9000) + good])
    #expect(result.count == 2)
    #expect(result.last == goodBody)
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
