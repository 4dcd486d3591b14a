// A small line diff (Myers' O(ND) algorithm) printed as a unified diff, for `fmt --diff`.

/// Unified diffs of two texts, line by line.
package enum LineDiff {
  /// One line of an edit script.
  package enum Edit: Equatable, Sendable {
    case same(String), removed(String), added(String)
  }

  /// The lines of `text`; a final line break ends the last line rather than starting an empty one.
  /// A last line without a line break carries the unified diff's "\\ No newline at end of file"
  /// marker, so it differs from the same line with one. Lines split at each line feed byte, not at
  /// each `"\n"` character: a CRLF is one `Character`, and a CRLF line keeps its `\r`, so the diff
  /// applies to the file as it is.
  package static func lines(_ text: String) -> [String] {
    var result = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map {
      String(decoding: $0, as: UTF8.self)
    }
    if result.last == "" {
      result.removeLast()
    } else if !result.isEmpty {
      result[result.count - 1] += "\n\\ No newline at end of file"
    }
    return result
  }

  /// The most edits the search looks for; beyond it, the changed middle is shown as replaced.
  package static let maximumEdits = 2_000

  /// An edit script turning `old` into `new`: the shortest one, unless it would take more than
  /// `maximumEdits` edits after the common start and end are set aside.
  package static func edits(_ old: [String], _ new: [String]) -> [Edit] {
    var prefix = 0
    while prefix < old.count && prefix < new.count && old[prefix] == new[prefix] { prefix += 1 }
    var suffix = 0
    while suffix < old.count - prefix && suffix < new.count - prefix
      && old[old.count - 1 - suffix] == new[new.count - 1 - suffix]
    {
      suffix += 1
    }
    let oldMiddle = Array(old[prefix..<(old.count - suffix)])
    let newMiddle = Array(new[prefix..<(new.count - suffix)])
    let middle =
      shortestEdits(oldMiddle, newMiddle) ?? (oldMiddle.map { .removed($0) } + newMiddle.map { .added($0) })
    return old[..<prefix].map { .same($0) } + middle + old[(old.count - suffix)...].map { .same($0) }
  }

  /// Myers' shortest edit script, or nil when it takes more than `maximumEdits` edits. Each round
  /// keeps only the part of the frontier it can reach, so memory grows with the square of the edits.
  private static func shortestEdits(_ old: [String], _ new: [String]) -> [Edit]? {
    let n = old.count
    let m = new.count
    let offset = n + m + 1
    var v = Array(repeating: 0, count: 2 * offset + 1)
    var trace: [[Int]] = []  // trace[d][k + d + 1]: the frontier before round d, for k in -d-1...d+1
    var found = false
    search: for d in 0...min(n + m, maximumEdits) {
      trace.append(Array(v[(offset - d - 1)...(offset + d + 1)]))
      for k in stride(from: -d, through: d, by: 2) {
        var x =
          (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? v[offset + k + 1] : v[offset + k - 1] + 1
        var y = x - k
        while x < n && y < m && old[x] == new[y] {
          x += 1
          y += 1
        }
        v[offset + k] = x
        if x >= n && y >= m {
          found = true
          break search
        }
      }
    }
    guard found else { return nil }
    // Walk the trace backwards from (n, m).
    var result: [Edit] = []
    var x = n
    var y = m
    for d in stride(from: trace.count - 1, through: 0, by: -1) {
      let frontier = trace[d]
      func at(_ k: Int) -> Int { frontier[k + d + 1] }
      let k = x - y
      let previousK = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1
      let previousX = d == 0 ? 0 : at(previousK)
      let previousY = previousX - previousK
      while x > previousX && y > previousY {
        x -= 1
        y -= 1
        result.append(.same(old[x]))
      }
      if d > 0 {
        if x == previousX {
          y -= 1
          result.append(.added(new[y]))
        } else {
          x -= 1
          result.append(.removed(old[x]))
        }
      }
    }
    return result.reversed()
  }

  /// A unified diff of `old` and `new` with `context` lines around each change; "" when equal.
  package static func unified(_ old: String, _ new: String, path: String, context: Int = 3) -> String {
    let edits = edits(lines(old), lines(new))
    let changed = edits.indices.filter { edits[$0] != .same(edits[$0].text) }
    guard !changed.isEmpty else { return "" }
    var out = "--- \(path)\n+++ \(path)\n"
    var i = 0
    while i < changed.count {
      // Grow a hunk while the next change is within two contexts of the last.
      var j = i
      while j + 1 < changed.count && changed[j + 1] - changed[j] <= 2 * context { j += 1 }
      let start = max(0, changed[i] - context)
      let end = min(edits.count, changed[j] + context + 1)
      var oldLine = 1
      var newLine = 1
      for edit in edits[..<start] {
        if case .added = edit {} else { oldLine += 1 }
        if case .removed = edit {} else { newLine += 1 }
      }
      var body = ""
      var oldCount = 0
      var newCount = 0
      for edit in edits[start..<end] {
        switch edit {
        case .same(let line):
          body += " \(line)\n"
          oldCount += 1
          newCount += 1
        case .removed(let line):
          body += "-\(line)\n"
          oldCount += 1
        case .added(let line):
          body += "+\(line)\n"
          newCount += 1
        }
      }
      out += "@@ -\(range(oldLine, oldCount)) +\(range(newLine, newCount)) @@\n" + body
      i = j + 1
    }
    return out
  }

  private static func range(_ line: Int, _ count: Int) -> String {
    count == 0 ? "\(line - 1),0" : count == 1 ? "\(line)" : "\(line),\(count)"
  }
}

extension LineDiff.Edit {
  /// The line's text.
  package var text: String {
    switch self {
    case .same(let line), .removed(let line), .added(let line): line
    }
  }
}
