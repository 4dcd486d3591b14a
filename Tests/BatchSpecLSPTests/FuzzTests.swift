// Seeded random traffic: random edits must keep the server's text equal to a UTF-16 model of the
// document, and random requests with random parameters must each get exactly one answer.

import BatchSpecCore
import BatchSpecIDE
import Testing

import BatchSpecLSP

/// A small deterministic generator (SplitMix64).
private struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// The document as UTF-16 code units, edited the way LSP positions describe.
private struct UTF16Model {
  var units: [UInt16]

  var lineStarts: [Int] {
    var starts = [0]
    var i = 0
    while i < units.count {
      if units[i] == 0x0A {
        starts.append(i + 1)
      } else if units[i] == 0x0D {
        if i + 1 < units.count && units[i + 1] == 0x0A { i += 1 }
        starts.append(i + 1)
      }
      i += 1
    }
    return starts
  }

  func index(line: Int, character: Int) -> Int {
    let starts = lineStarts
    guard line < starts.count else { return units.count }
    var end = line + 1 < starts.count ? starts[line + 1] : units.count
    if end > starts[line] && units[end - 1] == 0x0A { end -= 1 }
    if end > starts[line] && units[end - 1] == 0x0D { end -= 1 }
    var index = min(starts[line] + character, end)
    if index > starts[line] && index < end && (0xDC00..<0xE000).contains(units[index]) { index -= 1 }
    return index
  }
}

@Suite struct FuzzTests {
  private let alphabet = Array("pool job task {}[]\"=\n\r\n ${}ab1_-.,/*é😀\t")

  @Test(arguments: [1, 2, 3])
  func randomEditsKeepTheTextInSync(seed: UInt64) {
    var random = SeededGenerator(state: seed)
    let client = TestClient(files: projectFiles)
    let path = jobsFile
    client.open(path)
    var model = UTF16Model(units: Array(jobsText.utf16))
    for version in 2..<300 {
      let lines = model.lineStarts.count
      let l1 = Int.random(in: 0..<lines, using: &random)
      let l2 = min(lines - 1, l1 + Int.random(in: 0...2, using: &random))
      let c1 = Int.random(in: 0...40, using: &random)
      let c2 = l2 == l1 ? c1 + Int.random(in: 0...5, using: &random) : Int.random(in: 0...40, using: &random)
      let text = String(
        (0..<Int.random(in: 0...4, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
      let lower = model.index(line: l1, character: c1)
      let upper = max(lower, model.index(line: l2, character: c2))
      model.units.replaceSubrange(lower..<upper, with: Array(text.utf16))
      client.change(path, version: version, (l1, c1, l2, c2), text)
    }
    let served = client.server.host.analysis().source(path).map { $0.text(.init(0, $0.bytes.count)) }
    #expect(served == String(decoding: model.units, as: UTF16.self))
  }

  @Test func randomRequestsAlwaysGetOneAnswer() {
    var random = SeededGenerator(state: 42)
    let client = TestClient(files: projectFiles)
    client.open(jobsFile)
    let methods = [
      "textDocument/hover", "textDocument/completion", "textDocument/definition", "textDocument/references",
      "textDocument/documentHighlight", "textDocument/prepareRename", "textDocument/rename",
      "textDocument/documentSymbol", "textDocument/foldingRange", "textDocument/selectionRange",
      "textDocument/semanticTokens/full", "textDocument/inlayHint", "textDocument/codeAction",
      "textDocument/diagnostic", "workspace/symbol", "textDocument/formatting", "codeAction/resolve",
    ]
    func randomValue() -> JSON {
      switch Int.random(in: 0..<8, using: &random) {
      case 0: .integer(Int.random(in: -3...40, using: &random))
      case 1: .integer(Int.max)
      case 2: .string("x")
      case 3: .null
      case 4: .double(1.5)
      default: .integer(Int.random(in: 0...12, using: &random))
      }
    }
    for id in 1000..<1600 {
      let method = methods.randomElement(using: &random)!
      let position = JSON.object([("line", randomValue()), ("character", randomValue())])
      let uri: JSON = Bool.random(using: &random) ? .string("file://" + jobsFile) : randomValue()
      var params: [(String, JSON)] = [("textDocument", .object([("uri", uri)])), ("position", position)]
      if Bool.random(using: &random) { params.append(("range", .object([("start", position), ("end", position)]))) }
      params.append(("newName", Bool.random(using: &random) ? .string("fresh-name") : randomValue()))
      params.append(("query", .string("r")))
      params.append(("positions", .array([position])))
      // A code action's context and a "fix all" to resolve, with what it carries, or junk.
      params.append(
        ("context", .object([("only", Bool.random(using: &random) ? .array([.string("source")]) : randomValue())])))
      params.append(("kind", Bool.random(using: &random) ? .string("source.fixAll.batchspec") : randomValue()))
      params.append(
        ("data", Bool.random(using: &random) ? .object([("textDocument", .object([("uri", uri)]))]) : randomValue()))
      let message = JSON.object([
        ("jsonrpc", .string("2.0")), ("id", .integer(id)), ("method", .string(method)), ("params", .object(params)),
      ])
      let answers = client.raw(message.serialized()).filter { $0["id"] == .integer(id) }
      #expect(answers.count == 1, "\(method)")
    }
  }
}
