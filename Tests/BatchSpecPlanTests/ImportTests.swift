// `batchspec import`: the payloads of every sample, and hand-written Batch JSON, import to a
// project that compiles back to the same JSON (modulo key order); what cannot be expressed is
// reported with its JSON path.

import BatchSpecCore
import Foundation
import Testing

import BatchSpecPlan

enum RoundTrip {
  /// Imports `files`, checks the project and compiles it to Azure payloads.
  static func reimport(_ files: [(path: String, text: String)]) -> (AzurePayloads?, ImportResult, [Diagnostic]) {
    let result = AzureImporter.importFiles(files)
    let project = Project(
      files: result.files.enumerated().map { index, file in
        SourceFile(id: FileID(index), path: "imported/" + file.name, bytes: Array(file.text.utf8))
      })
    let checked = Checker.check(project).project
    let errors = (checked.diagnostics + Validator.validate(checked).diagnostics).filter { $0.severity == .error }
    return (AzureTarget.compile(checked), result, errors)
  }

  /// The payloads as canonical JSON by file, task collections of a job joined into one list
  /// (how tasks are split into files is not part of their meaning).
  static func canonical(_ payloads: [(path: String, contents: String)]) throws -> [String: Any] {
    var result: [String: Any] = [:]
    var tasks: [String: [Any]] = [:]
    for file in payloads where file.path.hasSuffix(".json") {
      let value = try JSONSerialization.jsonObject(with: Data(file.contents.utf8))
      if let job = AzureImporter.jobOfTaskFile(file.path) {
        let object = value as? [String: Any]
        tasks[job, default: []] += (object?["value"] as? [Any]) ?? (value as? [Any]) ?? [value]
      } else {
        result[file.path] = value
      }
    }
    for (job, list) in tasks { result["jobs/\(job)/tasks"] = list }
    return result
  }

  static func text(_ value: Any) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .prettyPrinted])) ?? Data()
    return String(decoding: data, as: UTF8.self)
  }
}

@Suite struct ImportTests {
  @Test(arguments: PlanSamples.all())
  func samplePayloadsImportAndCompileToTheSameJSON(_ name: String) throws {
    let payloads = try #require(AzureSamples.compile(name, params: PlanTests.goldenParams[name] ?? [:]))
    let inputs = payloads.files.filter { $0.path.hasSuffix(".json") }.map { (path: $0.path, text: $0.contents) }
    let (recompiled, result, errors) = RoundTrip.reimport(inputs)
    #expect(errors.isEmpty, "the imported \(name) does not check: \(errors.map(\.message))")
    #expect(result.warnings.isEmpty, "\(result.warnings)")
    let again = try #require(recompiled)
    let expected = try RoundTrip.canonical(payloads.files)
    let actual = try RoundTrip.canonical(again.files)
    #expect(Set(expected.keys) == Set(actual.keys))
    for key in expected.keys.sorted() {
      #expect(RoundTrip.text(expected[key] ?? "") == RoundTrip.text(actual[key] ?? ""), "\(name): \(key) differs")
    }
  }

  @Test func interopEdgeCasesImportAndCompileToTheSameJSON() throws {
    let directory = PlanSamples.repository.appendingPathComponent("Tests/Interop/edge-cases").path
    let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".batch") }
      .sorted()
    let project = Project(
      files: names.map { name in
        SourceFile(
          id: FileID(0), path: "edge-cases/\(name)",
          bytes: [UInt8](FileManager.default.contents(atPath: directory + "/" + name) ?? Data()))
      })
    let payloads = try #require(AzureTarget.compile(Checker.check(project).project))
    let inputs = payloads.files.filter { $0.path.hasSuffix(".json") }.map { (path: $0.path, text: $0.contents) }
    let (recompiled, result, errors) = RoundTrip.reimport(inputs)
    #expect(errors.isEmpty, "\(errors.map(\.message))")
    // Two accounts: the JSON does not say which one the pools and the application belong to.
    #expect(result.warnings.allSatisfy { $0.message.contains("assumed") })
    let again = try #require(recompiled)
    let expected = try RoundTrip.canonical(payloads.files)
    let actual = try RoundTrip.canonical(again.files)
    #expect(Set(expected.keys) == Set(actual.keys))
    for key in expected.keys.sorted() {
      #expect(RoundTrip.text(expected[key] ?? "") == RoundTrip.text(actual[key] ?? ""), "\(key) differs")
    }
  }

  @Test func importedProjectIsFormatted() throws {
    let payloads = try #require(AzureSamples.compile("hello-world"))
    let result = AzureImporter.importFiles(payloads.files.map { (path: $0.path, text: $0.contents) })
    for file in result.files {
      let source = SourceFile(id: FileID(0), path: file.name, bytes: Array(file.text.utf8))
      #expect(Formatter.format(source) == file.text)
    }
  }
}
