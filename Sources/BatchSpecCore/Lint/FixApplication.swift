// Applying fix-its: pick the safe ones (or, asked, the unsafe ones too) that do not overlap, apply
// them to the files' bytes.

/// A file with fixes applied.
package struct FixedFile: Sendable {
  /// The file.
  package var file: FileID
  /// Its new bytes.
  package var bytes: [UInt8]
  /// The edits applied, sorted by position, none overlapping.
  package var edits: [TextEdit]
  /// How many fix-its were applied to it (a fix-it may span files; it then counts in each).
  package var fixCount: Int
}

/// Applies fix-its to a project's files.
package enum FixApplication {
  /// The safe fix-its of `diagnostics`, applied: the first fix of each diagnostic that is safe
  /// (with `unsafe`, its first fix when none is safe) and overlaps no fix taken before it. Files no
  /// fix touches are left out.
  package static func applyFixes(_ diagnostics: [Diagnostic], in project: Project, unsafe: Bool = false) -> [FixedFile]
  {
    let (taken, counts) = edits(diagnostics, unsafe: unsafe)
    return taken.keys.sorted().map { id in
      let edits = taken[id]!
      return FixedFile(
        file: id, bytes: apply(edits, to: project.file(id).bytes), edits: edits, fixCount: counts[id] ?? 0)
    }
  }

  /// The safe fix-its of `diagnostics` applied to `file`, a file outside any project (a
  /// configuration file), as `applyFixes(_:in:unsafe:)` picks them; nil when none applies.
  package static func applyFixes(_ diagnostics: [Diagnostic], to file: SourceFile, unsafe: Bool = false) -> FixedFile? {
    let (taken, counts) = edits(diagnostics.filter { $0.file == file.id }, unsafe: unsafe)
    guard let edits = taken[file.id] else { return nil }
    return FixedFile(file: file.id, bytes: apply(edits, to: file.bytes), edits: edits, fixCount: counts[file.id] ?? 0)
  }

  /// Per file, the edits of the fixes taken (sorted by position, none overlapping), and how many
  /// fixes each file took: safe ones, or with `unsafe` any.
  private static func edits(
    _ diagnostics: [Diagnostic], unsafe: Bool
  ) -> (edits: [FileID: [TextEdit]], counts: [FileID: Int]) {
    // Per file, the edits taken so far, sorted by start and disjoint: only neighbours can clash.
    var taken: [FileID: [TextEdit]] = [:]
    var counts: [FileID: Int] = [:]
    for diagnostic in Diagnostic.sortedForOutput(diagnostics) {
      guard let fix = diagnostic.fixIts.first(where: \.isSafe) ?? (unsafe ? diagnostic.fixIts.first : nil) else {
        continue
      }
      let clashes = fix.edits.enumerated().contains { index, edit in
        clashesWithTaken(edit, taken[edit.file] ?? [])
          || fix.edits[(index + 1)...].contains { overlaps($0, edit) }
      }
      guard !clashes else { continue }
      for edit in fix.edits {
        var edits = taken[edit.file] ?? []
        edits.insert(edit, at: insertionIndex(of: edit, in: edits))
        taken[edit.file] = edits
      }
      for file in Set(fix.edits.map(\.file)) { counts[file, default: 0] += 1 }
    }
    return (taken, counts)
  }

  /// The most rounds of fixing `lint --fix` and the editor's "fix all" run: a fix may reveal
  /// another one; a cycle of fixes stops here.
  package static let defaultMaximumRounds = 10

  /// The safe fix-its (with `unsafe`, any) of `diagnostics` in `files`, applied in rounds, as
  /// `batchspec lint --fix` and the editor's "fix all" apply them: after each round `lint` finds
  /// the fixed project's diagnostics again, and the fixes that appeared are applied, until none do
  /// or `maximumRounds` have run (fixes that undo each other stop there). Returns the project as
  /// fixed, how many fixes each file took (files no fix touched are not in it), and how many
  /// findings still had a fix to apply when the last round stopped (0 unless it stopped at
  /// `maximumRounds`: `roundLimitWarning` says so).
  package static func applyFixesRepeatedly(
    _ diagnostics: [Diagnostic], in project: Project, files: Set<FileID>, unsafe: Bool = false,
    maximumRounds: Int = defaultMaximumRounds, lint: (Project) -> [Diagnostic]
  ) -> (project: Project, fixCounts: [FileID: Int], pending: Int) {
    var current = project
    var diagnostics = diagnostics
    var counts: [FileID: Int] = [:]
    var rounds = 0
    while true {
      let fixed = applyFixes(diagnostics.filter { files.contains($0.file) }, in: current, unsafe: unsafe)
      if fixed.isEmpty { break }
      guard rounds < maximumRounds else {
        let pending = diagnostics.filter { diagnostic in
          files.contains(diagnostic.file) && diagnostic.fixIts.contains { unsafe || $0.isSafe }
        }
        return (current, counts, pending.count)
      }
      rounds += 1
      // Only the fixed files are parsed again: the others keep their trees (when the project
      // still holds them: `check` and `lint` take them out, and let each file's go once checked).
      var sources = current.files
      var trees = current.holdsSyntax ? current.trees.map { Optional($0) } : []
      for file in fixed {
        counts[file.file, default: 0] += file.fixCount
        sources[file.file.rawValue] = SourceFile(
          id: file.file, path: sources[file.file.rawValue].path, bytes: file.bytes)
        if file.file.rawValue < trees.count { trees[file.file.rawValue] = nil }
      }
      current = Project(files: sources, reusing: trees)
      diagnostics = lint(current)
    }
    return (current, counts, 0)
  }

  /// What `lint --fix` and the editor's "fix all" say when `applyFixesRepeatedly` stopped after
  /// `rounds` with `pending` findings still fixable (a fix that keeps making work for another).
  package static func roundLimitWarning(rounds: Int, pending: Int) -> String {
    "stopped after \(rounds) rounds of fixes; \(pending) fixable problem\(pending == 1 ? "" : "s") "
      + "remain\(pending == 1 ? "s" : ""): run again or fix by hand"
  }

  /// Where `edit` goes in `edits` (sorted by start, then end).
  private static func insertionIndex(of edit: TextEdit, in edits: [TextEdit]) -> Int {
    var low = 0
    var high = edits.count
    while low < high {
      let middle = (low + high) / 2
      let other = edits[middle].range
      if (other.start, other.end) < (edit.range.start, edit.range.end) { low = middle + 1 } else { high = middle }
    }
    return low
  }

  /// Whether `edit` overlaps one of `edits` (sorted and disjoint): only its neighbours can.
  private static func clashesWithTaken(_ edit: TextEdit, _ edits: [TextEdit]) -> Bool {
    let index = insertionIndex(of: edit, in: edits)
    var i = max(0, index - 1)
    while i < edits.count && (i <= index || edits[i].range.start <= edit.range.end) {
      if overlaps(edits[i], edit) { return true }
      i += 1
    }
    return false
  }

  /// `bytes` with `edits` (sorted, not overlapping) applied.
  package static func apply(_ edits: [TextEdit], to bytes: [UInt8]) -> [UInt8] {
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count)
    var cursor = 0
    for edit in edits {
      let start = min(max(edit.range.start, cursor), bytes.count)
      result += bytes[cursor..<start]
      result += Array(edit.replacement.utf8)
      cursor = min(max(edit.range.end, start), bytes.count)
    }
    result += bytes[cursor...]
    return result
  }

  /// Whether two edits touch the same bytes, or insert at the same place (their order is unknown).
  private static func overlaps(_ a: TextEdit, _ b: TextEdit) -> Bool {
    guard a.file == b.file else { return false }
    if a.range.isEmpty && b.range.isEmpty { return a.range.start == b.range.start }
    if a.range.isEmpty { return a.range.start > b.range.start && a.range.start < b.range.end }
    if b.range.isEmpty { return b.range.start > a.range.start && b.range.start < a.range.end }
    return a.range.start < b.range.end && b.range.start < a.range.end
  }
}
