// Path names cut as `NSString` cuts them, for the command line: FoundationEssentials has no
// `NSString`, and no module of the `batchspec` binary imports Foundation.

/// Path names cut into parts as `NSString`'s path methods cut them, without touching the disk.
package enum PathName {
  /// The part after the last `/`, trailing slashes ignored: `a/b.batch` → `b.batch`, `a/b/` → `b`;
  /// `/` stays `/`.
  package static func lastComponent(_ path: String) -> String {
    let trimmed = withoutTrailingSlashes(path)
    if trimmed == "/" { return trimmed }
    guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
    return String(trimmed[trimmed.index(after: slash)...])
  }

  /// The path without its last part: `a/b/c` → `a/b`, `/a` → `/`, `a` → ``.
  package static func deletingLastComponent(_ path: String) -> String {
    let trimmed = withoutTrailingSlashes(path)
    guard let slash = trimmed.lastIndex(of: "/") else { return "" }
    if slash == trimmed.startIndex { return "/" }
    return withoutTrailingSlashes(String(trimmed[..<slash]))
  }

  /// The path without the last part's extension: `a/b.json` → `a/b`; `.hidden` and `a.d/b` keep
  /// theirs (there is none).
  package static func deletingExtension(_ path: String) -> String {
    let trimmed = withoutTrailingSlashes(path)
    let name = lastComponent(trimmed)
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return trimmed }
    return String(trimmed.dropLast(name.distance(from: dot, to: name.endIndex)))
  }

  /// The path as the user means it, without touching the disk: `.` parts, doubled slashes and
  /// trailing slashes dropped (`./a//b/` → `a/b`, `./` → `.`); `..` is kept, since through a link
  /// it need not lead back.
  package static func normalized(_ path: String) -> String {
    guard !path.isEmpty else { return path }
    let absolute = path.hasPrefix("/")
    let parts = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
    let joined = parts.joined(separator: "/")
    if absolute { return "/" + joined }
    return joined.isEmpty ? "." : joined
  }

  private static func withoutTrailingSlashes(_ path: String) -> String {
    var trimmed = Substring(path)
    while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    return String(trimmed)
  }
}
