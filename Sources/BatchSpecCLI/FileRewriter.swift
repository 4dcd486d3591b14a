// Reading specs for `fmt` and writing them back atomically (`lint --fix` too): a temporary file in
// the same directory, then a rename, so a reader never sees half a file.

import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// File access for commands that rewrite specs.
enum FileRewriter {
  /// The `.batch` files named by `paths`: files as given, directories searched recursively.
  static func batchFiles(_ paths: [String]) throws(UsageError) -> [String] {
    var result: [String] = []
    for path in paths {
      var isDirectory = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw UsageError("no such file or directory: \(path)")
      }
      if isDirectory {
        for directory in try ProjectLoader.projectDirectories(under: path) {
          result += try ProjectLoader.batchFiles(in: directory)
        }
      } else {
        result.append(path)
      }
    }
    var seen: Set<String> = []
    return result.filter { seen.insert($0).inserted }
  }

  /// The bytes of `path`.
  static func read(_ path: String) throws(UsageError) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("cannot read \(path)") }
    return [UInt8](data)
  }

  /// Replaces the contents of `path` with `text`: writes a temporary file next to it (with the same
  /// permissions), then renames it over the original. A symbolic link is followed, not replaced.
  static func write(_ text: String, to givenPath: String) throws(UsageError) {
    try write(bytes: Array(text.utf8), to: givenPath)
  }

  /// Replaces the contents of `path` with `bytes`, as `write(_:to:)` does.
  static func write(bytes: [UInt8], to givenPath: String) throws(UsageError) {
    let url = URL(fileURLWithPath: givenPath).resolvingSymlinksInPath()
    let path = url.path
    let directory = url.deletingLastPathComponent().path
    let temporary = directory + "/.\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).fmt-tmp"
    var attributes: [FileAttributeKey: Any] = [:]
    if let permissions = try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] {
      attributes[.posixPermissions] = permissions
    }
    guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes), attributes: attributes) else {
      throw UsageError("cannot write \(givenPath): cannot create a temporary file in \(directory)")
    }
    if rename(temporary, path) != 0 {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(atPath: temporary)
      throw UsageError("cannot write \(givenPath): \(reason)")
    }
  }
}
