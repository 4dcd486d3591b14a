// Loads projects from paths: a directory is a project (and its subdirectories are projects of
// their own); a file is checked with its directory's project; `-` reads standard input.

package import BatchSpecCore
import BatchSpecIDE
import FoundationEssentials

/// A project to check and the files whose diagnostics are reported.
package struct LoadedProject {
  /// The project.
  package var project: Project
  /// The files whose diagnostics are shown (all of them for a directory).
  package var reported: Set<FileID>
}

/// Reads `.batch` files from disk.
package enum ProjectLoader {
  /// The file extension of specs.
  package static let fileExtension = "batch"

  /// The projects a command line names, and what could not be read.
  package struct Loaded {
    package var projects: [LoadedProject] = []
    /// One message per directory under a named one, or per file of a project, that could not be
    /// read: the directory's specs are not checked, nor is the project of the file (its other
    /// files' findings would be wrong without it). The command goes on, and exits 2.
    package var unreadable: [String] = []
  }

  /// Loads the projects named by `paths`; `stdin` supplies the text for `-`. A path is read as the
  /// user means it (`./a.batch` is `a.batch`), and a directory named twice, in any spelling or
  /// through a link, is one project.
  package static func load(
    _ paths: [String], stdinName: String?, stdin: () -> [UInt8]
  ) throws(UsageError) -> Loaded {
    // Each project's directory as first named, the names of the files named in it, and whether
    // all of its files are reported; by the directory's real path.
    var entries: [(directory: String, names: [String], all: Bool)] = []
    var byRealPath: [String: Int] = [:]
    var loaded = Loaded()
    let manager = FileManager.default

    func add(_ directory: String, file: String?) {
      let key = URL(fileURLWithPath: directory).standardizedFileURL.resolvingSymlinksInPath().path
      let index = byRealPath[key] ?? entries.count
      if index == entries.count {
        entries.append((directory, [], false))
        byRealPath[key] = index
      }
      if let file {
        if !entries[index].names.contains(file) { entries[index].names.append(file) }
      } else {
        entries[index].all = true
      }
    }

    for argument in paths {
      if argument == "-" {
        loaded.projects.append(
          try stdinProject(name: stdinName.map(PathName.normalized) ?? "<stdin>", bytes: stdin()))
        continue
      }
      let path = PathName.normalized(argument)
      var isDirectory = false
      guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw UsageError("no such file or directory: \(argument)")
      }
      if isDirectory {
        var unreadable = 0
        let directories = try projectDirectories(under: path) {
          loaded.unreadable.append(cannotRead(directory: $0))
          unreadable += 1
        }
        if directories.isEmpty && unreadable == 0 { throw UsageError("no .batch files in \(argument)") }
        for directory in directories { add(directory, file: nil) }
      } else {
        try refuseOtherFiles(path)
        add(directoryOf(path), file: PathName.lastComponent(path))
      }
    }
    var listed: [(paths: [String], entry: (directory: String, names: [String], all: Bool))] = []
    for entry in entries {
      var files = try batchFiles(in: entry.directory)
      for name in entry.names {
        let path = join(entry.directory, name)
        if !files.contains(path) { files.append(path) }
      }
      listed.append((files, entry))
    }
    // Projects are read on every core, and so are the files of each project parsed.
    let projectFiles = listed
    let results = Parallel.map(projectFiles.count) { index -> Result<LoadedProject, UsageError> in
      let (names, entry) = projectFiles[index]
      do throws(UsageError) {
        var sources: [SourceFile] = []
        sources.reserveCapacity(names.count)
        for (number, path) in names.enumerated() {
          var source = try read(path)
          source.id = FileID(number)
          sources.append(source)
        }
        let files = sources
        let trees = Parallel.map(files.count) { Parser.parse(files[$0]) }
        let project = Project(files: files, reusing: trees)
        let reported = Set(
          project.files.filter { entry.all || entry.names.contains(PathName.lastComponent($0.path)) }.map(\.id))
        return .success(LoadedProject(project: project, reported: reported))
      } catch {
        return .failure(error)
      }
    }
    for result in results {
      switch result {
      case .success(let project): loaded.projects.append(project)
      case .failure(let error): loaded.unreadable.append(error.message)
      }
    }
    return loaded
  }

  /// `name` in `directory` (normalized), with no `./` before it when `directory` is `.`.
  private static func join(_ directory: String, _ name: String) -> String {
    directory == "." ? name : (directory.hasSuffix("/") ? directory + name : directory + "/" + name)
  }

  /// A project from standard input; with `--stdin-name` inside a directory, its siblings join it.
  private static func stdinProject(name: String, bytes: [UInt8]) throws(UsageError) -> LoadedProject {
    guard bytes.count <= SourceFile.maximumByteCount else {
      throw UsageError("standard input is \(bytes.count) bytes: batchspec reads files of up to 2 GiB")
    }
    var sources: [SourceFile] = []
    let directory = directoryOf(name)
    if name != "<stdin>", FileManager.default.fileExists(atPath: directory) {
      for path in (try? batchFiles(in: directory)) ?? [] where path != name {
        sources.append(try read(path))
      }
    }
    sources.append(SourceFile(id: FileID(0), path: name, bytes: bytes))
    let project = Project(files: sources)
    return LoadedProject(project: project, reported: [FileID(sources.count - 1)])
  }

  /// Refuses a regular file named on the command line whose extension says it is something else
  /// (`check README.md` reported 1,143 syntax errors). A name without an extension is read as a
  /// spec, and so is a pipe (`check <(generate)`).
  static func refuseOtherFiles(_ path: String) throws(UsageError) {
    let name = PathName.lastComponent(path)
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex,
      name[name.index(after: dot)...] != fileExtension,
      (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeRegular
    else { return }
    throw UsageError(
      "\(path) is not a .\(fileExtension) file: give specs, directories of specs, or `-` for standard input")
  }

  static func directoryOf(_ path: String) -> String {
    let parent = PathName.deletingLastComponent(path)
    return parent.isEmpty ? "." : parent
  }

  /// The `.batch` files directly in `directory`, sorted by name.
  static func batchFiles(in directory: String) throws(UsageError) -> [String] {
    guard let files = DiskFileSystem.batchFiles(listing: directory) else {
      throw UsageError("cannot read directory \(directory)")
    }
    return files
  }

  /// `root` and every directory under it that holds `.batch` files, each once (the server's walk);
  /// `unreadable` is called with each directory under `root` that cannot be listed.
  static func projectDirectories(
    under root: String, unreadable: (String) -> Void = { _ in }
  ) throws(UsageError) -> [String] {
    _ = try batchFiles(in: root)
    return DiskFileSystem.projectDirectories(under: root, unreadable: unreadable)
  }

  /// Why the directory at `path` could not be listed, for a message.
  static func cannotRead(directory path: String, _ consequence: String = "its specs are not checked") -> String {
    let reason = FileManager.default.isReadableFile(atPath: path) ? "" : ": permission denied"
    return "cannot read directory \(path)\(reason); \(consequence)"
  }

  /// Why the file at `path` could not be read: a link to nothing, or no permission.
  static func cannotRead(_ path: String, _ consequence: String = "its project is not checked") -> String {
    let manager = FileManager.default
    if let target = try? manager.destinationOfSymbolicLink(atPath: path), !manager.fileExists(atPath: path) {
      return "cannot read \(path): it is a link to \(target), which does not exist; \(consequence)"
    }
    let reason = manager.isReadableFile(atPath: path) ? "" : ": permission denied"
    return "cannot read \(path)\(reason); \(consequence)"
  }

  private static func read(_ path: String) throws(UsageError) -> SourceFile {
    guard let bytes = SystemIO.readFile(atPath: path) else { throw UsageError(cannotRead(path)) }
    guard bytes.count <= SourceFile.maximumByteCount else {
      throw UsageError("\(path) is \(bytes.count) bytes: batchspec reads files of up to 2 GiB")
    }
    return SourceFile(id: FileID(0), path: path, bytes: bytes)
  }
}
