// The analysis host: documents over the disk, edits in either column encoding, disk events,
// projects by directory, configuration files found as the CLI finds them, params and overrides;
// and the snapshot's questions about files, paths and configuration.

import BatchSpecCore
import BatchSpecIDE
import Foundation
import Testing

@Suite struct AnalysisHostTests {
  /// After an edit near the top of a file, the parse keeps the statements below as they were,
  /// with how far they moved (`SyntaxTree.statement(_:)`): every query still answers with their
  /// places where they are now, as a fresh analysis of the same text does.
  @Test func queriesAfterAnEditAnswerAsAFreshAnalysis() throws {
    let text = """
      param nodes: int = 2
      account acct {
        location = "westeurope"
        quota { dedicated_cores = 40 }
      }
      pool render-pool {
        vm_size         = "Standard_D4s_v3"
        dedicated_nodes = nodes
      }
      job j {
        pool = render-pool
        task t for i in 1..3 {
          command = "render ${i} ${nodes}"
        }
      }
      job k { pool = missing-pool }

      """
    let edited = "// moved down\n" + text
    let host = AnalysisHost(fileSystem: InMemoryFileSystem())
    host.open(path: "/p/a.batch", version: 1, text: text)
    _ = host.analysis()
    let start = LinePosition(line: 0, column: 0)
    try host.change(
      path: "/p/a.batch", version: 2, changes: [TextChange(range: (start, start), text: "// moved down\n")])
    let fresh = AnalysisHost(fileSystem: InMemoryFileSystem())
    fresh.open(path: "/p/a.batch", version: 2, text: edited)
    func answers(_ analysis: Analysis) -> [String] {
      var lines = [
        "\(analysis.diagnostics("/p/a.batch"))", "\(analysis.documentSymbols("/p/a.batch"))",
        "\(analysis.foldingRanges("/p/a.batch"))", "\(analysis.semanticTokens("/p/a.batch"))",
        "\(analysis.inlayHints("/p/a.batch", in: TextRange(0, edited.utf8.count)))",
      ]
      for offset in stride(from: 0, to: edited.utf8.count, by: 7) {
        lines.append(
          "\(offset): \(String(describing: analysis.hover("/p/a.batch", offset: offset)))"
            + " \(analysis.definition("/p/a.batch", offset: offset))"
            + " \(analysis.selectionRanges("/p/a.batch", offset: offset))")
      }
      return lines
    }
    let incremental = host.analysis()
    let tree = try #require(incremental.file("/p/a.batch")).project.project.trees[0]
    #expect((0..<tree.statementCount).contains { tree.statement($0).shift != 0 }, "the edit moved no kept statement")
    #expect(answers(incremental) == answers(fresh.analysis()))
  }

  /// "Fix all" lints its rounds with the memo the project's snapshots are linted with. It makes
  /// the edit a fresh lint makes, and whether the client then applies it or edits on without
  /// it, the next analysis is a fresh one's.
  @Test func fixAllLintsWithTheMemoAndLeavesItTrue() throws {
    let path = "/p/a.batch"
    let pools = "pool render-pool {\n  vm_size = \"Standard_D4s_v3\"\n}\n"
    let fixable = "job j {\n  \"pool\": \"render-pool\"\n  priority = \"5\"\n}\njob k { pool = missing }\n"
    func host(_ text: String) -> AnalysisHost {
      let host = AnalysisHost(fileSystem: InMemoryFileSystem(["/p/b.batch": pools]))
      host.open(path: path, version: 1, text: text)
      return host
    }
    func diagnostics(_ analysis: Analysis) -> [[Diagnostic]] {
      [analysis.diagnostics(path), analysis.diagnostics("/p/b.batch")]
    }

    let applied = host(fixable)
    let analysis = applied.analysis()
    let memo = try #require(applied.lintMemo(of: path))
    let fixAll = try #require(analysis.fixAll(path, memo: memo))
    let fromScratch = try #require(analysis.fixAll(path))
    #expect(fixAll.fixCount == 3 && fromScratch.fixCount == 3)
    #expect(fixAll.edits == fromScratch.edits)
    let fixed = try #require(analysis.applying(fixAll.edits)[path])
    try applied.change(path: path, version: 2, changes: [TextChange(range: nil, text: fixed)])
    #expect(diagnostics(applied.analysis()) == diagnostics(host(fixed).analysis()))

    let declined = host(fixable)
    _ = declined.analysis().fixAll(path, memo: declined.lintMemo(of: path))
    let start = LinePosition(line: 0, column: 0)
    try declined.change(path: path, version: 2, changes: [TextChange(range: (start, start), text: "// later\n")])
    #expect(diagnostics(declined.analysis()) == diagnostics(host("// later\n" + fixable).analysis()))
    #expect(declined.analysis().diagnostics(path).contains { $0.fixIts.contains(where: \.isSafe) })
  }

  /// explore24 L11: a finding of the file whose safe fix edits another file of the project (an
  /// auto pool's lifetime, for a job no schedule creates) was applied by `lint jobs.batch --fix`
  /// but left out of the editor's "fix all".
  @Test func fixAllAppliesAFixThatEditsAnotherFile() throws {
    let pool = """
      pool autop {
        vm_size    = "Standard_D2s_v3"
        image      = "canonical/ubuntu-24_04-lts/server"
        node_agent = "batch.node.ubuntu 24.04"
        auto { lifetime = job_schedule }
      }

      """
    let job =
      "job j4 {\n  pool                  = autop\n  on_all_tasks_complete = terminate_job\n  task t { command = \"x\" }\n}\n"
    let host = AnalysisHost(fileSystem: InMemoryFileSystem(["/p/pools.batch": pool]))
    host.open(path: "/p/jobs.batch", version: 1, text: job)
    let analysis = host.analysis()
    let fixAll = try #require(analysis.fixAll("/p/jobs.batch"))
    #expect(fixAll.edits.map(\.location.path) == ["/p/pools.batch"], "\(fixAll.edits)")
    let fixed = try #require(analysis.applying(fixAll.edits)["/p/pools.batch"])
    #expect(fixed.contains("auto { lifetime = job }"), "\(fixed)")
  }

  private let pools = "pool render-pool { }\n"
  private let jobs = "job j { pool = render-pool }\n"

  @Test func aProjectIsItsDirectorysFilesWithOpenDocumentsOverTheDisk() {
    let host = AnalysisHost(
      fileSystem: InMemoryFileSystem(["/p/a.batch": jobs, "/p/b.batch": pools, "/q/c.batch": jobs]))
    #expect(host.open(path: "/p/a.batch", version: 3, text: jobs) == "/p")
    let analysis = host.analysis()
    #expect(analysis.paths(ofProject: "/p") == ["/p/a.batch", "/p/b.batch"])
    #expect(analysis.project(of: "/q/c.batch") == nil)  // never asked about
    #expect(analysis.codes("/p/a.batch").isEmpty)
    #expect(analysis.versions == ["/p/a.batch": 3])
    #expect(host.version(of: "/p/a.batch") == 3 && host.version(of: "/p/b.batch") == nil)
    #expect(host.openPaths == ["/p/a.batch"])
  }

  /// A file system that keeps every array it hands out, so a test can tell whose text a snapshot holds.
  private final class RecordingFileSystem: FileSystem, @unchecked Sendable {
    let base: InMemoryFileSystem
    var handedOut: [String: [[UInt8]]] = [:]
    init(_ files: [String: String]) { base = InMemoryFileSystem(files) }
    func batchFiles(in directory: String) -> [String] { base.batchFiles(in: directory) }
    func projectDirectories(under root: String) -> [String] { base.projectDirectories(under: root) }
    func read(_ path: String) -> [UInt8]? {
      let bytes = base.read(path)
      if let bytes { handedOut[path, default: []].append(bytes) }
      return bytes
    }
  }

  /// A file read from disk and then opened with the same text is held once: the snapshot takes the
  /// editor's copy (and keeps its tree); closing it reads the disk again.
  @Test func aFileOpenedWithItsDiskTextIsHeldOnce() throws {
    let disk = RecordingFileSystem(["/p/a.batch": jobs, "/p/b.batch": pools])
    let host = AnalysisHost(fileSystem: disk)
    host.open(path: "/p/a.batch", version: 1, text: jobs)
    let before = host.analysis()
    let fromDisk = try #require(disk.handedOut["/p/b.batch"]?.last)
    #expect(ByteComparison.sameStorage(try #require(before.source("/p/b.batch")).bytes, fromDisk))

    host.open(path: "/p/b.batch", version: 1, text: pools)
    let after = host.analysis()
    let opened = try #require(after.source("/p/b.batch"))
    #expect(opened.bytes == Array(pools.utf8))
    #expect(!ByteComparison.sameStorage(opened.bytes, fromDisk))
    #expect(after.codes("/p/b.batch") == before.codes("/p/b.batch"))

    host.close(path: "/p/b.batch")
    #expect(host.analysis().source("/p/b.batch")?.bytes == Array(pools.utf8))
    #expect(disk.handedOut["/p/b.batch"]?.count == 2)
  }

  @Test func aDocumentNotOnDiskJoinsItsDirectorysProjectUntilClosed() {
    let host = AnalysisHost(fileSystem: InMemoryFileSystem(["/p/b.batch": pools]))
    host.open(path: "/p/new.batch", version: 1, text: jobs)
    #expect(host.analysis().paths(ofProject: "/p") == ["/p/b.batch", "/p/new.batch"])
    #expect(host.close(path: "/p/new.batch") == "/p")
    #expect(host.analysis().paths(ofProject: "/p") == ["/p/b.batch"])
    #expect(host.openPaths.isEmpty)
  }

  @Test func anUntitledDocumentIsAProjectOfItsOwn() {
    let host = AnalysisHost(fileSystem: InMemoryFileSystem())
    let key = host.open(path: "untitled:Untitled-1", version: 1, text: "job j { pool = nowhere }\n")
    #expect(key == "untitled:Untitled-1")
    let analysis = host.analysis()
    #expect(analysis.paths(ofProject: key) == [key])
    #expect(analysis.codes(key) == ["BS2006"])
    host.close(path: key)
    #expect(host.analysis().project(of: key) == nil)
  }

  @Test func editsApplyInOrderAndReCheckTheWholeProject() throws {
    let fixture = Fixture("//- /p/a.batch\n\(jobs)//- /p/b.batch\n\(pools)")
    let host = fixture.host
    #expect(fixture.analysis.codes("/p/a.batch").isEmpty)
    // Rename the pool in b.batch: the reference in a.batch breaks; closing b.batch restores the disk's.
    let start = LinePosition(line: 0, column: 5)
    let end = LinePosition(line: 0, column: 16)
    #expect(
      try host.change(path: "/p/b.batch", version: 2, changes: [TextChange(range: (start, end), text: "other")]) == "/p"
    )
    #expect(fixture.analysis.source("/p/b.batch")?.text(TextRange(0, 12)) == "pool other {")
    #expect(fixture.analysis.codes("/p/a.batch") == ["BS2006"])
    host.close(path: "/p/b.batch")
    #expect(fixture.analysis.codes("/p/a.batch").isEmpty)
    // A change to a document that is not open is refused.
    #expect(throws: AnalysisHost.ChangeRefusal.notOpen) {
      try host.change(path: "/p/zzz.batch", version: 1, changes: [])
    }
  }

  @Test func changesCountColumnsInTheNegotiatedEncoding() throws {
    let text = "job j { display_name = \"😀x\" }\n"
    for (encoding, column) in [(PositionEncoding.utf16, 26), (.utf8, 28)] {
      let host = AnalysisHost(fileSystem: InMemoryFileSystem())
      host.encoding = encoding
      host.open(path: "/p/a.batch", version: 1, text: text)
      let at = LinePosition(line: 0, column: column)
      try host.change(
        path: "/p/a.batch", version: 2,
        changes: [TextChange(range: (at, LinePosition(line: 0, column: column + 1)), text: "y")])
      #expect(
        host.analysis().source("/p/a.batch")?.text(TextRange(0, 32)) == "job j { display_name = \"😀y\" }", "\(encoding)"
      )
    }
  }

  /// Columns past a line's end clamp to it, as LSP asks; a line past the end, or a range that ends
  /// before it starts, is not applied and says why.
  @Test func changesClampColumnsAndRefuseWhatDoesNotFit() {
    var bytes = Array("ab\ncd\n".utf8)
    let clamped = TextChange(range: (LinePosition(line: 0, column: 99), LinePosition(line: 0, column: 99)), text: "!")
      .apply(to: &bytes, encoding: .utf16)
    #expect(clamped == nil)
    let past = TextChange(range: (LinePosition(line: 9, column: 0), LinePosition(line: 9, column: 0)), text: "?")
      .apply(to: &bytes, encoding: .utf16)
    #expect(past?.contains("past the end of a document of 3 lines") == true, "\(past ?? "")")
    let reversed = TextChange(range: (LinePosition(line: 1, column: 2), LinePosition(line: 1, column: 0)), text: "-")
      .apply(to: &bytes, encoding: .utf16)
    #expect(reversed?.contains("ends (line 2) before it starts (line 2)") == true, "\(reversed ?? "")")
    #expect(String(decoding: bytes, as: UTF8.self) == "ab!\ncd\n")
    TextChange(range: nil, text: "all").apply(to: &bytes, encoding: .utf8)
    #expect(bytes == Array("all".utf8))
  }

  /// Each open document's line index is revised with every change, not built again: after many
  /// changes (several per notification, line breaks of every kind added and removed), it and
  /// the text are those a fresh index of the same text gives.
  @Test func aDocumentsLineIndexFollowsItsChanges() throws {
    let host = AnalysisHost(fileSystem: InMemoryFileSystem([:]))
    var text = "pool p {\r\n  vm_size = \"Standard_D2s_v3\"\n}\r"
    host.open(path: "/p/a.batch", version: 1, text: text)
    // The same edits on every run: a linear congruential sequence.
    var state: UInt64 = 5
    func random(_ range: ClosedRange<Int>) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return range.lowerBound + Int((state >> 33) % UInt64(range.count))
    }
    let pieces = ["\n", "\r\n", "\r", "x", "é", "", "\n\n"]
    for version in 2..<200 {
      var changes: [TextChange] = []
      for _ in 0..<random(1...3) {
        let lines = LineIndex(Array(text.utf8))
        let start = random(0...text.utf8.count)
        let end = min(text.utf8.count, start + random(0...3))
        let piece = pieces[random(0...pieces.count - 1)]
        let change = TextChange(
          range: (lines.position(of: start, encoding: .utf8), lines.position(of: end, encoding: .utf8)), text: piece)
        var bytes = Array(text.utf8)
        change.apply(to: &bytes, encoding: .utf8)
        text = String(decoding: bytes, as: UTF8.self)
        changes.append(change)
      }
      host.encoding = .utf8
      try host.change(path: "/p/a.batch", version: version, changes: changes)
      let source = try #require(host.analysis().source("/p/a.batch"))
      #expect(source.bytes == Array(text.utf8))
      #expect(source.lines.lineStarts == LineIndex(source.bytes).lineStarts, "version \(version)")
    }
  }

  @Test func anUnchangedFileKeepsItsTreeWhenOthersMoveItsID() {
    // Opening a file that sorts first renumbers the others: their diagnostics must follow them.
    let host = AnalysisHost(fileSystem: InMemoryFileSystem(["/p/b.batch": "job j { pool = nowhere }\n"]))
    host.load(path: "/p/b.batch")
    #expect(host.analysis().codes("/p/b.batch") == ["BS2006"])
    host.open(path: "/p/a.batch", version: 1, text: "pool p { }\n")
    let analysis = host.analysis()
    #expect(analysis.paths(ofProject: "/p") == ["/p/a.batch", "/p/b.batch"])
    #expect(analysis.codes("/p/b.batch") == ["BS2006"])
    #expect(
      analysis.diagnostics("/p/b.batch").allSatisfy {
        analysis.path(of: $0.location, inProjectOf: "/p/b.batch") == "/p/b.batch"
      })
    host.releaseRetired()
  }

  @Test func diskEventsReloadLoadedProjectsOnly() {
    let disk = ChangingFileSystem(["/p/a.batch": jobs, "/p/b.batch": pools])
    let host = AnalysisHost(fileSystem: disk)
    host.load(path: "/p/a.batch")
    #expect(host.analysis().codes("/p/a.batch").isEmpty)
    // What was read is kept until an event says it changed.
    disk["/p/b.batch"] = nil
    #expect(host.analysis().codes("/p/a.batch").isEmpty)
    #expect(host.filesChangedOnDisk(["/p/b.batch"]) == ["/p"])
    #expect(host.analysis().codes("/p/a.batch") == ["BS2006"])
    // A file created where no project is loaded loads none.
    disk["/q/c.batch"] = pools
    #expect(host.filesChangedOnDisk(["/q/c.batch"]).isEmpty)
    #expect(host.analysis().project(of: "/q/c.batch") == nil)
    // One created in a loaded project joins it.
    disk["/p/b.batch"] = pools
    #expect(host.filesChangedOnDisk(["/p/b.batch"]) == ["/p"])
    #expect(host.analysis().codes("/p/a.batch").isEmpty)
  }

  @Test func loadingProjectsUnderARootFindsEveryDirectoryWithSpecs() {
    let host = AnalysisHost(
      fileSystem: InMemoryFileSystem(["/w/a/x.batch": pools, "/w/a/b/y.batch": jobs, "/v/z.batch": pools]))
    host.loadProjects(under: ["/w"])
    #expect(host.analysis().projects.keys.sorted() == ["/w/a", "/w/a/b"])
  }

  @Test func theDiskWalkEntersEachDirectoryOnce() throws {
    // The CLI's walk too: a link back to an ancestor, or a second link to a directory, adds nothing.
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("bs-walk-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: root) }
    try FileManager.default.createDirectory(atPath: root + "/a/.hidden", withIntermediateDirectories: true)
    try pools.write(toFile: root + "/a/x.batch", atomically: true, encoding: .utf8)
    try pools.write(toFile: root + "/a/.hidden/y.batch", atomically: true, encoding: .utf8)
    try FileManager.default.createSymbolicLink(atPath: root + "/a/up", withDestinationPath: "..")
    try FileManager.default.createSymbolicLink(atPath: root + "/b", withDestinationPath: "a")
    #expect(DiskFileSystem().projectDirectories(under: root) == [root + "/a"])
    let host = AnalysisHost(fileSystem: DiskFileSystem())
    host.loadProjects(under: [root])
    #expect(host.analysis().projects.keys.sorted() == [root + "/a"])
  }

  @Test func paramsOverrideDefaultsInEveryProject() {
    let fixture = Fixture("param n: int = 3\njob j {\n  task t for i in 1..n { command = \"x\" }\n}")
    #expect(fixture.analysis.project(of: Fixture.defaultPath)?.checked.params["n"].map { "\($0)" } == "3")
    fixture.host.params = ["n": "5"]
    #expect(fixture.analysis.project(of: Fixture.defaultPath)?.checked.params["n"].map { "\($0)" } == "5")
  }

  private let longID = String(repeating: "p", count: 70)

  @Test func theNearestConfigurationFileAppliesWithOverridesOnTop() {
    let spec = "pool \(longID) { }\n"
    let fixture = Fixture(
      "//- /w/p/a.batch\n" + spec,
      disk: ["/w/batchspec.config": "rules { invalid-resource-id = off }\n"])
    var analysis = fixture.analysis
    #expect(!analysis.codes("/w/p/a.batch").contains("BS5002"))
    #expect(analysis.configurationPath(ofProject: "/w/p") == "/w/batchspec.config")
    #expect(analysis.configuration("/w/batchspec.config") != nil)
    #expect(analysis.configuration("/w/other.config") == nil)
    // Overrides, like `--rule`, win over the file.
    #expect(fixture.host.overrides.setLevel("BS5002", "warning") == nil)
    analysis = fixture.analysis
    #expect(analysis.diagnostics("/w/p/a.batch").first { $0.code.rawValue == "BS5002" }?.severity == .warning)
  }

  @Test func anOpenConfigurationCountsWithItsTextAndItsProblemsAreItsOwn() {
    let fixture = Fixture("//- /w/p/a.batch\npool \(longID) { }")
    #expect(fixture.analysis.codes("/w/p/a.batch").contains("BS5002"))
    fixture.host.open(path: "/w/p/batchspec.config", version: 1, text: "rules { BS5002 = off, bogus-rule = off }\n")
    let analysis = fixture.analysis
    #expect(!analysis.codes("/w/p/a.batch").contains("BS5002"))
    #expect(analysis.codes("/w/p/batchspec.config") == ["BS9002"])
    let problem = analysis.diagnostics("/w/p/batchspec.config").first
    #expect(problem.flatMap { analysis.configuration("/w/p/batchspec.config")?.file?.text($0.range) } == "bogus-rule")
    #expect(analysis.lineIndex(of: "/w/p/batchspec.config") != nil)
    #expect(
      problem.flatMap { analysis.path(of: $0.location, inProjectOf: "/w/p/batchspec.config") }
        == "/w/p/batchspec.config")
    // Closed, it is read from the disk again, where there is none.
    fixture.host.close(path: "/w/p/batchspec.config")
    #expect(fixture.analysis.codes("/w/p/a.batch").contains("BS5002"))
    #expect(fixture.analysis.configurationPath(ofProject: "/w/p") == nil)
  }

  @Test func aConfigurationChangedOnDiskAffectsTheProjectsBelowIt() {
    let host = AnalysisHost(
      fileSystem: InMemoryFileSystem([
        "/w/p/a.batch": "pool \(longID) { }\n", "/w/q/b.batch": pools, "/v/c.batch": pools,
      ]))
    host.load(path: "/w/p/a.batch")
    host.load(path: "/w/q/b.batch")
    host.load(path: "/v/c.batch")
    _ = host.analysis()
    #expect(host.filesChangedOnDisk(["/w/batchspec.config"]) == ["/w/p", "/w/q"])
    #expect(host.filesChangedOnDisk(["/w/p/batchspec.config"]) == ["/w/p"])
  }

  @Test func questionsAboutUnknownFilesHaveEmptyAnswers() {
    let (analysis, _) = fixture("pool p { }$0")
    #expect(analysis.file("/elsewhere/x.batch") == nil)
    #expect(analysis.source("/elsewhere/x.batch") == nil)
    #expect(analysis.lineIndex(of: "/elsewhere/x.batch") == nil)
    #expect(analysis.diagnostics("/elsewhere/x.batch").isEmpty)
    #expect(analysis.paths(ofProject: "/elsewhere").isEmpty)
    #expect(analysis.configurationPath(ofProject: "/p") == nil)
    #expect(analysis.path(of: Location(FileID(7), TextRange(0, 0)), inProjectOf: Fixture.defaultPath) == nil)
  }

  @Test func projectPaths() {
    #expect(ProjectPaths.directory(of: "/a/b.batch") == "/a")
    #expect(ProjectPaths.directory(of: "/b.batch") == "/")
    #expect(ProjectPaths.directory(of: "/scènes/b.batch") == "/scènes")
    #expect(ProjectPaths.directory(of: "untitled:1") == nil)
    #expect(ProjectPaths.isConfiguration("/a/batchspec.config") && ProjectPaths.isConfiguration("batchspec.config"))
    #expect(!ProjectPaths.isConfiguration("/a/my-batchspec.config"))
    #expect(ProjectPaths.projectKey(of: "untitled:1") == "untitled:1")
  }

  @Test func configurationOverridesRefuseUnknownOptions() {
    var overrides = ConfigurationOverrides()
    #expect(overrides.setOption("assumed_spot_cores", "7") == nil)
    #expect(overrides.setOption("no_such_option", "1") != nil)
    #expect(overrides.options == ["assumed_spot_cores": "7"])
    var configuration = ValidationConfiguration()
    overrides.apply(to: &configuration)
    #expect(configuration.assumedQuotas.spotCores == 7)
  }
}

/// A disk whose files a test changes under the host.
private final class ChangingFileSystem: FileSystem, @unchecked Sendable {
  private let lock = NSLock()
  private var files: InMemoryFileSystem

  init(_ files: [String: String]) { self.files = InMemoryFileSystem(files) }

  subscript(path: String) -> String? {
    get { lock.withLock { files.files[path] } }
    set { lock.withLock { files.files[path] = newValue } }
  }

  func batchFiles(in directory: String) -> [String] { lock.withLock { files.batchFiles(in: directory) } }
  func read(_ path: String) -> [UInt8]? { lock.withLock { files.read(path) } }
  func projectDirectories(under root: String) -> [String] { lock.withLock { files.projectDirectories(under: root) } }
}
