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
