// Rename: what can be renamed, the files after the edits, and the names refused (invalid IDs,
// duplicates of the same kind and container, things that are no symbol).

import BatchSpecCore
import BatchSpecIDE
import Testing

@Suite struct RenameTests {
  private let refusal =
    "only params and the IDs of accounts, storage, applications, pools, jobs and tasks can be renamed"

  /// The project's files after renaming the symbol at the cursor to `newName`, or the refusal.
  private func renamed(_ text: String, to newName: String) -> Result<[String: String], RenameError> {
    let fixture = Fixture(text)
    let analysis = fixture.analysis
    return analysis.rename(at: fixture.position(), to: newName).map { analysis.applying($0) }
  }

  @Test func prepareGivesTheRangeAndNameUnderTheCursor() {
    let fixture = Fixture("pool render-pool { }\njob j { pool = render$0-pool }")
    let analysis = fixture.analysis
    let prepared = analysis.prepareRename(at: fixture.position()).success
    #expect(prepared?.name == "render-pool")
    #expect(prepared.map { analysis.text($0.range, in: Fixture.defaultPath) } == "render-pool")
    #expect(prepared?.range.start == 36)
  }

  @Test func prepareRefusesWhatIsNoSymbol() {
    let cases = [
      "po$0ol p { }",  // a block kind
      "pool p { vm_s$0ize = \"x\" }",  // an attribute name
      "pool p { node_fill = sp$0read }",  // an enum word
      "job j {\n  task t for i$0 in 1..2 { command = \"x\" }\n}",  // a sweep variable
      "pool p {\n  user \"ad$0min\" { }\n}",  // a free-text label
      "job j { pool = nowh$0ere }",  // an unresolved reference
    ]
    for text in cases {
      let (analysis, position) = fixture(text)
      #expect(analysis.prepareRename(at: position).failure?.message == refusal, "\(text)")
      #expect(analysis.rename(at: position, to: "x").failure?.message == refusal, "\(text)")
    }
    let (analysis, _) = fixture("$0")
    #expect(
      analysis.prepareRename("/elsewhere/x.batch", offset: 0).failure?.message
        == "the file is not part of a loaded project")
  }

  @Test func aResourceIsRenamedInEveryFileOfItsProject() {
    let result = renamed(
      """
      //- /p/pools.batch
      pool render-pool { }
      //- /p/jobs.batch
      job a { pool = render$0-pool }
      job b { pool = RENDER-POOL }
      """, to: "gpu-pool")
    #expect(result.success?["/p/pools.batch"] == "pool gpu-pool { }\n")
    #expect(result.success?["/p/jobs.batch"] == "job a { pool = gpu-pool }\njob b { pool = gpu-pool }\n")
  }

  @Test func aSweepIsRenamedWhereverItsMembersAreNamed() {
    let result = renamed(
      """
      job j {
        task fr$0ame for i in 1..3 { command = "x" }
        task encode {
          command = "y"
          depends_on = [frame[1..2], frame[3]]
        }
      }
      """, to: "shot")
    #expect(result.success?[Fixture.defaultPath]?.contains("task shot for i in 1..3") == true)
    #expect(result.success?[Fixture.defaultPath]?.contains("depends_on = [shot[1..2], shot[3]]") == true)
  }

  @Test func aParamIsRenamedInItsDefaultsValuesAndStrings() {
    let result = renamed(
      """
      param n$0: int = 3
      param m: int = n
      job j {
        task t for i in 1..n { command = "echo ${n}" }
      }
      """, to: "count")
    #expect(
      result.success?[Fixture.defaultPath]
        == "param count: int = 3\nparam m: int = count\njob j {\n  task t for i in 1..count { command = \"echo ${count}\" }\n}\n"
    )
  }

  @Test func invalidIDsAreRefused() {
    let text = "pool p$0 { }"
    #expect(renamed(text, to: "").failure?.message == "an ID cannot be empty")
    #expect(renamed(text, to: "9lives").failure?.message == "`9lives` is not a valid ID: it must start with a letter")
    #expect(
      renamed(text, to: "a b").failure?.message
        == "`a b` is not a valid ID: use letters, digits, hyphens and underscores only")
    #expect(renamed(text, to: "a.b").failure != nil)
    #expect(renamed(text, to: "é").failure != nil)
    let long = String(repeating: "a", count: 65)
    #expect(renamed(text, to: long).failure?.message == "`\(long)` is not a valid ID: at most 64 characters")
    #expect(renamed(text, to: String(repeating: "a", count: 64)).success != nil)
  }

  @Test func aDuplicateOfTheSameKindIsRefusedWhateverItsCase() {
    let text = "pool gpu { }\npool c$0pu { }\njob gpu2 { pool = cpu }"
    #expect(renamed(text, to: "GPU").failure?.message == "pool `gpu` already exists: IDs must stay unique")
    // Another kind may have the name; so may the symbol itself.
    #expect(renamed(text, to: "gpu2").success != nil)
    #expect(renamed(text, to: "cpu").success != nil)
    #expect(
      renamed(text, to: "CPU").success?[Fixture.defaultPath] == "pool gpu { }\npool CPU { }\njob gpu2 { pool = CPU }\n")
  }

  @Test func tasksClashOnlyWithinTheirJob() {
    let text = """
      job x {
        task fetch { command = "x" }
        task ren$0der { command = "x" }
      }
      job y {
        task encode { command = "y" }
      }
      """
    #expect(renamed(text, to: "Fetch").failure?.message == "task `fetch` already exists: IDs must stay unique")
    #expect(renamed(text, to: "encode").success != nil)
  }

  /// Names the checker would refuse after the rename are refused before it: keywords, an ID a
  /// sweep gives one of its tasks, an account name outside Azure's rule.
  @Test func namesThatWouldBreakTheSpecAreRefused() {
    let tasks = """
      job x {
        task frame for i in 1..3 { command = "x" }
        task enc$0ode { command = "y" }
      }
      """
    #expect(renamed(tasks, to: "for").failure?.message == "`for` is a keyword: it cannot name anything")
    #expect(
      renamed(tasks, to: "Frame-2").failure?.message
        == "task ID `frame-2` is a task of sweep `frame`: IDs must stay unique")
    #expect(renamed(tasks, to: "frame-4").success != nil)
    let storage = "storage render$0data { location = \"westeurope\" }"
    #expect(
      renamed(storage, to: "RenderData").failure?.message
        == "storage account name `RenderData` may hold only lowercase letters and digits: names have 3 to 24 lowercase letters and digits; write `renderdata`"
    )
    #expect(renamed(storage, to: "ab").failure?.message.contains("has 2 characters") == true)
    #expect(renamed(storage, to: "scenes2").success != nil)
  }

  @Test func aParamClashesWithAnotherParam() {
    let text = "param a$0: int = 1\nparam b: int = 2"
    #expect(renamed(text, to: "b").failure?.message == "param `b` already exists")
    #expect(renamed(text, to: "c").success?[Fixture.defaultPath] == "param c: int = 1\nparam b: int = 2\n")
  }

  @Test func aParamIsNotRenamedToASweepVariableThatWouldHideIt() {
    let text = """
      param n$0: int = 3
      job j {
        task t for i in 1..n { command = "echo ${i} of ${n}" }
        task u for k in 1..2 { command = "x" }
      }
      """
    #expect(
      renamed(text, to: "i").failure?.message
        == "`i` is a sweep variable where param `n` is used: renamed, the use would name the variable")
    // A sweep variable where the param is not used does not matter.
    #expect(renamed(text, to: "k").success != nil)
  }

  @Test func idRulesAsAFunction() {
    #expect(Analysis.idProblem("render-pool_2") == nil)
    #expect(Analysis.idProblem("-a") != nil)
    #expect(Analysis.idProblem("_a") != nil)
  }
}
