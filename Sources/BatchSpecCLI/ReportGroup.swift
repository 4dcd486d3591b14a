// What the output formats render: diagnostics grouped by the files they point into (a project, or
// a configuration file), with the files whose findings are shown.

package import BatchSpecCore

/// Diagnostics of one project (or one configuration file), ready to render.
package struct ReportGroup {
  /// The files the diagnostics and their notes point into, by ID.
  package var files: [SourceFile]
  /// The files reported on (counted in summaries, listed by JUnit), in order.
  package var reported: [FileID]
  /// The diagnostics, in output order.
  package var diagnostics: [Diagnostic]

  /// Creates a group.
  package init(files: [SourceFile], reported: [FileID], diagnostics: [Diagnostic]) {
    self.files = files
    self.reported = reported
    self.diagnostics = diagnostics
  }

  /// The file with `id`.
  package func file(_ id: FileID) -> SourceFile { files[id.rawValue] }

  /// The group of a loaded project, showing `diagnostics` of its reported files only.
  init(_ loaded: LoadedProject, _ diagnostics: [Diagnostic]) {
    self.files = loaded.project.files
    self.reported = loaded.reported.sorted()
    self.diagnostics = diagnostics.filter { loaded.reported.contains($0.file) }
  }
}

extension [ReportGroup] {
  /// Every diagnostic of every group.
  var allDiagnostics: [Diagnostic] { flatMap(\.diagnostics) }
  /// How many files are reported on.
  var reportedFileCount: Int { reduce(0) { $0 + $1.reported.count } }
}
