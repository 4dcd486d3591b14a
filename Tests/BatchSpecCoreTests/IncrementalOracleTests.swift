// The oracle test of the incremental analysis: random edit sequences over a multi-file project
// (edits inside strings, references, attribute names, node counts; pools and jobs added, removed,
// renamed and moved across files; params; raw byte edits that break and mend the syntax), and
// after every step the incremental result equals a from-scratch analysis of the same texts.

import Testing

@testable import BatchSpecCore

/// A multi-file project as a model that edits change, printed to files.
struct OracleProject {
  struct Pool {
    var id: String
    var file: Int
    var nodes: Int
    var vmSize: String
    var slots: Int
    /// An autoscale formula instead of `dedicated_nodes`, when set.
    var formula: String? = nil
  }
  struct Job {
    var id: String
    var file: Int
    var pool: String
    var tasks: Int
    var command: String
    var attributeName: String
    var requiredSlots = 1
    var outputStorage = "data"
  }
  var frames = 4
  var containers = ["inputs", "out"]
  var versions = ["1.0", "2.0"]
  var accounts = ["acct"]
  /// The second storage account's region: away from the accounts' one, the rule over every
  /// command's storage (BS4001) has work to do for the jobs writing to it.
  var storageRegion = "westeurope"
  /// The file that declares storage account `extra`, when one does: adding and removing it
  /// changes what other files' references resolve to.
  var extraStorage: Int? = nil
  var pools: [Pool] = []
  var jobs: [Job] = []
  /// Raw text appended to each file (byte-level edits land here and in the printed text).
  var tails = ["", "", "", ""]
  var counter = 0

  static let files = ["/p/a.batch", "/p/b.batch", "/p/c.batch", "/p/d.batch"]

  init() {
    for index in 0..<6 {
      pools.append(Pool(id: "pool-\(index)", file: index % 3 + 1, nodes: 2, vmSize: "Standard_D4s_v3", slots: 2))
    }
    for index in 0..<8 {
      jobs.append(
        Job(
          id: "job-\(index)", file: index % 4, pool: "pool-\(index % 6)", tasks: 3, command: "render",
          attributeName: "command", requiredSlots: index % 3 + 1))
    }
    counter = 100
  }

  func text(of file: Int) -> String {
    var text = ""
    if file == 0 {
      text += "param frames: int = \(frames)\n"
      for account in accounts {
        text += "account \(account) {\n  location = \"westeurope\"\n  storage  = data\n"
        text += "  quota { dedicated_cores = 40 }\n}\n"
      }
      text += "storage scratch {\n  kind = general_purpose_v2\n  location = \"\(storageRegion)\"\n"
      text += "  containers = [\"out\"]\n}\n"
      text += "storage data {\n  kind = general_purpose_v2\n  location = \"westeurope\"\n"
      text += "  containers = [" + containers.map { "\"\($0)\"" }.joined(separator: ", ") + "]\n}\n"
      text += "application solver {\n  versions = [" + versions.map { "\"\($0)\"" }.joined(separator: ", ") + "]\n"
      if accounts.count > 1 { text += "  account = \(accounts[0])\n" }
      text += "}\n"
    }
    if extraStorage == file {
      text += "storage extra {\n  kind = general_purpose_v2\n  location = \"westeurope\"\n  containers = [\"out\"]\n}\n"
    }
    for pool in pools where pool.file == file {
      text += "pool \(pool.id) {\n"
      if accounts.count > 1 { text += "  account = \(accounts[0])\n" }
      text += "  vm_size = \"\(pool.vmSize)\"\n  image = \"canonical/ubuntu-24_04-lts/server\"\n"
      text += "  node_agent = \"batch.node.ubuntu 24.04\"\n"
      if let formula = pool.formula {
        text += "  autoscale {\n    formula = \"\(formula)\"\n  }\n"
      } else {
        text += "  dedicated_nodes = \(pool.nodes)\n"
      }
      text += "  task_slots_per_node = \(pool.slots)\n  applications = [solver[\"1.0\"]]\n}\n"
    }
    for job in jobs where job.file == file {
      text += "job \(job.id) {\n  pool = \(job.pool)\n"
      text += "  task frame for i in 1..\(job.tasks) {\n    \(job.attributeName) = \"\(job.command) ${i} ${frames}\"\n"
      text += "    input \"scene\" { blob = data.inputs[\"s/${i}\"] }\n"
      text +=
        "    output \"*.png\" { container = \(job.outputStorage).out }\n    required_slots = \(job.requiredSlots)\n  }\n"
      text += "  task merge {\n    command = \"merge\"\n    depends_on = [frame]\n  }\n}\n"
    }
    return text + tails[file]
  }

  var sources: [SourceFile] {
    Self.files.indices.map { SourceFile(path: Self.files[$0], text: text(of: $0)) }
  }

  /// One random edit of the model or of the text.
  mutating func edit(_ random: inout SeededGenerator) {
    counter += 1
    switch Int.random(in: 0..<22, using: &random) {
    case 20:
      if !jobs.isEmpty {
        let index = Int.random(in: jobs.indices, using: &random)
        jobs[index].outputStorage = ["data", "scratch", "extra"].randomElement(using: &random)!
      }
    case 21:
      extraStorage = extraStorage == nil ? Int.random(in: 0..<4, using: &random) : nil
    case 19:
      storageRegion = storageRegion == "westeurope" ? "eastus" : "westeurope"
    case 18:
      // Formulas: none, good, reading a param, with a deprecated name, an unknown one, broken.
      if !pools.isEmpty {
        pools[Int.random(in: pools.indices, using: &random)].formula = [
          nil, "$TargetDedicatedNodes = min(4, $PendingTasks.GetSample(1));",
          "$TargetDedicatedNodes = max(${frames}, 1);", "$TargetDedicated = 2;",
          "$TargetDedicatedNodes = $Pendingtasks;",
          "$TargetDedicatedNodes = (;",
        ].randomElement(using: &random)!
      }
    case 16:
      if !pools.isEmpty {
        pools[Int.random(in: pools.indices, using: &random)].slots = Int.random(in: 1...3, using: &random)
      }
    case 17:
      if !jobs.isEmpty {
        jobs[Int.random(in: jobs.indices, using: &random)].requiredSlots = Int.random(in: 1...3, using: &random)
      }
    case 0: if !jobs.isEmpty { jobs[Int.random(in: jobs.indices, using: &random)].command += "x" }
    case 1:
      if !jobs.isEmpty, !pools.isEmpty {
        let pool = Bool.random(using: &random) ? pools.randomElement(using: &random)!.id : "pool-missing"
        jobs[Int.random(in: jobs.indices, using: &random)].pool = pool
      }
    case 2:
      if !jobs.isEmpty {
        jobs[Int.random(in: jobs.indices, using: &random)].attributeName = ["command", "comand", "command"]
          .randomElement(using: &random)!
      }
    case 3:
      if !pools.isEmpty {
        pools[Int.random(in: pools.indices, using: &random)].nodes = Int.random(in: 0..<30, using: &random)
      }
    case 4:
      pools.append(
        Pool(
          id: "pool-\(counter)", file: Int.random(in: 0..<4, using: &random), nodes: 3, vmSize: "Standard_D2s_v3",
          slots: 1))
    case 5: if !pools.isEmpty { pools.remove(at: Int.random(in: pools.indices, using: &random)) }
    case 6: if !pools.isEmpty { pools[Int.random(in: pools.indices, using: &random)].id = "pool-\(counter)" }
    case 7:
      if !pools.isEmpty {
        pools[Int.random(in: pools.indices, using: &random)].file = Int.random(in: 0..<4, using: &random)
      }
    case 8:
      jobs.append(
        Job(
          id: Bool.random(using: &random) ? "job-\(counter)" : (jobs.first?.id ?? "job-x"),
          file: Int.random(in: 0..<4, using: &random),
          pool: pools.randomElement(using: &random)?.id ?? "pool-0", tasks: Int.random(in: 1..<5, using: &random),
          command: "c",
          attributeName: "command"))
    case 9: if !jobs.isEmpty { jobs.remove(at: Int.random(in: jobs.indices, using: &random)) }
    case 10: frames = Int.random(in: 0..<9, using: &random)
    case 11: containers = Bool.random(using: &random) ? ["inputs", "out"] : ["inputs"]
    case 12: versions = Bool.random(using: &random) ? ["1.0", "2.0"] : ["2.0"]
    case 13:
      // None: the pools count against the assumed quotas of the account the project goes to.
      accounts = [[], ["acct"], ["acct", "acct2"]].randomElement(using: &random)!
    case 14:
      if !pools.isEmpty {
        pools[Int.random(in: pools.indices, using: &random)].vmSize = [
          "Standard_D4s_v3", "Standard_NC6", "Standard_X9", "Standard_D64s_v3",
        ].randomElement(using: &random)!
      }
    default:
      // A raw edit: a character that breaks or mends the syntax, or a statement, at a file's end.
      let file = Int.random(in: 0..<4, using: &random)
      let pieces = [
        "}", "{", "pool", " = ", "\"", "job z { pool = pool-0 }\n", "\n", "// c\n", "param frames: int = 2\n",
        "job jt { pool = pool-t }\npool pool-t { vm_size = \"Standard_D2s_v3\" }\n",
        // Suppressions, used or not: whether an unused one is reported follows the front end's
        // errors in every file.
        "// batchspec-ignore-file unused-pool, retired-vm-size: spares\n", "// batchspec-ignore BS5040\n",
      ]
      if tails[file].count > 40 || Bool.random(using: &random) {
        tails[file] = ""
      } else {
        tails[file] += pieces.randomElement(using: &random)!
      }
    }
  }
}

@Suite struct IncrementalOracleTests {
  /// The incremental checker's result is the from-scratch checker's, after every edit.
  @Test(arguments: [UInt64(1), 2, 3, 4])
  func incrementalCheckEqualsAFullCheck(seed: UInt64) {
    var random = SeededGenerator(state: seed)
    var model = OracleProject()
    let memo = CheckerMemo()
    var reused = 0
    var reusedBlocks = 0
    var patchedBindings = 0
    // Odd seeds check the files the incremental checker checks again one context per file, last
    // file first; even seeds do so for the from-scratch check.
    let concurrently: ConcurrentPerform = ConcurrentValidationTests.lastFirst
    var last: Project? = nil
    for step in 0..<150 {
      model.edit(&random)
      let sources = model.sources
      // From scratch: every file parsed whole. Incremental: as the language server builds it.
      let full = Checker.check(Project(files: sources), concurrently: seed % 2 == 0 ? concurrently : nil)
      let project = Project.edited(sources, after: last)
      last = project
      let (incremental, rechecked) = Checker.check(
        project, memo: memo, concurrently: seed % 2 == 1 ? concurrently : nil)
      reused += project.files.count - rechecked.count
      #expect(incremental.project.diagnostics == full.project.diagnostics, "step \(step) of seed \(seed)")
      #expect(
        incremental.project.references.map { "\($0.kind) \($0.location) \($0.target)" }
          == full.project.references.map { "\($0.kind) \($0.location) \($0.target)" }, "step \(step)")
      // Every block, attribute and formula, with every place: blocks taken from an earlier check
      // of their file must have moved with their text.
      #expect(Self.dump(incremental.project) == Self.dump(full.project), "step \(step)")
      // The references are each file's array as its check left it: one per file, however many
      // of its blocks were taken from the last check, and none copied into a project-wide one.
      let withReferences = Set(incremental.project.references.map(\.location.file)).count
      #expect(incremental.project.references.segments.count == withReferences, "step \(step)")
      reusedBlocks += memo.reusedBlocks
      if memo.patchedBinding { patchedBindings += 1 }
      if incremental.project.diagnostics != full.project.diagnostics { break }
    }
    print(
      "seed \(seed): \(reused) file checks reused of \(150 * OracleProject.files.count), \(reusedBlocks) blocks reused in files checked again, \(patchedBindings) bindings patched"
    )
    #expect(reused > 0, "no file was ever reused: the test does not exercise the incremental path")
    #expect(reusedBlocks > 0, "no block was ever reused in an edited file: the test does not exercise block reuse")
    #expect(patchedBindings > 20, "only \(patchedBindings) checks patched the binding: the test does not exercise it")
  }
}

extension IncrementalOracleTests {
  /// Checking a project's files each on a context of its own (as the CLI and the server do on
  /// every core) gives the same result as checking them in turn: here every fixture's files as
  /// one project, so that IDs clash and references cross files.
  @Test func everyFixtureTogetherChecksTheSameConcurrently() {
    let files = Fixture.all().flatMap { $0.project().files }.enumerated().map { index, file in
      SourceFile(id: FileID(index), path: "\(index)-" + file.path, bytes: file.bytes)
    }
    let project = Project(files: files)
    let serial = Checker.check(project).project
    let concurrent = Checker.check(project, concurrently: ConcurrentValidationTests.lastFirst).project
    #expect(files.count > 30)
    #expect(concurrent.diagnostics == serial.diagnostics)
    #expect(Self.dump(concurrent) == Self.dump(serial))
    #expect(
      concurrent.references.map { "\($0.kind) \($0.location) \($0.target)" }
        == serial.references.map { "\($0.kind) \($0.location) \($0.target)" })
  }

  /// Every checked block with its places, attributes (values and places) and children, then every
  /// formula with its places.
  static func dump(_ project: CheckedProject) -> [String] {
    var lines: [String] = []
    func walk(_ block: BlockInstance, depth: Int) {
      lines.append("\(depth) \(block.kind) \(block.label ?? "-") \(block.nameLocation) \(block.location)")
      block.attributes.forEachBorrowed { attribute, value in
        lines.append("  \(attribute.name) = \(value.value) \(value.location) \(value.valueLocation)")
      }
      for child in block.children { walk(child, depth: depth + 1) }
    }
    for resource in project.resources { walk(resource, depth: 0) }
    for formula in project.formulas {
      lines.append("formula \(formula.value) \(formula.map.whole) \(formula.map.segments.map(\.source))")
    }
    return lines
  }

  /// Incremental linting (check, rules, suppressions) gives the from-scratch `Linter.lint`'s
  /// findings, byte for byte as the CLI prints them, after every edit.
  @Test(arguments: Array(UInt64(11)...26))
  func incrementalLintEqualsAFullLint(seed: UInt64) {
    var random = SeededGenerator(state: seed)
    var model = OracleProject()
    let memo = LintMemo()
    // Odd seeds run the resource rules in parts of the focus, last part first, for every focus,
    // as the server does (on every core) when it opens a project: parts of one resource up to
    // the server's size, by seed.
    var concurrently: ConcurrentPerform?
    if seed % 2 == 1 {
      concurrently = ConcurrentValidationTests.lastFirst
      memo.concurrentFocus = 0
      memo.partWeight = [1, 3, 12, Validator.partWeight][Int(seed / 2) % 4]
    }
    var partial = 0
    var unusedPools = 0
    var last: Project? = nil
    for step in 0..<150 {
      model.edit(&random)
      let sources = model.sources
      let full = Linter.lint(Project(files: sources))
      let project = Project.edited(sources, after: last)
      last = project
      let (incremental, work) = Linter.lint(project, memo: memo, concurrently: concurrently)
      if work.revalidated != nil { partial += 1 }
      if full.diagnostics.contains(where: { $0.code.rawValue == "BS5040" }) { unusedPools += 1 }
      let renderer = DiagnosticRenderer(useColor: false) { project.file($0) }
      // The rendering, and the notes' and fix-its' places, which it does not show.
      func text(_ diagnostic: Diagnostic) -> String {
        renderer.render(diagnostic) + "\(diagnostic.notes.map(\.location)) \(diagnostic.fixIts)"
      }
      let expected = full.diagnostics.map(text)
      let actual = incremental.diagnostics.map(text)
      #expect(actual == expected, "step \(step) of seed \(seed): \(Set(actual).symmetricDifference(Set(expected)))")
      if actual != expected { break }
    }
    #expect(partial > 20, "only \(partial) runs validated part of the project: the test does not exercise it")
    // Pools become unused and used again as jobs move (a pool's finding that depends on jobs).
    #expect(unusedPools > 10, "only \(unusedPools) steps had an unused pool")
  }

  /// A file's report is made again only when what it is made from changed; an edit in another
  /// file can change it through the rules' findings (a pool there becomes unused, and a
  /// suppression there silences it) or the front end's errors anywhere (with an error, an unused
  /// suppression is not reported, in any file).
  @Test func aFileIsReportedAgainWhenAnEditElsewhereChangesItsFindingsOrSuppressions() {
    let pools = """
      // batchspec-ignore-file retired-vm-size: the old size is what the benchmark measures
      // batchspec-ignore unused-pool: kept warm for the nightly job
      pool render {
        vm_size = "Standard_D2s_v3"
        image = "canonical/ubuntu-24_04-lts/server"
        node_agent = "batch.node.ubuntu 24.04"
        dedicated_nodes = 2
      }
      pool encode {
        vm_size = "Standard_D2s_v3"
        image = "canonical/ubuntu-24_04-lts/server"
        node_agent = "batch.node.ubuntu 24.04"
        dedicated_nodes = 2
      }

      """
    let steps = [
      "job j {\n  pool = render\n  task t { command = \"x\" }\n}\n",
      "job j {\n  pool = encode\n  task t { command = \"x\" }\n}\n",
      "job j {\n  pool = encode\n  task t { command = \"x\" }\n}\nparam broken: int = \n",
      "job j {\n  pool = encode\n  task t { command = \"x\" }\n}\n",
      "job j {\n  pool = render\n  task t { command = \"x\" }\n}\n",
    ]
    let codes = Self.lintedIncrementally(steps, besides: pools).map { $0.files[1].map(\.code.rawValue) }
    // Render used: both suppressions unused, encode unused. Encode used: the line suppression
    // silences render's finding. A syntax error in a.batch: unused suppressions go unreported.
    #expect(codes == [["BS9001", "BS9001", "BS5040"], ["BS9001"], [], ["BS9001"], ["BS9001", "BS9001", "BS5040"]])
  }

  /// A project that declares no job has no unused pool (its pools are for jobs submitted some
  /// other way): the project's first job, in another file, makes every other pool unused, and
  /// removing its last job makes them used again.
  @Test func theFirstJobAndTheLastOneChangeEveryPoolsFinding() {
    let pools =
      "pool render {\n  vm_size = \"Standard_D2s_v3\"\n  image = \"canonical/ubuntu-24_04-lts/server\"\n"
      + "  node_agent = \"batch.node.ubuntu 24.04\"\n  dedicated_nodes = 2\n}\n"
      + "pool encode {\n  vm_size = \"Standard_D2s_v3\"\n  image = \"canonical/ubuntu-24_04-lts/server\"\n"
      + "  node_agent = \"batch.node.ubuntu 24.04\"\n  dedicated_nodes = 2\n}\n"
    let steps = ["// no job yet\n", "job j {\n  pool = render\n  task t { command = \"x\" }\n}\n", "// none\n"]
    let unused = Self.lintedIncrementally(steps, besides: pools).map {
      $0.diagnostics.filter { $0.code.rawValue == "BS5040" }.count
    }
    #expect(unused == [0, 1, 0])
  }

  /// A project that declares no account goes to one whose quotas are assumed: a pool's nodes in
  /// one file move the sum the other file's pool is part of, and declaring an account in the
  /// edited file moves the finding to it.
  @Test func theQuotaOfAnUndeclaredAccountFollowsEveryPool() {
    let pool =
      "job j {\n  pool = render\n  task t { command = \"x\" }\n}\n"
      + "pool render {\n  vm_size = \"Standard_D64s_v3\"\n  image = \"canonical/ubuntu-24_04-lts/server\"\n"
      + "  node_agent = \"batch.node.ubuntu 24.04\"\n  dedicated_nodes = 10\n}\n"
    func encode(_ nodes: Int) -> String {
      "job e {\n  pool = encode\n  task t { command = \"x\" }\n}\n"
        + "pool encode {\n  vm_size = \"Standard_D64s_v3\"\n  image = \"canonical/ubuntu-24_04-lts/server\"\n"
        + "  node_agent = \"batch.node.ubuntu 24.04\"\n  dedicated_nodes = \(nodes)\n}\n"
    }
    let steps = [
      encode(4), encode(5), encode(4), "account acct { location = \"eastus\" }\n" + encode(5), encode(5),
    ]
    let findings = Self.lintedIncrementally(steps, besides: pool).map { result in
      result.diagnostics.filter { $0.code.rawValue == "BS3001" }.map {
        "\($0.location.file.rawValue): \($0.message.prefix { $0 != "," })"
      }
    }
    // 14 × 64 = 896 vCPUs are within the 900 assumed; 15 × 64 = 960 are not.
    #expect(
      findings == [
        [], ["0: the pools of this project need 960 dedicated vCPUs"], [],
        ["0: the pools of account `acct` need 960 dedicated vCPUs"],
        ["0: the pools of this project need 960 dedicated vCPUs"],
      ])
  }

  /// Each text of `steps` in turn as `a.batch`, beside `b.batch` holding `other`, linted
  /// incrementally (with one memo, each project parsed after the last as the server does); each
  /// result is required to equal a from-scratch lint, and returned.
  static func lintedIncrementally(_ steps: [String], besides other: String) -> [LintResult] {
    let memo = LintMemo()
    var last: Project? = nil
    return steps.map { text in
      let sources = [
        SourceFile(id: FileID(0), path: "a.batch", text: text), SourceFile(id: FileID(1), path: "b.batch", text: other),
      ]
      let project = Project.edited(sources, after: last)
      last = project
      let incremental = Linter.lint(project, memo: memo).result
      #expect(incremental.diagnostics == Linter.lint(Project(files: sources)).diagnostics, "with \(text)")
      return incremental
    }
  }

  /// Whether a pool is used is a finding of the pool (BS5040) that depends on the jobs: a job in
  /// one file that moves from a pool in a second file to one in a third makes the first unused
  /// and the second used, and only that job and those two pools are looked at again.
  @Test func aPoolIsLookedAtAgainWhenItsLastJobLeavesOrTheFirstArrives() {
    func pool(_ id: String) -> String {
      "pool \(id) {\n  vm_size = \"Standard_D2s_v3\"\n  image = \"canonical/ubuntu-24_04-lts/server\"\n"
        + "  dedicated_nodes = 2\n}\n"
    }
    func job(on pool: String) -> String { "job j {\n  pool = \(pool)\n  task t { command = \"x\" }\n}\n" }
    func sources(_ jobs: String) -> [SourceFile] {
      [
        SourceFile(id: FileID(0), path: "a.batch", text: jobs),
        SourceFile(id: FileID(1), path: "b.batch", text: pool("render") + pool("spare-1") + pool("spare-2")),
        SourceFile(id: FileID(2), path: "c.batch", text: pool("encode")),
      ]
    }
    let memo = LintMemo()
    let first = Project.edited(sources(job(on: "render")), after: nil)
    _ = Linter.lint(first, memo: memo)
    var last = first
    for target in ["encode", "Render", "spare-1", "missing", "render"] {
      let edited = sources(job(on: target))
      let project = Project.edited(edited, after: last)
      last = project
      let (incremental, work) = Linter.lint(project, memo: memo)
      let full = Linter.lint(Project(files: edited))
      #expect(incremental.diagnostics == full.diagnostics, "job moved to \(target)")
      let unused = full.diagnostics.filter { $0.code.rawValue == "BS5040" }.map { project.file($0.file).text($0.range) }
      #expect(unused.count == (target == "missing" ? 4 : 3), "job moved to \(target): \(unused)")
      // The job, the pool it left and the pool it joined; the spare pools keep their findings.
      #expect((work.revalidated ?? .max) <= 3, "job moved to \(target)")
    }
  }
}

extension IncrementalOracleTests {
  /// The same text of a block parses otherwise when the file's braces stop or start balancing:
  /// with more `{` than `}`, a header as far left as an open block's closes it. Here the job's
  /// text is the same with and without a stray `}` above it, but without it `task b` is `task a`'s
  /// sibling, and with it, its child (found by the `analyze` fuzz target).
  @Test func aBlockIsCheckedAgainWhenTheFileBracesStopOrStartBalancing() {
    let job = "job j {\n  task a {\n    command = \"x\"\n  task b {\n    command = \"y\"\n  }\n}"
    let balanced = "}\n" + job
    let unbalanced = "\n" + job
    for (before, after) in [(balanced, unbalanced), (unbalanced, balanced)] {
      let memo = CheckerMemo()
      let first = Project.edited([SourceFile(id: FileID(0), path: "a.batch", text: before)], after: nil)
      _ = Checker.check(first, memo: memo)
      let sources = [SourceFile(id: FileID(0), path: "a.batch", text: after)]
      let (incremental, _) = Checker.check(Project.edited(sources, after: first), memo: memo)
      let full = Checker.check(Project(files: sources)).project
      #expect(incremental.project.diagnostics == full.diagnostics)
      #expect(Self.dump(incremental.project) == Self.dump(full))
      // The case is the one meant: the two parses nest `task b` differently.
      #expect(full.diagnostics.contains { $0.code == .misplacedBlock } == (after == balanced))
    }
  }
}

extension IncrementalOracleTests {
  /// A finding about a value a param gave points at the param's declaration, in another file:
  /// when an edit above the param moves it, the block that read it is checked again, so the note
  /// moves with it.
  @Test func aNoteAtAParamMovesWithIt() {
    let job = "job j {\n  pool = p\n  task t for i in 1..frames { command = \"x\" }\n}\n"
    let params = "param frames: int = 0\n"
    let memo = CheckerMemo()
    let before = [
      SourceFile(id: FileID(0), path: "a.batch", text: params), SourceFile(id: FileID(1), path: "b.batch", text: job),
    ]
    let first = Project.edited(before, after: nil)
    _ = Checker.check(first, memo: memo)
    let after = [
      SourceFile(id: FileID(0), path: "a.batch", text: "// the frames\n" + params),
      SourceFile(id: FileID(1), path: "b.batch", text: job),
    ]
    let (incremental, _) = Checker.check(Project.edited(after, after: first), memo: memo)
    let full = Checker.check(Project(files: after)).project
    #expect(full.diagnostics.contains { $0.code == .invalidSweep && $0.notes.count == 1 })
    #expect(incremental.project.diagnostics == full.diagnostics)
    #expect(
      incremental.project.diagnostics.flatMap { $0.notes.map(\.location) }
        == full.diagnostics.flatMap { $0.notes.map(\.location) })
  }
}

extension IncrementalOracleTests {
  /// After an edit of one file, the project's references hold the arrays of the files the edit
  /// did not change as their last check left them: shared, not copied into one array again (at
  /// 50k lines that copy was 200 kB at every keystroke).
  @Test func anEditSharesTheReferencesOfTheFilesItDidNotChange() {
    let pool = "pool p {\n  vm_size = \"Standard_D2s_v3\"\n  dedicated_nodes = 1\n}\n"
    let job = "job j {\n  pool = p\n  task t { command = \"x\" }\n}\n"
    let memo = CheckerMemo()
    let before = [
      SourceFile(id: FileID(0), path: "a.batch", text: pool + "job k {\n  pool = p\n}\n"),
      SourceFile(id: FileID(1), path: "b.batch", text: job),
    ]
    let first = Project.edited(before, after: nil)
    let old = Checker.check(first, memo: memo).result.project.references
    let after = [before[0], SourceFile(id: FileID(1), path: "b.batch", text: job.replacing("\"x\"", with: "\"y\""))]
    let (incremental, rechecked) = Checker.check(Project.edited(after, after: first), memo: memo)
    #expect(rechecked == [FileID(1)])
    let new = incremental.project.references
    #expect(new.map(\.location) == Checker.check(Project(files: after)).project.references.map(\.location))
    #expect(old.segments.count == 2 && new.segments.count == 2)
    // The unchanged file's array is the same storage; the edited file's is its own again.
    func storage(_ array: [ResolvedReference]) -> UnsafeRawPointer? {
      array.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }
    #expect(storage(new.segments[0]) == storage(old.segments[0]))
    #expect(new.segments[1].map(\.location.file) == [FileID(1)])
  }
}

extension Project {
  /// The project of `files` as the language server builds it after `previous` (`AnalysisHost`): a
  /// file whose text is unchanged keeps its tree, a changed one is parsed after its last tree
  /// (which keeps the statements after the edit as they were, with how far they moved).
  static func edited(_ files: [SourceFile], after previous: Project?) -> Project {
    var numbered = files
    for index in numbered.indices { numbered[index].id = FileID(index) }
    let trees = numbered.map { file -> SyntaxTree? in
      let index = file.id.rawValue
      guard let previous, index < previous.files.count, previous.files[index].path == file.path else { return nil }
      let old = previous.files[index]
      return old.bytes == file.bytes
        ? previous.trees[index] : Parser.parse(file, after: old, tree: previous.trees[index])
    }
    return Project(files: numbered, reusing: trees)
  }
}
