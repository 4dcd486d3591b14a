// Writes JSON text: the one writer every module uses (the CLI's reports, the server's messages,
// plans and Azure payloads, the runner's journal and events). The bytes depend only on the value,
// never on the platform: members in their order, strings escaped one way. A string's `{{` is
// written `\u007b{`, so only `JSON.placeholders` (secrets and SAS tokens for `submit.sh` to fill)
// put `{{` in a file.

extension JSON {
  /// The compact serialization.
  package func serialized() -> String {
    var writer = JSONTextWriter(indented: false, fractionDigits: nil)
    writer.write(self, depth: 0)
    return writer.text
  }

  /// The compact serialization, with every non-integer number written with exactly
  /// `fractionDigits` digits after the point (the runner's seconds, to the millisecond).
  package func serialized(fractionDigits: Int) -> String {
    var writer = JSONTextWriter(indented: false, fractionDigits: fractionDigits)
    writer.write(self, depth: 0)
    return writer.text
  }

  /// Appends the compact serialization to `out`.
  package func write(to out: inout String) {
    out += serialized()
  }

  /// Pretty-printed: one member or element per line, two-space indentation, `": "` after keys,
  /// `{}` and `[]` for empty ones, and a final newline.
  package func pretty() -> String { String(decoding: prettyBytes(), as: UTF8.self) }

  /// `pretty()` as UTF-8 bytes, without going through a `String` (a plan of 100,000 tasks is
  /// 50 MB of text).
  package func prettyBytes() -> [UInt8] {
    var writer = JSONTextWriter(indented: true, fractionDigits: nil)
    writer.write(self, depth: 0)
    writer.out.append(UInt8(ascii: "\n"))
    return writer.out
  }

  /// The pretty form as written `depth` levels inside another value: its lines after the first
  /// indented `depth` levels further, and no final newline.
  package func prettyBytes(depth: Int) -> [UInt8] {
    var writer = JSONTextWriter(indented: true, fractionDigits: nil)
    writer.write(self, depth: depth)
    return writer.out
  }

  /// `.object([(key, .array(elements))]).pretty()` as UTF-8 bytes, from each element's
  /// `prettyBytes(depth: 2)`: a caller that rendered the elements to measure them need not
  /// render them again.
  package static func prettyObject(key: String, elements: [[UInt8]]) -> [UInt8] {
    var writer = JSONTextWriter(indented: true, fractionDigits: nil)
    writer.out.append(UInt8(ascii: "{"))
    writer.newline(1)
    writeString(key, to: &writer.out)
    writer.out += [UInt8(ascii: ":"), UInt8(ascii: " ")]
    if elements.isEmpty {
      writer.out += [UInt8(ascii: "["), UInt8(ascii: "]")]
    } else {
      writer.out.append(UInt8(ascii: "["))
      for (i, element) in elements.enumerated() {
        if i > 0 { writer.out.append(UInt8(ascii: ",")) }
        writer.newline(2)
        writer.out += element
      }
      writer.newline(1)
      writer.out.append(UInt8(ascii: "]"))
    }
    writer.newline(0)
    writer.out += [UInt8(ascii: "}"), UInt8(ascii: "\n")]
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
  /// (`\b`, `\f`, `\n`, `\r`, `\t` or `\u00XX`), and a `{` followed by another `{` written
  /// `\u007b` (unless `placeholders`: the string's `{{NAME}}` are `submit.sh`'s to fill, see
  /// `JSON.placeholders`); everything else as it is.
  package static func writeString(_ s: String, placeholders: Bool = false, to out: inout String) {
    var bytes: [UInt8] = []
    writeString(s, placeholders: placeholders, to: &bytes)
    out += String(decoding: bytes, as: UTF8.self)
  }

  /// `writeString`, appending UTF-8 bytes.
  static func writeString(_ s: String, placeholders: Bool = false, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    var s = s
    s.withUTF8 { utf8 in
      var run = 0
      for index in 0..<utf8.count {
        let byte = utf8[index]
        guard
          byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
            || (byte == UInt8(ascii: "{") && !placeholders && index + 1 < utf8.count
              && utf8[index + 1] == UInt8(ascii: "{"))
        else { continue }
        // Escaped bytes are ASCII, so `run..<index` holds whole characters.
        out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<index]))
        switch byte {
        case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
        case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
        case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
        case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
        case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
        case UInt8(ascii: "\r"): out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
        case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
        case UInt8(ascii: "{"): out += Array("\\u007b".utf8)
        default:
          let hex = String(byte, radix: 16)
          out += Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
        }
        run = index + 1
      }
      out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<utf8.count]))
    }
    out.append(UInt8(ascii: "\""))
  }
}

/// The one serializer behind `serialized`, `pretty` and `write(to:)`: UTF-8 bytes appended to
/// one buffer.
private struct JSONTextWriter {
  var out: [UInt8] = []
  let indented: Bool
  let fractionDigits: Int?

  init(indented: Bool, fractionDigits: Int?) {
    self.indented = indented
    self.fractionDigits = fractionDigits
  }

  /// What was written, as text.
  var text: String { String(decoding: out, as: UTF8.self) }

  private mutating func append(_ text: String) {
    var text = text
    text.withUTF8 { out.append(contentsOf: $0) }
  }

  mutating func write(_ value: JSON, depth: Int) {
    switch value {
    case .null: append("null")
    case .bool(let b): append(b ? "true" : "false")
    case .integer(let i): append(String(i))
    case .double(let d):
      if let fractionDigits {
        append(JSON.number(d, fractionDigits: fractionDigits))
      } else {
        append(d.isFinite ? String(d) : "null")
      }
    case .string(let s): JSON.writeString(s, to: &out)
    case .placeholders(let s): JSON.writeString(s, placeholders: true, to: &out)
    case .array(let items):
      guard !items.isEmpty else {
        append("[]")
        return
      }
      out.append(UInt8(ascii: "["))
      for (i, item) in items.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        newline(depth + 1)
        write(item, depth: depth + 1)
      }
      newline(depth)
      out.append(UInt8(ascii: "]"))
    case .object(let members):
      guard !members.isEmpty else {
        append("{}")
        return
      }
      out.append(UInt8(ascii: "{"))
      for (i, (key, member)) in members.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        newline(depth + 1)
        JSON.writeString(key, to: &out)
        if indented { out += [UInt8(ascii: ":"), UInt8(ascii: " ")] } else { out.append(UInt8(ascii: ":")) }
        write(member, depth: depth + 1)
      }
      newline(depth)
      out.append(UInt8(ascii: "}"))
    }
  }

  mutating func newline(_ depth: Int) {
    guard indented else { return }
    out.append(UInt8(ascii: "\n"))
    out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
  }
}
