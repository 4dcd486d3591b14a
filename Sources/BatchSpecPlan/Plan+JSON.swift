// Reading and writing plans as JSON: sorted keys and stable order, so one project always gives
// the same bytes.

package import Foundation

/// Why a plan could not be read.
package struct PlanReadError: Error, Sendable, CustomStringConvertible {
  /// The message, a full sentence without the `error:` prefix.
  package var description: String
}

extension Plan {
  /// The plan as JSON with sorted keys, indented two spaces, ending in a newline. The same on
  /// every platform: Foundation's own pretty printing differs between them.
  package func jsonData() -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    // Encoding plain structs of strings and numbers cannot fail.
    let compact = (try? encoder.encode(self)) ?? Data()
    return Data(Self.indent(Array(compact)))
  }

  /// Re-indents compact JSON: one member or element per line, `{}` and `[]` kept inline.
  static func indent(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count * 2)
    var depth = 0
    var inString = false
    var i = 0
    func newline() {
      out.append(0x0A)
      out.append(contentsOf: repeatElement(0x20, count: depth * 2))
    }
    while i < bytes.count {
      let byte = bytes[i]
      if inString {
        out.append(byte)
        if byte == UInt8(ascii: "\\"), i + 1 < bytes.count {
          out.append(bytes[i + 1])
          i += 1
        } else if byte == UInt8(ascii: "\"") {
          inString = false
        }
        i += 1
        continue
      }
      switch byte {
      case UInt8(ascii: "\""):
        inString = true
        out.append(byte)
      case UInt8(ascii: "{"), UInt8(ascii: "["):
        out.append(byte)
        let close = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
        if i + 1 < bytes.count, bytes[i + 1] == close {
          out.append(close)
          i += 1
        } else {
          depth += 1
          newline()
        }
      case UInt8(ascii: "}"), UInt8(ascii: "]"):
        depth -= 1
        newline()
        out.append(byte)
      case UInt8(ascii: ","):
        out.append(byte)
        newline()
      case UInt8(ascii: ":"):
        out.append(contentsOf: [byte, 0x20])
      default:
        out.append(byte)
      }
      i += 1
    }
    out.append(0x0A)
    return out
  }

  /// The plan as JSON text.
  package func jsonString() -> String { String(decoding: jsonData(), as: UTF8.self) }

  /// Reads a plan, refusing versions other than the current one.
  package static func read(_ data: Data) throws(PlanReadError) -> Plan {
    struct Header: Decodable { var version: Int? }
    guard let header = try? JSONDecoder().decode(Header.self, from: data) else {
      throw PlanReadError(description: "not a plan: the file is not a JSON object")
    }
    guard let version = header.version else { throw PlanReadError(description: "not a plan: no `version`") }
    guard version == currentVersion else {
      throw PlanReadError(
        description: "plan version \(version) is not supported; this batchspec reads version \(currentVersion)")
    }
    do {
      return try JSONDecoder().decode(Plan.self, from: data)
    } catch let error as DecodingError {
      throw PlanReadError(description: "malformed plan: \(describe(error))")
    } catch {
      throw PlanReadError(description: "malformed plan: \(error)")
    }
  }

  private static func describe(_ error: DecodingError) -> String {
    func path(_ codingPath: [any CodingKey]) -> String {
      codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
    switch error {
    case .keyNotFound(let key, let context): return "missing `\(key.stringValue)` at `\(path(context.codingPath))`"
    case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
      return "\(context.debugDescription) at `\(path(context.codingPath))`"
    @unknown default: return "\(error)"
    }
  }
}
