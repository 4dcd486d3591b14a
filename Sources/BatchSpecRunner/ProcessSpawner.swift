// Starts a command without a shell: posix_spawn in its own process group, in a working directory,
// with standard output and error appended to files and standard input from /dev/null.

import Glibc

/// Spawns task processes.
enum ProcessSpawner {
  private typealias AddChdir =
    @convention(c) (
      UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>
    ) -> Int32

  /// glibc's `posix_spawn_file_actions_addchdir_np` (2.29+), which Swift's Glibc module hides.
  private static let addChdir: AddChdir? = {
    guard let symbol = dlsym(nil, "posix_spawn_file_actions_addchdir_np") else { return nil }
    return unsafeBitCast(symbol, to: AddChdir.self)
  }()

  /// Why a process could not be started.
  struct SpawnError: Error, CustomStringConvertible {
    var description: String
  }

  /// The full path of `program`: as given when it holds a `/`, else found on `path` (`PATH`).
  static func resolve(_ program: String, path: String, workingDirectory: String) -> String? {
    if program.contains("/") {
      let full = program.hasPrefix("/") ? program : workingDirectory + "/" + program
      return access(full, X_OK) == 0 ? program : nil
    }
    for directory in path.split(separator: ":") where !directory.isEmpty {
      let candidate = directory + "/" + program
      var info = stat()
      if stat(candidate, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, access(candidate, X_OK) == 0 {
        return candidate
      }
    }
    return nil
  }

  /// Starts `arguments` in `directory` as the leader of a new process group; returns its PID.
  static func spawn(
    _ arguments: [String], environment: [String], directory: String, stdoutPath: String, stderrPath: String
  ) throws(SpawnError) -> pid_t {
    let pathVariable = environment.first { $0.hasPrefix("PATH=") }.map { String($0.dropFirst(5)) } ?? "/usr/bin:/bin"
    guard let program = resolve(arguments[0], path: pathVariable, workingDirectory: directory) else {
      throw SpawnError(description: "`\(arguments[0])` was not found or is not executable")
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attributes, &empty)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGINT, SIGTERM, SIGPIPE, SIGCHLD, SIGHUP, SIGQUIT] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setpgroup(&attributes, 0)
    posix_spawnattr_setflags(
      &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    var changedDirectory = false
    var previous: [CChar] = []
    if let addChdir {
      _ = addChdir(&actions, directory)
    } else {
      // Without addchdir_np, change the runner's own directory around the spawn (it spawns from
      // one thread only).
      previous = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      _ = getcwd(&previous, previous.count)
      changedDirectory = chdir(directory) == 0
    }
    defer { if changedDirectory { _ = chdir(previous) } }

    let argv = arguments.map { strdup($0) } + [nil]
    let envp = environment.map { strdup($0) } + [nil]
    defer {
      for pointer in argv { free(pointer) }
      for pointer in envp { free(pointer) }
    }
    var pid: pid_t = 0
    let status = posix_spawn(&pid, program, &actions, &attributes, argv, envp)
    guard status == 0 else {
      throw SpawnError(description: "cannot start `\(arguments[0])`: \(String(cString: strerror(status)))")
    }
    return pid
  }
}
