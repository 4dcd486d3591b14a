// Where the analysis host reads files that are not open in the editor: the disk, or a test's map.

import BatchSpecCore
import FoundationEssentials

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

  package func batchFiles(in directory: String) -> [String] { Self.batchFiles(listing: directory) ?? [] }

  package func read(_ path: String) -> [UInt8]? {
    // A file over the limit is one the server cannot read, as the CLI refuses it.
    guard let bytes = SystemIO.readFile(atPath: path), bytes.count <= SourceFile.maximumByteCount else { return nil }
    return bytes
  }

  /// At most 10,000 directories: a workspace opened at `/` must not hold the server up.
  package func projectDirectories(under root: String) -> [String] {
    Self.projectDirectories(under: root, enteringAtMost: 10_000)
  }

  /// The `.batch` files directly in `directory` (hidden ones skipped), sorted by name; nil when
  /// `directory` cannot be listed.
  package static func batchFiles(listing directory: String) -> [String]? {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return nil }
    return names.filter { $0.hasSuffix(".batch") && !$0.hasPrefix(".") }.sorted().map { join(directory, $0) }
  }

  /// `root` and every directory under it that holds `.batch` files, sorted; hidden folders and
  /// `node_modules` are skipped. The one walk of the CLI and the server: links are followed, but
  /// each directory is entered once, by the first path in name order that reaches it, so a link
  /// to an ancestor (`a/up -> ..`) or a second link to a directory adds nothing. `unreadable` is
  /// called with each directory that cannot be listed.
  package static func projectDirectories(
    under root: String, enteringAtMost limit: Int = .max, unreadable: (String) -> Void = { _ in }
  ) -> [String] {
    var result: [String] = []
    var entered: Set<String> = []
    var pending = [root]
    while entered.count < limit, let directory = pending.popLast() {
      guard entered.insert(URL(fileURLWithPath: directory).resolvingSymlinksInPath().path).inserted else { continue }
      guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
        unreadable(directory)
        continue
      }
      if names.contains(where: { $0.hasSuffix(".batch") && !$0.hasPrefix(".") }) { result.append(directory) }
      for name in names.sorted().reversed() where !name.hasPrefix(".") && name != "node_modules" {
        let path = join(directory, name)
        var isDirectory = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory {
          pending.append(path)
        }
      }
    }
    return result.sorted()
  }

  /// `name` in `directory`, with no `./` before it when `directory` is `.`.
  private static func join(_ directory: String, _ name: String) -> String {
    directory == "." ? name : (directory.hasSuffix("/") ? directory + name : directory + "/" + name)
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
    // By byte, not by character: the server asks for every diagnostic it converts.
    guard path.utf8.first == UInt8(ascii: "/"), let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else {
      return nil
    }
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
