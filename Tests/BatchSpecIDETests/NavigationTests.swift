// Go to definition, find references and document highlight: resources across files, tasks within
// their job, sweeps, params and their uses in strings and defaults. Expected places are annotated
// in the fixture (`// ^^^ def`, `// ^^^ ref`).

import BatchSpecCore
import BatchSpecIDE
import Testing

@Suite struct NavigationTests {
  /// The places `references` finds, as a set to compare with the fixture's `def` and `ref` annotations.
  private func checkReferences(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let fixture = Fixture(text)
    let analysis = fixture.analysis
    let position = fixture.position(sourceLocation: sourceLocation)
    let declarations = fixture.annotated("def")
    let uses = fixture.annotated("ref")
    #expect(Set(analysis.references(at: position)) == declarations.union(uses), sourceLocation: sourceLocation)
    #expect(
      Set(analysis.references(at: position, includeDeclaration: false)) == uses, sourceLocation: sourceLocation)
    #expect(Set(analysis.definition(at: position)) == declarations, sourceLocation: sourceLocation)
  }

  @Test func aPoolAcrossFiles() {
    checkReferences(
      """
      //- /p/pools.batch
      pool render-pool { }
      //   ^^^^^^^^^^^ def
      //- /p/jobs.batch
      job a {
        pool = render$0-pool
      //       ^^^^^^^^^^^ ref
      }
      job b { pool = render-pool }
      //             ^^^^^^^^^^^ ref
      """)
  }

  @Test func fromTheDeclarationItself() {
    checkReferences(
      """
      pool ren$0der { }
      //   ^^^^^^ def
      job a { pool = render }
      //             ^^^^^^ ref
      """)
  }

  @Test func everyKindOfResourceReference() {
    checkReferences(
      """
      account acct { location = "westeurope", storage = data }
      //                                                ^^^^ ref
      storage da$0ta { containers = ["in"] }
      //      ^^^^ def
      job j {
        task t {
          command = "x"
          input "a" { container = data.in }
      //                          ^^^^ ref
          input "b" { blob = data.in["x.bin"] }
      //                     ^^^^ ref
        }
      }
      """)
    checkReferences(
      """
      account a$0cct { location = "westeurope" }
      //      ^^^^ def
      application app { account = acct }
      //                          ^^^^ ref
      pool p {
        account = acct
      //          ^^^^ ref
        applications = [app]
      }
      """)
    checkReferences(
      """
      application ap$0p { }
      //          ^^^ def
      pool p { applications = [app] }
      //                       ^^^ ref
      job j {
        task t {
          command = "x"
          applications = [app["1.0"]]
      //                  ^^^ ref
        }
      }
      """)
  }

  @Test func aSweepAndItsMembersUnderOneName() {
    checkReferences(
      """
      job j {
        task frame for i in 1..3 { command = "x" }
      //     ^^^^^ def
        task encode {
          command = "y"
          depends_on = [fr$0ame, frame[2], frame[1..2]]
      //                ^^^^^ ref
      //                       ^^^^^ ref
      //                                 ^^^^^ ref
        }
      }
      """)
  }

  @Test func tasksAreNamedWithinTheirJob() {
    checkReferences(
      """
      job x {
        task prep { command = "x" }
        task run {
          command = "x"
          depends_on = [prep]
        }
      }
      job y {
        task prep { command = "y" }
      //     ^^^^ def
        task run {
          command = "y"
          depends_on = [pr$0ep]
      //                ^^^^ ref
        }
      }
      """)
  }

  @Test func aReferenceInAnotherCaseNamesTheSameResource() {
    checkReferences(
      """
      pool render { }
      //   ^^^^^^ def
      job j { pool = RENDER$0 }
      //             ^^^^^^ ref
      """)
  }

  @Test func aParamInValuesStringsSweepsAndOtherDefaults() {
    checkReferences(
      """
      //- /p/params.batch
      param n$0: int = 3
      //    ^ def
      param m: int = n
      //             ^ ref
      //- /p/jobs.batch
      job j {
        task t for i in 1..n {
      //                   ^ ref
          command = "echo ${n} ${i}"
      //                    ^ ref
        }
      }
      """)
  }

  @Test func aSweepVariableShadowsAParam() {
    checkReferences(
      """
      param i: int = 1
      //    ^ def
      job j {
        task t for i in 1..3 {
          command = "echo ${i}"
        }
        task u { command = "echo ${i$0}" }
      //                           ^ ref
      }
      """)
  }

  @Test func aSweepVariableFromItsHeaderOrAUse() {
    let text = """
      param frame: int = 1
      job j {
        task t for frame in 1..frame {
      //           ^^^^^ def
          command     = "render ${fr$0ame}"
      //                          ^^^^^ ref
          environment = { FRAME = frame, frame = "x" }
      //                          ^^^^^ ref
        }
        task u { command = "echo ${frame}" }
      }
      """
    checkReferences(text)
    checkReferences(
      text.replacingFirst("${fr$0ame}", with: "${frame}").replacingFirst("for frame", with: "for fra$0me"))
    // Highlights mark the header as the declaration; a sweep variable is not renamed.
    let fixture = Fixture(text)
    let highlights = fixture.analysis.highlights(at: fixture.position())
    #expect(highlights.filter(\.isDeclaration).map(\.range) == fixture.annotated("def").map(\.range))
    #expect(highlights.count == 3)
    if case .success = fixture.analysis.prepareRename(fixture.position().path, offset: fixture.position().offset) {
      Issue.record("a sweep variable was offered for renaming")
    }
  }

  @Test func aContainerFromItsListOrAUse() {
    let text = """
      storage data { containers = ["reads", "results"] }
      //                           ^^^^^^^ def
      job j {
        task t {
          command = "x"
          input "a" { container = data.re$0ads }
      //                               ^^^^^ ref
          input "b" { blob = data.reads["x.bin"] }
      //                          ^^^^^ ref
          input "c" { container = data.results }
        }
      }
      """
    checkReferences(text)
    checkReferences(
      text.replacingFirst("data.re$0ads", with: "data.reads").replacingFirst("[\"reads\"", with: "[\"re$0ads\""))
  }

  @Test func anApplicationVersionFromItsListOrAUse() {
    let text = """
      application bwa { versions = ["0.7.17", "0.7.18"] }
      //                                      ^^^^^^^^ def
      pool p { applications = [bwa["0.7$0.18"]] }
      //                           ^^^^^^^^ ref
      job j {
        pool = p
        task t {
          command      = "x"
          applications = [bwa["0.7.18"], bwa["0.7.17"]]
      //                      ^^^^^^^^ ref
        }
      }
      """
    checkReferences(text)
    checkReferences(
      text.replacingFirst("0.7$0.18", with: "0.7.18").replacingFirst("\"0.7.18\"]", with: "\"0.7$0.18\"]"))
  }

  @Test func aSweepMemberFromItsHeaderOrADependency() {
    checkReferences(
      """
      job j {
        task align for sample in ["NA12878", "NA12891"] {
      //                                     ^^^^^^^^^ def
          command = "x"
        }
        task call { command = "y", depends_on = [align["NA1$02891"]] }
      //                                               ^^^^^^^^^ ref
        task other { command = "z", depends_on = [align["NA12878"]] }
      }
      """)
    // A sweep over a range lists no values to go to.
    let (analysis, position) = fixture(
      "job j {\n  task f for i in 1..3 { command = \"x\" }\n  task e { command = \"y\", depends_on = [f[$02]] }\n}")
    #expect(analysis.definition(at: position).isEmpty)
  }

  @Test func whatIsNoSymbolHasNoDefinitionOrReferences() {
    let cases = [
      "po$0ol p { }",  // a block kind
      "pool p { vm_s$0ize = \"x\" }",  // an attribute name
      "pool p { node_fill = sp$0read }",  // an enum word
      "job j {\n  task t for i in 1..2 { environment = { i$0 = \"x\" } }\n}",  // a map key, not the variable
      // A container its storage account does not list.
      "storage data { containers = [\"reads\"] }\njob j { task t { input \"a\" { container = data.o$0ut } } }",
      "job j { pool = nowh$0ere }",  // an unresolved reference
      "$0",
    ]
    for text in cases {
      let (analysis, position) = fixture(text)
      #expect(analysis.definition(at: position).isEmpty, "\(text)")
      #expect(analysis.references(at: position).isEmpty, "\(text)")
      #expect(analysis.highlights(at: position).isEmpty, "\(text)")
    }
    let (analysis, _) = fixture("$0")
    #expect(analysis.definition("/elsewhere/x.batch", offset: 0).isEmpty)
  }

  @Test func referencesAreSortedByFileThenOffset() {
    let fixture = Fixture(
      """
      //- /p/b.batch
      job b { pool = p }
      //- /p/a.batch
      job a2 { pool = p }
      job a1 { pool = p }
      pool $0p { }
      """)
    let found = fixture.analysis.references(at: fixture.position())
    // Files in the project's order (by path), then by offset.
    #expect(found.map(\.path) == ["/p/a.batch", "/p/a.batch", "/p/a.batch", "/p/b.batch"])
    #expect(found.prefix(3).map(\.range.start) == found.prefix(3).map(\.range.start).sorted())
  }

  @Test func highlightsStayInTheFileAndMarkTheDeclaration() {
    let fixture = Fixture(
      """
      //- /p/pools.batch
      pool render { }
      //- /p/jobs.batch
      job a { pool = ren$0der }
      //             ^^^^^^ read
      job b { pool = render }
      //             ^^^^^^ read
      """)
    let analysis = fixture.analysis
    let highlights = analysis.highlights(at: fixture.position())
    #expect(
      Set(highlights.map { FileRange(path: "/p/jobs.batch", range: $0.range) }) == fixture.annotated("read"))
    #expect(highlights.allSatisfy { !$0.isDeclaration })
    // In the declaring file the declaration is marked.
    let inPools = analysis.highlights("/p/pools.batch", offset: 6)
    #expect(inPools.map { analysis.text($0.range, in: "/p/pools.batch") } == ["render"])
    #expect(inPools.map(\.isDeclaration) == [true])
  }
}
