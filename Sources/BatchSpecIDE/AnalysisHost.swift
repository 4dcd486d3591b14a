// The analysis host: takes document changes and disk events, and hands out `Analysis` snapshots.

package import BatchSpecCore

/// The state of an editor session: open documents over the disk, grouped into projects.
///
/// A project is a directory's `.batch` files, with open documents replacing their disk text. A
/// change marks its project stale; the next `analysis()` re-checks stale projects only, and
/// re-parses only the files whose text changed. Each project is validated with the nearest
/// `batchspec.config` walking up from its directory, found and parsed as the CLI does
/// (`ConfigurationLookup`), with `overrides` on top.
package final class AnalysisHost {
  /// An open document's version, text and line index.
  private struct Document {
    var version: Int
    var bytes: [UInt8]
    /// The index of `bytes`, kept up to date with each change (a change's positions are
    /// resolved with it, and its project's next check takes it).
    var lines: LineIndex
    /// Why a change was refused, since when the editor's text and this one differ: every later
    /// change by range is refused too, until one replaces the whole text (or the editor opens
    /// the document again).
    var outOfStep: String? = nil

    init(version: Int, bytes: [UInt8]) {
      self.version = version
      self.bytes = bytes
      self.lines = LineIndex(bytes)
    }
  }

  private let fileSystem: any FileSystem
  private var documents: [String: Document] = [:]
  private var diskCache: [String: [UInt8]] = [:]
  /// Each project directory's `.batch` files on disk, listed once until a disk event.
  private var listings: [String: [String]] = [:]
  private var snapshots: [String: ProjectSnapshot] = [:]
  /// What each project's last analysis did, so the next one does only what changed.
  private var memos: [String: LintMemo] = [:]
  private var stale: Set<String> = []
  /// Snapshots replaced by newer ones, kept until `releaseRetired()` so freeing them (a whole
  /// checked project) happens after the answer is sent, not before.
  private var retired: [ProjectSnapshot] = []
  /// Param overrides applied to every project, as `--param` gives them to the CLI.
  package var params: [String: String] = [:] {
    didSet { stale.formUnion(snapshots.keys) }
  }
  /// Rule levels and options applied over every project's configuration file, as the CLI's
  /// `--rule` and `--rule-option` are.
  package var overrides = ConfigurationOverrides() {
    didSet { stale.formUnion(snapshots.keys) }
  }
  /// Each project directory's configuration (the nearest file's, parsed), until a disk event.
  private var configurations: [String: LintConfiguration] = [:]
  /// The VM sizes hover, completion and hints know.
  package var vmSizes: VMSizeTable = .embedded
  /// How columns are counted in `TextChange`s.
  package var encoding: PositionEncoding = .utf16

  /// Creates a host reading unopened files from `fileSystem`.
  package init(fileSystem: any FileSystem = DiskFileSystem()) { self.fileSystem = fileSystem }

  /// Opens a document with its full text; returns the key of the project it belongs to.
  @discardableResult
  package func open(path: String, version: Int, text: String) -> String {
    documents[path] = Document(version: version, bytes: Array(text.utf8))
    // While it is open, the editor's text stands for the disk's: closing it reads the disk again.
    diskCache[path] = nil
    return invalidate(path)
  }

  /// Why a change is not applied.
  package enum ChangeRefusal: Error, Equatable {
    /// The document is not open.
    case notOpen
    /// The change does not fit the document (a range past its end, or reversed) or comes with a
    /// version no newer than the open one: applied, it would leave the editor's text and this
    /// one out of step without a word.
    case invalid(String)
  }

  /// Applies changes in order to an open document; returns its project's key. Nothing is applied
  /// when one of them does not fit the document as the ones before it left it.
  @discardableResult
  package func change(path: String, version: Int, changes: [TextChange]) throws(ChangeRefusal) -> String {
    guard var document = documents[path] else { throw .notOpen }
    func refuse(_ problem: String) -> ChangeRefusal {
      if documents[path]?.outOfStep == nil { documents[path]?.outOfStep = problem }
      return .invalid(problem)
    }
    guard version > document.version else {
      throw refuse("version \(version) is not newer than the open document's \(document.version)")
    }
    for change in changes {
      if change.range == nil {
        document.outOfStep = nil
      } else if let earlier = document.outOfStep {
        throw .invalid("an earlier change was refused (\(earlier)), so this one would go to other text")
      }
      if let problem = change.apply(to: &document.bytes, encoding: encoding, lines: &document.lines) {
        throw refuse(problem)
      }
    }
    document.version = version
    documents[path] = document
    return invalidate(path)
  }

  /// Closes a document: its project reads it from disk again (or drops it when it has none).
  @discardableResult
  package func close(path: String) -> String {
    documents[path] = nil
    return invalidate(path)
  }

  /// Forgets what was read from disk for `paths` (created, changed or deleted); returns the keys
  /// of the loaded projects affected. Projects nobody has asked about stay unloaded.
  package func filesChangedOnDisk(_ paths: [String]) -> Set<String> {
    var keys: Set<String> = []
    for path in paths where ProjectPaths.isConfiguration(path) {
      keys.formUnion(configurationChanged(path))
    }
    for path in paths where !ProjectPaths.isConfiguration(path) {
      let key = ProjectPaths.projectKey(of: path)
      diskCache[path] = nil
      listings[key] = nil
      if snapshots[key] != nil || stale.contains(key) { keys.insert(invalidate(path)) }
    }
    return keys
  }

  /// A configuration file was created, changed or deleted: forgets the configurations of the
  /// directories at or under its own, and marks their loaded projects stale.
  private func configurationChanged(_ path: String) -> Set<String> {
    guard let directory = ProjectPaths.directory(of: path) else { return [] }
    let prefix = directory.hasSuffix("/") ? directory : directory + "/"
    func affected(_ key: String) -> Bool { key == directory || key.hasPrefix(prefix) }
    diskCache[path] = nil
    for key in configurations.keys where affected(key) { configurations[key] = nil }
    var keys: Set<String> = []
    for key in snapshots.keys where affected(key) {
      stale.insert(key)
      keys.insert(key)
    }
    for key in stale where affected(key) { keys.insert(key) }
    return keys
  }

  /// The configuration for the project with `key`: the nearest configuration file's, read from
  /// an open document or the disk; the default for a document with no directory.
  private func configuration(forProject key: String) -> LintConfiguration {
    guard key.hasPrefix("/") else { return LintConfiguration() }
    if let known = configurations[key] { return known }
    let found = ConfigurationLookup.nearest(forDirectory: key) { path in
      if let document = documents[path] { return document.bytes }
      if let cached = diskCache[path] { return cached }
      let read = fileSystem.read(path)
      if let read { diskCache[path] = read }
      return read
    }
    configurations[key] = found
    return found
  }

  /// Whether `path` is open, and its version.
  package func version(of path: String) -> Int? { documents[path]?.version }

  /// The paths of the open documents.
  package var openPaths: [String] { documents.keys.sorted() }

  /// Makes sure the project of `path` is loaded; returns its key.
  @discardableResult
  package func load(path: String) -> String {
    let key = ProjectPaths.projectKey(of: path)
    if snapshots[key] == nil { stale.insert(key) }
    return key
  }

  /// Loads the project of every directory under `roots` that holds `.batch` files.
  package func loadProjects(under roots: [String]) {
    for root in roots {
      for directory in fileSystem.projectDirectories(under: root) where snapshots[directory] == nil {
        stale.insert(directory)
      }
    }
  }

  /// An immutable snapshot answering queries; stale projects are re-checked first.
  package func analysis() -> Analysis {
    for key in stale {
      let new = rebuild(key)
      if let old = snapshots[key] { retired.append(old) }
      snapshots[key] = new
    }
    stale.removeAll()
    return Analysis(
      projects: snapshots, versions: documents.mapValues(\.version), encoding: encoding, vmSizes: vmSizes)
  }

  /// The memo `path`'s project is linted with, once it has been: "fix all" lints its rounds with
  /// it (`Analysis.fixAll(_:memo:)`), on this thread, as an edit is linted.
  package func lintMemo(of path: String) -> LintMemo? { memos[ProjectPaths.projectKey(of: path)] }

  /// Frees the snapshots replaced since the last call; call it once answers are sent.
  ///
  /// On this thread: freeing on another one was tried, and made both slower (they contend for
  /// the allocator's lock).
  package func releaseRetired() { retired.removeAll() }

  private func invalidate(_ path: String) -> String {
    let key = ProjectPaths.projectKey(of: path)
    // An open configuration file counts with its editor text, as the disk's would.
    if ProjectPaths.isConfiguration(path) { _ = configurationChanged(path) }
    stale.insert(key)
    return key
  }

  private func rebuild(_ key: String) -> ProjectSnapshot? {
    var paths: [String]
    if key.hasPrefix("/") {
      paths = listings[key] ?? fileSystem.batchFiles(in: key)
      listings[key] = paths
      for open in documents.keys
      where ProjectPaths.directory(of: open) == key && !paths.contains(open) && !ProjectPaths.isConfiguration(open) {
        paths.append(open)
      }
      paths.sort()
    } else {
      paths = documents[key] == nil ? [] : [key]
    }
    let old = snapshots[key]
    var sources: [SourceFile] = []
    var reused: [SyntaxTree?] = []
    for path in paths {
      let bytes: [UInt8]
      var lines: LineIndex? = nil
      if let document = documents[path] {
        bytes = document.bytes
        lines = document.lines
      } else if let cached = diskCache[path] {
        bytes = cached
      } else if let read = fileSystem.read(path) {
        diskCache[path] = read
        bytes = read
      } else {
        continue
      }
      let id = FileID(sources.count)
      // An unchanged file keeps its line index and syntax tree.
      if let old, let oldID = old.fileIDs[path], ByteComparison.equal(old.project.file(oldID).bytes, bytes) {
        var source = old.project.file(oldID)
        source.id = id
        // A file opened with the text it has on disk: the snapshot takes the editor's copy, so
        // that the disk's is freed rather than kept beside it for as long as the file is open.
        if let lines, !ByteComparison.sameStorage(source.bytes, bytes) {
          source = SourceFile(id: id, path: path, bytes: bytes, lines: lines)
        }
        var tree = old.project.trees[oldID.rawValue]
        tree.renumber(to: id)
        sources.append(source)
        reused.append(tree)
      } else if let old, let oldID = old.fileIDs[path] {
        // A changed file is parsed again where it changed: the statements around are kept.
        let previous = old.project.file(oldID)
        let source =
          if let lines { SourceFile(id: id, path: path, bytes: bytes, lines: lines) } else {
            SourceFile(id: id, path: path, bytes: bytes, revising: previous)
          }
        sources.append(source)
        reused.append(Parser.parse(source, after: previous, tree: old.project.trees[oldID.rawValue]))
      } else if let lines {
        sources.append(SourceFile(id: id, path: path, bytes: bytes, lines: lines))
        reused.append(nil)
      } else {
        sources.append(SourceFile(id: id, path: path, bytes: bytes))
        reused.append(nil)
      }
    }
    if sources.isEmpty {
      memos[key] = nil
      return nil
    }
    let project = Project(files: sources, reusing: reused)
    var configuration = configuration(forProject: key)
    overrides.apply(to: &configuration.validation)
    let memo = memos[key] ?? LintMemo()
    memos[key] = memo
    return ProjectSnapshot(key: key, project: project, params: params, configuration: configuration, memo: memo)
  }
}
