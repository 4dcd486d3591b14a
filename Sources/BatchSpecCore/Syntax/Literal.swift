// Writing values as `.batch` literals: what `import` and the schema's defaults print.

/// Rendering values as `.batch` literals.
package enum Literal {
  /// A string literal: escapes quotes, backslashes, control characters and `${`.
  package static func string(_ text: String) -> String {
    var out = "\""
    var previousDollar = false
    for scalar in text.unicodeScalars {
      if previousDollar && scalar == "{" {
        out.removeLast()
        out += "\\$"
      }
      previousDollar = scalar == "$"
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      case _ where scalar.value < 0x20 || scalar.value == 0x7F:
        out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  /// Whether `text` is an IDENT: a bare name, label or map key.
  package static func isIdentifier(_ text: String) -> Bool {
    isMemberName(text) && !["true", "false", "for", "in", "step", "param"].contains(text)
  }

  /// Whether `text` can follow a `.`: an IDENT, contextual keywords included (`data.in`).
  package static func isMemberName(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, first.isASCII,
      first.properties.isAlphabetic || first == "_"
    else { return false }
    return text.unicodeScalars.allSatisfy {
      $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-")
    }
  }

  /// A label or map key: bare when it can be, else a string.
  package static func name(_ text: String) -> String { isIdentifier(text) ? text : string(text) }

  /// A duration literal of `milliseconds`.
  package static func duration(_ milliseconds: Int64) -> String { Value.formatDuration(milliseconds) }

  /// `[a, b]`.
  package static func list(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }

  /// `{ KEY = "value", ... }`, keys in the order given.
  package static func map(_ items: [(String, String)]) -> String {
    "{ " + items.map { "\(name($0.0)) = \(string($0.1))" }.joined(separator: ", ") + " }"
  }
}
