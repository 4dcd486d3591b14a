// The few things the command line needs of the system that FoundationEssentials does not give:
// writing and reading the standard streams, an error's message for a person, and path names cut
// as `NSString` cuts them. With these, no module of the `batchspec` binary imports Foundation
// (only FoundationEssentials), so no process of it maps Foundation's libraries and ICU's: 5 MB
// less resident, which the language server, running for a whole editing session, feels most.

import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The standard streams and errors, through the C library.
package enum SystemIO {
  /// Writes all of `text` to `descriptor` (1 or 2), retrying after a signal and stopping at
  /// the first real error (a closed pipe: nobody reads on).
  package static func writeAll(_ text: String, to descriptor: Int32) {
    var text = text
    text.withUTF8 { buffer in
      var offset = 0
      while offset < buffer.count {
        let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
        if written < 0 && errno == EINTR { continue }
        if written <= 0 { return }
        offset += written
      }
    }
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

/// Path names cut into parts as `NSString`'s path methods cut them, without touching the disk.
package enum PathName {
  /// The part after the last `/`, trailing slashes ignored: `a/b.batch` → `b.batch`, `a/b/` → `b`;
  /// `/` stays `/`.
  package static func lastComponent(_ path: String) -> String {
    let trimmed = withoutTrailingSlashes(path)
    if trimmed == "/" { return trimmed }
    guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
    return String(trimmed[trimmed.index(after: slash)...])
  }

  /// The path without its last part: `a/b/c` → `a/b`, `/a` → `/`, `a` → ``.
  package static func deletingLastComponent(_ path: String) -> String {
    let trimmed = withoutTrailingSlashes(path)
    guard let slash = trimmed.lastIndex(of: "/") else { return "" }
    if slash == trimmed.startIndex { return "/" }
    return withoutTrailingSlashes(String(trimmed[..<slash]))
  }

  /// The path without the last part's extension: `a/b.json` → `a/b`; `.hidden` and `a.d/b` keep
  /// theirs (there is none).
  package static func deletingExtension(_ path: String) -> String {
    let trimmed = withoutTrailingSlashes(path)
    let name = lastComponent(trimmed)
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return trimmed }
    return String(trimmed.dropLast(name.distance(from: dot, to: name.endIndex)))
  }

  private static func withoutTrailingSlashes(_ path: String) -> String {
    var trimmed = Substring(path)
    while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    return String(trimmed)
  }
}
