// The `.batch` text `batchspec import` writes: blocks of attributes whose values are already
// rendered as literals. The CLI runs the result through `Formatter` for the canonical layout.

import BatchSpecCore

/// A block of the project being imported.
struct ImportedBlock {
  var kind: String
  /// The label as written: a bare ID or a string literal.
  var label: String?
  var attributes: [(String, String)] = []
  var children: [ImportedBlock] = []

  init(_ kind: String, label: String? = nil) {
    self.kind = kind
    self.label = label
  }

  /// Adds `name = value` (value rendered); nil adds nothing.
  mutating func set(_ name: String, _ value: String?) {
    guard let value else { return }
    attributes.append((name, value))
  }

  /// The block as text, indented by `depth` levels.
  func render(depth: Int = 0) -> String {
    let indent = String(repeating: "  ", count: depth)
    var text = indent + kind + (label.map { " " + $0 } ?? "") + " {\n"
    for (name, value) in attributes { text += indent + "  \(name) = \(value)\n" }
    for (index, child) in children.enumerated() {
      // Tasks of a job stand apart; other children stay together.
      if child.kind == "task" && (index > 0 || !attributes.isEmpty) { text += "\n" }
      text += child.render(depth: depth + 1)
    }
    return text + indent + "}\n"
  }
}

/// Rendering values as `.batch` literals.
enum Literal {
  /// A string literal: escapes quotes, backslashes, control characters and `${`.
  static func string(_ text: String) -> String {
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
  static func isIdentifier(_ text: String) -> Bool {
    isMemberName(text) && !["true", "false", "for", "in", "step", "param"].contains(text)
  }

  /// Whether `text` can follow a `.`: an IDENT, contextual keywords included (`data.in`).
  static func isMemberName(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, first.isASCII,
      first.properties.isAlphabetic || first == "_"
    else { return false }
    return text.unicodeScalars.allSatisfy {
      $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-")
    }
  }

  /// A label or map key: bare when it can be, else a string.
  static func name(_ text: String) -> String { isIdentifier(text) ? text : string(text) }

  /// A duration literal of `milliseconds`.
  static func duration(_ milliseconds: Int64) -> String { Value.formatDuration(milliseconds) }

  /// `[a, b]`.
  static func list(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }

  /// `{ KEY = "value", ... }`, keys in the order given.
  static func map(_ items: [(String, String)]) -> String {
    "{ " + items.map { "\(name($0.0)) = \(string($0.1))" }.joined(separator: ", ") + " }"
  }
}
