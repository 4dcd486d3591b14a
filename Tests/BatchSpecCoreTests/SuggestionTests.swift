// "Did you mean" suggestions: close enough, and the same answer whatever order candidates come in.

import Testing
import BatchSpecCore

@Suite struct SuggestionTests {
  @Test func suggestsTheClosestCandidateWithinTheLimit() {
    #expect(Suggestions.closest(to: "comand", in: ["command", "commands", "elevation"]) == "command")
    #expect(Suggestions.closest(to: "vm_siez", in: ["vm_size", "image"]) == "vm_size")
    #expect(Suggestions.closest(to: "zzz", in: ["command", "image"]) == nil)
  }

  @Test func tiesGoToTheFirstNameAlphabeticallyInAnyOrder() {
    let candidates = ["t", "c", "b", "a", "n"]
    for _ in 0..<20 {
      #expect(Suggestions.closest(to: "x", in: candidates.shuffled()) == "a")
    }
  }

  @Test func aProjectWithTiedCandidatesGetsTheSameMessageEveryTime() {
    let text = """
      param b: int = 1
      param t: int = 2
      param n: int = 3
      job j {
        pool = p
        task t1 { command = "echo ${x}" }
      }
      """
    let messages = (0..<5).map { _ in
      Checker.check(Project(path: "t.batch", text: text)).project.diagnostics.map(\.message)
    }
    #expect(messages.allSatisfy { $0 == messages[0] })
    #expect(messages[0].contains("unknown name `x`; did you mean `b`?"))
  }

  /// The distance stops early once it is past the limit; the answer is the one the plain
  /// definition gives (a distance computed to the end, the closest within a third of the word),
  /// for random short words over a small alphabet, mixed case and non-ASCII included.
  @Test func stoppingEarlyChangesNoSuggestion() {
    func plainDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
      var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
      for i in 0...a.count { d[i][0] = i }
      for j in 0...b.count { d[0][j] = j }
      for i in stride(from: 1, through: a.count, by: 1) {
        for j in stride(from: 1, through: b.count, by: 1) {
          d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
          if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
            d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
          }
        }
      }
      return d[a.count][b.count]
    }
    var generator = SeededGenerator(state: 3)
    let letters = ["a", "b", "c", "A", "é", "-"]
    func word() -> String {
      (0..<Int.random(in: 0...9, using: &generator)).map { _ in letters.randomElement(using: &generator)! }.joined()
    }
    for _ in 0..<400 {
      let target = word()
      let candidates = (0..<12).map { _ in word() }
      let lowered = Array(target.lowercased().utf8)
      let limit = max(1, lowered.count / 3)
      var expected: (name: String, distance: Int)?
      for candidate in candidates where candidate != target {
        let distance = plainDistance(lowered, Array(candidate.lowercased().utf8))
        guard distance <= limit else { continue }
        if let best = expected, best.distance < distance || (best.distance == distance && best.name <= candidate) {
          continue
        }
        expected = (candidate, distance)
      }
      #expect(Suggestions.closest(to: target, in: candidates) == expected?.name, "\(target) in \(candidates)")
      let other = candidates[0]
      #expect(Suggestions.editDistance(lowered, Array(other.utf8)) == plainDistance(lowered, Array(other.utf8)))
    }
    // Words of every length up to 64 bytes take the bit-parallel distance, longer ones the rows.
    for _ in 0..<300 {
      let a = (0..<Int.random(in: 0...80, using: &generator)).map { _ in UInt8.random(in: 97...99, using: &generator) }
      let b = (0..<Int.random(in: 0...80, using: &generator)).map { _ in UInt8.random(in: 97...99, using: &generator) }
      #expect(Suggestions.editDistance(a, b) == plainDistance(a, b), "\(a) \(b)")
    }
  }
}
