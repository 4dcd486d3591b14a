// `StringSourceMap` against the parser: for every string literal of the samples and fixtures, the
// map's bytes are the literal's value, byte for byte, and each run points where it is written.

import BatchSpecCore
import Foundation
import Testing

@Suite struct StringSourceMapTests {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// Every `.batch` file under `samples/` and the core tests' fixtures and formatter inputs.
  static func files() -> [String] {
    var paths: [String] = []
    for directory in ["samples", "Tests/BatchSpecCoreTests/Fixtures", "Tests/BatchSpecCoreTests/Formatter"] {
      let root = repository.appendingPathComponent(directory).path
      let enumerator = FileManager.default.enumerator(atPath: root)
      while let relative = enumerator?.nextObject() as? String {
        if relative.hasSuffix(".batch") { paths.append(root + "/" + relative) }
      }
    }
    return paths.sorted()
  }

  static func literals(in statements: [Statement]) -> [StringLiteral] {
    var found: [StringLiteral] = []
    func visit(_ expr: Expr) {
      switch expr {
      case .string(let literal):
        found.append(literal)
        for case .interpolation(let inner, _) in literal.parts { visit(inner) }
      case .list(let items, _): items.forEach(visit)
      case .map(let entries, _): entries.forEach { visit($0.value) }
      case .member(let base, _, _): visit(base)
      case .index(let base, let index, _):
        visit(base)
        visit(index)
      case .call(_, let arguments, _): arguments.forEach(visit)
      case .range(let a, let b, let step, _):
        visit(a)
        visit(b)
        step.map(visit)
      case .integer, .duration, .bool, .name, .error: break
      }
    }
    func walk(_ statements: [Statement]) {
      for statement in statements {
        switch statement {
        case .attribute(let attribute): visit(attribute.value)
        case .block(let block):
          block.sweep.map { visit($0.values) }
          walk(block.body)
        case .param(let param): param.defaultValue.map(visit)
        }
      }
    }
    walk(statements)
    return found
  }

  @Test func everyLiteralMapsToItsValue() throws {
    var checked = 0
    var multiline = 0
    for path in Self.files() {
      let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
      let source = SourceFile(id: FileID(0), path: path, bytes: bytes)
      let tree = Parser.parse(source)
      guard tree.diagnostics.isEmpty else { continue }
      for literal in Self.literals(in: tree.statements) {
        // Interpolations stand for a placeholder value of their own.
        var value: [UInt8] = []
        var interpolated: [String] = []
        for part in literal.parts {
          switch part {
          case .text(let text, _): value += Array(text.utf8)
          case .interpolation:
            interpolated.append("<>")
            value += Array("<>".utf8)
          }
        }
        let map = StringSourceMap(literal, bytes: bytes, interpolated: interpolated)
        #expect(map.length == value.count, "\(path) \(literal.range)")
        for segment in map.segments where segment.isExact {
          let written = Array(bytes[segment.source.start..<segment.source.end])
          let read = Array(value[segment.valueStart..<(segment.valueStart + segment.valueLength)])
          #expect(written == read, "\(path) \(segment)")
          #expect(map.valueOffset(ofSource: segment.source.start) == segment.valueStart)
        }
        if MultilineString.isMultiline(bytes, literal.range) { multiline += 1 }
        checked += 1
      }
    }
    #expect(checked > 500)
    #expect(multiline > 3)
  }

  @Test func rangesInsideAMultilineStringPointAtTheirLine() {
    let text = "pool p {\n  autoscale {\n    formula = \"\"\"\n      a = 1;\n        b\\t= 2;\n      \"\"\"\n  }\n}\n"
    let bytes = Array(text.utf8)
    let tree = Parser.parse(SourceFile(id: FileID(0), path: "p.batch", bytes: bytes))
    let literal = Self.literals(in: tree.statements)[0]
    let map = StringSourceMap(literal, bytes: bytes, interpolated: [])
    // The value is "a = 1;\n  b\t= 2;": `b` is value byte 9, written on the next line after the indentation.
    let b = map.source(of: TextRange(9, 10))
    #expect(String(decoding: bytes[b.start..<b.end], as: UTF8.self) == "b")
    // The tab escape: one value byte, two source bytes.
    let tab = map.source(of: TextRange(10, 11))
    #expect(String(decoding: bytes[tab.start..<tab.end], as: UTF8.self) == "\\t")
    // The line break between the lines stands for the source's break and indentation.
    let lineBreak = map.source(of: TextRange(6, 7))
    #expect(String(decoding: bytes[lineBreak.start..<lineBreak.end], as: UTF8.self) == "\n      ")
  }
}
