// The fuzz targets' checks as unit tests: every input of the stored corpus (corpus/TARGET:
// regressions and seeds) passes them, and what the fuzzers found has a named test here.

import BatchSpecCore
import BatchSpecLSP
import Foundation
import Testing

/// The stored corpus, read from beside this file.
enum StoredCorpus {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path

  /// The names of the stored inputs of `target`.
  static func names(_ target: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: root + "/corpus/" + target)) ?? []).sorted()
  }

  static func input(_ target: String, _ name: String) -> [UInt8] {
    FileManager.default.contents(atPath: root + "/corpus/\(target)/\(name)").map { Array($0) } ?? []
  }
}

@Suite struct CorpusTests {
  @Test(arguments: StoredCorpus.names("analyze"))
  func analyze(_ name: String) {
    #expect(SpecChecks.analyze(StoredCorpus.input("analyze", name)) == [])
  }

  @Test(arguments: StoredCorpus.names("format"))
  func format(_ name: String) {
    #expect(SpecChecks.format(StoredCorpus.input("format", name)) == [])
  }

  @Test(arguments: StoredCorpus.names("framing"))
  func framing(_ name: String) {
    #expect(FramingChecks.check(StoredCorpus.input("framing", name)) == [])
  }

  @Test(arguments: StoredCorpus.names("autoscale"))
  func autoscale(_ name: String) {
    #expect(AutoscaleChecks.check(StoredCorpus.input("autoscale", name)) == [])
  }

  /// Every formula of the Core tests' corpus (Microsoft's documentation, Batch Explorer, the SDKs)
  /// passes the autoscale checks: the fuzzer's seeds.
  @Test func theFormulaCorpusPassesTheAutoscaleChecks() throws {
    let directory = StoredCorpus.root + "/../BatchSpecCoreTests/AutoscaleCorpus"
    let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".formula") }
    #expect(names.count > 20)
    for name in names {
      let bytes = try #require(FileManager.default.contents(atPath: directory + "/" + name))
      #expect(AutoscaleChecks.check(Array(bytes)) == [], "\(name)")
    }
  }

  /// The spec the autoscale target writes a formula into reports the formula's findings (so the
  /// check that they lie inside its string has something to check), through escapes too.
  @Test func anEmbeddedFormulaHasItsFindingsInsideItsString() {
    let text = "x = \"a\\b\";\t$TargetDedicated = ${y} ? 1 : (;"
    let (spec, literal) = AutoscaleChecks.embedded(text)
    let findings = Linter.lint(Project(path: "p.batch", text: spec)).diagnostics.filter {
      $0.code.rawValue.hasPrefix("BS7")
    }
    #expect(findings.contains { $0.code.rawValue == "BS7001" })
    #expect(
      findings.allSatisfy { literal.contains($0.location.range.start) && $0.location.range.end <= literal.upperBound })
    #expect(AutoscaleChecks.check(Array(text.utf8)) == [])
  }

  /// The autoscale dictionary names every variable, method, function and time interval of the
  /// formula catalogue.
  @Test func theAutoscaleDictionaryHasEveryNameOfTheCatalogue() throws {
    let text = try String(contentsOfFile: StoredCorpus.root + "/autoscale.dict", encoding: .utf8)
    let entries = Set(
      text.split(separator: "\n").filter { $0.hasPrefix("\"") }.map { String($0.dropFirst().dropLast()) })
    let names =
      FormulaCatalogue.variables.map(\.name) + FormulaCatalogue.methods.map(\.name)
      + FormulaCatalogue.functions.map(\.name) + FormulaCatalogue.timeIntervals.map(\.name)
    #expect(Set(names).subtracting(entries).sorted() == [])
  }

  @Test func everyTargetHasStoredInputs() {
    for target in ["analyze", "format", "framing", "autoscale"] {
      #expect(!StoredCorpus.names(target).isEmpty, "\(target)")
    }
  }

  /// The dictionary names every block kind, attribute and enum word of the schema, so mutations
  /// can splice them in.
  @Test func theDictionaryHasEveryNameOfTheSchema() throws {
    let text = try String(contentsOfFile: StoredCorpus.root + "/batchspec.dict", encoding: .utf8)
    let entries = Set(
      text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line -> String? in
        guard let open = line.firstIndex(of: "\""), line.last == "\"" else { return nil }
        return String(line[line.index(after: open)..<line.index(before: line.endIndex)])
      })
    var names: Set<String> = []
    for block in Schema.allBlocks {
      names.insert(block.kind)
      for attribute in block.attributes {
        names.insert(attribute.name)
        if case .enumeration(let words) = attribute.type { names.formUnion(words) }
        if case .list(.enumeration(let words)) = attribute.type { names.formUnion(words) }
      }
    }
    let missing = names.subtracting(entries).sorted()
    #expect(missing.isEmpty, "add to Tests/Fuzz/batchspec.dict: \(missing.map { "\"\($0)\"" }.joined(separator: " "))")
  }
}

/// What the `format` target found: a misspelt attribute written before the attribute it resembles
/// made the checker report the real one as set twice and drop its value, so formatting, which moves
/// known attributes first, changed the findings.
@Suite struct MisspellingRegressionTests {
  private func check(_ text: String) -> CheckedProject {
    Checker.check(Project(path: "a.batch", text: text)).project
  }

  @Test func aMisspellingIsNoFirstWriteOfTheAttributeItResembles() {
    let checked = check(
      """
      job j {
        pool                   = p
        uses_task_dependenciez = true
        uses_task_dependencies = false
      }
      """)
    #expect(!checked.diagnostics.contains { $0.code.rawValue == "BS2007" })
    #expect(checked.diagnostics.map(\.code.rawValue).contains("BS2002"))
    #expect(checked.jobs.first?[\.usesTaskDependencies] == false)
  }

  @Test func aMisspeltRequiredAttributeIsStillOnlyUnknown() {
    // Not also reported missing, wherever it stands.
    let checked = check("job j {\n  pol = p\n}\n")
    #expect(checked.diagnostics.map(\.code.rawValue) == ["BS2002"])
  }

  @Test func aMisspeltAlternativeIsNoConflict() {
    // `imag` means `image`; `custom_image` is the one written: no "exclude each other".
    let checked = check(
      """
      pool p {
        imag         = "canonical/0001-com-ubuntu-server-jammy/22_04-lts"
        custom_image = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/images/i"
        vm_size      = "Standard_D4s_v3"
        node_agent   = "batch.node.ubuntu 22.04"
      }
      """)
    #expect(checked.diagnostics.map(\.code.rawValue) == ["BS2002"])
  }
}
