// Quoted block labels with `${...}` (input paths, output patterns) reach the compiler as written:
// the checker does not evaluate labels. This decodes them: escapes, and interpolations of the
// task's sweep variable and of params.

import BatchSpecCore

/// Decodes quoted labels.
enum LabelText {
  /// The text of `label`: unchanged when unquoted; else unquoted, unescaped, with `${name}`
  /// replaced by the value of `name` in `variables`. Other interpolations are kept as written.
  ///
  /// Every input and output of every task is resolved, so this works on UTF-8 bytes, and a label
  /// with neither an escape nor an interpolation is its inner text. (Every byte it looks for is
  /// ASCII, which is never part of a multi-byte character.)
  static func resolve(_ label: String, variables: [String: Value]) -> String {
    let utf8 = label.utf8
    guard utf8.count >= 2, utf8.first == quote, utf8.last == quote else { return label }
    let inner = Array(utf8.dropFirst().dropLast())
    guard inner.contains(where: { $0 == backslash || $0 == dollar }) else {
      return String(decoding: inner, as: UTF8.self)
    }
    var out: [UInt8] = []
    out.reserveCapacity(inner.count)
    var i = 0
    while i < inner.count {
      let c = inner[i]
      if c == backslash, i + 1 < inner.count {
        let next = inner[i + 1]
        i += 2
        switch next {
        case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
        case UInt8(ascii: "t"): out.append(UInt8(ascii: "\t"))
        case UInt8(ascii: "r"): out.append(UInt8(ascii: "\r"))
        case UInt8(ascii: "u"):
          guard i < inner.count, inner[i] == UInt8(ascii: "{"),
            let close = inner[i...].firstIndex(of: UInt8(ascii: "}")),
            let code = UInt32(String(decoding: inner[(i + 1)..<close], as: UTF8.self), radix: 16),
            let scalar = Unicode.Scalar(code)
          else {
            out += [backslash, UInt8(ascii: "u")]
            continue
          }
          out += Array(String(Character(scalar)).utf8)
          i = close + 1
        default: out.append(next)
        }
        continue
      }
      if c == dollar, i + 1 < inner.count, inner[i + 1] == UInt8(ascii: "{"),
        let close = inner[(i + 2)...].firstIndex(of: UInt8(ascii: "}"))
      {
        var name = inner[(i + 2)..<close]
        while name.first == UInt8(ascii: " ") { name = name.dropFirst() }
        while name.last == UInt8(ascii: " ") { name = name.dropLast() }
        if let value = variables[String(decoding: name, as: UTF8.self)] {
          out += Array(value.description.utf8)
        } else {
          out += inner[i...close]
        }
        i = close + 1
        continue
      }
      out.append(c)
      i += 1
    }
    return String(decoding: out, as: UTF8.self)
  }

  private static let quote = UInt8(ascii: "\"")
  private static let backslash = UInt8(ascii: "\\")
  private static let dollar = UInt8(ascii: "$")
}
