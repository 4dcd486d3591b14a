// Spellings the lexer recognises as common mistakes, to name them precisely: a decimal number
// (`1.5`, `1.5h`) and a name holding characters beyond ASCII (`pööl`).

/// What the lexer says about a mistake it recognises, and the text that would fix it.
struct LexicalMistake {
  /// Where the mistaken token ends.
  var end: Int
  /// The error's message.
  var message: String
  /// The text that replaces the token, when one surely does.
  var replacement: String?
  /// Whether the replacement keeps what was meant, so that it may be applied unseen.
  var isSafe = true

  /// The decimal number whose integer digits run from `start` to the `.` at `dot` (a digit
  /// follows it): `1.5` or, with a unit, `1.5h`, for which the whole units it equals are suggested.
  static func decimal(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, dot: Int, end: Int) -> LexicalMistake {
    var k = dot + 1
    while k < end && (isDigit(bytes[k]) || bytes[k] == UInt8(ascii: "_")) { k += 1 }
    let fractionEnd = k
    // `2.5e-4`, `1.5E+3`: a number in exponent notation, not a unit.
    var exponent = false
    if k < end && (bytes[k] == UInt8(ascii: "e") || bytes[k] == UInt8(ascii: "E")) {
      var digits = k + 1
      if digits < end && (bytes[digits] == UInt8(ascii: "+") || bytes[digits] == UInt8(ascii: "-")) { digits += 1 }
      var after = digits
      while after < end && isDigit(bytes[after]) { after += 1 }
      if after > digits && (after == end || !isIdentifierContinue(bytes[after])) {
        exponent = true
        k = after
      }
    }
    while !exponent && k < end && isIdentifierContinue(bytes[k]) { k += 1 }
    let written = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<k]), as: UTF8.self)
    let unit = exponent ? "" : String(decoding: UnsafeBufferPointer(rebasing: bytes[fractionEnd..<k]), as: UTF8.self)
    guard !unit.isEmpty else {
      // Where text is meant (a sweep's learning rates, a version), the string is what was meant;
      // the lexer cannot tell where, so it offers no fix.
      return LexicalMistake(
        end: k,
        message:
          "`\(written)` is not an integer: numbers in a spec are integers; write a whole number, or `\"\(written)\"` where text is meant"
      )
    }
    let digits = { (range: Range<Int>) in bytes[range].filter(isDigit).map { Int64($0 - 0x30) } }
    let factors: [String: Int64] = ["d": 86_400_000, "h": 3_600_000, "m": 60_000, "s": 1_000, "ms": 1]
    let whole = digits(start..<dot)
    let fraction = digits((dot + 1)..<fractionEnd)
    var milliseconds: Int64? = nil
    if let factor = factors[unit], whole.count <= 9, fraction.count <= 9 {
      let integer = whole.reduce(0) { $0 * 10 + $1 }
      let numerator = fraction.reduce(0) { $0 * 10 + $1 }
      let denominator = fraction.reduce(Int64(1)) { partial, _ in partial * 10 }
      if (numerator * factor) % denominator == 0 { milliseconds = integer * factor + numerator * factor / denominator }
    }
    guard let milliseconds, milliseconds > 0 else {
      return LexicalMistake(
        end: k,
        message: "`\(written)` is not a duration: durations are whole numbers of units; combine units, as in `1h30m`")
    }
    let suggested = Literal.duration(milliseconds)
    return LexicalMistake(
      end: k,
      message: "`\(written)` is not a duration: durations are whole numbers of units; write `\(suggested)`",
      replacement: suggested)
  }

  /// The name starting at `start` whose ASCII part ends at `k`, where a character beyond ASCII
  /// follows (`pööl`, `j–1`); nil when that character is one the lexer names on its own.
  static func nonASCIIName(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, at k: Int, end: Int) -> LexicalMistake? {
    var k = k
    var beyondASCII = false
    while k < end {
      if isIdentifierContinue(bytes[k]) {
        k += 1
        continue
      }
      let width = bytes[k] >= 0x80 ? utf8SequenceWidth(bytes, at: k, end: end) : 0
      guard width > 0, LookalikeCharacter(bytes, at: k, end: end) == nil else { break }
      k += width
      beyondASCII = true
    }
    guard beyondASCII else { return nil }
    let written = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<k]), as: UTF8.self)
    return LexicalMistake(
      end: k,
      message:
        "`\(written)` is not a name: names use only ASCII letters, digits, `-` and `_`; quote it, `\"\(written)\"`, where a label or text is meant",
      replacement: Literal.string(written), isSafe: false)
  }
}

/// A character beyond ASCII that is invisible or looks like one a spec uses: named by its code
/// point and name, since shown it would be mistaken for what it looks like.
struct LookalikeCharacter {
  /// `U+00A0 NO-BREAK SPACE`.
  var name: String
  /// How many bytes it takes.
  var width: Int
  /// What it stands in for, replacing it in the fix.
  var replacement: String
  /// Whether it stands where white space would: then it is read as white space.
  var isSpace: Bool

  /// The character at `k`, when it is one of these.
  init?(_ bytes: UnsafeBufferPointer<UInt8>, at k: Int, end: Int) {
    let b = bytes[k]
    if b == 0xC2 && k + 1 < end && bytes[k + 1] == 0xA0 {
      self.init(name: "U+00A0 NO-BREAK SPACE", width: 2, replacement: " ", isSpace: true)
      return
    }
    guard k + 2 < end else { return nil }
    switch (b, bytes[k + 1], bytes[k + 2]) {
    case (0xE2, 0x80, 0x8B): self.init(name: "U+200B ZERO WIDTH SPACE", width: 3, replacement: "", isSpace: true)
    case (0xEF, 0xBB, 0xBF):
      self.init(name: "U+FEFF BYTE ORDER MARK", width: 3, replacement: "", isSpace: true)
    case (0xE2, 0x80, 0x9C):
      self.init(name: "U+201C LEFT DOUBLE QUOTATION MARK", width: 3, replacement: "\"", isSpace: false)
    case (0xE2, 0x80, 0x9D):
      self.init(name: "U+201D RIGHT DOUBLE QUOTATION MARK", width: 3, replacement: "\"", isSpace: false)
    case (0xE2, 0x80, 0x98):
      self.init(name: "U+2018 LEFT SINGLE QUOTATION MARK", width: 3, replacement: "\"", isSpace: false)
    case (0xE2, 0x80, 0x99):
      self.init(name: "U+2019 RIGHT SINGLE QUOTATION MARK", width: 3, replacement: "\"", isSpace: false)
    default: return nil
    }
  }

  private init(name: String, width: Int, replacement: String, isSpace: Bool) {
    self.name = name
    self.width = width
    self.replacement = replacement
    self.isSpace = isSpace
  }

  /// Whether it is a left quotation mark: a string's text follows, up to the right one.
  var opensString: Bool { name.contains("LEFT") }
  /// Whether it is a right quotation mark.
  var closesString: Bool { name.contains("RIGHT") }

  /// The error's message.
  var message: String {
    if isSpace {
      return replacement.isEmpty
        ? "unexpected \(name), an invisible character: remove it" : "unexpected \(name): use a plain space"
    }
    let looksLike = name.contains("SINGLE") ? "'" : "\""
    return "unexpected \(name): it looks like `\(looksLike)`; strings are quoted with `\"`"
  }
}
