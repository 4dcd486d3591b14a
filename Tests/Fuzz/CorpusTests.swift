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

  @Test func everyTargetHasStoredInputs() {
    for target in ["analyze", "format", "framing"] { #expect(!StoredCorpus.names(target).isEmpty, "\(target)") }
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
