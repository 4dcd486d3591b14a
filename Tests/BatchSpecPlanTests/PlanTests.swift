// Compiled plans: a golden file per sample, byte-identical output (also to what Foundation wrote
// before), JSON round trips, and every plan valid against grammar/plan.schema.json.

import BatchSpecCore
import Foundation
import Testing

import BatchSpecPlan

enum PlanSamples {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let root = repository.appendingPathComponent("samples").path

  static func all() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
    return names.filter { name in
      var isDirectory: ObjCBool = false
      return FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &isDirectory)
        && isDirectory.boolValue
    }.sorted()
  }

  static func project(_ name: String, reversed: Bool = false) -> Project {
    let directory = root + "/" + name
    var names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
      .filter { $0.hasSuffix(".batch") }.sorted()
    if reversed { names.reverse() }
    return Project(
      files: names.map { file in
        SourceFile(
          id: FileID(0), path: "\(name)/\(file)",
          bytes: [UInt8](FileManager.default.contents(atPath: directory + "/" + file) ?? Data()))
      })
  }

  static func compile(_ name: String, params: [String: String] = [:], reversed: Bool = false) -> Plan? {
    PlanCompiler.compile(Checker.check(project(name, reversed: reversed), params: params).project)
  }
}

/// Compares `actual` with `Golden/<name>`; BATCHSPEC_UPDATE_GOLDEN=1 rewrites it.
func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
  let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)").path
  if ProcessInfo.processInfo.environment["BATCHSPEC_UPDATE_GOLDEN"] == "1" {
    try? actual.write(toFile: path, atomically: true, encoding: .utf8)
    return
  }
  let expected = (try? String(contentsOfFile: path, encoding: .utf8)) ?? "<missing golden file \(name)>"
  #expect(
    actual == expected, "plan differs from Golden/\(name) (BATCHSPEC_UPDATE_GOLDEN=1 rewrites it)",
    sourceLocation: sourceLocation)
}

@Suite struct PlanTests {
  /// Param overrides that keep golden plans reviewable: 240 frames would make 11,000 lines.
  static let goldenParams: [String: [String: String]] = ["render-farm": ["frames": "4"]]

  @Test(arguments: PlanSamples.all())
  func sampleCompilesToItsGoldenPlan(_ name: String) throws {
    let plan = try #require(
      PlanSamples.compile(name, params: Self.goldenParams[name] ?? [:]), "\(name) does not compile")
    expectGolden(plan.jsonString(), "\(name).plan.json")
  }

  @Test(arguments: PlanSamples.all())
  func compilingIsDeterministic(_ name: String) throws {
    let first = try #require(PlanSamples.compile(name))
    let second = try #require(PlanSamples.compile(name, reversed: true))
    #expect(first.jsonData() == second.jsonData())
  }

  @Test(arguments: PlanSamples.all())
  func planRoundTripsThroughJSON(_ name: String) throws {
    let plan = try #require(PlanSamples.compile(name))
    #expect(try Plan.read(plan.jsonData()) == plan)
  }

  @Test(arguments: PlanSamples.all())
  func planIsValidAgainstTheJSONSchema(_ name: String) throws {
    let plan = try #require(PlanSamples.compile(name))
    let schema = try #require(PlanSchema.compiled)
    let errors = schema.violations(of: try JSONParser.parse(Array(plan.jsonData())))
    #expect(errors.isEmpty, "\(errors.map(\.description).joined(separator: "\n"))")
  }

  /// `multi_instance { input ... }` is carried into the plan (the runner stages it), resolved as
  /// the task's own inputs are.
  @Test func multiInstanceCommonInputsAreInThePlan() throws {
    let plan = try #require(PlanSamples.compile("everything"))
    let tasks = plan.jobs.flatMap(\.tasks).filter { $0.multiInstance != nil }
    #expect(!tasks.isEmpty)
    for task in tasks {
      let common = try #require(task.multiInstance?.commonInputs, "\(task.id)")
      #expect(common.map(\.path) == ["hostfile.tpl"])
      #expect(common.first?.blob?.hasSuffix("/hostfile.tpl") == true && common.first?.blob?.contains("${") == false)
    }
  }

  @Test func theSchemaCheckCatchesABadPlan() throws {
    let bad = try JSONParser.parse(
      Array(#"{"version": 1, "accounts": [], "pools": [{"id": "p", "nodeFill": "scatter"}], "jobs": [], "x": 1}"#.utf8))
    let errors = try #require(PlanSchema.compiled).violations(of: bad).map(\.description)
    #expect(errors.contains(#"$ has an unknown member "x""#))
    #expect(errors.contains { $0.hasPrefix("$.pools[0].nodeFill") })
    #expect(errors.contains(#"$.pools[0] has no member "vmSize""#))
  }

  /// The plan's bytes are the ones Foundation's `JSONEncoder` gave before Core's JSON wrote plans:
  /// the same sorted keys, escapes and numbers, for the samples and for strings that need escaping.
  @Test(arguments: PlanSamples.all())
  func planBytesAreWhatFoundationWrote(_ name: String) throws {
    var plan = try #require(PlanSamples.compile(name))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    // What the model encodes to, before `Plan.json` writes jobs' shared task members once.
    #expect(try JSON(encoding: plan).serialized() == String(decoding: try encoder.encode(plan), as: UTF8.self))
    var awkward = ""
    for scalar in 0..<0x20 { awkward.unicodeScalars.append(Unicode.Scalar(UInt8(scalar))) }
    awkward += "\"\\/\u{7F}é\u{2028}😀 ${x}"
    plan.jobs[0].environment = ["b": awkward, "B": "1", "a10": "x", "a9": "y", "é": "e", "_": "u", "Z/1": "/"]
    plan.jobs[0].displayName = awkward
    #expect(try JSON(encoding: plan).serialized() == String(decoding: try encoder.encode(plan), as: UTF8.self))
  }

  @Test func sweepsParamsAndReferencesAreResolved() throws {
    let plan = try #require(PlanSamples.compile("render-farm", params: ["frames": "3", "scene": "intro"]))
    let job = try #require(plan.jobs.first)
    #expect(job.tasks.map(\.id) == ["frame-1", "frame-2", "frame-3", "poster", "encode"])
    let encode = try #require(job.tasks.last)
    #expect(encode.dependsOn == ["frame-1", "frame-2", "frame-3"])
    #expect(encode.requiredSlots == 4)
    #expect(job.tasks[0].inputs.first?.blob == "intro/scene.blend")
    #expect(job.tasks[0].constraints.maxTaskRetryCount == 2)
    #expect(plan.pools.first?.nodeCount == 12)
    #expect(!plan.jsonString().contains("${"))
  }

  /// A sweep over values no task ID may hold (a learning rate, a path) names its tasks with each
  /// such character as `_`; the command and `depends_on` still see the values as written.
  @Test func sweepIDsWriteCharactersAnIDCannotHoldAsUnderscores() throws {
    let text = """
      \(Self.pool)
      job j {
        pool = p
        task fit for lr in ["0.1", "1e-3", "reads/a b.csv"] { command = "train --lr ${lr}" }
        task pick {
          command    = "pick"
          depends_on = [fit["1e-3"], fit["reads/a b.csv"]]
        }
      }

      """
    let checked = Checker.check(Project(path: "s.batch", text: text)).project
    #expect(checked.diagnostics.isEmpty, "\(checked.diagnostics.map(\.message))")
    let plan = try #require(PlanCompiler.compile(checked))
    let tasks = plan.jobs[0].tasks
    #expect(tasks.map(\.id) == ["fit-0_1", "fit-1e-3", "fit-reads_a_b_csv", "pick"])
    #expect(tasks[0].commandLine == "train --lr 0.1")
    #expect(tasks[3].dependsOn == ["fit-1e-3", "fit-reads_a_b_csv"])
  }

  /// The pool the small projects of these tests run on.
  static let pool = """
    pool p {
      vm_size    = "Standard_D2s_v3"
      image      = "canonical/ubuntu/22_04-lts"
      node_agent = "batch.node.ubuntu 22.04"
    }
    """

  /// Input paths and output patterns are labels, decoded by the compiler: escapes, `${...}` of the
  /// sweep variable and of params (spaces inside the braces allowed), others kept as written.
  @Test func labelsAreDecodedWithTheirEscapesAndInterpolations() throws {
    let text = #"""
      param tag: string = "v2"
      \#(Self.pool)
      job j {
        pool = p
        task f for i in 1..2 {
          command = "/bin/true"
          input "in\t${i}\u{e9}-${ tag }/${other}\"q\\" { url = "https://example.com/x" }
          input "plain-é.txt" { url = "https://example.com/y" }
        }
      }

      """#
    let checked = Checker.check(Project(path: "r.batch", text: text)).project
    #expect(checked.diagnostics.filter { $0.severity == .error }.isEmpty, "\(checked.diagnostics.map(\.message))")
    let plan = try #require(PlanCompiler.compile(checked))
    let inputs = plan.jobs[0].tasks.map { $0.inputs.map(\.path) }
    #expect(inputs == [["in\t1é-v2/${other}\"q\\", "plain-é.txt"], ["in\t2é-v2/${other}\"q\\", "plain-é.txt"]])
  }

  @Test func dependencyRangesResolveToTaskIDs() throws {
    let text = """
      \(Self.pool)
      job j {
        pool = p
        task f for i in 1..6 { command = "/bin/true" }
        task g {
          command    = "/bin/true"
          depends_on = [f[2..4], f[4], f[6]]
        }
      }

      """
    let checked = Checker.check(Project(path: "r.batch", text: text)).project
    #expect(checked.diagnostics.isEmpty, "\(checked.diagnostics.map(\.message))")
    let plan = try #require(PlanCompiler.compile(checked))
    #expect(plan.jobs[0].tasks.last?.dependsOn == ["f-2", "f-3", "f-4", "f-6"])
    #expect(plan.jobs[0].usesTaskDependencies)
  }

  /// Batch refuses a task with a dependency action in a job without task dependencies; a job with
  /// none and no `dependency_action` leaves them off.
  @Test func aDependencyActionTurnsDependenciesOn() throws {
    let text = """
      \(Self.pool)
      job j {
        pool = p
        task t {
          command = "/bin/true"
          exit { codes = [3], dependency_action = satisfy }
        }
      }
      job k {
        pool = p
        task t {
          command = "/bin/true"
          exit { codes = [3], job_action = none }
        }
      }

      """
    let checked = Checker.check(Project(path: "r.batch", text: text)).project
    #expect(checked.diagnostics.isEmpty, "\(checked.diagnostics.map(\.message))")
    let plan = try #require(PlanCompiler.compile(checked))
    #expect(plan.jobs.map(\.usesTaskDependencies) == [true, false])
  }

  @Test func projectWithErrorsDoesNotCompile() {
    let project = Project(path: "bad.batch", text: "job j { pool = missing }\n")
    #expect(PlanCompiler.compile(Checker.check(project).project) == nil)
  }

  @Test func readingRefusesOtherVersionsAndMalformedPlans() {
    #expect(throws: PlanReadError.self) { try Plan.read(Data(#"{"version": 2}"#.utf8)) }
    #expect(throws: PlanReadError.self) { try Plan.read(Data(#"{"version": 1, "pools": 3}"#.utf8)) }
    #expect(throws: PlanReadError.self) { try Plan.read(Data("not json".utf8)) }
  }
}
