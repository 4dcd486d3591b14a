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
    // One buffer for each candidate's lowercased bytes, and the word's bit vectors (or one set of
    // rows) for every distance: an unknown pool's message compares the name with each of the
    // project's pools.
    var other: [UInt8] = []
    let pattern = Pattern(lowered)
    var rows = Rows()
    for candidate in candidates where candidate != word {
      lowercasedBytes(of: candidate, into: &other)
      if abs(other.count - lowered.count) > limit { continue }
      let distance =
        if let pattern { pattern.distance(to: other) } else { editDistance(lowered, other, atMost: limit, rows: &rows) }
      guard distance <= limit else { continue }
      if let current = best, distance > current.distance || (distance == current.distance && candidate >= current.name)
      {
        continue
      }
      best = (candidate, distance)
    }
    return best?.name
  }

  /// The UTF-8 bytes of `text.lowercased()`, into `bytes`: by byte when the text is ASCII.
  private static func lowercasedBytes(of text: String, into bytes: inout [UInt8]) {
    bytes.removeAll(keepingCapacity: true)
    for byte in text.utf8 {
      guard byte < 0x80 else {
        bytes.removeAll(keepingCapacity: true)
        bytes.append(contentsOf: text.lowercased().utf8)
        return
      }
      bytes.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte)
    }
  }

  /// Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps.
  package static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
    if let pattern = Pattern(a) { return pattern.distance(to: b) }
    var rows = Rows()
    return editDistance(a, b, atMost: max(a.count, b.count), rows: &rows)
  }

  /// A word of at most 64 bytes, ready for the bit-parallel distance: for each byte value, a bit
  /// for each position of the word that holds it.
  private struct Pattern {
    private var masks: [UInt64]
    private let count: Int

    init?(_ word: [UInt8]) {
      guard word.count <= 64 else { return nil }
      masks = [UInt64](repeating: 0, count: 256)
      for (position, byte) in word.enumerated() { masks[Int(byte)] |= 1 << UInt64(position) }
      count = word.count
    }

    /// The optimal string alignment distance from the word to `text`, by Hyyrö's bit-vector
    /// algorithm ("A bit-vector algorithm for computing Levenshtein and Damerau edit distances",
    /// 2003): each column of the table is two words of vertical steps (+1 and -1), computed from
    /// the last in a few operations, instead of a row of cells.
    func distance(to text: [UInt8]) -> Int {
      if count == 0 { return text.count }
      let last: UInt64 = 1 << UInt64(count - 1)
      var plus: UInt64 = ~0
      var minus: UInt64 = 0
      var diagonal: UInt64 = 0
      var previousMask: UInt64 = 0
      var score = count
      for byte in text {
        let mask = masks[Int(byte)]
        // Where the swap of this byte and the last one matches the word's.
        let swap = ((~diagonal & mask) << 1) & previousMask
        diagonal = (((mask & plus) &+ plus) ^ plus) | mask | minus | swap
        var horizontalPlus = minus | ~(diagonal | plus)
        var horizontalMinus = diagonal & plus
        if horizontalPlus & last != 0 { score += 1 }
        if horizontalMinus & last != 0 { score -= 1 }
        horizontalPlus = (horizontalPlus << 1) | 1
        horizontalMinus <<= 1
        plus = horizontalMinus | ~(diagonal | horizontalPlus)
        minus = diagonal & horizontalPlus
        previousMask = mask
      }
      return score
    }
  }

  /// The three rows the distance keeps, reused from one comparison to the next.
  private struct Rows {
    var previous2: [Int] = []
    var previous: [Int] = []
    var current: [Int] = []
  }

  /// `editDistance(a, b)` when it is at most `limit`, else some number above `limit`: it stops
  /// once two rows in a row are above the limit, as every later row then is.
  private static func editDistance(_ a: [UInt8], _ b: [UInt8], atMost limit: Int, rows: inout Rows) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    rows.previous2.removeAll(keepingCapacity: true)
    rows.previous2.append(contentsOf: repeatElement(0, count: b.count + 1))
    rows.previous.removeAll(keepingCapacity: true)
    rows.previous.append(contentsOf: 0...b.count)
    rows.current.removeAll(keepingCapacity: true)
    rows.current.append(contentsOf: repeatElement(0, count: b.count + 1))
    var previousMinimum = 0
    for i in 1...a.count {
      rows.current[0] = i
      var minimum = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var value = min(rows.previous[j] + 1, rows.current[j - 1] + 1, rows.previous[j - 1] + cost)
        if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
          value = min(value, rows.previous2[j - 2] + 1)
        }
        rows.current[j] = value
        minimum = min(minimum, value)
      }
      // A row's cells come from the row above (plus 0 or 1) or the one above that (plus 1).
      if minimum > limit && previousMinimum > limit { return limit + 1 }
      previousMinimum = minimum
      swap(&rows.previous2, &rows.previous)
      swap(&rows.previous, &rows.current)
    }
    return rows.previous[b.count]
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

  /// `didYouMean`, or "." with no suggestion: for a message that goes on with a new sentence.
  package static func didYouMeanOrStop(_ suggestion: String?) -> String {
    suggestion == nil ? "." : didYouMean(suggestion)
  }
}
