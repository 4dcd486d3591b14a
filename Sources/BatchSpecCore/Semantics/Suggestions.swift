// "Did you mean" suggestions by edit distance.

/// Finds the closest known name to a misspelt one.
package enum Suggestions {
  /// The candidate closest to `word`, if it is close enough to be a likely typo. Of candidates
  /// equally close, the first in alphabetical order: the answer never depends on the order of
  /// `candidates`, which often come from a dictionary.
  package static func closest<S: Sequence<String>>(to word: String, in candidates: S) -> String? {
    let lowered = Array(word.lowercased().utf8)
    let limit = max(1, lowered.count / 3)
    var best: (name: String, distance: Int)?
    for candidate in candidates where candidate != word {
      let other = Array(candidate.lowercased().utf8)
      if abs(other.count - lowered.count) > limit { continue }
      let distance = editDistance(lowered, other)
      guard distance <= limit else { continue }
      if let current = best, distance > current.distance || (distance == current.distance && candidate >= current.name)
      {
        continue
      }
      best = (candidate, distance)
    }
    return best?.name
  }

  /// Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps.
  package static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous2 = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
          value = min(value, previous2[j - 2] + 1)
        }
        current[j] = value
      }
      (previous2, previous, current) = (previous, current, previous2)
    }
    return previous[b.count]
  }

  /// The closest candidate, or else the only candidate that starts with `word` (a shortened name
  /// such as `dedicated-core-quota` for `dedicated-core-quota-exceeded`).
  package static func closestOrExtension<S: Sequence<String>>(to word: String, in candidates: S) -> String? {
    if let close = closest(to: word, in: candidates) { return close }
    let extensions = candidates.filter { $0.hasPrefix(word) && $0 != word }
    return extensions.count == 1 ? extensions[0] : nil
  }

  /// ", did you mean `x`?" or "" — for appending to messages.
  package static func didYouMean(_ suggestion: String?) -> String {
    suggestion.map { "; did you mean `\($0)`?" } ?? ""
  }
}
