// Plain answers of the analysis: edits, symbols, hovers, completions, hints. No protocol types.

package import BatchSpecCore

/// A replacement of a byte range of a file named by path.
package struct FileEdit: Hashable, Sendable {
  /// Where.
  package var location: FileRange
  /// The new text.
  package var newText: String
  /// Creates an edit.
  package init(_ location: FileRange, _ newText: String) {
    self.location = location
    self.newText = newText
  }
}

/// How an editor may render a diagnostic besides its severity.
package enum DiagnosticTag: Sendable {
  /// Code that does nothing and can go (faded out): an unused suppression comment.
  case unnecessary
  /// Something deprecated (struck through). No batchspec code is yet.
  case deprecated

  /// The tags of `diagnostic`.
  package static func tags(of diagnostic: Diagnostic) -> [DiagnosticTag] {
    diagnostic.code == LintCode.unusedSuppression.code ? [.unnecessary] : []
  }
}

/// Markdown for a hover, and the range it describes.
package struct HoverInfo: Sendable {
  /// The text, in Markdown.
  package var markdown: String
  /// The range the hover is about.
  package var range: TextRange
}

/// A named thing of a file: a block with its children.
package struct DocumentSymbol: Sendable {
  /// What kind of thing.
  package enum Kind: Sendable { case block, resource, task, attribute, param }
  /// The label, or the block kind when it has none.
  package var name: String
  /// The block kind or the param's type.
  package var detail: String
  /// What kind of thing.
  package var kind: Kind
  /// The whole block.
  package var range: TextRange
  /// The name, where a cursor goes.
  package var selectionRange: TextRange
  /// Nested blocks.
  package var children: [DocumentSymbol]
}

/// A resource of any loaded project, for workspace symbol search.
package struct WorkspaceSymbol: Sendable {
  /// The resource's ID.
  package var name: String
  /// The resource kind.
  package var kind: ResourceKind
  /// Where its label is written.
  package var location: FileRange
  /// The enclosing resource (a task's job), if any.
  package var container: String?
}

/// A word offered at the cursor.
package struct CompletionEntry: Sendable {
  /// What is offered.
  package enum Kind: Sendable { case attribute, block, keyword, enumWord, reference, value, snippet }
  /// The label shown.
  package var label: String
  /// What is offered.
  package var kind: Kind
  /// A short description (type, kind).
  package var detail: String?
  /// Markdown documentation.
  package var documentation: String?
  /// The text inserted; a snippet with `$1` placeholders when `isSnippet`.
  package var insertText: String
  /// Whether `insertText` is a snippet.
  package var isSnippet: Bool = false
  /// The range the completion replaces when the editor inserts: the word being typed, up to the
  /// cursor (what clients filter on).
  package var replacing: TextRange
  /// The range it replaces when the editor replaces: the whole word under the cursor, `er-pool`
  /// of `rend|er-pool` included; nil when nothing of the word follows the cursor.
  package var replacingWord: TextRange? = nil
  /// What clients filter on, when more than the label: the label and the name Azure's REST API
  /// gives the member (`dedicated_nodes targetDedicatedNodes`), so that typing a name from
  /// Batch's JSON finds what batchspec calls it.
  package var filterText: String? = nil
}

/// A label shown inline at an offset.
package struct InlayHint: Sendable {
  /// Where it goes.
  package var offset: Int
  /// The text.
  package var label: String
  /// A longer explanation.
  package var tooltip: String?
}

/// A fix for a diagnostic, as a titled set of edits.
package struct CodeFix: Sendable {
  /// What it does.
  package var title: String
  /// The edits, applied together.
  package var edits: [FileEdit]
  /// Whether it is safe to apply without asking (offered as the preferred fix).
  package var isPreferred: Bool
  /// The diagnostic it fixes.
  package var diagnostic: Diagnostic
}

/// Every safe fix of a file, applied at once: the editor's "fix all".
package struct FixAll: Sendable {
  /// The edits that turn the file's text into the fixed text.
  package var edits: [FileEdit]
  /// How many fixes were applied.
  package var fixCount: Int
  /// What to tell the user when the rounds of fixes stopped at their limit with fixes still to
  /// apply (`FixApplication.roundLimitWarning`); nil when they ran out.
  package var warning: String? = nil
}

/// Why a rename is refused.
package struct RenameError: Error, Sendable {
  /// A message for the person renaming.
  package var message: String
}

/// The class of a token for semantic highlighting.
package enum TokenClass: Int, Sendable, CaseIterable {
  case keyword, type, property, variable, parameter, string, number, comment, enumMember, function, operatorToken
}

/// A highlighted token: a range on one line and its class.
package struct SemanticToken: Sendable, Equatable {
  /// The bytes covered (never spanning a line break).
  package var range: TextRange
  /// The class.
  package var tokenClass: TokenClass
  /// Whether it declares the symbol (a block label).
  package var isDeclaration: Bool
}
