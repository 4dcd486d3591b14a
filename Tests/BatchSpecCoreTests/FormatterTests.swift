// The formatter: golden files, idempotence over every sample and fixture, and "the checker sees the
// same thing" before and after formatting.
//
// Golden files live in Formatter/: `name.batch` is the input, `name.expected.batch` the output.
// BATCHSPEC_UPDATE_GOLDEN=1 rewrites the expected files.

import Foundation
import Testing
import BatchSpecCore

enum FormatterGolden {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Formatter").path
  static let update = ProcessInfo.processInfo.environment["BATCHSPEC_UPDATE_GOLDEN"] == "1"

  /// The inputs' names, without `.batch`.
  static func all() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
    return names.filter { $0.hasSuffix(".batch") && !$0.hasSuffix(".expected.batch") }
      .map { String($0.dropLast(".batch".count)) }.sorted()
  }

  static func read(_ file: String) -> String {
    (try? String(contentsOfFile: root + "/" + file, encoding: .utf8)) ?? ""
  }
}

/// Formats `text`; nil when it has syntax errors.
func formatted(_ text: String, path: String = "test.batch") -> String? {
  Formatter.format(SourceFile(path: path, text: text))
}

/// Every sample file and every fixture file, with its text.
func everySpecFile() -> [(path: String, text: String)] {
  var files: [(String, String)] = []
  for name in Samples.all() {
    files += Samples.project(name).files.map { ($0.path, $0.text(TextRange(0, $0.bytes.count))) }
  }
  for fixture in Fixture.all() {
    files += fixture.project().files.map { ($0.path, $0.text(TextRange(0, $0.bytes.count))) }
  }
  return files
}

/// What the checker and the validator see in a project, without source locations: diagnostics,
/// params, blocks, validation findings and suppressions.
func checkerView(_ project: Project) -> [String] {
  let checked = Checker.check(project).project
  var lines = checked.diagnostics.map { "\(project.file($0.file).path) \($0.code.rawValue) \($0.message)" }.sorted()
  lines += checked.params.map { "param \($0.key) = \(String(reflecting: $0.value))" }.sorted()
  func visit(_ block: BlockInstance, _ indent: String) {
    var header = indent + block.kind + " " + (block.label ?? "-")
    if let sweep = block.sweep { header += " [\(sweep.group) \(sweep.variable) = \(String(reflecting: sweep.value))]" }
    lines.append(header)
    for (attribute, value) in block.attributes.sorted(by: { $0.key.name < $1.key.name }) {
      lines.append(indent + "  " + attribute.name + " = " + String(reflecting: value.value))
    }
    for child in block.children { visit(child, indent + "  ") }
  }
  for block in checked.resources {
    visit(block, "")
  }
  lines.append("references: \(checked.references.count)")
  // The validator too: its findings, what suppression comments silence, and how often each is used.
  let validation = Validator.validate(checked)
  lines += validation.diagnostics.map { "validation \(project.file($0.file).path) \($0.code.rawValue) \($0.message)" }
    .sorted()
  lines += validation.suppressed.map { "suppressed \(project.file($0.file).path) \($0.code.rawValue) \($0.message)" }
    .sorted()
  lines += validation.suppressions.map {
    "suppression \($0.codes) \($0.scope == .file ? "file" : "line") used \($0.useCount)"
  }
  .sorted()
  return lines
}

@Suite struct FormatterTests {
  @Test(arguments: FormatterGolden.all())
  func goldenFile(_ name: String) throws {
    let input = FormatterGolden.read(name + ".batch")
    let output = try #require(formatted(input), "\(name).batch has syntax errors")
    let expectedPath = FormatterGolden.root + "/" + name + ".expected.batch"
    if FormatterGolden.update {
      try output.write(toFile: expectedPath, atomically: true, encoding: .utf8)
      return
    }
    let expected = FormatterGolden.read(name + ".expected.batch")
    #expect(
      output == expected, "\(name): output differs from \(name).expected.batch (BATCHSPEC_UPDATE_GOLDEN=1 rewrites it)")
    #expect(formatted(output) == output, "\(name): formatting is not idempotent")
  }

  @Test(arguments: FormatterGolden.all())
  func crlfInputFormatsLikeLF(_ name: String) {
    let input = FormatterGolden.read(name + ".batch")
    let crlf = input.replacingOccurrences(of: "\n", with: "\r\n")
    #expect(formatted(crlf) == formatted(input))
    let cr = input.replacingOccurrences(of: "\n", with: "\r")
    #expect(formatted(cr) == formatted(input))
  }

  @Test func idempotentOverEverySampleAndFixture() {
    var count = 0
    for file in everySpecFile() {
      guard let once = formatted(file.text, path: file.path) else { continue }
      count += 1
      let twice = formatted(once, path: file.path)
      #expect(twice == once, "\(file.path): formatting twice differs from once:\n\(twice ?? "<syntax errors>")")
    }
    #expect(count > 20)
  }

  @Test func filesWithSyntaxErrorsAreNotFormatted() {
    #expect(formatted("pool p {\n  vm_size = \n}\n") == nil)
    #expect(formatted("pool p {\n") == nil)
    #expect(formatted("job j { command = \"unterminated }\n") == nil)
  }

  /// A byte order mark stays where it was, before the canonical text; the text is formatted as if
  /// it were not there.
  @Test func aByteOrderMarkIsKept() throws {
    let text = "account ab {\n    location=\"westeurope\"\n}\n"
    let marked = SourceFile(id: FileID(0), path: "a.batch", bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8))
    let output = try #require(Formatter.format(marked))
    #expect(Array(output.utf8) == [0xEF, 0xBB, 0xBF] + Array(try #require(formatted(text)).utf8))
    #expect(Formatter.format(SourceFile(id: FileID(0), path: "a.batch", bytes: Array(output.utf8))) == output)
  }

  @Test func emptyAndCommentOnlyFiles() {
    #expect(formatted("") == "")
    #expect(formatted("\n\n  \n") == "")
    #expect(formatted("// only\n\n\n// comments") == "// only\n\n// comments\n")
  }

  @Test(arguments: Samples.all())
  func formattingASampleChangesNothingTheCheckerSees(_ name: String) {
    let project = Samples.project(name)
    #expect(checkerView(formattedProject(project)) == checkerView(project))
  }

  @Test(arguments: Fixture.all())
  func formattingAFixtureChangesNothingTheCheckerSees(_ fixture: Fixture) {
    let project = fixture.project()
    #expect(checkerView(formattedProject(project)) == checkerView(project))
  }

  @Test(arguments: Samples.all())
  func reindentedAndSpreadOutSamplesFormatIdempotentlyWithTheSameMeaning(_ name: String) {
    let project = Samples.project(name)
    let variants: [(String) -> String] = [
      { text in
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.drop { $0 == " " } }.joined(
          separator: "\n")
      },
      { text in text.replacingOccurrences(of: "\n", with: "\n\n\n") },
      { text in text.replacingOccurrences(of: "\n", with: "  \r\n") },
    ]
    for (index, variant) in variants.enumerated() {
      let changed = Project(
        files: project.files.map {
          SourceFile(id: $0.id, path: $0.path, text: variant($0.text(TextRange(0, $0.bytes.count))))
        })
      for file in changed.files {
        let once = formatted(file.text(TextRange(0, file.bytes.count)), path: file.path)
        #expect(once != nil, "variant \(index) of \(file.path) does not parse")
        #expect(once.flatMap { formatted($0) } == once, "variant \(index) of \(file.path) is not idempotent")
      }
      #expect(checkerView(formattedProject(changed)) == checkerView(changed), "variant \(index) of \(name)")
    }
  }

  @Test func suppressionCommentsStillSilenceTheirFindingsAfterFormatting() {
    let text = """
      pool p {
        vm_size = "Standard_D4s_v3", image = "canonical/ubuntu/22_04-lts"
        node_agent = "batch.node.ubuntu 22.04"
        start_task {
          input "b.sh" { url = "http://example.com/b.sh" }  // batchspec-ignore BS6003: a mirror without TLS
          // batchspec-ignore insecure-url
          input "a.sh" { url = "http://example.com/a.sh" }
          command = "sh a.sh"
          // batchspec-ignore BS6003: one-line blocks with a suppression stay on one line, however wide
          input "c.sh" { url = "http://example.com/a/long/path/that/pushes/this/block/past/the/limit/c.sh" }
          // batchspec-ignore BS6003: statements sharing a suppressed line stay on it
          input "e.sh" { url = "http://example.com/e.sh" }, input "f.sh" { url = "http://example.com/f.sh" }
          input "g.sh" { url = "http://example.com/g.sh" }, input "h.sh" { url = "http://example.com/h.sh" }  // batchspec-ignore BS6003
          input "d.sh" { url = "http://example.com/a/long/path/that/pushes/this/block/past/the/limit/d.sh" }  // batchspec-ignore BS6003
          // A comment inside a suppressed one-line block: the block stays as written (it was split).
          input "i.sh" { /* mirror */ url = "http://example.com/i.sh" }  // batchspec-ignore BS6003
          // batchspec-ignore BS6003
          input "j.sh" { url = "http://example.com/j.sh" /* mirror */ }
        }
      }

      """
    let project = Project(path: "p.batch", text: text)
    let view = checkerView(project)
    #expect(view.filter { $0.hasPrefix("suppressed") }.count == 10, "\(view)")
    #expect(checkerView(formattedProject(project)) == view)
  }

  /// A finding about a list element is suppressed on the line the element starts on: splitting a
  /// multi-line list's line that a suppression names (at its end or above it) would move elements
  /// off it, bring their findings back and leave the suppression unused.
  @Test func suppressionCommentsOnListLinesStillSilenceTheirFindingsAfterFormatting() throws {
    let text = """
      storage data {
        kind = general_purpose_v2, location = "eastus"
        containers = [
          "in", "good-one",  // batchspec-ignore BS4004: legacy name
          "another",
          // batchspec-ignore BS4004
          "good-two", "in",
        ]
      }
      pool p1 { vm_size = "Standard_D2s_v3", image = "canonical/0001-com-ubuntu-server-jammy/22_04-lts", node_agent = "batch.node.ubuntu 22.04", dedicated_nodes = 1 }
      job j { pool = p1, task t { command = "echo hi" } }

      """
    let project = Project(path: "a.batch", text: text)
    let view = checkerView(project)
    #expect(view.filter { $0.hasPrefix("suppressed") }.count == 2, "\(view)")
    #expect(!view.contains { $0.hasPrefix("validation") }, "\(view)")
    let formatted = formattedProject(project)
    let output = try #require(formatted.files.first).text(TextRange(0, formatted.files[0].bytes.count))
    #expect(output.contains("\n    \"in\", \"good-one\",  // batchspec-ignore BS4004: legacy name\n"), "\(output)")
    #expect(output.contains("\n    // batchspec-ignore BS4004\n    \"good-two\", \"in\",\n"), "\(output)")
    #expect(checkerView(formatted) == view)
  }

  /// `project` with each file formatted (files with syntax errors left as they are).
  func formattedProject(_ project: Project) -> Project {
    Project(
      files: project.files.map { file in
        guard let text = Formatter.format(file) else { return file }
        return SourceFile(id: file.id, path: file.path, text: text)
      })
  }
}
