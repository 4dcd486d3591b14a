// Azure Storage emulated by a directory: `<root>/<account>/<container>/<blob name>`. Stages task
// inputs into working directories and uploads outputs matching patterns. Every path below the
// storage root and below a task's directory is walked by descriptor (`SafeFiles`): a symbolic link
// anywhere (a linked account, container, folder or blob, or a link a task left) is refused, never
// followed.

import BatchSpecPlan
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The emulated storage accounts.
final class LocalStorage {
  /// The absolute root directory.
  let root: String
  /// The root, open.
  private let rootDescriptor: Int32

  /// Opens the storage at `root`.
  init(root: String) throws(FileError) {
    self.root = root
    rootDescriptor = try SafeFiles.openRoot(root)
  }

  deinit { close(rootDescriptor) }

  /// The path of a container; names that are not plain Azure names are refused.
  func containerPath(_ account: String, _ container: String) throws(FileError) -> String {
    for name in [account, container] where !PathSafety.isPlainName(name) {
      throw FileError(description: "`\(name)` is not a storage account or container name; it is refused")
    }
    return "\(root)/\(account)/\(container)"
  }

  /// Opens a container's directory (creating it when `create`), refusing links on the way; nil
  /// when it does not exist.
  private func openContainer(_ account: String, _ container: String, create: Bool) throws(FileError) -> Int32? {
    _ = try containerPath(account, container)
    do {
      return try SafeFiles.openDirectory(
        rootDescriptor, [account, container], create: create, what: "storage container `\(account).\(container)`")
    } catch {
      if !create, access(root + "/" + account + "/" + container, F_OK) != 0 { return nil }
      throw error
    }
  }

  /// The names of a container's blobs (links left out: staging refuses them), or nil when the
  /// container is missing or refused. Staging looks again, and says what is wrong; this tells a
  /// run what is missing before it starts.
  func blobNames(_ account: String, _ container: String) -> [String]? {
    guard let directory = try? openContainer(account, container, create: false) else { return nil }
    defer { close(directory) }
    return SafeFiles.list(directory).files
  }

  /// The stamp of what `inputs` read now: each blob's (or `file://` file's) size and modification
  /// time, in order, hashed. A task that succeeded with another stamp read other data, so
  /// resuming runs it again. A container input counts every blob its prefix selects; a missing
  /// one counts as missing (the task then fails as it would have).
  func stamp(of inputs: [PlanInput]) -> String {
    var listings: [String: [String]] = [:]
    return stamp(of: inputs, listings: &listings)
  }

  /// `stamp(of:)`, with each container's blobs listed once in `listings` (by `account/container`).
  func stamp(of inputs: [PlanInput], listings: inout [String: [String]]) -> String {
    var text = ""
    func add(_ path: String) {
      var info = stat()
      if lstat(path, &info) == 0 {
        #if canImport(Glibc)
          let modified = info.st_mtim
        #else
          let modified = info.st_mtimespec
        #endif
        text += "\(info.st_size):\(modified.tv_sec).\(modified.tv_nsec);"
      } else {
        text += "-;"
      }
    }
    for input in inputs {
      switch input.source {
      case .blob: add(expectedPath(of: input))
      case .container:
        let (account, container) = (input.storageAccount ?? "", input.container ?? "")
        let prefix = input.prefix ?? ""
        let key = account + "/" + container
        let names = listings[key] ?? (blobNames(account, container) ?? []).sorted()
        listings[key] = names
        for blob in names where blob.hasPrefix(prefix) {
          text += blob + "="
          add("\(root)/\(account)/\(container)/\(blob)")
        }
      case .url:
        if let url = input.url, url.hasPrefix("file://") { add(String(url.dropFirst("file://".count))) }
      case .containerURL: continue
      }
      text += "|"
    }
    return Fingerprint.ofText(text)
  }

  /// Whether the blob `account/container/name` is in storage.
  func hasBlob(_ path: String) -> Bool { access(root + "/" + path, F_OK) == 0 }

  /// Where `input` is looked for: its blob's file, or its container's directory.
  func expectedPath(of input: PlanInput) -> String {
    let container = "\(root)/\(input.storageAccount ?? "")/\(input.container ?? "")"
    guard input.source == .blob, let blob = input.blob else { return container }
    return container + "/" + blob
  }

  /// Downloads `input` into the working directory `workingDirectory` (open); a missing blob or
  /// container fails. Files get the input's mode, else 0770 as on Batch's Linux nodes.
  func stage(_ input: PlanInput, into workingDirectory: Int32) throws(FileError) {
    let destination = try PathSafety.segments(input.path, what: "input path")
    let mode = input.fileMode.flatMap { mode_t($0, radix: 8) } ?? 0o770
    switch input.source {
    case .blob:
      let account = input.storageAccount ?? ""
      let container = input.container ?? ""
      let name = try PathSafety.segments(input.blob ?? "", what: "blob name")
      if let problem = Self.unrepresentable(blobName: input.blob ?? "") { throw FileError(description: problem) }
      let what = "input blob `\(account).\(container)[\"\(name.joined(separator: "/"))\"]`"
      // Either way the message names the file to create: storage here is a directory tree.
      let expected = expectedPath(of: input)
      guard let directory = try openContainer(account, container, create: false) else {
        throw FileError(description: "\(what) does not exist, nor does its container (looked for \(expected))")
      }
      defer { close(directory) }
      guard let source = try openBlob(directory, name, what: what) else {
        throw FileError(description: "\(what) does not exist (looked for \(expected))")
      }
      defer { close(source) }
      try place(source, at: destination, in: workingDirectory, mode: mode, what: "input `\(input.path)`")
    case .container:
      let account = input.storageAccount ?? ""
      let container = input.container ?? ""
      guard let directory = try openContainer(account, container, create: false) else {
        throw FileError(
          description:
            "input container `\(account).\(container)` does not exist (looked for \(expectedPath(of: input)))")
      }
      defer { close(directory) }
      let prefix = input.prefix ?? ""
      let listing = SafeFiles.list(directory)
      let (files, links) = (listing.files, listing.links)
      if let link = links.first(where: { $0.hasPrefix(prefix) }) {
        throw FileError(description: "blob `\(link)` of `\(account).\(container)` is a symbolic link; it is refused")
      }
      let blobs = files.filter { $0.hasPrefix(prefix) }
      if blobs.isEmpty {
        throw FileError(
          description:
            "no blob of `\(account).\(container)` starts with `\(prefix)` (looked in \(root)/\(account)/\(container))")
      }
      for blob in blobs {
        let parts = try PathSafety.segments(blob, what: "blob name")
        guard let source = try openBlob(directory, parts, what: "blob `\(blob)`") else { continue }
        defer { close(source) }
        // An input without a path (`.`) is named by its container: `.` means nothing to a reader.
        let what = destination.isEmpty ? "input container `\(account).\(container)`" : "input `\(input.path)`"
        try place(source, at: destination + parts, in: workingDirectory, mode: mode, what: what)
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
      let path = String(url.dropFirst("file://".count))
      let source = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
      var info = stat()
      guard source >= 0, fstat(source, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
        if source >= 0 { close(source) }
        throw FileError(description: "input file \(path) does not exist (or is a link)")
      }
      defer { close(source) }
      try place(source, at: destination, in: workingDirectory, mode: mode, what: "input `\(input.path)`")
    }
  }

  /// Opens the blob `name` of an open container, refusing links on the way; nil when missing.
  private func openBlob(_ container: Int32, _ name: [String], what: String) throws(FileError) -> Int32? {
    guard let last = name.last else { return nil }
    let folder: Int32
    do {
      folder = try SafeFiles.openDirectory(container, Array(name.dropLast()), create: false, what: what)
    } catch {
      if error.description.contains("symbolic link") { throw error }
      return nil
    }
    defer { close(folder) }
    return try SafeFiles.openFile(folder, last, what: what)
  }

  /// Writes the open file `source` at `path` below `directory`, creating folders on the way.
  private func place(_ source: Int32, at path: [String], in directory: Int32, mode: mode_t, what: String)
    throws(FileError)
  {
    guard let last = path.last else { throw FileError(description: "\(what) has no file name") }
    let folder = try SafeFiles.openDirectory(directory, Array(path.dropLast()), create: true, what: what)
    defer { close(folder) }
    try SafeFiles.write(source, to: folder, last, mode: mode, what: what)
  }

  /// The directory a blobfuse mount shows: its storage container's (created when missing, as an
  /// empty container), which is refused when a symbolic link stands anywhere on the way to it.
  func mountedDirectory(_ mount: PlanMount) throws(FileError) -> String {
    guard mount.kind == .blobfuse, let account = mount.storageAccount, let container = mount.container else {
      throw FileError(description: "the mount at `\(mount.path)` is not a blobfuse mount of a storage container")
    }
    if let descriptor = try openContainer(account, container, create: true) { close(descriptor) }
    return try containerPath(account, container)
  }

  /// Makes `mount` at its path under the open directory `mounts` (a node's `fsmounts`): a blobfuse
  /// mount of a storage container becomes a link to the container's directory; other kinds cannot
  /// be mounted here.
  func mount(_ mount: PlanMount, under mounts: Int32) throws(FileError) {
    guard mount.kind == .blobfuse else {
      throw FileError(
        description:
          "its \(mount.kind.rawValue) mount of `\(mount.source ?? "")` at `\(mount.path)` cannot be made here: the local runner mounts only blobfuse mounts of the emulated storage's containers"
      )
    }
    let source = try mountedDirectory(mount)
    let segments = try PathSafety.segments(mount.path, what: "mount path")
    guard let last = segments.last else { throw FileError(description: "the mount path `\(mount.path)` is empty") }
    let parent = try SafeFiles.openDirectory(
      mounts, Array(segments.dropLast()), create: true, what: "mount path `\(mount.path)`")
    defer { close(parent) }
    var info = stat()
    if fstatat(parent, last, &info, AT_SYMLINK_NOFOLLOW) == 0 {
      guard (info.st_mode & S_IFMT) == S_IFLNK else {
        throw FileError(description: "mount path `\(mount.path)` is taken by a file or directory on the node")
      }
      unlinkat(parent, last, 0)
    }
    guard symlinkat(source, parent, last) == 0 else {
      throw FileError(description: "cannot mount `\(mount.path)`: \(SafeFiles.errorText())")
    }
  }

  /// What uploading one output did: the blob names written, and the links that match it but were
  /// not followed (their target is outside the task directory, missing, not a file, or reached
  /// through another link), each as `name -> target`.
  struct Upload {
    var written: [String] = []
    var refusedLinks: [String] = []
    /// Files the pattern matches whose names are not valid UTF-8, as shown (`bad\xFF.txt`): no
    /// blob can have their name, so they are not uploaded.
    var unnamed: [String] = []
  }

  /// Uploads the files matching `output` from the task directory `taskDirectory` (open): the
  /// pattern is relative to its `wd`, and `../` reaches the task directory itself. A link that
  /// the pattern reaches uploads the file it points to, as Batch's node agent does, when that file
  /// is inside the task directory and reached without another link; any other link is refused
  /// (returned, not followed) and does not stop the other files.
  func upload(_ output: PlanOutput, taskDirectory: Int32) throws(FileError) -> Upload {
    let pattern = try PathSafety.segments(output.pattern, what: "output pattern", allowedUp: 1)
    let up = pattern.prefix { $0 == ".." }.count
    let relative = Array(pattern.dropFirst(up))
    guard
      let firstWildcard = relative.firstIndex(where: Glob.hasWildcard) ?? (relative.isEmpty ? nil : relative.count - 1)
    else { return Upload() }
    let rest = Array(relative[firstWildcard...])
    if rest.contains("..") {
      throw FileError(description: "output pattern `\(output.pattern)` has `..` after a wildcard; it is refused")
    }
    let baseSegments = (up == 0 ? ["wd"] : []) + relative[..<firstWildcard]
    let what = "output pattern `\(output.pattern)`"
    let base: Int32
    do {
      base = try SafeFiles.openDirectory(taskDirectory, Array(baseSegments), create: false, what: what)
    } catch {
      if error.description.contains("symbolic link") { throw error }
      return Upload()
    }
    defer { close(base) }
    var result = Upload()
    // Each match's name below the base, and the file to read, below the task directory.
    var matches: [(name: String, source: [String])] = []
    func addLink(_ link: String) {
      let path = baseSegments + link.split(separator: "/").map(String.init)
      switch Self.linkTarget(path, in: taskDirectory) {
      case .inside(let source): matches.append((link, source))
      case .refused(let target): result.refusedLinks.append("`\(link)` -> `\(target)`")
      }
    }
    if rest.contains(where: Glob.hasWildcard) {
      let listing = SafeFiles.list(base)
      for file in listing.files where Glob.matches(rest, file) {
        matches.append((file, baseSegments + file.split(separator: "/").map(String.init)))
      }
      for link in listing.links where Glob.matches(rest, link) { addLink(link) }
      result.unnamed = listing.unnamed.filter { Glob.matches(rest, $0.name) }.map(\.shown)
    } else {
      var info = stat()
      if fstatat(base, rest[0], &info, AT_SYMLINK_NOFOLLOW) == 0 {
        if (info.st_mode & S_IFMT) == S_IFLNK { addLink(rest[0]) }
        if (info.st_mode & S_IFMT) == S_IFREG { matches.append((rest[0], baseSegments + [rest[0]])) }
      }
    }
    let wildcard = rest.contains(where: Glob.hasWildcard)
    for (match, source) in matches.sorted(by: { $0.name < $1.name }) {
      let name = Self.blobName(for: output, match: match, wildcard: wildcard)
      let blob = try PathSafety.segments(name, what: "blob name")
      if let problem = Self.unrepresentable(blobName: name) { throw FileError(description: problem) }
      guard let file = try openBlob(taskDirectory, source, what: "`\(match)`") else { continue }
      defer { close(file) }
      guard let container = try openContainer(output.storageAccount, output.container, create: true) else { continue }
      defer { close(container) }
      let what = "blob `\(output.storageAccount).\(output.container)[\"\(blob.joined(separator: "/"))\"]`"
      try checkRoom(for: blob, in: container, what: what)
      try place(file, at: blob, in: container, mode: 0o644, what: what)
      result.written.append(blob.joined(separator: "/"))
    }
    return result
  }

  /// The blob name `output` gives a file it matches (`match`, its path below the pattern's fixed
  /// folders): under the output's `path` as a folder when the pattern has a wildcard or the path
  /// ends in `/`, else the path itself; without a path, the match.
  static func blobName(for output: PlanOutput, match: String, wildcard: Bool) -> String {
    guard let path = output.path, !path.isEmpty else { return match }
    guard wildcard || path.hasSuffix("/") else { return path }
    return (path.hasSuffix("/") ? path : path + "/") + match
  }

  /// The one file an output without a wildcard names (its pattern's last segment), or nil for a
  /// pattern with one.
  static func literalMatch(of output: PlanOutput) -> String? {
    let segments = output.pattern.split(separator: "/").map(String.init)
    guard let last = segments.last, last != "..", last != ".", !segments.contains(where: Glob.hasWildcard) else {
      return nil
    }
    return last
  }

  /// Where a link of a task's directory leads.
  private enum LinkTarget {
    /// A regular file inside the task directory, reached without another link: its path there.
    case inside([String])
    /// Anything else: what the link holds.
    case refused(String)
  }

  /// Reads the link at `path` (segments below the open task directory `taskDirectory`) without
  /// following it, and resolves its text against the link's own folder, by name only.
  private static func linkTarget(_ path: [String], in taskDirectory: Int32) -> LinkTarget {
    guard let last = path.last,
      let folder = try? SafeFiles.openDirectory(taskDirectory, Array(path.dropLast()), create: false, what: "")
    else { return .refused("?") }
    defer { close(folder) }
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let count = readlinkat(folder, last, &buffer, buffer.count - 1)
    guard count > 0 else { return .refused("?") }
    let text = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    if text.hasPrefix("/") { return .refused(text) }
    var resolved = Array(path.dropLast())
    for segment in text.split(separator: "/", omittingEmptySubsequences: true) {
      if segment == "." { continue }
      if segment == ".." {
        if resolved.popLast() == nil { return .refused(text) }
        continue
      }
      resolved.append(String(segment))
    }
    // The target must be a regular file reached without links: `openBlob` refuses any on the way.
    guard let leaf = resolved.last,
      let parent = try? SafeFiles.openDirectory(taskDirectory, Array(resolved.dropLast()), create: false, what: "")
    else { return .refused(text) }
    defer { close(parent) }
    guard let file = try? SafeFiles.openFile(parent, leaf, what: "") else { return .refused(text) }
    close(file)
    return .inside(resolved)
  }
}

/// Output patterns as Batch reads them: `*` (any characters) and `?` (one) within a path segment,
/// `**` for any number of segments, `[abc]`, `[a-c]` and `[!abc]` for one character (`[*]` is a
/// literal `*`). A name starting with `.` is matched only by a pattern segment that starts with
/// `.` too: `*.gif` skips `.a.gif`, as `**` skips hidden directories.
package enum Glob {
  static func hasWildcard(_ segment: String) -> Bool {
    segment.contains("*") || segment.contains("?") || segment.contains("[")
  }

  /// Whether the relative file path `path` matches the pattern segments.
  package static func matches(_ pattern: [String], _ path: String) -> Bool {
    let parts = path.split(separator: "/").map(String.init)
    return match(pattern[...], parts[...])
  }

  private static func match(_ pattern: ArraySlice<String>, _ parts: ArraySlice<String>) -> Bool {
    guard let first = pattern.first else { return parts.isEmpty }
    if first == "**" {
      if match(pattern.dropFirst(), parts) { return true }
      guard let part = parts.first, !part.hasPrefix(".") else { return false }
      return match(pattern, parts.dropFirst())
    }
    guard let part = parts.first else { return false }
    if part.hasPrefix(".") && !first.hasPrefix(".") && hasWildcard(first) { return false }
    guard segment(Array(first.unicodeScalars)[...], Array(part.unicodeScalars)[...]) else { return false }
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
    case "[":
      guard let (matches, after) = bracket(p.dropFirst(), s.first) else {
        // No closing bracket: a literal `[`.
        return s.first == "[" && segment(p.dropFirst(), s.dropFirst())
      }
      return matches && segment(after, s.dropFirst())
    default: return s.first == c && segment(p.dropFirst(), s.dropFirst())
    }
  }

  /// Reads a bracket expression after its `[`: whether `character` is in it, and the pattern after
  /// its `]`; nil when it never closes.
  private static func bracket(_ p: ArraySlice<Unicode.Scalar>, _ character: Unicode.Scalar?)
    -> (Bool, ArraySlice<Unicode.Scalar>)?
  {
    var rest = p
    let negated = rest.first == "!"
    if negated { rest = rest.dropFirst() }
    var found = false
    var first = true
    while let c = rest.first {
      if c == "]" && !first { return ((found != negated) && character != nil, rest.dropFirst()) }
      first = false
      rest = rest.dropFirst()
      if rest.first == "-", let high = rest.dropFirst().first, high != "]" {
        if let character, c.value <= character.value && character.value <= high.value { found = true }
        rest = rest.dropFirst(2)
      } else if c == character {
        found = true
      }
    }
    return nil
  }
}
