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
}
