// Blob names the emulated storage cannot hold. Storage here is a directory tree, where Azure's
// blob names are flat strings: `x//y.txt`, `x/./y.txt` and `x/y.txt` are three blobs on Azure but
// would be one file here, and a blob `report` cannot stand beside `report/b.txt` (a file is not a
// folder). Such names are refused with a message that says why, rather than overwrite another
// blob or fail with "is not a directory".

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension LocalStorage {
  /// Why the local storage cannot hold the blob `name` as written: an empty, `.` or `..` segment,
  /// which a directory tree does not keep apart from the name without it. Nil when it can.
  package static func unrepresentable(blobName name: String) -> String? {
    let segments = name.split(separator: "/", omittingEmptySubsequences: false)
    guard segments.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else { return nil }
    let tree = (try? PathSafety.segments(name, what: "blob name", allowedUp: .max))?.joined(separator: "/") ?? name
    return "blob name `\(name)` has an empty, `.` or `..` segment: Azure keeps it as written, but the local "
      + "storage is a directory tree and would store it as `\(tree)`"
  }

  /// Refuses to write the blob `name` (its segments) into the open container `container` when the
  /// directory tree cannot hold it beside the blobs already there: one of its folders is a blob,
  /// or other blobs already use its name as a folder. Azure holds both; this runner cannot.
  func checkRoom(for name: [String], in container: Int32, what: String) throws(FileError) {
    var info = stat()
    for end in name.indices.dropLast() {
      let folder = name[...end].joined(separator: "/")
      guard fstatat(container, folder, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return }
      if (info.st_mode & S_IFMT) == S_IFREG {
        throw FileError(description: "\(what) cannot be stored: \(Self.treeLimit(blob: folder, folder: folder))")
      }
    }
    let whole = name.joined(separator: "/")
    if fstatat(container, whole, &info, AT_SYMLINK_NOFOLLOW) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
      throw FileError(description: "\(what) cannot be stored: \(Self.treeLimit(blob: whole, folder: whole))")
    }
  }

  /// Why a blob and blobs under its name cannot both be held here.
  package static func treeLimit(blob: String, folder: String) -> String {
    "the local storage is a directory tree, where the blob `\(blob)` and blobs under `\(folder)/` cannot both "
      + "exist (Azure holds both); rename one"
  }
}
