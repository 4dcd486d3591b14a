// One project checked at one moment: its files, syntax trees, checked model and diagnostics.

package import BatchSpecCore

/// A checked project, immutable: what every query of an `Analysis` reads.
package final class ProjectSnapshot: Sendable {
  /// The project's key: its directory, or the path of a lone document.
  package let key: String
  /// The parsed files.
  package let project: Project
  /// The checker's model: resources, references and diagnostics.
  package let checked: CheckedProject
  /// Each file's ID, by path.
  package let fileIDs: [String: FileID]
  /// Each file's diagnostics, indexed by `FileID.rawValue`, from `ProjectDiagnostics`.
  package let diagnostics: [[Diagnostic]]

  /// Checks and validates `project` with `params` overriding param defaults.
  package init(
    key: String, project: Project, params: [String: String],
    configuration: ValidationConfiguration = ValidationConfiguration()
  ) {
    self.key = key
    self.project = project
    let result = ProjectDiagnostics.compute(project: project, params: params, configuration: configuration)
    checked = result.project
    var ids: [String: FileID] = [:]
    for file in project.files { ids[file.path] = file.id }
    fileIDs = ids
    var byFile = [[Diagnostic]](repeating: [], count: project.files.count)
    for diagnostic in result.project.diagnostics where diagnostic.file.rawValue < byFile.count {
      byFile[diagnostic.file.rawValue].append(diagnostic)
    }
    diagnostics = byFile
  }

  /// The paths of the project's files, in file ID order.
  package var paths: [String] { project.files.map(\.path) }

  /// The path of file `id`.
  package func path(_ id: FileID) -> String { project.file(id).path }
}
