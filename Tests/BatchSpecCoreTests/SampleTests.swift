// Every bundled sample project checks clean: no diagnostic of any severity.

import Foundation
import Testing
import BatchSpecCore

enum Samples {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("samples").path

  /// Each sample directory with its `.batch` files, as a project.
  static func all() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
    return names.filter { name in
      var isDirectory: ObjCBool = false
      return FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &isDirectory)
        && isDirectory.boolValue
    }.sorted()
  }

  static func project(_ name: String) -> Project {
    let directory = root + "/" + name
    let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
      .filter { $0.hasSuffix(".batch") }.sorted()
      .map { file in
        SourceFile(
          id: FileID(0), path: "\(name)/\(file)",
          bytes: [UInt8](FileManager.default.contents(atPath: directory + "/" + file) ?? Data()))
      }
    return Project(files: files)
  }
}

@Suite struct SampleTests {
  @Test func thereAreAtLeastSixSamples() {
    #expect(Samples.all().count >= 6, "samples: \(Samples.all())")
  }

  @Test(arguments: Samples.all())
  func sampleChecksClean(_ name: String) {
    let project = Samples.project(name)
    #expect(!project.files.isEmpty, "\(name) has no .batch files")
    let checked = Checker.check(project).project
    let validation = Validator.validate(checked)
    let diagnostics = checked.diagnostics + validation.diagnostics
    let shown = diagnostics.map { d -> String in
      let file = project.file(d.file)
      let position = file.lines.position(of: d.range.start, encoding: .utf16)
      return "\(file.path):\(position.line + 1):\(position.column + 1): \(d.code) \(d.message)"
    }
    #expect(diagnostics.isEmpty, "\(shown.joined(separator: "\n"))")
    #expect(validation.suppressed.isEmpty, "samples need no suppression: \(validation.suppressed.map(\.message))")
  }

  @Test func theEverythingSampleUsesEveryBlockKindAndAttribute() {
    let project = Samples.project("everything")
    var used: Set<String> = []
    func visit(_ statements: [Statement]) {
      for statement in statements {
        switch statement {
        case .attribute(let attribute): used.insert(attribute.name.text)
        case .block(let block):
          used.insert("block:" + block.kind.text)
          for case .attribute(let attribute) in block.body { used.insert(block.kind.text + "." + attribute.name.text) }
          visit(block.body)
        case .param: break
        }
      }
    }
    for tree in project.trees { visit(tree.statements) }
    var missing: [String] = []
    for schema in Schema.allBlocks {
      if !used.contains("block:" + schema.kind) { missing.append("block `\(schema.kind)`") }
      for attribute in schema.attributes where !used.contains(schema.kind + "." + attribute.name) {
        missing.append("`\(schema.kind).\(attribute.name)`")
      }
    }
    #expect(missing.isEmpty, "the everything sample does not use: \(missing.joined(separator: ", "))")
  }
}
