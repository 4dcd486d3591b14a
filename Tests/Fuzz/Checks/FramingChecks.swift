// What the `framing` fuzz target checks of each input: the language server's message framer and
// Core's JSON reader. Shared by the libFuzzer harness and the unit tests that replay the corpus.

import BatchSpecCore
import BatchSpecLSP

/// The invariants of reading the server's input stream.
enum FramingChecks {
  /// A well-formed message, appended twice after every input: the framer must read it whatever
  /// came before (one copy may be swallowed by a header the input left open).
  static let sentinel = #"{"jsonrpc":"2.0","id":"sentinel","method":"shutdown"}"#

  /// Target `framing`: the input as a byte stream for the framer, and each body (and the input
  /// itself) for the JSON reader.
  static func check(_ bytes: [UInt8]) -> [String] {
    var problems: [String] = []
    let stream = bytes + MessageFramer.frame(sentinel) + MessageFramer.frame(sentinel)
    let whole = frames([stream])
    // Reads split anywhere give the same frames: byte by byte (short inputs), and in chunks whose
    // sizes the input decides.
    if bytes.count <= 2048, frames(stream.map { [$0] }) != whole {
      problems.append("reading byte by byte gives other frames")
    }
    var chunks: [[UInt8]] = []
    var offset = 0
    var step = Int(bytes.first ?? 7) % 61 + 1
    while offset < stream.count {
      chunks.append(Array(stream[offset..<min(stream.count, offset + step)]))
      offset += step
      step = (step * 7 + 3) % 97 + 1
    }
    if frames(chunks) != whole { problems.append("reading in chunks gives other frames") }
    if whole.last != .message(Array(sentinel.utf8)) {
      problems.append("the framer did not get back in step: last frame \(String(describing: whole.last))")
    }
    for case .message(let body) in whole {
      if body.count > MessageFramer.maxBodySize { problems.append("a body over the size limit") }
      problems += json(body)
    }
    return problems + json(bytes)
  }

  /// The frames of a stream read in `chunks`.
  static func frames(_ chunks: [[UInt8]]) -> [MessageFramer.Frame] {
    var framer = MessageFramer()
    var result: [MessageFramer.Frame] = []
    for chunk in chunks {
      framer.append(chunk)
      while let frame = framer.next() { result.append(frame) }
    }
    return result
  }

  /// What the JSON reader reads, it writes as text that reads back the same, and writing that is
  /// deterministic.
  static func json(_ bytes: [UInt8]) -> [String] {
    guard let value = try? JSONParser.parse(bytes) else { return [] }
    let text = value.serialized()
    guard let again = try? JSONParser.parse(Array(text.utf8)) else {
      return ["the JSON reader cannot read what the writer wrote: \(text.prefix(200))"]
    }
    return again.serialized() == text ? [] : ["JSON text changes when read and written again: \(text.prefix(200))"]
  }
}
