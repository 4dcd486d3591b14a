// Reading and writing plans as JSON, through Core's `JSON` like every other JSON of batchspec:
// sorted keys and two-space indentation, so one project always gives the same bytes on every
// platform; reading checks the plan against grammar/plan.schema.json (`PlanSchema`) and names the
// JSON path of each problem.

package import BatchSpecCore
package import Foundation

/// Why a plan could not be read.
package struct PlanReadError: Error, Sendable, CustomStringConvertible {
  /// The message, a full sentence without the `error:` prefix.
  package var description: String
}

extension Plan {
  /// How many problems of a malformed plan a read error lists.
  static let reportedProblems = 10

  /// The plan as a JSON value: the model's `Codable` conformance, members sorted by key.
  package var json: JSON {
    // A plan holds strings, integers and booleans only, which always encode.
    (try? JSON(encoding: self)) ?? .object([])
  }

  /// The plan as JSON text: sorted keys, indented two spaces, ending in a newline.
  package func jsonString() -> String { json.pretty() }

  /// The plan as JSON bytes, as `jsonString()`.
  package func jsonData() -> Data { Data(json.prettyBytes()) }

  /// Reads a plan: JSON of the current version, valid against grammar/plan.schema.json.
  package static func read(_ data: Data) throws(PlanReadError) -> Plan {
    try read(parse(data))
  }

  /// Reads the plan in the file at `path` (nil when it cannot be read). The file's bytes are
  /// let go once parsed, before the plan is checked and decoded (a plan of 100,000 tasks is
  /// 50 MB of text).
  package static func read(fileAt path: String) throws(PlanReadError) -> Plan? {
    func parsed() throws(PlanReadError) -> JSON? {
      guard let data = FileManager.default.contents(atPath: path) else { return nil }
      return try parse(data)
    }
    guard let value = try parsed() else { return nil }
    return try read(value)
  }

  /// The JSON value of a plan's text.
  private static func parse(_ data: Data) throws(PlanReadError) -> JSON {
    let parsed = data.withUnsafeBytes { bytes in Result { () throws(JSONParser.Failure) in try JSONParser.parse(bytes) }
    }
    switch parsed {
    case .success(let parsed): return parsed
    case .failure(let error):
      throw PlanReadError(description: "not a plan: the file is not valid JSON (\(error.message))")
    }
  }

  /// Reads a plan from its JSON value.
  private static func read(_ value: JSON) throws(PlanReadError) -> Plan {
    guard value.isObject else {
      throw PlanReadError(description: "not a plan: the file holds \(value.shortDescription), not a JSON object")
    }
    guard let version = value["version"] else { throw PlanReadError(description: "not a plan: no `version`") }
    if case .integer(let number) = version, number != currentVersion {
      throw PlanReadError(
        description: "plan version \(number) is not supported; this batchspec reads version \(currentVersion)")
    }
    guard let schema = PlanSchema.compiled else {
      throw PlanReadError(description: "this batchspec's plan schema does not compile; plans cannot be read")
    }
    let problems = schema.violations(of: value, limit: reportedProblems)
    guard problems.isEmpty else { throw malformed(problems) }
    do {
      return try value.decode(Plan.self)
    } catch {
      throw malformed([error])
    }
  }

  /// The error for a plan with `problems`: one on the line, or one per line below.
  private static func malformed(_ problems: [JSONPathError]) -> PlanReadError {
    guard problems.count > 1 else { return PlanReadError(description: "malformed plan: \(problems[0])") }
    var text = "malformed plan:"
    for problem in problems { text += "\n  \(problem)" }
    if problems.count == reportedProblems { text += "\n  (the first \(reportedProblems) problems are shown)" }
    return PlanReadError(description: text)
  }
}
