// The analysis's queries asked at a fixture's `FilePosition`, and answers turned into plain data a
// test can compare: the text a range covers, the files after edits are applied.

import BatchSpecCore
import BatchSpecIDE
import Foundation
import Testing

extension Analysis {
  func hover(at position: FilePosition) -> HoverInfo? { hover(position.path, offset: position.offset) }

  func completions(at position: FilePosition) -> [CompletionEntry] {
    completions(position.path, offset: position.offset)
  }

  /// The labels offered at `position`, in order.
  func completionLabels(at position: FilePosition) -> [String] { completions(at: position).map(\.label) }

  /// The entry labelled `label` offered at `position`.
  func completion(_ label: String, at position: FilePosition) -> CompletionEntry? {
    completions(at: position).first { $0.label == label }
  }

  /// The text of `position`'s file once the entry labelled `label` is accepted there, as an
  /// editor replacing the word under the cursor writes it (or inserting it, up to the cursor):
  /// a snippet's placeholders take their defaults and its final cursor is `$0`. Nil when no such
  /// entry is offered.
  func accepting(_ label: String, at position: FilePosition, inserting: Bool = false) -> String? {
    guard let entry = completion(label, at: position), var bytes = source(position.path)?.bytes else { return nil }
    let range = inserting ? entry.replacing : entry.replacingWord ?? entry.replacing
    let text = entry.isSnippet ? SnippetTests.expand(entry.insertText) : entry.insertText
    bytes.replaceSubrange(range.start..<range.end, with: Array(text.utf8))
    return String(decoding: bytes, as: UTF8.self)
  }

  func definition(at position: FilePosition) -> [FileRange] { definition(position.path, offset: position.offset) }

  func references(at position: FilePosition, includeDeclaration: Bool = true) -> [FileRange] {
    references(position.path, offset: position.offset, includeDeclaration: includeDeclaration)
  }

  func highlights(at position: FilePosition) -> [(range: TextRange, isDeclaration: Bool)] {
    highlights(position.path, offset: position.offset)
  }

  func prepareRename(at position: FilePosition) -> Result<(range: TextRange, name: String), RenameError> {
    prepareRename(position.path, offset: position.offset)
  }

  func rename(at position: FilePosition, to newName: String) -> Result<[FileEdit], RenameError> {
    rename(position.path, offset: position.offset, to: newName)
  }

  func selectionRanges(at position: FilePosition) -> [TextRange] {
    selectionRanges(position.path, offset: position.offset)
  }

  /// The text `range` covers.
  func text(_ range: FileRange) -> String { text(range.range, in: range.path) }

  /// The text `range` of `path` covers.
  func text(_ range: TextRange, in path: String) -> String { source(path)?.text(range) ?? "<no file \(path)>" }

  /// The files `edits` touch, as they read after the edits are applied (the edits of one file
  /// must not overlap, as an editor requires).
  func applying(_ edits: [FileEdit]) -> [String: String] {
    var result: [String: String] = [:]
    for (path, fileEdits) in Dictionary(grouping: edits, by: \.location.path) {
      guard var bytes = source(path)?.bytes else { continue }
      for edit in fileEdits.sorted(by: { $0.location.range.start > $1.location.range.start }) {
        bytes.replaceSubrange(edit.location.range.start..<edit.location.range.end, with: Array(edit.newText.utf8))
      }
      result[path] = String(decoding: bytes, as: UTF8.self)
    }
    return result
  }

  /// The codes of the diagnostics of `path`, in order.
  func codes(_ path: String = Fixture.defaultPath) -> [String] { diagnostics(path).map(\.code.rawValue) }
}

extension Result {
  /// The failure's value, if it failed.
  var failure: Failure? {
    if case .failure(let error) = self { return error }
    return nil
  }

  /// The success's value, if it succeeded.
  var success: Success? { try? get() }
}

/// Projects several suites use.
enum Projects {
  /// An account whose one pool asks for 3600 dedicated cores, over the 900 assumed without a
  /// declared quota: BS3001 on `acct`, and no other finding.
  static let overQuota = """
    account acct { location = "westeurope" }
    pool p {
      vm_size = "Standard_D4s_v3"
      image = "canonical/0001-com-ubuntu-server-jammy/22_04-lts"
      node_agent = "batch.node.ubuntu 22.04"
      dedicated_nodes = 900
    }

    """
}

extension String {
  /// The text with its first `target` replaced.
  func replacingFirst(_ target: String, with replacement: String) -> String {
    guard let range = range(of: target) else { return self }
    return replacingCharacters(in: range, with: replacement)
  }
}
