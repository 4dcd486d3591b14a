// Moving a parsed tree to another file ID, so an unchanged file keeps its tree across re-checks.

package import BatchSpecCore

extension SyntaxTree {
  /// Gives the tree, and the locations in its diagnostics, the file ID `id`.
  package mutating func renumber(to id: FileID) {
    guard file != id else { return }
    file = id
    for i in diagnostics.indices {
      diagnostics[i].location.file = id
      for j in diagnostics[i].notes.indices where diagnostics[i].notes[j].location != nil {
        diagnostics[i].notes[j].location!.file = id
      }
      for j in diagnostics[i].fixIts.indices {
        for k in diagnostics[i].fixIts[j].edits.indices { diagnostics[i].fixIts[j].edits[k].file = id }
      }
    }
  }
}
