// Reading specs for `fmt` and writing them back atomically (`lint --fix` too): a temporary file in
// the same directory, then a rename, so a reader never sees half a file; and every other file a
// command writes (`compile -o`, `lint --output`, the run report), so that a device or a pipe
// named as the output (`-o /dev/null`) is written to rather than replaced.

import BatchSpecIDE
import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// File access for commands that rewrite specs.
enum FileRewriter {
  /// The `.batch` files named by `paths`: files as given, directories searched recursively;
  /// `unreadable` is called with each directory under a named one that cannot be listed.
  static func batchFiles(_ paths: [String], unreadable: (String) -> Void = { _ in }) throws(UsageError) -> [String] {
    var result: [String] = []
    for path in paths {
      var isDirectory = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw UsageError("no such file or directory: \(path)")
      }
      if isDirectory {
        for directory in try ProjectLoader.projectDirectories(under: path, unreadable: unreadable) {
          result += try ProjectLoader.batchFiles(in: directory)
        }
      } else {
        try ProjectLoader.refuseOtherFiles(path)
        result.append(path)
      }
    }
    var seen: Set<String> = []
    return result.filter { seen.insert($0).inserted }
  }

  /// The bytes of `path`.
  static func read(_ path: String) throws(UsageError) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw UsageError(ProjectLoader.cannotRead(path, "it is not formatted"))
    }
    return [UInt8](data)
  }

  /// Refuses an output path that is empty or names a spec (`compile -o pools.batch` would put JSON
  /// where the spec was). `what` says what the option takes, for the message: `a file`.
  static func checkOutputPath(_ path: String, option: String, what: String = "a file") throws(UsageError) {
    if path.isEmpty { throw UsageError("`\(option)` needs a name: give \(what)") }
    if path.hasSuffix(".batch") || path.hasSuffix(".batch/") {
      throw UsageError("`\(option) \(path)` would write over a spec; give the output another name")
    }
  }

  /// Replaces the contents of `path` with `text` (`SystemIO.writeFile`): a temporary file next to
  /// it, with the same permissions, renamed over it. A symbolic link is followed, not replaced.
  static func write(_ text: String, to path: String) throws(UsageError) {
    if let problem = SystemIO.writeFile(text, atPath: path) { throw UsageError("cannot write \(path): \(problem)") }
  }

  /// Replaces the contents of `path` with `bytes`, as `write(_:to:)` does.
  static func write(bytes: [UInt8], to path: String) throws(UsageError) {
    if let problem = SystemIO.writeFile(bytes, atPath: path) { throw UsageError("cannot write \(path): \(problem)") }
  }
}
