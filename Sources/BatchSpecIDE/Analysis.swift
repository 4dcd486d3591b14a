// An immutable snapshot of every loaded project, answering the editor's queries.

package import BatchSpecCore

/// A place in a file named by path: what queries take and return.
package struct FileRange: Hashable, Sendable {
  /// The file's path (or, for a document with no place on disk, its URI).
  package var path: String
  /// The byte range.
  package var range: TextRange
  /// Creates a file range.
  package init(path: String, range: TextRange) {
    self.path = path
    self.range = range
  }
}

/// The answers to an editor's questions about one state of the documents.
///
/// Offsets are UTF-8 byte offsets; `lineIndex(of:)` converts them at the protocol's edge.
package struct Analysis: Sendable {
  /// The checked projects, by key.
  package let projects: [String: ProjectSnapshot]
  /// The versions of open documents, by path.
  package let versions: [String: Int]
  /// How the client counts columns.
  package let encoding: PositionEncoding
  /// The VM sizes known to hover, completion and hints.
  package let vmSizes: VMSizeTable

  /// A snapshot of `projects`.
  package init(
    projects: [String: ProjectSnapshot], versions: [String: Int], encoding: PositionEncoding,
    vmSizes: VMSizeTable = .empty
  ) {
    self.projects = projects
    self.versions = versions
    self.encoding = encoding
    self.vmSizes = vmSizes
  }

  /// The project `path` belongs to, if it is loaded.
  package func project(of path: String) -> ProjectSnapshot? { projects[ProjectPaths.projectKey(of: path)] }

  /// The project, file ID and syntax tree of `path`.
  package func file(_ path: String) -> (project: ProjectSnapshot, id: FileID)? {
    guard let project = project(of: path), let id = project.fileIDs[path] else { return nil }
    return (project, id)
  }

  /// The source of `path`, if it is part of a loaded project.
  package func source(_ path: String) -> SourceFile? {
    file(path).map { $0.project.project.file($0.id) }
  }

  /// The line index of `path`, for converting offsets to positions.
  package func lineIndex(of path: String) -> LineIndex? {
    source(path)?.lines ?? configuration(path)?.file?.lines
  }

  /// Every diagnostic of `path`, as `Linter.lint` computed it; for a configuration file a
  /// loaded project uses, the file's own problems.
  package func diagnostics(_ path: String) -> [Diagnostic] {
    guard let (project, id) = file(path) else { return configuration(path)?.diagnostics ?? [] }
    return project.diagnostics[id.rawValue]
  }

  /// The configuration file at `path` as a loaded project read it, if one uses it.
  package func configuration(_ path: String) -> LintConfiguration? {
    guard ProjectPaths.isConfiguration(path) else { return nil }
    for project in projects.values where project.configuration.file?.path == path { return project.configuration }
    return nil
  }

  /// The path of the configuration file the project with `key` uses, if any.
  package func configurationPath(ofProject key: String) -> String? { projects[key]?.configuration.file?.path }

  /// The path of a location's file within the project of `path` (a configuration file's
  /// locations are in that file).
  package func path(of location: Location, inProjectOf path: String) -> String? {
    if ProjectPaths.isConfiguration(path) { return configuration(path) != nil ? path : nil }
    guard let project = project(of: path), location.file.rawValue < project.project.files.count else { return nil }
    return project.path(location.file)
  }

  /// The paths of every file of the project with `key`.
  package func paths(ofProject key: String) -> [String] { projects[key]?.paths ?? [] }
}
