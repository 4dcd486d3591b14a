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

  /// Loads the projects named by `paths`; `stdin` supplies the text for `-`.
  package static func load(
    _ paths: [String], stdinName: String?, stdin: () -> [UInt8]
  ) throws(UsageError) -> [LoadedProject] {
    var byDirectory: [String: (files: [String], all: Bool)] = [:]
    var order: [String] = []
    var projects: [LoadedProject] = []
    let manager = FileManager.default

    func add(_ directory: String, file: String?) {
      if byDirectory[directory] == nil {
        byDirectory[directory] = ([], false)
        order.append(directory)
      }
      if let file { byDirectory[directory]?.files.append(file) } else { byDirectory[directory]?.all = true }
    }

    for path in paths {
      if path == "-" {
        projects.append(try stdinProject(name: stdinName ?? "<stdin>", bytes: stdin()))
        continue
      }
      var isDirectory = false
      guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw UsageError("no such file or directory: \(path)")
      }
      if isDirectory {
        let directories = try projectDirectories(under: path)
        if directories.isEmpty { throw UsageError("no .batch files in \(path)") }
        for directory in directories { add(directory, file: nil) }
      } else {
        try refuseOtherFiles(path)
        add(directoryOf(path), file: path)
      }
    }
    var listed: [(names: [String], entry: (files: [String], all: Bool))] = []
    for directory in order {
      guard let entry = byDirectory[directory] else { continue }
      var names = try batchFiles(in: directory)
      for file in entry.files where !names.contains(file) { names.append(file) }
      listed.append((names, entry))
    }
    // Projects are read on every core, and so are the files of each project parsed.
    let projectFiles = listed
    let loaded = Parallel.map(projectFiles.count) { index -> Result<LoadedProject, UsageError> in
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
        let reported = Set(project.files.filter { entry.all || entry.files.contains($0.path) }.map(\.id))
        return .success(LoadedProject(project: project, reported: reported))
      } catch {
        return .failure(error)
      }
    }
    for result in loaded { projects.append(try result.get()) }
    return projects
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

  /// `root` and every directory under it that holds `.batch` files, each once (the server's walk).
  static func projectDirectories(under root: String) throws(UsageError) -> [String] {
    _ = try batchFiles(in: root)
    return DiskFileSystem.projectDirectories(under: root)
  }

  private static func read(_ path: String) throws(UsageError) -> SourceFile {
    guard let bytes = SystemIO.readFile(atPath: path) else { throw UsageError("cannot read \(path)") }
    guard bytes.count <= SourceFile.maximumByteCount else {
      throw UsageError("\(path) is \(bytes.count) bytes: batchspec reads files of up to 2 GiB")
    }
    return SourceFile(id: FileID(0), path: path, bytes: bytes)
  }
}
