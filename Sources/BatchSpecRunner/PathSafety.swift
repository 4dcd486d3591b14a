// Paths that come from a plan (input destinations, output patterns, blob names) must stay inside
// their directory: no absolute paths, no `..` that climbs out, no symlinks on the way.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A refusal to touch a path outside its directory, or another file problem; fails the task.
package struct FileError: Error, CustomStringConvertible {
  /// The message, a full sentence.
  package var description: String
}

/// Checks that relative paths stay inside a root.
package enum PathSafety {
  /// The normalized segments of `path` relative to a root, or an error when it is absolute or
  /// climbs above the root (more than `allowedUp` levels).
  package static func segments(_ path: String, what: String, allowedUp: Int = 0) throws(FileError) -> [String] {
    if path.hasPrefix("/") || path.hasPrefix("~") {
      throw FileError(description: "\(what) `\(path)` is absolute; it must be relative to its directory")
    }
    var result: [String] = []
    var up = 0
    for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
      switch segment {
      case ".": continue
      case "..":
        if result.isEmpty {
          up += 1
          if up > allowedUp {
            throw FileError(description: "\(what) `\(path)` leaves its directory (`..`); it is refused")
          }
        } else {
          result.removeLast()
        }
      default: result.append(String(segment))
      }
    }
    return Array(repeating: "..", count: up) + result
  }

  /// Whether `name` is a plain ID (letters, digits, `-`, `_`, `.`, at most 64, not `.` or `..`),
  /// safe as one path segment: pool, job, task, storage account and container names.
  package static func isPlainName(_ name: String) -> Bool {
    !name.isEmpty && name.utf8.count <= 64 && name != "." && name != ".."
      && name.unicodeScalars.allSatisfy {
        $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0))
      }
  }

  /// Whether `path` (or any directory between `root` and it) is a symbolic link.
  static func crossesSymlink(root: String, segments: [String]) -> Bool {
    var current = root
    for segment in segments {
      current += "/" + segment
      var info = stat()
      if lstat(current, &info) != 0 { return false }  // does not exist yet: nothing to follow
      if (info.st_mode & S_IFMT) == S_IFLNK { return true }
    }
    return false
  }

  /// Creates `path` and its parents (like `mkdir -p`).
  static func makeDirectories(_ path: String) throws(FileError) {
    if mkdir(path, 0o755) == 0 || errno == EEXIST { return }
    var failure = errno
    if failure == ENOENT, let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")), slash != path.utf8.startIndex {
      // A parent is missing: make the parents, then the directory.
      try makeDirectories(String(path[..<slash]))
      if mkdir(path, 0o755) == 0 || errno == EEXIST { return }
      failure = errno
    }
    throw FileError(description: "cannot create directory \(path): \(String(cString: strerror(failure)))")
  }
}
