// Where a spec's configuration file may be: its directory, then each parent up to the root. Pure
// path arithmetic, so the CLI and the language server look in the same places.

/// Finds configuration files by walking up from a spec's directory.
package enum ConfigurationLookup {
  /// The candidate paths of `LintConfiguration.fileName` for specs in `directory` (an absolute,
  /// `/`-separated path), nearest first, ending at the root.
  package static func candidates(forDirectory directory: String) -> [String] {
    var parts = directory.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    var result: [String] = []
    while true {
      let prefix = parts.isEmpty ? "/" : "/" + parts.joined(separator: "/") + "/"
      result.append(prefix + LintConfiguration.fileName)
      if parts.isEmpty { break }
      parts.removeLast()
    }
    return result
  }

  /// The nearest configuration for `directory`: the first candidate `read` returns bytes for,
  /// parsed; the default configuration when there is none.
  package static func nearest(forDirectory directory: String, read: (String) -> [UInt8]?) -> LintConfiguration {
    for path in candidates(forDirectory: directory) {
      if let bytes = read(path) { return LintConfiguration.parse(SourceFile(id: FileID(0), path: path, bytes: bytes)) }
    }
    return LintConfiguration()
  }
}
