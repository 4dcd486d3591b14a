// Unified diffs of edits, for `lint --diff`: built from the edits themselves, so no diff algorithm
// runs over the whole file.

/// Writes edits as a unified diff.
package enum UnifiedDiff {
  /// The diff of applying `edits` (sorted, not overlapping) to `file`, with `context` lines around
  /// each change; empty when nothing changes.
  package static func diff(_ file: SourceFile, edits: [TextEdit], context: Int = 3) -> String {
    let lines = file.lines
    // Each change: the old lines it spans and the new text of those lines.
    var changes: [(first: Int, last: Int, newText: [UInt8])] = []
    for edit in edits {
      let first = lines.line(containing: edit.range.start)
      let last = edit.range.end > edit.range.start ? lines.line(containing: edit.range.end - 1) : first
      if var previous = changes.last, previous.last >= first {
        // Same lines as the previous edit: extend it.
        let spanStart = lines.lineStarts[previous.first]
        let oldEnd = lineEnd(previous.last, in: file)
        let newEnd = lineEnd(max(last, previous.last), in: file)
        previous.newText = rebuilt(previous.newText, oldSpan: (spanStart, oldEnd), extendTo: newEnd, edit: edit, file)
        previous.last = max(last, previous.last)
        changes[changes.count - 1] = previous
        continue
      }
      let spanStart = lines.lineStarts[first]
      let spanEnd = lineEnd(last, in: file)
      var text = Array(file.bytes[spanStart..<edit.range.start])
      text += Array(edit.replacement.utf8)
      text += file.bytes[min(edit.range.end, spanEnd)..<spanEnd]
      changes.append((first, last, text))
    }
    let oldLines = (0..<lines.lineCount).map { line -> ArraySlice<UInt8> in
      file.bytes[lines.lineStarts[line]..<lineEnd(line, in: file)]
    }
    // A file ending in a line break has an empty last "line" after it: not a line of the diff.
    let phantom = oldLines.count > 1 && oldLines[oldLines.count - 1].isEmpty ? oldLines.count - 1 : -1
    var out = ""
    var index = 0
    var delta = 0
    while index < changes.count {
      // Group changes whose context overlaps into one hunk.
      var end = index
      while end + 1 < changes.count && changes[end + 1].first - changes[end].last <= 2 * context + 1 { end += 1 }
      let hunkFirst = max(0, changes[index].first - context)
      let hunkLast = min(phantom >= 0 ? phantom - 1 : lines.lineCount - 1, changes[end].last + context)
      var body = ""
      var oldCount = 0
      var newCount = 0
      var line = hunkFirst
      var hunkDelta = 0
      for change in changes[index...end] {
        while line < change.first {
          body += " " + show(oldLines[line])
          oldCount += 1
          newCount += 1
          line += 1
        }
        for old in change.first...change.last where old != phantom {
          body += "-" + show(oldLines[old])
          oldCount += 1
        }
        let newLines = split(change.newText)
        for new in newLines { body += "+" + show(new[...]) }
        newCount += newLines.count
        hunkDelta += newLines.count - (change.first...change.last).filter { $0 != phantom }.count
        line = change.last + 1
      }
      while line <= hunkLast {
        body += " " + show(oldLines[line])
        oldCount += 1
        newCount += 1
        line += 1
      }
      let newStart = hunkFirst + 1 + delta
      out += "@@ -\(range(hunkFirst + 1, oldCount)) +\(range(newCount == 0 ? newStart - 1 : newStart, newCount)) @@\n"
      out += body
      delta += hunkDelta
      index = end + 1
    }
    if out.isEmpty { return "" }
    return "--- a/\(file.path)\n+++ b/\(file.path)\n" + out
  }

  private static func range(_ start: Int, _ count: Int) -> String { count == 1 ? "\(start)" : "\(start),\(count)" }

  /// The end of `line` including its line break.
  private static func lineEnd(_ line: Int, in file: SourceFile) -> Int {
    line + 1 < file.lines.lineCount ? file.lines.lineStarts[line + 1] : file.bytes.count
  }

  /// Applies `edit` to a change's new text whose old span is `oldSpan`, extending it to `extendTo`.
  private static func rebuilt(
    _ text: [UInt8], oldSpan: (Int, Int), extendTo: Int, edit: TextEdit, _ file: SourceFile
  ) -> [UInt8] {
    // The text after the previous edit's end is still old bytes: the tail of `text` is
    // `file.bytes[x..<oldSpan.1]` for the previous end x, which is at or before this edit's start.
    let tailLength = oldSpan.1 - edit.range.start
    var result = Array(text.dropLast(max(0, tailLength)))
    result += Array(edit.replacement.utf8)
    result += file.bytes[min(edit.range.end, extendTo)..<extendTo]
    return result
  }

  /// Splits text into lines, each keeping its line break.
  private static func split(_ text: [UInt8]) -> [[UInt8]] {
    var result: [[UInt8]] = []
    var current: [UInt8] = []
    var i = 0
    while i < text.count {
      current.append(text[i])
      if text[i] == 0x0A || (text[i] == 0x0D && (i + 1 >= text.count || text[i + 1] != 0x0A)) {
        result.append(current)
        current = []
      }
      i += 1
    }
    if !current.isEmpty { result.append(current) }
    return result
  }

  /// A line for the diff body: its text, a newline, and the "no newline" marker when it lacks one.
  private static func show(_ line: ArraySlice<UInt8>) -> String {
    var content = line
    while let last = content.last, last == 0x0A || last == 0x0D { content = content.dropLast() }
    let text = String(decoding: content, as: UTF8.self)
    return content.count < line.count ? text + "\n" : text + "\n\\ No newline at end of file\n"
  }
}
