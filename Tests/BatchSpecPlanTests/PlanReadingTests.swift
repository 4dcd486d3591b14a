// Reading a plan checks it against grammar/plan.schema.json: one test per hand edit that used to
// be accepted or misreported, each message naming the JSON path.

import BatchSpecCore
import Foundation
import Testing

import BatchSpecPlan

@Suite struct PlanReadingTests {
  /// A plan with a pool, a job and a task with an environment, an input and an output.
  static let plan = Plan(
    accounts: [PlanAccount(name: "acct", location: "westeurope")],
    pools: [
      PlanPool(
        id: "p", vmSize: "Standard_D2s_v3", image: "canonical/ubuntu/22_04", nodeAgent: "batch.node.ubuntu 22.04",
        dedicatedNodes: 2, spotNodes: 0, nodeCount: 2, taskSlotsPerNode: 1, nodeFill: .spread,
        interNodeCommunication: false)
    ],
    jobs: [
      PlanJob(
        id: "j", pool: "p", priority: 0, maxParallelTasks: -1,
        constraints: PlanConstraints(maxWallClockMs: 60_000, maxTaskRetryCount: 0), onAllTasksComplete: .terminateJob,
        onTaskFailure: .noAction, usesTaskDependencies: false, environment: ["MODE": "fast"],
        tasks: [
          PlanTask(
            id: "t", commandLine: "/bin/true", environment: ["LEVEL": "1"],
            inputs: [
              PlanInput(
                path: "in.txt", source: .blob, storageAccount: "st", container: "data", blob: "in.txt",
                fileMode: "0644")
            ],
            outputs: [
              PlanOutput(pattern: "out.txt", storageAccount: "st", container: "results", uploadCondition: .success)
            ],
            constraints: PlanConstraints(maxWallClockMs: 1000, maxTaskRetryCount: 0), requiredSlots: 1,
            userIdentity: PlanUserIdentity(scope: .pool, elevation: .nonadmin))
        ])
    ])

  /// The error reading the plan with `old` replaced by `new` in its JSON gives, or "accepted".
  func readError(_ old: String, _ new: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    let text = Self.plan.jsonString()
    try #require(text.contains(old), "the plan has no \(old)", sourceLocation: sourceLocation)
    return Self.error(text.replacingOccurrences(of: old, with: new))
  }

  @Test func theUneditedPlanReadsBack() throws {
    #expect(try Plan.read(Self.plan.jsonData()) == Self.plan)
  }

  @Test func anUnknownUploadConditionIsAnError() throws {
    #expect(
      try readError(#""uploadCondition": "success""#, #""uploadCondition": "sometimes""#)
        == #"malformed plan: $.jobs[0].tasks[0].outputs[0].uploadCondition must be one of "success", "failure", "completion", not "sometimes""#
    )
  }

  @Test func anUnknownEnumValueIsAnError() throws {
    #expect(
      try readError(#""nodeFill": "spread""#, #""nodeFill": "scatter""#)
        == #"malformed plan: $.pools[0].nodeFill must be one of "spread", "pack", not "scatter""#)
  }

  @Test func anUnknownKeyIsAnError() throws {
    #expect(
      try readError(#""requiredSlots": 1"#, #""requiredSlots": 1, "colour": "blue""#)
        == #"malformed plan: $.jobs[0].tasks[0] has an unknown member "colour""#)
  }

  @Test func aFileModeThatIsNotOctalIsAnError() throws {
    #expect(
      try readError(#""fileMode": "0644""#, #""fileMode": "999""#)
        == #"malformed plan: $.jobs[0].tasks[0].inputs[0].fileMode must match ^[0-7]{3,4}$ (a Linux file mode in octal, such as `0755`), not "999""#
    )
  }

  @Test func aNegativeNodeCountIsAnError() throws {
    #expect(
      try readError(#""dedicatedNodes": 2"#, #""dedicatedNodes": -1"#)
        == "malformed plan: $.pools[0].dedicatedNodes must be at least 0, not -1")
  }

  @Test func aNegativeWallClockIsAnError() throws {
    #expect(
      try readError(#""maxWallClockMs": 1000"#, #""maxWallClockMs": -1000"#)
        == "malformed plan: $.jobs[0].tasks[0].constraints.maxWallClockMs must be at least 0, not -1000")
  }

  @Test func zeroRequiredSlotsIsAnError() throws {
    #expect(
      try readError(#""requiredSlots": 1"#, #""requiredSlots": 0"#)
        == "malformed plan: $.jobs[0].tasks[0].requiredSlots must be at least 1, not 0")
  }

  @Test func anEnvironmentNameWithAnEqualsSignIsAnError() throws {
    #expect(
      try readError(#""LEVEL": "1""#, #""LEVEL=2": "1""#)
        == #"malformed plan: $.jobs[0].tasks[0].environment has the name "LEVEL=2", which does not match ^[^=]+$ (environment variable names are not empty and have no `=`)"#
    )
  }

  @Test func aFractionWhereAnIntegerGoesIsNamedAsSuch() throws {
    #expect(
      try readError(#""requiredSlots": 1"#, #""requiredSlots": 1.5"#)
        == "malformed plan: $.jobs[0].tasks[0].requiredSlots must be an integer, not 1.5")
  }

  @Test func aNumberOver2To63IsNamedAsSuch() throws {
    #expect(
      try readError(#""maxWallClockMs": 1000"#, #""maxWallClockMs": 9223372036854775808"#)
        == "malformed plan: $.jobs[0].tasks[0].constraints.maxWallClockMs must be an integer from -9223372036854775808 to 9223372036854775807, not 9.223372036854776e+18"
    )
  }

  @Test func aVersionThatIsAStringIsNamedAsSuch() throws {
    #expect(
      try readError(#""version": 1"#, #""version": "1""#) == #"malformed plan: $.version must be an integer, not "1""#)
  }

  @Test func otherVersionsAndWhatIsNotAPlanAreRefusedFirst() throws {
    #expect(
      try readError(#""version": 1"#, #""version": 2, "future": true"#)
        == "plan version 2 is not supported; this batchspec reads version 1")
    #expect(Self.error("[]") == "not a plan: the file holds an array, not a JSON object")
    #expect(Self.error(#"{"pools": []}"#) == "not a plan: no `version`")
    #expect(Self.error(#"{"version": 1,"#) == "not a plan: the file is not valid JSON (expected a key at byte 14)")
  }

  @Test func severalProblemsAreListedOnePerLineInTheFilesOrder() throws {
    let text = Self.plan.jsonString().replacingOccurrences(of: #""requiredSlots": 1"#, with: #""requiredSlots": 0"#)
      .replacingOccurrences(of: #""dedicatedNodes": 2"#, with: #""dedicatedNodes": -2"#)
    #expect(
      Self.error(text) == """
        malformed plan:
          $.jobs[0].tasks[0].requiredSlots must be at least 1, not 0
          $.pools[0].dedicatedNodes must be at least 0, not -2
        """)
  }

  @Test func aPlanWithManyProblemsShowsTheFirstTen() throws {
    var plan = Self.plan
    plan.jobs[0].tasks = (1...30).map { i in
      var task = Self.plan.jobs[0].tasks[0]
      task.id = "t\(i)"
      task.requiredSlots = 0
      return task
    }
    let lines = Self.error(plan.jsonString()).split(separator: "\n")
    try #require(lines.count == 12, "\(lines)")
    #expect(lines[1] == "  $.jobs[0].tasks[0].requiredSlots must be at least 1, not 0")
    #expect(lines[10] == "  $.jobs[0].tasks[9].requiredSlots must be at least 1, not 0")
    #expect(lines[11] == "  (the first 10 problems are shown)")
  }

  /// Three tasks that differ in their IDs and one input.
  static var sweep: Plan {
    var plan = Self.plan
    plan.jobs[0].tasks = (1...3).map { i in
      var task = Self.plan.jobs[0].tasks[0]
      task.id = "t\(i)"
      task.inputs[0].blob = "in-\(i).txt"
      return task
    }
    return plan
  }

  @Test func aJobsSharedTaskMembersAreWrittenOnceAndReadBack() throws {
    let text = Self.sweep.jsonString()
    let json = try JSONParser.parse(Array(text.utf8))
    let job = try #require(json["jobs"]?.arrayValue?.first)
    let defaults = try #require(job["taskDefaults"])
    #expect(defaults["commandLine"] == .string("/bin/true"))
    #expect(defaults["inputs"] == nil && defaults["id"] == nil)
    let first = try #require(job["tasks"]?.arrayValue?.first)
    guard case .object(let members) = first else { return #expect(Bool(false)) }
    #expect(members.map(\.0) == ["id", "inputs"])
    #expect(try Plan.read(Data(text.utf8)) == Self.sweep)
    // One task alone is written whole.
    #expect(!Self.plan.jsonString().contains("taskDefaults"))
  }

  /// A task with every optional member given.
  static var fullTask: PlanTask {
    var task = Self.plan.jobs[0].tasks[0]
    task.displayName = "Full"
    task.dependsOn = ["other"]
    task.exitConditions = [PlanExitCondition(codes: [3], jobAction: .terminate, dependencyAction: .block)]
    task.applications = [PlanApplication(id: "app", version: "1")]
    task.multiInstance = PlanMultiInstance(numberOfInstances: 2, coordinationCommandLine: "/bin/true")
    task.container = PlanContainer(image: "ubuntu:22.04", workingDirectory: .taskWorkingDirectory)
    task.expectedDurationMs = 5_000
    return task
  }

  /// Tasks are compared member by member to find the shared ones: every member the task's
  /// `Codable` conformance writes is shared when equal and written by each task when not, with
  /// the conformance's JSON and in its order.
  @Test func sharedTaskMembersAreEveryMemberTheConformanceWrites() throws {
    let full = Self.fullTask
    let whole = try JSON(encoding: full)
    guard case .object(let members) = whole else { return #expect(Bool(false)) }
    var plan = Self.plan
    var second = full
    second.id = "t2"
    plan.jobs[0].tasks = [full, second]
    let job = try #require(plan.json["jobs"]?.arrayValue?.first)
    #expect(job["taskDefaults"] == .object(members.filter { $0.0 != "id" }))
    #expect(job["tasks"] == .array([.object([("id", .string("t"))]), .object([("id", .string("t2"))])]))

    // Nothing shared: each task whole, as the conformance writes it.
    var other = Self.plan.jobs[0].tasks[0]
    other.id = "t3"
    other.commandLine = "/bin/false"
    other.environment = [:]
    other.inputs = []
    other.outputs = []
    other.constraints = PlanConstraints(maxTaskRetryCount: 1)
    other.requiredSlots = 2
    other.userIdentity = PlanUserIdentity(userName: "u")
    plan.jobs[0].tasks = [full, other]
    let unshared = try #require(plan.json["jobs"]?.arrayValue?.first)
    #expect(unshared["taskDefaults"] == nil)
    #expect(unshared["tasks"] == .array([whole, try JSON(encoding: other)]))
    #expect(try Plan.read(Data(plan.jsonString().utf8)) == plan)

    // Some shared: each task keeps the rest, in the conformance's order.
    var third = full
    third.id = "t4"
    third.commandLine = "/bin/false"
    third.displayName = nil
    plan.jobs[0].tasks = [full, third]
    let some = try #require(plan.json["jobs"]?.arrayValue?.first)
    let kept: Set<String> = ["commandLine", "displayName", "id"]
    #expect(some["taskDefaults"] == .object(members.filter { !kept.contains($0.0) }))
    #expect(some["tasks"]?.arrayValue?.first == .object(members.filter { kept.contains($0.0) }))
    #expect(
      some["tasks"]?.arrayValue?.last == .object([("commandLine", .string("/bin/false")), ("id", .string("t4"))]))
    #expect(try Plan.read(Data(plan.jsonString().utf8)) == plan)
  }

  @Test func aBadTaskDefaultIsNamedAtEachTaskAndAnIDThereIsRefused() throws {
    let text = Self.sweep.jsonString()
    try #require(text.contains(#""requiredSlots": 1"#))
    let lines = Self.error(text.replacingOccurrences(of: #""requiredSlots": 1"#, with: #""requiredSlots": 0"#))
      .split(separator: "\n")
    #expect(lines.count == 4 && lines[1] == "  $.jobs[0].tasks[0].requiredSlots must be at least 1, not 0", "\(lines)")
    let withID = text.replacingOccurrences(of: #""taskDefaults": {"#, with: #""taskDefaults": {"id": "x","#)
    #expect(
      Self.error(withID) == "malformed plan: $.jobs[0].taskDefaults.id must not be given: each task has its own ID")
    let notAnObject = text.replacingOccurrences(of: #""taskDefaults": {"#, with: #""taskDefaults": 1, "x": {"#)
    #expect(Self.error(notAnObject).contains("$.jobs[0].taskDefaults must be an object"), "\(Self.error(notAnObject))")
  }

  static func error(_ text: String) -> String {
    do {
      _ = try Plan.read(Data(text.utf8))
      return "accepted"
    } catch {
      return error.description
    }
  }
}
