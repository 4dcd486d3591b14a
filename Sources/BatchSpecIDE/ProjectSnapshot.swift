// One project checked at one moment: its files, syntax trees, checked model and diagnostics.

package import BatchSpecCore
internal import Synchronization

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
  /// Each file's diagnostics, indexed by `FileID.rawValue`, from `Linter.lint`.
  package let diagnostics: [[Diagnostic]]
  /// The params that override param defaults (`--param`, or the client's initialization options).
  package let params: [String: String]
  /// The configuration the project was validated with: its file (when one was found) and that
  /// file's own diagnostics (BS9002, syntax errors), located in it.
  package let configuration: LintConfiguration
  /// What was wrong with the params overriding the defaults (`params`): a value of the wrong type,
  /// or a param the project does not declare.
  package let overrideErrors: [ParamOverrideError]
  /// Each file's tree settled (`SyntaxTree.settled`), once a query asks for it.
  private let settledTrees: SettledTrees

  /// Checks and validates `project` with `params` overriding param defaults and `configuration`
  /// (a configuration file's, overrides applied); with `memo`, only what changed since the last
  /// snapshot made with it is done again (`Linter.lint(_:params:configuration:memo:)`).
  package init(
    key: String, project: Project, params: [String: String],
    configuration: LintConfiguration = LintConfiguration(), memo: LintMemo = LintMemo()
  ) {
    self.key = key
    self.project = project
    settledTrees = SettledTrees(count: project.trees.count)
    self.params = params
    self.configuration = configuration
    let result = Linter.lint(
      project, params: params, configuration: configuration, memo: memo, concurrently: Parallel.perform
    ).result
    checked = result.checked
    overrideErrors = result.overrideErrors
    var ids: [String: FileID] = [:]
    for file in project.files { ids[file.path] = file.id }
    fileIDs = ids
    // The arrays of the files an edit did not change are the last snapshot's: publishing compares
    // them at no cost.
    diagnostics = result.files
  }

  /// File `id`'s syntax tree, every statement where it is now. A parse after an edit keeps the
  /// statements after it as they were, with how far they moved; the first query that reads
  /// them builds them once where they are now, for every query of this snapshot.
  package func tree(_ id: FileID) -> SyntaxTree { settledTrees.tree(id.rawValue, in: project) }

  /// Every file's syntax tree, in file ID order, as `tree(_:)` gives them.
  package var trees: [SyntaxTree] { project.trees.indices.map { tree(FileID($0)) } }

  /// The paths of the project's files, in file ID order.
  package var paths: [String] { project.files.map(\.path) }

  /// The path of file `id`.
  package func path(_ id: FileID) -> String { project.file(id).path }
}

/// Settled syntax trees, made on first use: the snapshot is shared by requests, so under a lock
/// (as `BlockInstance` moves its children when first read).
private final class SettledTrees: Sendable {
  private let trees: Mutex<[SyntaxTree?]>

  init(count: Int) { trees = Mutex(Array(repeating: nil, count: count)) }

  func tree(_ index: Int, in project: Project) -> SyntaxTree {
    trees.withLock { trees in
      if let tree = trees[index] { return tree }
      let tree = project.trees[index].settled
      trees[index] = tree
      return tree
    }
  }
}
