// `batchspec check` hands the project's syntax to the checker (`Project.takeSyntax()`,
// `Checker.check(_:syntax:...)`), which lets each file's go once the file is checked, so that a
// large project never holds all of its syntax beside all of its checked blocks. The findings are
// the same; the syntax is freed file by file. Nor do the references it resolves, which only the
// editor reads, change a finding when they are not kept.

import BatchSpecCore
import Testing

@Suite struct SyntaxHandOffTests {
  @Test(arguments: Fixture.all())
  func handingTheSyntaxOverChangesNoFinding(_ fixture: Fixture) {
    for perform in [nil, ConcurrentValidationTests.lastFirst as ConcurrentPerform] {
      let kept = Linter.lint(fixture.project(), concurrently: perform)
      var project = fixture.project()
      // As `check` and `lint` run it: the syntax handed over, no resolved reference kept.
      let handed = Linter.lint(
        project, syntax: project.takeSyntax(), keepingReferences: false, concurrently: perform)
      #expect(handed.checked.references.isEmpty)
      #expect(handed.diagnostics == kept.diagnostics)
      #expect(handed.suppressed == kept.suppressed)
      #expect(handed.suppressions == kept.suppressions)
      #expect(handed.checked.diagnostics == kept.checked.diagnostics)
    }
  }

  /// A weak reference to each top-level block of each file.
  private final class Watch: @unchecked Sendable {
    final class Weak {
      weak var block: Block?
      init(_ block: Block) { self.block = block }
    }
    let blocks: [[Weak]]
    init(_ trees: [SyntaxTree]) {
      blocks = trees.map { tree in
        tree.statements.compactMap { statement in
          guard case .block(let block) = statement else { return nil }
          return Weak(block)
        }
      }
    }
    func freed(_ file: Int) -> Bool { blocks[file].allSatisfy { $0.block == nil } }
  }

  private static let files = [
    SourceFile(
      path: "a.batch",
      text: """
        application blender { versions = ["4.0"] }
        pool render {
          vm_size         = "Standard_D4s_v3"
          image           = "canonical/0001-com-ubuntu-server-jammy/22_04-lts"
          node_agent      = "batch.node.ubuntu 22.04"
          dedicated_nodes = 2
        }

        """),
    SourceFile(
      path: "b.batch",
      text: """
        job frames {
          pool = render
          task frame for i in 1..4 {
            command      = "blender -f ${i}"
            applications = [blender["4.0"]]
          }
          task encode {
            command    = "encode"
            depends_on = [frame]
          }
        }

        """),
    SourceFile(path: "c.batch", text: "job other {\n  pool = render\n  task t { command = \"true\" }\n}\n"),
  ]

  @Test func eachFilesSyntaxIsFreedOnceTheFileIsChecked() {
    var project = Project(files: Self.files)
    var syntax: [SyntaxTree]? = project.takeSyntax()
    let watch = Watch(syntax!)
    #expect(!watch.freed(0) && !watch.freed(1) && !watch.freed(2))
    // The files are checked in turn, last first; after each, its syntax is gone and the syntax of
    // those still to check is not.
    nonisolated(unsafe) var seen: [[Bool]] = []
    let perform: ConcurrentPerform = { count, body in
      for index in (0..<count).reversed() {
        body(index)
        seen.append((0..<count).map(watch.freed))
      }
    }
    let checked = Checker.check(project, syntax: syntax.take(), concurrently: perform).project
    #expect(seen == [[false, false, true], [false, true, true], [true, true, true]])
    #expect(checked.diagnostics.isEmpty)
    #expect(checked.project.trees.allSatisfy { $0.statementCount == 0 })
  }

  @Test func nothingALintReturnsHoldsTheSyntax() {
    var project = Project(files: Self.files)
    var syntax: [SyntaxTree]? = project.takeSyntax()
    let watch = Watch(syntax!)
    let result = Linter.lint(project, syntax: syntax.take())
    #expect(watch.freed(0) && watch.freed(1) && watch.freed(2))
    #expect(result.diagnostics.isEmpty)
  }

  @Test func aProjectKeepsItsCommentsAndSyntaxErrorsWhenItsSyntaxIsTaken() {
    var project = Project(path: "a.batch", text: "// batchspec-ignore-file BS5001\npool p {\n  vm_size = \n}\n")
    let before = project.trees[0]
    let taken = project.takeSyntax()
    #expect(taken[0].statementCount == before.statementCount && before.statementCount > 0)
    #expect(project.trees[0].statementCount == 0)
    #expect(project.trees[0].comments == before.comments)
    #expect(project.trees[0].diagnostics == before.diagnostics && !before.diagnostics.isEmpty)
  }
}
