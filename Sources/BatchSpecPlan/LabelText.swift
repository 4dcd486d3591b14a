// Quoted block labels with `${...}` (input paths, output patterns) reach the compiler as written:
// the checker does not evaluate labels. This decodes them: escapes, and interpolations of the
// task's sweep variable and of params.

import BatchSpecCore

/// Decodes quoted labels.
enum LabelText {
  /// The text of `label`: unchanged when unquoted; else unquoted, unescaped, with `${name}`
  /// replaced by the value of `name` in `variables`. Other interpolations are kept as written.
  static func resolve(_ label: String, variables: [String: Value]) -> String {
    guard label.count >= 2, label.hasPrefix("\""), label.hasSuffix("\"") else { return label }
    let scalars = Array(label.unicodeScalars.dropFirst().dropLast())
    var out = String.UnicodeScalarView()
    var i = 0
    while i < scalars.count {
      let c = scalars[i]
      if c == "\\", i + 1 < scalars.count {
        let next = scalars[i + 1]
        i += 2
        switch next {
        case "n": out.append("\n")
        case "t": out.append("\t")
        case "r": out.append("\r")
        case "u":
          guard i < scalars.count, scalars[i] == "{", let close = scalars[i...].firstIndex(of: "}"),
            let code = UInt32(String(String.UnicodeScalarView(scalars[(i + 1)..<close])), radix: 16),
            let scalar = Unicode.Scalar(code)
          else {
            out.append(contentsOf: "\\u".unicodeScalars)
            continue
          }
          out.append(scalar)
          i = close + 1
        default: out.append(next)
        }
        continue
      }
      if c == "$", i + 1 < scalars.count, scalars[i + 1] == "{",
        let close = scalars[(i + 2)...].firstIndex(of: "}")
      {
        let name = String(String.UnicodeScalarView(scalars[(i + 2)..<close])).trimmingSpaces
        if let value = variables[name] {
          out.append(contentsOf: value.description.unicodeScalars)
        } else {
          out.append(contentsOf: scalars[i...close])
        }
        i = close + 1
        continue
      }
      out.append(c)
      i += 1
    }
    return String(out)
  }
}

extension String {
  fileprivate var trimmingSpaces: String {
    String(String.UnicodeScalarView(unicodeScalars.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()))
  }
}
