// Where the analysis host reads files that are not open in the editor: the disk, or a test's map.

import BatchSpecCore
import Foundation

/// Lists and reads `.batch` files; the host's only way to see the disk.
package protocol FileSystem: Sendable {
  /// The paths of the `.batch` files directly in `directory`, sorted by name.
  func batchFiles(in directory: String) -> [String]
  /// The bytes of the file at `path`, or nil when it cannot be read.
  func read(_ path: String) -> [UInt8]?
  /// `root` and the directories under it that hold `.batch` files (hidden ones skipped).
  func projectDirectories(under root: String) -> [String]
}

/// The real file system.
package struct DiskFileSystem: FileSystem {
  /// Creates the disk file system.
  package init() {}

  package func batchFiles(in directory: String) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { $0.hasSuffix(".batch") && !$0.hasPrefix(".") }.sorted().map {
      directory.hasSuffix("/") ? directory + $0 : directory + "/" + $0
    }
  }

  package func read(_ path: String) -> [UInt8]? {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
      return nil
    }
    return FileManager.default.contents(atPath: path).map { [UInt8]($0) }
  }

  package func projectDirectories(under root: String) -> [String] {
    var result: [String] = []
    var pending = [root]
    var visited = 0
    while let directory = pending.popLast(), visited < 10_000 {
      visited += 1
      if !batchFiles(in: directory).isEmpty { result.append(directory) }
      for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
      where !name.hasPrefix(".") && name != "node_modules" {
        let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
          pending.append(path)
        }
      }
    }
    return result.sorted()
  }
}

/// Files held in memory, for tests.
package struct InMemoryFileSystem: FileSystem {
  /// File contents by absolute path.
  package var files: [String: String]
  /// Creates a file system holding `files`.
  package init(_ files: [String: String] = [:]) { self.files = files }

  package func batchFiles(in directory: String) -> [String] {
    files.keys.filter { ProjectPaths.directory(of: $0) == directory && $0.hasSuffix(".batch") }.sorted()
  }

  package func read(_ path: String) -> [UInt8]? { files[path].map { Array($0.utf8) } }

  package func projectDirectories(under root: String) -> [String] {
    Set(files.keys.compactMap(ProjectPaths.directory).filter { $0 == root || $0.hasPrefix(root + "/") }).sorted()
  }
}

/// How paths map to projects: a file belongs to the project of its directory.
package enum ProjectPaths {
  /// The directory of an absolute path, or nil for a document with no place on disk (`untitled:`).
  package static func directory(of path: String) -> String? {
    guard path.hasPrefix("/"), let slash = path.lastIndex(of: "/") else { return nil }
    let directory = String(path[..<slash])
    return directory.isEmpty ? "/" : directory
  }

  /// Whether `path` names a configuration file (`batchspec.config`).
  package static func isConfiguration(_ path: String) -> Bool {
    path == LintConfiguration.fileName || path.hasSuffix("/" + LintConfiguration.fileName)
  }

  /// The key of the project `path` belongs to: its directory, or the path itself.
  package static func projectKey(of path: String) -> String { directory(of: path) ?? path }
}
