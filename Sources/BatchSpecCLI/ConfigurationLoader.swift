// Finds and reads `batchspec.config` for each project: the nearest one walking up from the
// project's directory (or the one `--config` names). The walk and the parsing are BatchSpecCore's.

import BatchSpecCore
import FoundationEssentials

/// Reads configuration files, each once.
struct ConfigurationLoader {
  /// The file `--config` names, if any: it applies to every project.
  private var explicit: LintConfiguration?
  /// Configurations read so far, by the absolute directory asked about.
  private var byDirectory: [String: LintConfiguration] = [:]
  private let currentDirectory = FileManager.default.currentDirectoryPath

  /// Uses `path` for every project when given; otherwise walks up from each project.
  init(explicitPath: String?) throws(UsageError) {
    guard let path = explicitPath else { return }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw UsageError("cannot read configuration file \(path)")
    }
    explicit = LintConfiguration.parse(SourceFile(id: FileID(0), path: path, bytes: [UInt8](data)))
  }

  /// The configuration for specs in `directory` (relative to the current directory, or absolute).
  mutating func configuration(forDirectory directory: String) -> LintConfiguration {
    if let explicit { return explicit }
    let absolute = absolutePath(directory)
    if let cached = byDirectory[absolute] { return cached }
    var configuration = ConfigurationLookup.nearest(forDirectory: absolute) { path in
      var isDirectory = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory else {
        return nil
      }
      return FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }
    if var file = configuration.file {
      file.path = displayPath(file.path)
      configuration.file = file
    }
    byDirectory[absolute] = configuration
    return configuration
  }

  /// `path` made absolute and standardized (no `.` or `..`).
  private func absolutePath(_ path: String) -> String {
    let joined = path.hasPrefix("/") ? path : currentDirectory + "/" + path
    return URL(fileURLWithPath: joined).standardizedFileURL.path
  }

  /// `path` relative to the current directory when it is inside it.
  private func displayPath(_ path: String) -> String {
    let prefix = currentDirectory.hasSuffix("/") ? currentDirectory : currentDirectory + "/"
    return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
  }
}
