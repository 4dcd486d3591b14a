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

  /// The group of a loaded project, showing `diagnostics` of its reported files, and the quota
  /// findings (BS3xxx) of its other files with a note at a pool of one of them: a quota exceeded
  /// at the account by a pool of a reported file. Linting the files a commit changes (pre-commit)
  /// shows what the change caused elsewhere; those files are reported on too. (Other findings'
  /// notes point at declarations, such as "declared here", which a change to them did not cause.)
  init(_ loaded: LoadedProject, _ diagnostics: [Diagnostic]) {
    self.files = loaded.project.files
    let reported = loaded.reported
    func isShown(_ diagnostic: Diagnostic) -> Bool {
      reported.contains(diagnostic.file)
        || (diagnostic.code.rawValue.hasPrefix("BS3")
          && diagnostic.notes.contains { note in note.location.map { reported.contains($0.file) } ?? false })
    }
    let shown = reported.count == files.count ? diagnostics : diagnostics.filter(isShown)
    self.reported = reported.union(shown.lazy.map(\.file)).sorted()
    self.diagnostics = shown
  }
}

extension [ReportGroup] {
  /// Every diagnostic of every group.
  var allDiagnostics: [Diagnostic] { flatMap(\.diagnostics) }
  /// How many files are reported on.
  var reportedFileCount: Int { reduce(0) { $0 + $1.reported.count } }
}
