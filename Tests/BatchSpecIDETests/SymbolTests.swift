// Document symbols, workspace symbols, folding ranges and selection ranges, as plain data: names,
// kinds, and the text each range covers.

import BatchSpecCore
import BatchSpecIDE
import Testing

@Suite struct SymbolTests {
  /// A symbol tree as one line per symbol: indentation, name, detail, kind and selected text.
  private func outline(_ symbols: [DocumentSymbol], _ analysis: Analysis, depth: Int = 0) -> [String] {
    symbols.flatMap { symbol in
      let selected = analysis.text(symbol.selectionRange, in: Fixture.defaultPath)
      return [String(repeating: "  ", count: depth) + "\(symbol.name) (\(symbol.detail), \(symbol.kind)) `\(selected)`"]
        + outline(symbol.children, analysis, depth: depth + 1)
    }
  }

  @Test func documentSymbolsAreParamsAndBlocksNestedAsWritten() {
    let (analysis, _) = fixture(
      """
      param n: int = 3$0
      account acct { location = "westeurope" }
      pool p {
        vm_size = "Standard_D4s_v3"
        start_task { command = "x" }
        user "admin" { password = env("PW") }
      }
      job render {
        pool = p
        task frame for i in 1..n {
          command = "x"
          output "out/*.png" { container = data.frames }
        }
      }
      """)
    #expect(
      outline(analysis.documentSymbols(Fixture.defaultPath), analysis) == [
        "n (int, param) `n`",
        "acct (account, resource) `acct`",
        "p (pool, resource) `p`",
        "  start_task (start_task, block) `start_task`",
        "  admin (user, block) `\"admin\"`",
        "render (job, resource) `render`",
        "  frame (task, task) `frame`",
        "    out/*.png (output, block) `\"out/*.png\"`",
      ])
  }

  @Test func aSymbolsRangeIsTheWholeBlockOrParam() {
    let (analysis, _) = fixture("param who: string = \"x\"\njob j {\n  pool = p\n}$0")
    let symbols = analysis.documentSymbols(Fixture.defaultPath)
    #expect(
      symbols.map { analysis.text($0.range, in: Fixture.defaultPath) } == [
        "param who: string = \"x\"", "job j {\n  pool = p\n}",
      ])
  }

  @Test func brokenAndUnknownBlocksAreStillSymbols() {
    let (analysis, _) = fixture("bogus thing { }\npool p {\n  vm_size = $0")
    #expect(analysis.documentSymbols(Fixture.defaultPath).map(\.name) == ["thing", "p"])
    #expect(analysis.documentSymbols("/elsewhere/x.batch").isEmpty)
  }

  @Test func workspaceSymbolsMatchLettersInOrderAcrossProjects() {
    let fixture = Fixture(
      """
      //- /w/a/pools.batch
      pool render-pool { }
      pool rp { }
      //- /w/b/jobs.batch
      job render {
        task encode { command = "x" }
      }
      """)
    let analysis = fixture.analysis
    let found = analysis.workspaceSymbols("rndpool")
    #expect(found.map(\.name) == ["render-pool"])
    #expect(found.first.map { analysis.text($0.location) } == "render-pool")
    #expect(found.first?.kind == .pool)
    // Fewer gaps, then shorter IDs, come first; case does not matter.
    #expect(analysis.workspaceSymbols("RP").map(\.name) == ["rp", "render-pool"])
    let all = analysis.workspaceSymbols("")
    #expect(Set(all.map(\.name)) == ["render-pool", "rp", "render", "encode"])
    #expect(all.first { $0.name == "encode" }?.container == "render")
    #expect(all.first { $0.name == "render" }?.container == nil)
    #expect(analysis.workspaceSymbols("xyz").isEmpty)
  }

  @Test func foldingRangesAreMultiLineBlocksListsMapsAndComments() {
    let (analysis, _) = fixture(
      """
      /* Two
         lines. */
      pool p { vm_size = "x" }
      job j {
        environment = {
          A = "1"
        }
        task t {
          depends_on = [
            a,
          ]
        }
      }$0
      """)
    let source = analysis.source(Fixture.defaultPath)!
    let found = analysis.foldingRanges(Fixture.defaultPath)
    #expect(
      found.map { source.text($0.range).prefix { $0 != "\n" } } == [
        "/* Two", "job j {", "{", "task t {", "[",
      ])
    #expect(found.map(\.isComment) == [true, false, false, false, false])
    #expect(found.allSatisfy { source.text($0.range).contains("\n") })
  }

  /// The selection ranges at the cursor, as the texts they cover, and the file's text.
  private func selections(_ text: String) -> (ranges: [String], file: String) {
    let fixture = Fixture(text)
    let analysis = fixture.analysis
    let ranges = analysis.selectionRanges(at: fixture.position()).map { analysis.text($0, in: Fixture.defaultPath) }
    return (ranges, fixture.text())
  }

  @Test func selectionGrowsFromTheNameToTheFile() {
    let (ranges, file) = selections(
      """
      job j {
        task b {
          depends_on = [a, fr$0ame[2]]
        }
      }
      """)
    #expect(
      ranges == [
        "frame", "frame[2]", "[a, frame[2]]", "depends_on = [a, frame[2]]",
        "\n    depends_on = [a, frame[2]]\n  ", "task b {\n    depends_on = [a, frame[2]]\n  }",
        "\n  task b {\n    depends_on = [a, frame[2]]\n  }\n",
        "job j {\n  task b {\n    depends_on = [a, frame[2]]\n  }\n}",
        file,
      ])
  }

  @Test func selectionFromALabelAKindAndBlankSpace() {
    let label = selections("pool gp$0u {\n  vm_size = \"x\"\n}")
    #expect(label.ranges == ["gpu", "pool gpu {\n  vm_size = \"x\"\n}", label.file])
    let blank = selections("pool gpu {\n  $0\n}")
    #expect(blank.ranges == ["\n  \n", "pool gpu {\n  \n}", blank.file])
    let interpolation = selections("job j {\n  task t { command = \"a ${n$0} b\" }\n}\nparam n: int = 1")
    #expect(interpolation.ranges.prefix(3) == ["n", "\"a ${n} b\"", "command = \"a ${n} b\""])
  }

  @Test func selectionOnAHeaderOrABraceStartsWithTheBlock() {
    let brace = selections("job j $0{\n  pool = p\n}")
    #expect(brace.ranges == ["job j {\n  pool = p\n}", brace.file])
    let sweep = selections("job j {\n  task t f$0or i in 1..3 { }\n}")
    #expect(sweep.ranges.prefix(2) == ["for i in 1..3", "task t for i in 1..3 { }"])
    let values = selections("job j {\n  task t for i in 1..$03 { }\n}")
    #expect(values.ranges.prefix(3) == ["3", "1..3", "for i in 1..3"])
  }

  @Test func selectionInAnEmptyFileIsTheCursor() {
    let (analysis, position) = fixture("$0")
    #expect(analysis.selectionRanges(at: position) == [TextRange(0, 0)])
    #expect(analysis.selectionRanges("/elsewhere/x.batch", offset: 3).isEmpty)
  }

  @Test func eachSelectionRangeContainsTheOneBefore() {
    let text = "param n: int = 3\njob j {\n  task t for i in 1..n {\n    command = \"${i}\"\n  }\n}\n"
    let analysis = Fixture(text).analysis
    for offset in 0...text.utf8.count {
      let ranges = analysis.selectionRanges(Fixture.defaultPath, offset: offset)
      #expect(
        ranges.first?.contains(offset) == true,
        "at \(offset): \(ranges.first.map { analysis.text($0, in: Fixture.defaultPath) } ?? "")")
      for (inner, outer) in zip(ranges, ranges.dropFirst()) {
        #expect(outer.start <= inner.start && inner.end <= outer.end && inner != outer, "at \(offset)")
      }
      #expect(ranges.last == TextRange(0, text.utf8.count), "at \(offset)")
    }
  }
}
