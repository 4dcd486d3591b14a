// Task directories, made and recycled cheaply. A task gets `<task>/` with `wd/`, `stdout.txt` and
// `stderr.txt`; when it succeeds without writing anything, that directory is renamed to a spare
// (`.batchspec-spare-<n>` in the same job directory) and the next task's directory is a spare
// renamed to its name. Creating and removing two directories per task is what made many small
// tasks slow (each new directory takes a block; freeing it waits for the disk's discard): a rename
// takes none. Spares are removed when the run ends; a later run removes what a killed one left.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Runner {
  /// The most spares kept in one job directory (more are removed): as many as tasks can finish
  /// there before the next starts, which the node's slots bound.
  static let spareLimit = 64

  /// The name of spare number `index`.
  static func spareName(_ index: Int) -> String { ".batchspec-spare-\(index)" }

  /// Opens the directory of a task at `taskDirectory` and its `wd/`, fresh: what an earlier attempt
  /// or run left is removed (links in it are removed, never followed); a spare becomes it when the
  /// job directory has one. Sets the execution's descriptors.
  func openTaskDirectory(_ execution: Execution, _ taskDirectory: String) throws(FileError) {
    let name = String(taskDirectory.split(separator: "/").last ?? "")
    let parentPath = String(taskDirectory.dropLast(name.count + 1))
    let parent = try parentDirectory(parentPath)
    SafeFiles.removeTree(parent, name)
    if let count = spares[parentPath], count > 0 {
      spares[parentPath] = count - 1
      if renameat(parent, Self.spareName(count - 1), parent, name) != 0 { SafeFiles.removeTree(parent, name) }
    }
    execution.taskDescriptor = try SafeFiles.openDirectory(parent, [name], create: true, what: "task directory")
    execution.workingDescriptor = try SafeFiles.openDirectory(
      execution.taskDescriptor, ["wd"], create: true, what: "working directory")
  }

  /// Makes a succeeded task's directory only as large as what it wrote: when it wrote nothing (its
  /// `stdout.txt` and `stderr.txt` are empty, `wd/` is empty and nothing else was added), the
  /// directory becomes a spare and nothing of the task is left; else empty `stdout.txt`,
  /// `stderr.txt` and `wd` are removed.
  func tidy(_ execution: Execution) {
    let directory = execution.taskDescriptor
    guard directory >= 0 else { return }
    var emptyLogs: [String] = []
    for name in ["stdout.txt", "stderr.txt"] {
      var info = stat()
      if fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) == 0, (info.st_mode & S_IFMT) == S_IFREG,
        info.st_size == 0
      {
        emptyLogs.append(name)
      }
    }
    if emptyLogs.count == 2, SafeFiles.entries(execution.workingDescriptor) == [],
      SafeFiles.entries(directory).map(Set.init) == ["stdout.txt", "stderr.txt", "wd"], keepAsSpare(execution)
    {
      return
    }
    for name in emptyLogs { unlinkat(directory, name, 0) }
    unlinkat(directory, "wd", AT_REMOVEDIR)  // fails, as it should, when the task left files there
  }

  /// Renames the task directory of `execution` to its job directory's next spare; false when
  /// that cannot be done (the directory then stays as it is).
  private func keepAsSpare(_ execution: Execution) -> Bool {
    let name = String(execution.taskDirectory.split(separator: "/").last ?? "")
    let parentPath = String(execution.taskDirectory.dropLast(name.count + 1))
    let count = spares[parentPath] ?? 0
    guard count < Self.spareLimit, let parent = try? parentDirectory(parentPath) else { return false }
    let spare = Self.spareName(count)
    if renameat(parent, name, parent, spare) != 0 {
      // A killed run's spare is in the way.
      SafeFiles.removeTree(parent, spare)
      guard renameat(parent, name, parent, spare) == 0 else { return false }
    }
    spares[parentPath] = count + 1
    return true
  }

  /// Removes every spare of the job directories this run used, and those a killed run may have
  /// left there.
  func removeSpares() {
    for parentPath in spares.keys.sorted() {
      guard let parent = try? parentDirectory(parentPath) else { continue }
      for index in 0..<Self.spareLimit { SafeFiles.removeTree(parent, Self.spareName(index)) }
    }
    spares.removeAll()
  }

  /// The open directory `path` (a job's directory on a node, or a node's root), created when
  /// missing; kept open for the run, so each task's directory is one `openat` from it.
  func parentDirectory(_ path: String) throws(FileError) -> Int32 {
    if let descriptor = openParents[path] { return descriptor }
    if openParents.count >= 512 {
      // Many nodes times many jobs: keep the descriptors open at a bounded number.
      for descriptor in openParents.values { close(descriptor) }
      openParents.removeAll()
    }
    let descriptor = try openWork(path, create: true)
    openParents[path] = descriptor
    if spares[path] == nil { spares[path] = 0 }
    return descriptor
  }
}
