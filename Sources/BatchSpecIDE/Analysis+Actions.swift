// Inlay hints, code actions from the diagnostics' fix-its, and the formatting hook.

package import BatchSpecCore

extension Analysis {
  /// Hints inside `range` of `path`: the tasks a sweep expands to.
  package func inlayHints(_ path: String, in range: TextRange) -> [InlayHint] {
    guard let (project, id) = file(path) else { return [] }
    var hints: [InlayHint] = []
    func visit(_ statements: [Statement]) {
      for case .block(let block) in statements where block.range.end >= range.start && block.range.start <= range.end {
        if let sweep = block.sweep, range.contains(sweep.range.end) {
          let members = ResourceFacts.sweepMembers(of: block, file: id, in: project.checked)
          if let first = members.first?.label, let last = members.last?.label {
            hints.append(
              InlayHint(
                offset: sweep.range.end, label: " \(members.count) task\(members.count == 1 ? "" : "s")",
                tooltip: "`\(first)` … `\(last)`"))
          }
        }
        visit(block.body)
      }
    }
    visit(project.project.trees[id.rawValue].statements)
    return hints
  }

  /// The fix-its of the diagnostics of `path` that touch `range`.
  package func codeFixes(_ path: String, in range: TextRange) -> [CodeFix] {
    guard let (project, _) = file(path) else { return [] }
    var fixes: [CodeFix] = []
    for diagnostic in diagnostics(path)
    where diagnostic.range.start <= range.end && range.start <= diagnostic.range.end {
      for fix in diagnostic.fixIts {
        let edits = fix.edits.map {
          FileEdit(FileRange(path: project.path($0.file), range: $0.range), $0.replacement)
        }
        fixes.append(CodeFix(title: fix.title, edits: edits, isPreferred: fix.isSafe, diagnostic: diagnostic))
      }
    }
    return fixes
  }

  /// Whether `formatting(_:)` can answer. False until the formatter (`Formatter`, from the
  /// linter's branch) is wired in here; the server then advertises formatting.
  package static let canFormat = false

  /// The edits that format `path`, or nil when there is no formatter or the file is unknown.
  ///
  /// Integration point: call `Formatter` on the file's tree and return one edit replacing the
  /// whole text when the output differs.
  package func formatting(_ path: String) -> [FileEdit]? {
    guard Self.canFormat, source(path) != nil else { return nil }
    return nil
  }
}
