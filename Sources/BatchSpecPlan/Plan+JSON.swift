// Reading and writing plans as JSON: sorted keys and stable order, so one project always gives
// the same bytes.

package import Foundation

/// Why a plan could not be read.
package struct PlanReadError: Error, Sendable, CustomStringConvertible {
  /// The message, a full sentence without the `error:` prefix.
  package var description: String
}

extension Plan {
  /// The plan as pretty-printed JSON with sorted keys, ending in a newline.
  package func jsonData() -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // Encoding plain structs of strings and numbers cannot fail.
    var data = (try? encoder.encode(self)) ?? Data()
    data.append(0x0A)
    return data
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
