// Azure Storage emulated by a directory: `<root>/<account>/<container>/<blob name>`. Stages task
// inputs into working directories and uploads outputs matching patterns.

import BatchSpecPlan
import Foundation

/// The emulated storage accounts.
struct LocalStorage {
  /// The absolute root directory.
  var root: String

  /// The directory of a container.
  /// The directory of a container; names that are not plain Azure names are refused.
  func containerPath(_ account: String, _ container: String) throws(FileError) -> String {
    for name in [account, container] where !PathSafety.isPlainName(name) {
      throw FileError(description: "`\(name)` is not a storage account or container name; it is refused")
    }
    return "\(root)/\(account)/\(container)"
  }

  /// Downloads `input` into `workingDirectory`; a missing blob or container fails.
  func stage(_ input: PlanInput, into workingDirectory: String) throws(FileError) {
    let destination = try PathSafety.segments(input.path, what: "input path")
    if PathSafety.crossesSymlink(root: workingDirectory, segments: destination) {
      throw FileError(description: "input path `\(input.path)` goes through a symbolic link; it is refused")
    }
    let target = ([workingDirectory] + destination).joined(separator: "/")
    switch input.source {
    case .blob:
      let account = input.storageAccount ?? ""
      let container = input.container ?? ""
      let name = try PathSafety.segments(input.blob ?? "", what: "blob name").joined(separator: "/")
      let source = try containerPath(account, container) + "/" + name
      guard isRegularFile(source) else {
        throw FileError(
          description: "input blob `\(account).\(container)[\"\(name)\"]` does not exist (looked for \(source))")
      }
      try copy(source, to: target, mode: input.fileMode)
    case .container:
      let account = input.storageAccount ?? ""
      let container = input.container ?? ""
      let directory = try containerPath(account, container)
      guard isDirectory(directory) else {
        throw FileError(
          description: "input container `\(account).\(container)` does not exist (looked for \(directory))")
      }
      let prefix = input.prefix ?? ""
      let blobs = listBlobs(directory).filter { $0.hasPrefix(prefix) }
      if blobs.isEmpty {
        throw FileError(
          description: "no blob of `\(account).\(container)` starts with `\(prefix)` (looked in \(directory))")
      }
      for blob in blobs {
        let parts = try PathSafety.segments(blob, what: "blob name")
        try copy(directory + "/" + blob, to: ([target] + parts).joined(separator: "/"), mode: input.fileMode)
      }
    case .containerURL:
      throw FileError(
        description:
          "input `\(input.path)` is the container at \(input.url ?? ""); the local runner does not download from the network: declare the storage account and use `container`"
      )
    case .url:
      let url = input.url ?? ""
      guard url.hasPrefix("file://") else {
        throw FileError(
          description:
            "input `\(input.path)` comes from \(url); the local runner does not download from the network: put the file in storage and use `blob`"
        )
      }
      let source = String(url.dropFirst("file://".count))
      guard isRegularFile(source) else { throw FileError(description: "input file \(source) does not exist") }
      try copy(source, to: target, mode: input.fileMode)
    }
  }

  /// The directory a blobfuse mount shows: its storage container's, which is refused when a
  /// symbolic link stands anywhere on the way to it.
  func mountedDirectory(_ mount: PlanMount) throws(FileError) -> String {
    guard mount.kind == .blobfuse, let account = mount.storageAccount, let container = mount.container else {
      throw FileError(description: "the mount at `\(mount.path)` is not a blobfuse mount of a storage container")
    }
    let path = try containerPath(account, container)
    if PathSafety.crossesSymlink(root: root, segments: [account, container]) {
      throw FileError(description: "storage container `\(account).\(container)` is a symbolic link; it is refused")
    }
    return path
  }

  /// Makes `mount` at its path under `directory` (a node's `fsmounts`): a blobfuse mount of a
  /// storage container becomes a link to the container's directory (created when missing, as an
  /// empty container); other kinds cannot be mounted here.
  func mount(_ mount: PlanMount, under directory: String) throws(FileError) {
    guard mount.kind == .blobfuse else {
      throw FileError(
        description:
          "its \(mount.kind.rawValue) mount of `\(mount.source ?? "")` at `\(mount.path)` cannot be made here: the local runner mounts only blobfuse mounts of the emulated storage's containers"
      )
    }
    let source = try mountedDirectory(mount)
    let segments = try PathSafety.segments(mount.path, what: "mount path")
    guard let last = segments.last else { throw FileError(description: "the mount path `\(mount.path)` is empty") }
    try PathSafety.makeDirectories(source)
    let parent = ([directory] + segments.dropLast()).joined(separator: "/")
    if PathSafety.crossesSymlink(root: directory, segments: Array(segments.dropLast())) {
      throw FileError(description: "mount path `\(mount.path)` goes through a symbolic link; it is refused")
    }
    try PathSafety.makeDirectories(parent)
    let link = parent + "/" + last
    var info = stat()
    if lstat(link, &info) == 0 {
      guard (info.st_mode & S_IFMT) == S_IFLNK else {
        throw FileError(description: "mount path `\(mount.path)` is taken by a file or directory on the node")
      }
      unlink(link)
    }
    guard symlink(source, link) == 0 else {
      throw FileError(description: "cannot mount `\(mount.path)`: \(String(cString: strerror(errno)))")
    }
  }

  /// Uploads the files of `taskDirectory/wd` matching `output`; returns the blob names written.
  func upload(_ output: PlanOutput, workingDirectory: String) throws(FileError) -> [String] {
    let pattern = try PathSafety.segments(output.pattern, what: "output pattern", allowedUp: 1)
    var base = workingDirectory
    var rest = pattern[...]
    while let first = rest.first, !Glob.hasWildcard(first), rest.count > 1 {
      base = first == ".." ? (base as NSString).deletingLastPathComponent : base + "/" + first
      rest = rest.dropFirst()
    }
    if rest.contains("..") {
      throw FileError(description: "output pattern `\(output.pattern)` has `..` after a wildcard; it is refused")
    }
    let baseSegments = pattern.prefix(pattern.count - rest.count).filter { $0 != ".." }
    if PathSafety.crossesSymlink(root: workingDirectory, segments: Array(baseSegments)) {
      throw FileError(description: "output pattern `\(output.pattern)` goes through a symbolic link; it is refused")
    }
    let wildcard = rest.contains(where: Glob.hasWildcard)
    var matches: [(relative: String, path: String)] = []
    if wildcard {
      let (files, links) = listFiles(base)
      if let link = links.first(where: { Glob.matches(Array(rest), $0) }) {
        throw FileError(
          description: "`\(link)` matches output `\(output.pattern)` but is a symbolic link; it is refused")
      }
      for file in files where Glob.matches(Array(rest), file) {
        matches.append((file, base + "/" + file))
      }
    } else {
      let path = base + "/" + rest.joined(separator: "/")
      var info = stat()
      if lstat(path, &info) == 0 {
        if (info.st_mode & S_IFMT) == S_IFLNK {
          throw FileError(description: "output `\(output.pattern)` is a symbolic link; it is refused")
        }
        if (info.st_mode & S_IFMT) == S_IFREG { matches.append((rest.last ?? "", path)) }
      }
    }
    var written: [String] = []
    for match in matches.sorted(by: { $0.relative < $1.relative }) {
      var name: String
      if let path = output.path, !path.isEmpty {
        if wildcard || path.hasSuffix("/") {
          name = (path.hasSuffix("/") ? path : path + "/") + match.relative
        } else {
          name = path
        }
      } else {
        name = match.relative
      }
      name = try PathSafety.segments(name, what: "blob name").joined(separator: "/")
      let destination = try containerPath(output.storageAccount, output.container) + "/" + name
      try copy(match.path, to: destination, mode: nil)
      written.append(name)
    }
    return written
  }

  // MARK: Files

  /// Copies a file through a temporary name and a rename, so a reader never sees half a file.
  private func copy(_ source: String, to destination: String, mode: String?) throws(FileError) {
    try PathSafety.makeDirectories((destination as NSString).deletingLastPathComponent)
    let temporary = destination + ".batchspec-partial"
    let manager = FileManager.default
    do {
      try? manager.removeItem(atPath: temporary)
      try manager.copyItem(atPath: source, toPath: temporary)
      if let mode, let bits = Int(mode, radix: 8) {
        try manager.setAttributes([.posixPermissions: bits], ofItemAtPath: temporary)
      }
    } catch {
      throw FileError(description: "cannot copy \(source) to \(destination): \(error.localizedDescription)")
    }
    guard rename(temporary, destination) == 0 else {
      throw FileError(description: "cannot write \(destination): \(String(cString: strerror(errno)))")
    }
  }

  private func isRegularFile(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
  }

  private func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
  }

  /// Every regular file under `directory`, as `/`-separated relative names, sorted.
  private func listBlobs(_ directory: String) -> [String] {
    listFiles(directory).files.filter { !$0.hasSuffix(".batchspec-partial") }
  }

  /// Every regular file and every symbolic link under `directory`, as sorted relative names;
  /// links are not followed.
  private func listFiles(_ directory: String) -> (files: [String], links: [String]) {
    var result: [String] = []
    var links: [String] = []
    var pending: [String] = [""]
    while let relative = pending.popLast() {
      let path = relative.isEmpty ? directory : directory + "/" + relative
      guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { continue }
      for name in names {
        let child = relative.isEmpty ? name : relative + "/" + name
        var info = stat()
        guard lstat(directory + "/" + child, &info) == 0 else { continue }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: pending.append(child)
        case S_IFREG: result.append(child)
        case S_IFLNK: links.append(child)
        default: continue
        }
      }
    }
    return (result.sorted(), links.sorted())
  }
}

/// Output patterns: `*` and `?` within a path segment, `**` for any number of segments.
package enum Glob {
  static func hasWildcard(_ segment: String) -> Bool { segment.contains("*") || segment.contains("?") }

  /// Whether the relative file path `path` matches the pattern segments.
  package static func matches(_ pattern: [String], _ path: String) -> Bool {
    let parts = path.split(separator: "/").map(String.init)
    return match(pattern[...], parts[...])
  }

  private static func match(_ pattern: ArraySlice<String>, _ parts: ArraySlice<String>) -> Bool {
    guard let first = pattern.first else { return parts.isEmpty }
    if first == "**" {
      if match(pattern.dropFirst(), parts) { return true }
      return !parts.isEmpty && match(pattern, parts.dropFirst())
    }
    guard let part = parts.first, segment(Array(first.unicodeScalars)[...], Array(part.unicodeScalars)[...]) else {
      return false
    }
    return match(pattern.dropFirst(), parts.dropFirst())
  }

  private static func segment(_ p: ArraySlice<Unicode.Scalar>, _ s: ArraySlice<Unicode.Scalar>) -> Bool {
    guard let c = p.first else { return s.isEmpty }
    switch c {
    case "*":
      var rest = s
      while true {
        if segment(p.dropFirst(), rest) { return true }
        if rest.isEmpty { return false }
        rest = rest.dropFirst()
      }
    case "?": return !s.isEmpty && segment(p.dropFirst(), s.dropFirst())
    default: return s.first == c && segment(p.dropFirst(), s.dropFirst())
    }
  }
}
