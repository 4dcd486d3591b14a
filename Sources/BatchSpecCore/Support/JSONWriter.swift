// Writes JSON text: the one writer every module uses (the CLI's reports, the server's messages,
// plans and Azure payloads, the runner's journal and events). The bytes depend only on the value,
// never on the platform: members in their order, strings escaped one way.

extension JSON {
  /// The compact serialization.
  package func serialized() -> String {
    var out = ""
    write(to: &out)
    return out
  }

  /// The compact serialization, with every non-integer number written with exactly
  /// `fractionDigits` digits after the point (the runner's seconds, to the millisecond).
  package func serialized(fractionDigits: Int) -> String {
    var writer = JSONTextWriter(indented: false, fractionDigits: fractionDigits)
    writer.write(self, depth: 0)
    return writer.out
  }

  /// Appends the compact serialization to `out`.
  package func write(to out: inout String) {
    var writer = JSONTextWriter(indented: false, fractionDigits: nil)
    swap(&writer.out, &out)
    writer.write(self, depth: 0)
    swap(&writer.out, &out)
  }

  /// Pretty-printed: one member or element per line, two-space indentation, `": "` after keys,
  /// `{}` and `[]` for empty ones, and a final newline.
  package func pretty() -> String {
    var writer = JSONTextWriter(indented: true, fractionDigits: nil)
    writer.write(self, depth: 0)
    writer.out += "\n"
    return writer.out
  }

  /// `value` with exactly `fractionDigits` digits after the point (rounded half away from zero),
  /// as `serialized(fractionDigits:)` writes it; values too large for that precision are written
  /// as Swift prints them, and values that are not finite as `null`.
  package static func number(_ value: Double, fractionDigits: Int) -> String {
    var scale = 1.0
    for _ in 0..<fractionDigits { scale *= 10 }
    guard value.isFinite else { return "null" }
    let scaled = (abs(value) * scale).rounded()
    guard scaled < 9e15 else { return String(value) }
    let units = Int(scaled)
    let divisor = Int(scale)
    var text = value < 0 && units > 0 ? "-" : ""
    text += String(units / divisor)
    guard fractionDigits > 0 else { return text }
    let fraction = String(units % divisor)
    return text + "." + String(repeating: "0", count: fractionDigits - fraction.count) + fraction
  }

  /// Writes `s` as a JSON string literal: quotes, backslashes and control characters escaped
  /// (`\b`, `\f`, `\n`, `\r`, `\t` or `\u00XX`), everything else as it is.
  package static func writeString(_ s: String, to out: inout String) {
    out += "\""
    let utf8 = s.utf8
    var run = utf8.startIndex
    var index = run
    while index != utf8.endIndex {
      let byte = utf8[index]
      if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
        // Escaped bytes are ASCII, so `run..<index` holds whole characters.
        out.append(contentsOf: s[run..<index])
        switch byte {
        case UInt8(ascii: "\""): out += "\\\""
        case UInt8(ascii: "\\"): out += "\\\\"
        case 0x08: out += "\\b"
        case 0x0C: out += "\\f"
        case UInt8(ascii: "\n"): out += "\\n"
        case UInt8(ascii: "\r"): out += "\\r"
        case UInt8(ascii: "\t"): out += "\\t"
        default:
          let hex = String(byte, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
        index = utf8.index(after: index)
        run = index
      } else {
        index = utf8.index(after: index)
      }
    }
    out.append(contentsOf: s[run..<index])
    out += "\""
  }
}

/// The one serializer behind `serialized`, `pretty` and `write(to:)`.
private struct JSONTextWriter {
  var out = ""
  let indented: Bool
  let fractionDigits: Int?

  init(indented: Bool, fractionDigits: Int?) {
    self.indented = indented
    self.fractionDigits = fractionDigits
  }

  mutating func write(_ value: JSON, depth: Int) {
    switch value {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .integer(let i): out += String(i)
    case .double(let d):
      if let fractionDigits {
        out += JSON.number(d, fractionDigits: fractionDigits)
      } else {
        out += d.isFinite ? String(d) : "null"
      }
    case .string(let s): JSON.writeString(s, to: &out)
    case .array(let items):
      guard !items.isEmpty else {
        out += "[]"
        return
      }
      out += "["
      for (i, item) in items.enumerated() {
        if i > 0 { out += "," }
        newline(depth + 1)
        write(item, depth: depth + 1)
      }
      newline(depth)
      out += "]"
    case .object(let members):
      guard !members.isEmpty else {
        out += "{}"
        return
      }
      out += "{"
      for (i, (key, member)) in members.enumerated() {
        if i > 0 { out += "," }
        newline(depth + 1)
        JSON.writeString(key, to: &out)
        out += indented ? ": " : ":"
        write(member, depth: depth + 1)
      }
      newline(depth)
      out += "}"
    }
  }

  private mutating func newline(_ depth: Int) {
    guard indented else { return }
    out += "\n"
    out += String(repeating: " ", count: depth * 2)
  }
}
