// The standard streams and file errors, for the command line and the language server alike:
// FoundationEssentials has no `FileHandle` and no `localizedDescription`, and no module of the
// `batchspec` binary imports Foundation (whose libraries and ICU's would be mapped into every
// process, the language server's for a whole editing session).

import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The standard streams and errors, through the C library.
package enum SystemIO {
  /// Writes all of `bytes` to `descriptor` (1 or 2), retrying after a signal and stopping at
  /// the first real error (a closed pipe: nobody reads on).
  package static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) {
    var offset = 0
    while offset < bytes.count {
      let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
      if written < 0 && errno == EINTR { continue }
      if written <= 0 { return }
      offset += written
    }
  }

  /// Writes all of `text` to `descriptor`.
  package static func writeAll(_ text: String, to descriptor: Int32) {
    var text = text
    text.withUTF8 { writeAll(UnsafeRawBufferPointer($0), to: descriptor) }
  }

  /// Writes all of `bytes` to `descriptor`.
  package static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
    bytes.withUnsafeBytes { writeAll($0, to: descriptor) }
  }

  /// Everything readable from `descriptor` until its end (standard input: 0).
  package static func readAll(from descriptor: Int32) -> [UInt8] {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 && errno == EINTR { continue }
      if count <= 0 { return bytes }
      bytes += chunk[..<count]
    }
  }

  /// The bytes of the file at `path`, read straight into the array (no copy on the way); nil
  /// when it cannot be opened or read, or is a directory. A pipe is read to its end.
  package static func readFile(atPath path: String) -> [UInt8]? {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT != S_IFDIR else { return nil }
    guard status.st_mode & S_IFMT == S_IFREG else { return readAll(from: descriptor) }
    // The size it has now; a file that grows meanwhile is read to its end all the same.
    let expected = Int(status.st_size)
    var failed = false
    var bytes = [UInt8](unsafeUninitializedCapacity: expected) { buffer, count in
      while count < expected {
        let got = read(descriptor, buffer.baseAddress! + count, expected - count)
        if got < 0 && errno == EINTR { continue }
        if got < 0 { failed = true }
        if got <= 0 { return }
        count += got
      }
    }
    if !failed && bytes.count == expected {
      var next: UInt8 = 0
      var got = 0
      repeat { got = read(descriptor, &next, 1) } while got < 0 && errno == EINTR
      if got < 0 { failed = true }
      if got > 0 { bytes += [next] + readAll(from: descriptor) }
    }
    return failed ? nil : bytes
  }

  /// Writes `bytes` to the file at `path`, as a command writes its output (`-o`, `--output`, a
  /// report, a rewritten spec), and returns nil, or what went wrong for a message (`cannot write
  /// PATH: ...`).
  /// - A regular file is replaced whole: the bytes go to a temporary file beside it, which is then
  ///   renamed over it, so a reader never sees half of it. It keeps its permissions, and a
  ///   symbolic link to it stays a link (the file it names is replaced).
  /// - A device, a pipe or a socket (`/dev/null`, `/dev/stdout`, a FIFO) is written to, never
  ///   replaced: renaming a file over `/dev/null` would break it for the whole machine.
  /// - A new file gets `mode`, narrowed by the umask.
  package static func writeFile(_ bytes: UnsafeRawBufferPointer, atPath path: String, mode: Int = 0o666) -> String? {
    var status = stat()
    let exists = stat(path, &status) == 0
    if exists && status.st_mode & S_IFMT == S_IFDIR { return "it is a directory" }
    if exists && status.st_mode & S_IFMT != S_IFREG {
      let descriptor = open(path, O_WRONLY | O_CLOEXEC)
      guard descriptor >= 0 else { return String(cString: strerror(errno)) }
      defer { close(descriptor) }
      return writeFully(bytes, to: descriptor)
    }
    var target = path
    if exists, let resolved = realpath(path, nil) {
      target = String(cString: resolved)
      free(resolved)
    }
    // The file is replaced by a rename, which its own permission does not stop: a read-only spec
    // (a checkout that locks files, one marked generated) is refused as an in-place write is.
    if exists && access(target, W_OK) != 0 { return "it is read-only (\(String(cString: strerror(errno))))" }
    // Root may write anything, so `access` passes for it: a file that no one may write (mode
    // 0444, as CI containers running as root see a locked file) is refused all the same.
    if exists && status.st_mode & 0o222 == 0 { return "it is read-only (its mode gives no one write permission)" }
    let slash = target.utf8.lastIndex(of: UInt8(ascii: "/"))
    let directory = slash.map { String(target[..<$0]) } ?? "."
    let name = slash.map { String(target[target.index(after: $0)...]) } ?? target
    let temporary = (directory.isEmpty ? "" : directory) + "/.\(name).\(getpid()).tmp"
    let descriptor = open(
      temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, exists ? status.st_mode & 0o7777 : mode_t(mode))
    guard descriptor >= 0 else {
      let code = errno
      if code == ENOENT { return "the directory \(directory.isEmpty ? "/" : directory) does not exist" }
      if code == ENOTDIR { return "\(directory) is not a directory" }
      return String(cString: strerror(code))
    }
    // The umask narrowed the mode the file was created with; an existing file keeps its own, and
    // its owner and group where the system lets this process give them (its own, or as root).
    if exists {
      _ = fchown(descriptor, status.st_uid, status.st_gid)
      _ = fchmod(descriptor, status.st_mode & 0o7777)
    }
    var problem = writeFully(bytes, to: descriptor)
    if close(descriptor) != 0 && problem == nil { problem = String(cString: strerror(errno)) }
    if problem == nil && rename(temporary, target) != 0 { problem = String(cString: strerror(errno)) }
    if problem != nil { unlink(temporary) }
    return problem
  }

  /// Writes `bytes` to the file at `path`, as `writeFile(_:atPath:mode:)` does.
  package static func writeFile(_ bytes: [UInt8], atPath path: String, mode: Int = 0o666) -> String? {
    bytes.withUnsafeBytes { writeFile($0, atPath: path, mode: mode) }
  }

  /// Writes `text` to the file at `path`, as `writeFile(_:atPath:mode:)` does.
  package static func writeFile(_ text: String, atPath path: String, mode: Int = 0o666) -> String? {
    var text = text
    return text.withUTF8 { writeFile(UnsafeRawBufferPointer($0), atPath: path, mode: mode) }
  }

  /// Writes all of `bytes` to `descriptor`, retrying after a signal; nil, or the error that
  /// stopped it (a full disk).
  private static func writeFully(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> String? {
    var offset = 0
    while offset < bytes.count {
      let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
      if written < 0 && errno == EINTR { continue }
      if written < 0 { return String(cString: strerror(errno)) }
      if written == 0 { return "nothing could be written" }
      offset += written
    }
    return nil
  }

  /// What went wrong, for a message: the system's words for a file error (`No such file or
  /// directory`), else the error's own description.
  package static func describe(_ error: any Error) -> String {
    var underlying: any Error = error
    if let cocoa = error as? CocoaError, let inner = cocoa.underlying { underlying = inner }
    if let posix = underlying as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
    if let cocoa = error as? CocoaError {
      switch cocoa.code {
      case .fileNoSuchFile, .fileReadNoSuchFile: return "No such file or directory"
      case .fileWriteNoPermission, .fileReadNoPermission: return "Permission denied"
      case .fileWriteOutOfSpace: return "No space left on device"
      case .fileWriteVolumeReadOnly: return "Read-only file system"
      case .fileWriteFileExists: return "File exists"
      default: break
      }
    }
    return String(describing: error)
  }
}
