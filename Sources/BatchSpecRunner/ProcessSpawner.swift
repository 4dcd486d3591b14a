// Starts a command without a shell: posix_spawn in its own process group, in a working directory,
// with standard output and error appended to files and standard input from /dev/null. A task is
// started in a session of its own (`setsid`), found again by its session after a crash even when
// it changed its directory or process group.

import FoundationEssentials
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Spawns task processes.
enum ProcessSpawner {
  private typealias AddChdir =
    @convention(c) (
      UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>
    ) -> Int32

  /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29+, macOS 10.15+), which Swift's Glibc module hides.
  private static let addChdir: AddChdir? = {
    guard let symbol = Platform.symbol("posix_spawn_file_actions_addchdir_np") else { return nil }
    return unsafeBitCast(symbol, to: AddChdir.self)
  }()

  private typealias AddFchdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

  /// `posix_spawn_file_actions_addfchdir_np` (glibc 2.29+): the child changes to an open
  /// directory, so no path (and no link on it) is resolved again.
  private static let addFchdir: AddFchdir? = {
    guard let symbol = Platform.symbol("posix_spawn_file_actions_addfchdir_np") else { return nil }
    return unsafeBitCast(symbol, to: AddFchdir.self)
  }()

  private typealias AddClosefrom =
    @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

  /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34+): the child keeps no descriptor
  /// the runner inherited (a pipe of whoever started it would otherwise outlive the runner).
  private static let addClosefrom: AddClosefrom? = {
    guard let symbol = Platform.symbol("posix_spawn_file_actions_addclosefrom_np") else { return nil }
    return unsafeBitCast(symbol, to: AddClosefrom.self)
  }()

  /// A task's start, prepared on the runner's thread (its program found on `PATH`), to be made
  /// by `start` there or on a `SpawnQueue` thread.
  struct TaskStart: Sendable {
    var program: String
    var arguments: [String]
    var environment: [String]
    /// The open working directory, and its path.
    var directory: Int32
    var path: String
    /// The open files that become standard output and error.
    var stdout: Int32
    var stderr: Int32
  }

  /// Prepares the start of a task: `arguments` in the open directory `directory` (whose path is
  /// `path`), standard output and error to the open files given; fails when the program is not
  /// found.
  static func prepareTask(
    _ arguments: [String], environment: [String], directory: Int32, path: String, stdout: Int32, stderr: Int32
  ) throws(SpawnError) -> TaskStart {
    TaskStart(
      program: try program(arguments, environment: environment, directory: path), arguments: arguments,
      environment: environment, directory: directory, path: path, stdout: stdout, stderr: stderr)
  }

  /// Starts a prepared task in a new session; returns its PID (also its session's and process
  /// group's ID). Safe to call from several threads at once when `startsFromThreads`.
  static func start(_ task: TaskStart) throws(SpawnError) -> pid_t {
    try spawn(
      program: task.program, task.arguments, environment: task.environment, directory: task.path,
      directoryDescriptor: task.directory, newSession: true
    ) { actions in
      posix_spawn_file_actions_adddup2(&actions, task.stdout, 1)
      posix_spawn_file_actions_adddup2(&actions, task.stderr, 2)
    }
  }

  /// Whether tasks may be started from several threads: the child changes to its working
  /// directory itself, so the runner's own directory is never changed around a start.
  static var startsFromThreads: Bool { addFchdir != nil || addChdir != nil }

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

  /// Starts `arguments` in `directory` as the leader of a new process group, output appended to
  /// files; returns its PID.
  static func spawn(
    _ arguments: [String], environment: [String], directory: String, stdoutPath: String, stderrPath: String
  ) throws(SpawnError) -> pid_t {
    try spawn(arguments, environment: environment, directory: directory) { actions in
      posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
      posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
    }
  }

  /// Runs `arguments` to its end (at most `timeout` seconds, then kills it): its exit status and
  /// the last line it wrote to standard error. For short tool calls made while nothing else can
  /// happen (setup), never for tasks.
  static func runToEnd(_ arguments: [String], environment: [String], timeout: Double) -> (Int32, String) {
    var ends: [Int32] = [0, 0]
    guard pipe(&ends) == 0 else { return (-1, "cannot create a pipe") }
    for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
    let pid: pid_t
    do {
      pid = try spawn(arguments, environment: environment, directory: "/") { actions in
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, ends[1], 2)
      }
    } catch {
      close(ends[0])
      close(ends[1])
      return (-1, error.description)
    }
    close(ends[1])
    defer { close(ends[0]) }
    var output: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    let deadline = Runner.now() + timeout
    while true {
      var descriptor = pollfd(fd: ends[0], events: Int16(POLLIN), revents: 0)
      let left = deadline - Runner.now()
      if left <= 0 || poll(&descriptor, 1, Int32(left * 1000) + 1) == 0 {
        kill(-pid, SIGKILL)
        break
      }
      let count = read(ends[0], &buffer, buffer.count)
      if count < 0 && errno == EINTR { continue }
      if count <= 0 { break }
      if output.count < 65_536 { output += buffer[0..<count] }
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let exited = (status & 0x7f) == 0
    let lines = String(decoding: output, as: UTF8.self).split(whereSeparator: \.isNewline)
    let last = lines.last.map { line in
      guard let first = line.firstIndex(where: { !$0.isWhitespace }),
        let end = line.lastIndex(where: { !$0.isWhitespace })
      else { return "" }
      return String(line[first...end])
    }
    return (exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), last ?? "")
  }

  /// Starts `arguments` in `directory` as the leader of a new process group with standard input
  /// from /dev/null and the output `redirect` sets up; returns its PID.
  private static func spawn(
    _ arguments: [String], environment: [String], directory: String,
    redirect: (inout posix_spawn_file_actions_t) -> Void
  ) throws(SpawnError) -> pid_t {
    try spawn(
      program: program(arguments, environment: environment, directory: directory), arguments,
      environment: environment, directory: directory, redirect: redirect)
  }

  /// The full path of `arguments[0]`, found on the environment's `PATH`, or why it cannot start.
  private static func program(_ arguments: [String], environment: [String], directory: String) throws(SpawnError)
    -> String
  {
    let pathVariable = environment.first { $0.hasPrefix("PATH=") }.map { String($0.dropFirst(5)) } ?? "/usr/bin:/bin"
    guard let program = resolve(arguments[0], path: pathVariable, workingDirectory: directory) else {
      throw SpawnError(description: "`\(arguments[0])` was not found or is not executable")
    }
    return program
  }

  /// Starts `program` with `arguments` as `spawn` does, the program already found.
  private static func spawn(
    program: String, _ arguments: [String], environment: [String], directory: String,
    directoryDescriptor: Int32? = nil, newSession: Bool = false,
    redirect: (inout posix_spawn_file_actions_t) -> Void
  ) throws(SpawnError) -> pid_t {
    var actions = Platform.spawnFileActions()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    redirect(&actions)

    var attributes = Platform.spawnAttributes()
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
    // A new session makes its leader a process group leader too (setpgid would then fail).
    let grouping = newSession ? Platform.setSessionFlag : Int32(POSIX_SPAWN_SETPGROUP)
    posix_spawnattr_setflags(&attributes, Int16(grouping | Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)))

    var changedDirectory = false
    var previous: [CChar] = []
    if let directoryDescriptor, let addFchdir {
      _ = addFchdir(&actions, directoryDescriptor)
    } else if let addChdir {
      _ = addChdir(&actions, directory)
    } else {
      // Without addchdir_np, change the runner's own directory around the spawn (it then spawns
      // from one thread only: `startsFromThreads`).
      previous = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      _ = getcwd(&previous, previous.count)
      changedDirectory = chdir(directory) == 0
    }
    defer { if changedDirectory { _ = chdir(previous) } }
    if let addClosefrom { _ = addClosefrom(&actions, 3) }

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
