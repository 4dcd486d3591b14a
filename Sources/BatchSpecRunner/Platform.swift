// What the runner does differently on Linux (glibc) and macOS (Darwin), in one place: how a
// signal handler is set, posix_spawn's types and extensions, how a thread is started, and how
// other processes are seen.
// Every other file imports the C library the same way (`#if canImport(Glibc)`). Linux is what
// the tests run on; the Darwin branches follow Darwin's headers but are not built in CI.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The C library where Linux and macOS differ.
enum Platform {
  /// The C library's `read`, for types with a method of that name.
  static func read(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
      Glibc.read(descriptor, buffer, count)
    #else
      Darwin.read(descriptor, buffer, count)
    #endif
  }

  /// The C library's `write`, for types with a method of that name.
  static func write(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
      Glibc.write(descriptor, buffer, count)
    #else
      Darwin.write(descriptor, buffer, count)
    #endif
  }

  /// The C library's `close`, for types with a method of that name.
  @discardableResult
  static func close(_ descriptor: Int32) -> Int32 {
    #if canImport(Glibc)
      Glibc.close(descriptor)
    #else
      Darwin.close(descriptor)
    #endif
  }

  /// Starts a thread with `attributes` that runs `DetachedThread.run(argument)`; `pthread_create`'s
  /// result (`pthread_t` is a number on Linux, a pointer on macOS, and the entry's argument
  /// optional on Linux only).
  static func startThread(_ attributes: inout pthread_attr_t, _ argument: UnsafeMutableRawPointer) -> Int32 {
    #if canImport(Glibc)
      var thread = pthread_t()
      return pthread_create(
        &thread, &attributes,
        { argument in
          DetachedThread.run(argument!)
          return nil
        }, argument)
    #else
      var thread: pthread_t? = nil
      return pthread_create(
        &thread, &attributes,
        { argument in
          DetachedThread.run(argument)
          return nil
        }, argument)
    #endif
  }

  /// Sets the plain handler of `action` (a union whose field names differ).
  static func setHandler(_ action: inout sigaction, _ handler: @escaping @convention(c) (Int32) -> Void) {
    #if canImport(Glibc)
      action.__sigaction_handler.sa_handler = handler
    #else
      action.__sigaction_u.__sa_handler = handler
    #endif
  }

  /// Empty file actions and attributes for `posix_spawn`, to `_init` before use (a struct on
  /// Linux, a pointer on macOS).
  static func spawnFileActions() -> posix_spawn_file_actions_t {
    #if canImport(Glibc)
      posix_spawn_file_actions_t()
    #else
      nil
    #endif
  }

  static func spawnAttributes() -> posix_spawnattr_t {
    #if canImport(Glibc)
      posix_spawnattr_t()
    #else
      nil
    #endif
  }

  /// `POSIX_SPAWN_SETSID` (glibc 2.26+, macOS 10.15+), which Swift's C modules do not export.
  static let setSessionFlag: Int32 = {
    #if canImport(Glibc)
      0x80
    #else
      0x400
    #endif
  }()

  /// A `posix_spawn` extension of this C library (`posix_spawn_file_actions_addchdir_np`, ...),
  /// looked up at run time: the headers Swift sees may not declare it, or an older library lack it.
  static func symbol(_ name: String) -> UnsafeMutableRawPointer? {
    #if canImport(Glibc)
      dlsym(nil, name)  // RTLD_DEFAULT
    #else
      dlsym(UnsafeMutableRawPointer(bitPattern: -2), name)  // RTLD_DEFAULT
    #endif
  }

  /// The IDs of the processes this user can see, with each one's working directory, for finding
  /// what a killed run left behind. Linux reads /proc. macOS has no /proc: nothing is listed, so
  /// only a run's own children are stopped there.
  static func processes() -> [(pid: pid_t, workingDirectory: () -> String?)] {
    #if os(Linux)
      var found: [(pid: pid_t, workingDirectory: () -> String?)] = []
      guard let directory = opendir("/proc") else { return [] }
      defer { closedir(directory) }
      while let entry = readdir(directory) {
        let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
          pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
        }
        guard let pid = pid_t(name) else { continue }
        found.append((pid, { linkTarget("/proc/\(name)/cwd") }))
      }
      return found
    #else
      return []
    #endif
  }

  /// The `NAME=value` entries process `pid` started with (empty when they cannot be read).
  static func environment(of pid: pid_t) -> [String] {
    #if os(Linux)
      let descriptor = open("/proc/\(pid)/environ", O_RDONLY | O_CLOEXEC)
      guard descriptor >= 0 else { return [] }
      defer { close(descriptor) }
      var bytes: [UInt8] = []
      var buffer = [UInt8](repeating: 0, count: 8192)
      while bytes.count < 1 << 20 {
        let count = read(descriptor, &buffer, buffer.count)
        if count <= 0 { break }
        bytes += buffer[0..<count]
      }
      return bytes.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    #else
      return []
    #endif
  }

  /// Where the symbolic link at `path` points, or nil.
  private static func linkTarget(_ path: String) -> String? {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let count = readlink(path, &buffer, buffer.count - 1)
    guard count > 0 else { return nil }
    return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
