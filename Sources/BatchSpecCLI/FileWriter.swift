// Atomic file rewrites for `--fix`: write a temporary file beside the original, then rename it over.

import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes files atomically.
enum FileWriter {
  /// Replaces the contents of `path` with `bytes`: a temporary file in the same directory (so the
  /// rename stays on one file system), with the original's permissions, renamed over the original.
  static func replace(_ path: String, with bytes: [UInt8]) throws(UsageError) {
    let manager = FileManager.default
    let directory = (path as NSString).deletingLastPathComponent
    let name = (path as NSString).lastPathComponent
    let temporary = (directory.isEmpty ? "" : directory + "/") + ".\(name).batchspec-\(getpid()).tmp"
    var attributes: [FileAttributeKey: Any] = [:]
    if let permissions = (try? manager.attributesOfItem(atPath: path))?[.posixPermissions] {
      attributes[.posixPermissions] = permissions
    }
    guard manager.createFile(atPath: temporary, contents: Data(bytes), attributes: attributes) else {
      throw UsageError("cannot write \(temporary)")
    }
    guard rename(temporary, path) == 0 else {
      try? manager.removeItem(atPath: temporary)
      throw UsageError("cannot replace \(path)")
    }
  }
}
