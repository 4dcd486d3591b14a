// File operations under a trusted root that never follow a symbolic link: every path is walked
// one name at a time from an open directory with `openat(..., O_NOFOLLOW)`, so a link anywhere on
// the way (a linked account, container, folder or blob in storage; a linked `nodes` or
// `workitems` in the work directory; a link a task left in its working directory) is refused
// rather than followed, and a link swapped in after a check cannot redirect the operation.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Directory and file operations by descriptor.
enum SafeFiles {
  /// Opens the trusted directory `path` (a root the user chose: the work directory, storage).
  static func openRoot(_ path: String) throws(FileError) -> Int32 {
    let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { throw FileError(description: "cannot open \(path): \(errorText())") }
    return descriptor
  }

  /// Opens the directory `segments` below the open directory `base`, creating missing ones when
  /// `create`; a link (or anything but a directory) on the way is refused, naming `what`. The
  /// caller closes the result.
  static func openDirectory(_ base: Int32, _ segments: [String], create: Bool, what: String) throws(FileError)
    -> Int32
  {
    var current = dup(base)
    guard current >= 0 else { throw FileError(description: "cannot open \(what): \(errorText())") }
    for segment in segments {
      var next = openat(current, segment, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
      if next < 0 && errno == ENOENT && create {
        if mkdirat(current, segment, 0o755) != 0 && errno != EEXIST {
          close(current)
          throw FileError(description: "cannot create \(what): \(errorText())")
        }
        next = openat(current, segment, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
      }
      if next < 0 {
        let problem = errno == ELOOP || errno == ENOTDIR ? linkOrFile(current, segment) : errorText()
        close(current)
        throw FileError(description: "\(what): `\(segment)` \(problem)")
      }
      close(current)
      current = next
    }
    return current
  }

  /// What stands at `name` instead of a directory: a symbolic link (refused) or a file.
  private static func linkOrFile(_ directory: Int32, _ name: String) -> String {
    var info = stat()
    if fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) == 0, (info.st_mode & S_IFMT) == S_IFLNK {
      return "is a symbolic link; it is refused"
    }
    return "is not a directory"
  }

  /// Opens the regular file `name` of `directory` for reading; a link or anything but a regular
  /// file is refused. Nil when it does not exist.
  static func openFile(_ directory: Int32, _ name: String, what: String) throws(FileError) -> Int32? {
    let descriptor = openat(directory, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
    if descriptor < 0 {
      if errno == ENOENT { return nil }
      if errno == ELOOP { throw FileError(description: "\(what) is a symbolic link; it is refused") }
      throw FileError(description: "cannot read \(what): \(errorText())")
    }
    var info = stat()
    guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
      close(descriptor)
      return nil
    }
    return descriptor
  }

  /// Copies the open file `source` to `name` in `directory`, through a temporary name and a
  /// rename so that no reader sees half a file; the copy gets `mode`.
  static func write(_ source: Int32, to directory: Int32, _ name: String, mode: mode_t, what: String)
    throws(FileError)
  {
    let temporary = name + ".batchspec-partial"
    unlinkat(directory, temporary, 0)
    let target = openat(directory, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard target >= 0 else { throw FileError(description: "cannot write \(what): \(errorText())") }
    var failure: String?
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    copying: while true {
      let count = read(source, &buffer, buffer.count)
      if count < 0 {
        if errno == EINTR { continue }
        failure = errorText()
        break
      }
      if count == 0 { break }
      var offset = 0
      while offset < count {
        let written = buffer.withUnsafeBytes { Platform.write(target, $0.baseAddress! + offset, count - offset) }
        if written < 0 {
          if errno == EINTR { continue }
          failure = errorText()
          break copying
        }
        offset += written
      }
    }
    if failure == nil && fchmod(target, mode) != 0 { failure = errorText() }
    close(target)
    if failure == nil && renameat(directory, temporary, directory, name) != 0 { failure = errorText() }
    if let failure {
      unlinkat(directory, temporary, 0)
      throw FileError(description: "cannot write \(what): \(failure)")
    }
  }

  /// What `list` finds below a directory.
  struct Listing {
    /// Every regular file, as `/`-separated relative names, sorted.
    var files: [String] = []
    /// Every symbolic link, sorted.
    var links: [String] = []
    /// Files and links whose path is not valid UTF-8 (no blob can be named for them): `name` with
    /// each invalid byte as U+FFFD, for matching, and `shown` with it as `\xFF`, for messages.
    var unnamed: [(name: String, shown: String)] = []
  }

  /// Every regular file below `directory`, every symbolic link, and the files and links whose
  /// names are not valid UTF-8; nothing is followed. `.batchspec-partial` copies are left out.
  static func list(_ directory: Int32) -> Listing {
    var listing = Listing()
    // A directory's relative path, as it is shown, whether it is valid UTF-8, and its descriptor.
    // Opened anew, not `dup`ed: a duplicate shares the directory's read position, so a second
    // listing of the same descriptor (a task's second `../` output pattern) read nothing.
    let root = openat(directory, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    var pending: [(String, String, Bool, Int32)] = [("", "", true, root)]
    while let (relative, shownRelative, isValid, descriptor) = pending.popLast() {
      guard descriptor >= 0, let stream = fdopendir(descriptor) else {
        if descriptor >= 0 { close(descriptor) }
        continue
      }
      while let entry = readdir(stream) {
        let bytes = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
        let decoded = String(validating: bytes, as: UTF8.self)
        let name = decoded ?? String(decoding: bytes, as: UTF8.self)
        if name == "." || name == ".." { continue }
        let path = relative.isEmpty ? name : relative + "/" + name
        let shown = decoded.map { _ in name } ?? escaped(bytes)
        let shownPath = shownRelative.isEmpty ? shown : shownRelative + "/" + shown
        let valid = isValid && decoded != nil
        // Opened by its bytes: a name that is not UTF-8 does not survive a round trip through `String`.
        let cName = bytes.map { CChar(bitPattern: $0) } + [0]
        var info = stat()
        guard fstatat(dirfd(stream), cName, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
          let child = openat(dirfd(stream), cName, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
          if child >= 0 { pending.append((path, shownPath, valid, child)) }
        case S_IFREG where !valid, S_IFLNK where !valid: listing.unnamed.append((path, shownPath))
        case S_IFREG:
          if !name.hasSuffix(".batchspec-partial") { listing.files.append(path) }
        case S_IFLNK: listing.links.append(path)
        default: continue
        }
      }
      closedir(stream)
    }
    listing.files.sort()
    listing.links.sort()
    listing.unnamed.sort { $0.shown < $1.shown }
    return listing
  }

  /// `bytes` as text, each byte that is not part of a valid UTF-8 character, and each control
  /// character, as `\xNN`.
  static func escaped(_ bytes: [UInt8]) -> String {
    var text = ""
    var index = 0
    while index < bytes.count {
      let lead = bytes[index]
      let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0
      if length > 0, index + length <= bytes.count,
        let character = String(validating: bytes[index..<index + length], as: UTF8.self),
        lead >= 0x20, lead != 0x7F
      {
        text += character
        index += length
      } else {
        text += (lead < 0x10 ? "\\x0" : "\\x") + String(lead, radix: 16, uppercase: true)
        index += 1
      }
    }
    return text
  }

  /// The names in the open directory `directory` (without `.` and `..`); nil when it cannot be
  /// read.
  static func entries(_ directory: Int32) -> [String]? {
    let copy = dup(directory)
    guard copy >= 0 else { return nil }
    guard let stream = fdopendir(copy) else {
      close(copy)
      return nil
    }
    defer { closedir(stream) }
    rewinddir(stream)
    var names: [String] = []
    while let entry = readdir(stream) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
      if name != "." && name != ".." { names.append(name) }
    }
    return names
  }

  /// Removes `name` of `directory` and everything below it, never following a link (a link is
  /// removed, not what it points to).
  static func removeTree(_ directory: Int32, _ name: String) {
    if unlinkat(directory, name, 0) == 0 || errno == ENOENT { return }
    let child = openat(directory, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
    guard child >= 0 else { return }
    if let stream = fdopendir(child) {
      var names: [String] = []
      while let entry = readdir(stream) {
        let entryName = withUnsafeBytes(of: entry.pointee.d_name) {
          String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
        }
        if entryName != "." && entryName != ".." { names.append(entryName) }
      }
      for entryName in names { removeTree(dirfd(stream), entryName) }
      closedir(stream)
    } else {
      close(child)
    }
    unlinkat(directory, name, AT_REMOVEDIR)
  }

  /// The directories of `path` below `root`, when `path` is `root` or inside it.
  static func segments(of path: String, under root: String) -> [String]? {
    if path == root { return [] }
    guard path.hasPrefix(root + "/") else { return nil }
    return path.dropFirst(root.count + 1).split(separator: "/").map(String.init)
  }

  static func errorText() -> String { String(cString: strerror(errno)) }
}
