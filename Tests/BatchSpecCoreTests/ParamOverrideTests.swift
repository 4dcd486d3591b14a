// Values given from outside the spec (`--param`, the editor's `params` setting) that the check
// cannot use, and which of them a run over several projects reports.

import BatchSpecCore
import Testing

@Suite struct ParamOverrideTests {
  private func errors(_ text: String, _ params: [String: String]) -> [ParamOverrideError] {
    Checker.check(Project(path: "p.batch", text: text), params: params).overrideErrors
  }

  @Test func unknownParamsAndValuesOfTheWrongTypeAreNamedWithTheirSource() {
    let found = errors("param frames: int = 2\n", ["frames": "abc", "framez": "1"])
    #expect(
      found.map { $0.message(from: "--param") } == [
        "unknown param `framez` in --param (did you mean `frames`?): the project declares `frames`",
        "--param frames=abc: `frames` is an int, and `abc` is not one",
      ])
    #expect(errors("param frames: int = 2\n", ["frames": "3"]).isEmpty)
  }

  /// Over several projects: a value of the wrong type is reported wherever it is; a param only
  /// when no project declares it.
  @Test func overSeveralProjectsAParamSomeProjectDeclaresIsFine() {
    let declares = errors("param frames: int = 2\n", ["frames": "abc", "shots": "1"])
    let other = errors("param shots: int = 2\n", ["frames": "abc", "shots": "1"])
    let reported = ParamOverrideError.reported([declares, other])
    #expect(
      reported.map { $0.message(from: "--param") } == ["--param frames=abc: `frames` is an int, and `abc` is not one"])
    let nowhere = ParamOverrideError.reported([
      errors("param a: int = 1\n", ["zzz": "1"]), errors("param b: int = 1\n", ["zzz": "1"]),
    ])
    #expect(nowhere.map(\.name) == ["zzz"] && nowhere.allSatisfy(\.isUnknownParam))
  }
}
