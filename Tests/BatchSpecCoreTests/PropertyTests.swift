// Seeded, bounded property tests: random and mutated input never crashes the parser or checker,
// and every range they report lies inside the file.

import Testing
import BatchSpecCore

/// SplitMix64: a small deterministic generator, so failures reproduce.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

@Suite struct PropertyTests {
  static let seed: UInt64 = 0xBA7C_5EC
  static let corpus: [String] = [
    """
    param frames: int = 24
    account acct { location = "westeurope", storage = data }
    storage data { kind = general_purpose_v2, containers = ["in", "out"] }
    pool p {
      vm_size = "Standard_D4s_v3"
      image = "canonical/ubuntu/22_04-lts"
      node_agent = "batch.node.ubuntu 22.04"
      start_task { command = "echo", environment = { A = "1" } }
    }
    job j {
      pool = p
      task frame for i in 1..frames step 2 {
        command = "render ${i} \\"q\\" ${frames}"
        input "x" { blob = data.in["a/b"] }
        output "*.png" { container = data.out, when = success }
      }
      task encode { command = "enc", depends_on = [frame, frame[3]] }
    }
    """,
    "/* c */ job j { pool = p, task t { command = \"a ${b} c\", retries = -1, max_wall_clock = 1h30m } }",
  ]
  static let alphabet = Array("{}[]()=,.:\"'$\\/*-_ \n\r\tabcpoljt0123😀é#".unicodeScalars).map(String.init)

  func checkSane(_ text: String) {
    let project = Project(path: "fuzz.batch", text: text)
    let result = Checker.check(project)
    let size = project.files[0].bytes.count
    let validation = Validator.validate(result.project)
    for diagnostic in result.project.diagnostics + validation.diagnostics + validation.suppressed {
      #expect(diagnostic.range.start >= 0 && diagnostic.range.start <= diagnostic.range.end)
      #expect(diagnostic.range.end <= size, "range \(diagnostic.range) past end \(size) in \(text.debugDescription)")
      #expect(!diagnostic.message.isEmpty)
    }
    for tree in project.trees {
      for statement in tree.statements {
        #expect(statement.range.start >= 0 && statement.range.end <= size)
      }
    }
  }

  @Test func randomInputNeverCrashes() {
    var rng = SeededGenerator(state: Self.seed)
    for _ in 0..<1_500 {
      let length = Int.random(in: 0..<120, using: &rng)
      let text = (0..<length).map { _ in Self.alphabet.randomElement(using: &rng)! }.joined()
      checkSane(text)
    }
  }

  /// Applies `times` random edits to `bytes`: delete a byte, insert one from `alphabet`, duplicate a
  /// run, or delete a run. Shared by the parser's and the formatter's property tests.
  static func mutate(_ bytes: inout [UInt8], times: Int, using rng: inout SeededGenerator) {
    for _ in 0..<times {
      guard !bytes.isEmpty else { break }
      let at = Int.random(in: 0..<bytes.count, using: &rng)
      switch Int.random(in: 0..<4, using: &rng) {
      case 0: bytes.remove(at: at)
      case 1: bytes.insert(Array(Self.alphabet.randomElement(using: &rng)!.utf8)[0], at: at)
      case 2:
        let end = min(bytes.count, at + Int.random(in: 1...20, using: &rng))
        bytes.insert(contentsOf: bytes[at..<end], at: Int.random(in: 0...bytes.count, using: &rng))
      default:
        let end = min(bytes.count, at + Int.random(in: 1...30, using: &rng))
        bytes.removeSubrange(at..<end)
      }
    }
  }

  @Test func mutatedSpecsNeverCrash() {
    var rng = SeededGenerator(state: Self.seed ^ 0xFFFF)
    for _ in 0..<1_500 {
      var bytes = Array(Self.corpus.randomElement(using: &rng)!.utf8)
      PropertyTests.mutate(&bytes, times: Int.random(in: 1...4, using: &rng), using: &rng)
      // Mutations may split a UTF-8 sequence; decoding repairs it as an editor would.
      checkSane(String(decoding: bytes, as: UTF8.self))
    }
  }

  @Test func invalidUTF8BytesNeverCrash() {
    var rng = SeededGenerator(state: Self.seed ^ 0xABCD)
    for _ in 0..<300 {
      let bytes = (0..<Int.random(in: 0..<64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
      let project = Project(files: [SourceFile(id: FileID(0), path: "raw.batch", bytes: bytes)])
      for diagnostic in Checker.check(project).project.diagnostics {
        #expect(diagnostic.range.end <= bytes.count)
      }
    }
  }
}
