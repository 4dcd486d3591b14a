// The regular expressions JSON schemas use for strings (`"pattern": "^[0-7]{3,4}$"`), matched
// without an engine: Core imports nothing, and the standard library's `Regex` needs macOS 13.

/// A regular expression of the small kind schemas use, read as ECMA-262 reads it.
///
/// Literal characters, `.`, classes (`[0-7]`, `[^=]`, `[a-zA-Z_]`, `\d`) and escaped punctuation,
/// each optionally counted (`?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}`), anchored by `^` and `$` or not.
/// Anything else (groups, alternatives, lazy counts, other escapes) makes `init` fail, so a schema
/// cannot use syntax that would be misread.
package struct JSONPattern: Sendable {
  /// The pattern as written.
  package let source: String
  private var atoms: [Atom] = []
  private var anchoredStart = false
  private var anchoredEnd = false

  /// One character class and how many times it repeats.
  private struct Atom: Sendable {
    var ranges: [ClosedRange<UInt32>]
    var negated = false
    var min = 1
    var max = 1

    func accepts(_ scalar: Unicode.Scalar) -> Bool {
      ranges.contains { $0.contains(scalar.value) } != negated
    }
  }

  /// Reads `source`, or returns nil when it uses syntax outside the supported set.
  package init?(_ source: String) {
    self.source = source
    let scalars = Array(source.unicodeScalars)
    var i = 0
    if scalars.first == "^" {
      anchoredStart = true
      i = 1
    }
    while i < scalars.count {
      let scalar = scalars[i]
      i += 1
      var atom: Atom
      switch scalar {
      case "$" where i == scalars.count:
        anchoredEnd = true
        continue
      case "[":
        guard let (set, next) = Self.characterClass(scalars, from: i) else { return nil }
        atom = set
        i = next
      case ".":
        // ECMA-262's `.` matches anything but line terminators.
        atom = Atom(ranges: [0x0A...0x0A, 0x0D...0x0D, 0x2028...0x2029], negated: true)
      case "\\":
        guard i < scalars.count, let ranges = Self.escape(scalars[i]) else { return nil }
        atom = Atom(ranges: ranges)
        i += 1
      case "(", ")", "|", "^", "$", "*", "+", "?", "{", "}", "]":
        return nil
      default:
        atom = Atom(ranges: [scalar.value...scalar.value])
      }
      guard let next = Self.count(scalars, from: i, into: &atom) else { return nil }
      i = next
      atoms.append(atom)
    }
  }

  /// Whether the pattern matches `text` (somewhere in it, unless anchored).
  package func matches(_ text: String) -> Bool {
    let scalars = Array(text.unicodeScalars)
    if anchoredStart { return match(0, at: 0, in: scalars) }
    return (0...scalars.count).contains { match(0, at: $0, in: scalars) }
  }

  /// Whether atoms from `atom` on match `scalars` from `position`: greedy, backing off one
  /// repetition at a time.
  private func match(_ atom: Int, at position: Int, in scalars: [Unicode.Scalar]) -> Bool {
    guard atom < atoms.count else { return !anchoredEnd || position == scalars.count }
    let current = atoms[atom]
    var count = 0
    while count < current.max, position + count < scalars.count, current.accepts(scalars[position + count]) {
      count += 1
    }
    guard count >= current.min else { return false }
    return stride(from: count, through: current.min, by: -1).contains {
      match(atom + 1, at: position + $0, in: scalars)
    }
  }

  /// The class `[...]` whose `[` is before `start`, and the index after its `]`.
  private static func characterClass(_ scalars: [Unicode.Scalar], from start: Int) -> (Atom, Int)? {
    var i = start
    var atom = Atom(ranges: [])
    if i < scalars.count, scalars[i] == "^" {
      atom.negated = true
      i += 1
    }
    while i < scalars.count, scalars[i] != "]" {
      var low: [ClosedRange<UInt32>]
      if scalars[i] == "\\" {
        guard i + 1 < scalars.count, let ranges = escape(scalars[i + 1]) else { return nil }
        low = ranges
        i += 2
      } else {
        low = [scalars[i].value...scalars[i].value]
        i += 1
      }
      // A range `a-z`; a `-` first or last is itself.
      if low.count == 1, low[0].count == 1, i + 1 < scalars.count, scalars[i] == "-", scalars[i + 1] != "]" {
        let high = scalars[i + 1]
        guard high != "\\", high.value >= low[0].lowerBound else { return nil }
        low = [low[0].lowerBound...high.value]
        i += 2
      }
      atom.ranges += low
    }
    guard i < scalars.count, !atom.ranges.isEmpty else { return nil }
    return (atom, i + 1)
  }

  /// The characters `\c` stands for: digits for `d`, punctuation for itself.
  private static func escape(_ c: Unicode.Scalar) -> [ClosedRange<UInt32>]? {
    if c == "d" { return [0x30...0x39] }
    guard c.isASCII, !c.properties.isAlphabetic, !("0"..."9").contains(c) else { return nil }
    return [c.value...c.value]
  }

  /// Reads a count after an atom (`?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}`) from `start`, if there is
  /// one; the index after it, or nil for a malformed or lazy count.
  private static func count(_ scalars: [Unicode.Scalar], from start: Int, into atom: inout Atom) -> Int? {
    guard start < scalars.count else { return start }
    var i = start + 1
    switch scalars[start] {
    case "?": (atom.min, atom.max) = (0, 1)
    case "*": (atom.min, atom.max) = (0, Int.max)
    case "+": (atom.min, atom.max) = (1, Int.max)
    case "{":
      func number() -> Int? {
        var value: Int?
        while i < scalars.count, ("0"..."9").contains(scalars[i]) {
          value = (value ?? 0) * 10 + Int(scalars[i].value - 0x30)
          guard value ?? 0 < 100_000 else { return nil }
          i += 1
        }
        return value
      }
      guard let low = number() else { return nil }
      var high = low
      if i < scalars.count, scalars[i] == "," {
        i += 1
        high = number() ?? Int.max
      }
      guard i < scalars.count, scalars[i] == "}", high >= low else { return nil }
      i += 1
      (atom.min, atom.max) = (low, high)
    default:
      return start
    }
    if i < scalars.count, scalars[i] == "?" || scalars[i] == "*" || scalars[i] == "+" || scalars[i] == "{" {
      return nil
    }
    return i
  }
}
