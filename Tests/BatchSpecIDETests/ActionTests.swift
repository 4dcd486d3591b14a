// Code actions (the diagnostics' fix-its and the suppressions of validation findings), formatting,
// and inlay hints. Each fix is checked by the text it leaves, and suppressions by re-analysing it.

import BatchSpecCore
import BatchSpecIDE
import Testing

@Suite struct ActionTests {
  /// The fixes offered for the marked range, and the analysis that offered them.
  private func fixes(_ text: String) -> (fixes: [CodeFix], analysis: Analysis) {
    let fixture = Fixture(text)
    let analysis = fixture.analysis
    let range = fixture.markedRange()
    return (analysis.codeFixes(range.path, in: range.range), analysis)
  }

  @Test func aQuotedReferenceIsUnquotedByAPreferredFix() {
    let (found, analysis) = fixes("pool render-pool { }\njob j { pool = $0\"render-pool\"$0 }")
    #expect(found.map(\.title) == ["remove the quotes"])
    #expect(found.first?.isPreferred == true)
    #expect(
      analysis.applying(found.first?.edits ?? [])[Fixture.defaultPath]
        == "pool render-pool { }\njob j { pool = render-pool }\n")
  }

  @Test func aMisspeltAttributeOffersTheSuggestionButNotAsPreferred() {
    let (found, analysis) = fixes("pool p {\n  vm_si$0$0se = \"Standard_D4s_v3\"\n}")
    let fix = found.first { $0.title == "replace with `vm_size`" }
    #expect(fix?.isPreferred == false)
    #expect(
      analysis.applying(fix?.edits ?? [])[Fixture.defaultPath] == "pool p {\n  vm_size = \"Standard_D4s_v3\"\n}\n")
  }

  @Test func aFileOfBatchsJSONIsReplacedByTheSpecImportMakesOfIt() {
    let json = """
      $0{$0 "id": "render-pool", "vmSize": "Standard_D4s_v3", "targetDedicatedNodes": 2,
        "virtualMachineConfiguration": { "nodeAgentSKUId": "batch.node.ubuntu 22.04",
          "imageReference": { "publisher": "canonical", "offer": "0001-com-ubuntu-server-jammy", "sku": "22_04-lts" } },
        "resourceTags": { "team": "vfx" } }
      """
    let (found, analysis) = fixes(json)
    let fix = found.first { $0.title.hasPrefix("replace the JSON") }
    #expect(fix?.isPreferred == false)
    // What the import leaves out is counted in the title (here, resource tags).
    #expect(
      fix?.title
        == "replace the JSON with the spec `batchspec import` makes of it (1 thing it cannot carry over: run `batchspec import` to see it)"
    )
    let spec = analysis.applying(fix?.edits ?? [])[Fixture.defaultPath] ?? ""
    #expect(spec.contains("pool render-pool {") && spec.contains("dedicated_nodes = 2"), "\(spec)")
    // The spec it leaves checks without a syntax error.
    #expect(Parser.parse(SourceFile(path: "p.batch", text: spec)).diagnostics.isEmpty)
    // JSON that is no Batch body, and a spec's own syntax errors, offer no such action.
    #expect(!fixes(#"$0{$0 "hello": 1 }"#).fixes.contains { $0.title.hasPrefix("replace the JSON") })
    #expect(!fixes("pool p {\n  $0)$0\n}").fixes.contains { $0.title.hasPrefix("replace the JSON") })
  }

  @Test func fixAllAppliesTheSafeFixesLintFixWouldInOneEdit() {
    let fixture = Fixture(
      "pool render-pool { }\njob j {\n  \"pool\": \"render-pool\"\n  priority = \"5\"\n  max_wall_clock = 1h\n}")
    let analysis = fixture.analysis
    let fixAll = analysis.fixAll(Fixture.defaultPath)
    #expect(fixAll?.fixCount == 3)
    #expect(fixAll?.edits.count == 1)
    #expect(
      analysis.applying(fixAll?.edits ?? [])[Fixture.defaultPath]
        == "pool render-pool { }\njob j {\n  pool = render-pool\n  priority = 5\n  max_wall_clock = 1h\n}\n")
    // Only a fix that is safe counts: a misspelling's suggestion is for the user to take.
    #expect(Fixture("pool p {\n  vm_sise = \"Standard_D4s_v3\"\n}").analysis.fixAll(Fixture.defaultPath) == nil)
  }

  @Test func theChangedRangeNeverSplitsACharacter() {
    func changed(_ old: String, _ new: String) -> [Int]? {
      Analysis.changedRange(from: Array(old.utf8), to: Array(new.utf8)).map {
        [$0.old.start, $0.old.end, $0.new.start, $0.new.end]
      }
    }
    #expect(changed("abc", "abc") == nil)
    #expect(changed("a = \"x\"", "a = x") == [4, 7, 4, 5])
    // é and è share their first byte, and ü and ö their second: the range takes whole characters.
    #expect(changed("aé", "aè") == [1, 3, 1, 3])
    #expect(changed("üb", "öb") == [0, 2, 0, 2])
    // An insertion or a deletion at either end.
    #expect(changed("ab", "xab") == [0, 0, 0, 1])
    #expect(changed("ab", "a") == [1, 2, 1, 1])
  }

  @Test func onlyDiagnosticsTouchingTheRangeAreFixed() {
    let text = "pool render-pool { }\njob j { pool = \"render-pool\" }\n$0$0job k { pool = \"render-pool\" }"
    #expect(fixes(text).fixes.isEmpty)
    let (analysis, _) = fixture("$0")
    #expect(analysis.codeFixes("/elsewhere/x.batch", in: TextRange(0, 0)).isEmpty)
  }

  @Test func syntaxErrorsGetTheirFixItsButNoSuppressions() {
    let (found, analysis) = fixes("pool p {\n  vm_size$0$0 \"x\"\n}")
    #expect(found.map(\.title) == ["insert `=`"])
    #expect(analysis.applying(found.first?.edits ?? [])[Fixture.defaultPath] == "pool p {\n  vm_size = \"x\"\n}\n")
  }

  @Test func aValidationFindingCanBeSuppressedOnItsLineOrInTheFile() throws {
    let fixture = Fixture(Projects.overQuota.replacingFirst("acct", with: "$0acct$0"))
    let analysis = fixture.analysis
    #expect(analysis.codes() == ["BS3001"])
    let found = analysis.codeFixes(Fixture.defaultPath, in: fixture.markedRange().range)
    #expect(found.map(\.title) == ["suppress `BS3001` on this line", "suppress `BS3001` in this file"])
    #expect(found.allSatisfy { !$0.isPreferred && $0.diagnostic.code.rawValue == "BS3001" })
    // Applied, either one silences the finding and is used (no BS9001).
    for (index, fix) in found.enumerated() {
      let text = analysis.applying(fix.edits)[Fixture.defaultPath] ?? ""
      try fixture.host.change(
        path: Fixture.defaultPath, version: 2 + index, changes: [TextChange(range: nil, text: text)])
      #expect(fixture.analysis.codes().isEmpty, "\(fix.title)")
    }
  }

  /// A finding inside a multi-line string (a formula) gets no line suppression: the comment would
  /// be part of the string and change the formula. The file's goes after a byte order mark.
  @Test func aFindingInsideAMultiLineStringIsSuppressedInTheFileOnly() {
    let text =
      "\u{FEFF}pool p {\n  autoscale {\n    formula = \"\"\"\n      $TargetDedicated = 1;\n      \"\"\"\n  }\n}\n"
    let source = SourceFile(path: "/w/s.batch", text: text)
    let offset = Array(text.utf8).firstIndex(of: UInt8(ascii: "$"))!
    let code = DiagnosticCode("BS7007", "autoscale-deprecated-name", .warning, "Old name.")
    let diagnostic = Diagnostic(code, at: Location(FileID(0), TextRange(offset, offset + 16)), "old name")
    let found = Analysis.suppressions(of: diagnostic, path: "/w/s.batch", in: source)
    #expect(found.map(\.title) == ["suppress `BS7007` in this file"])
    #expect(
      found.first?.edits == [
        FileEdit(FileRange(path: "/w/s.batch", range: .empty(at: 3)), "// batchspec-ignore-file BS7007\n")
      ])
  }

  @Test func aLineSuppressionKeepsTheIndentation() {
    let source = SourceFile(path: "/w/s.batch", text: "pool p {\n\t  dedicated_nodes = 900\n}\n")
    let code = DiagnosticCode("BS3001", "dedicated-core-quota-exceeded", .error, "Too many cores.")
    let diagnostic = Diagnostic(code, at: Location(FileID(0), TextRange(12, 27)), "too many cores")
    let found = Analysis.suppressions(of: diagnostic, path: "/w/s.batch", in: source)
    #expect(
      found.first?.edits == [
        FileEdit(FileRange(path: "/w/s.batch", range: .empty(at: 9)), "\t  // batchspec-ignore BS3001\n")
      ])
    #expect(
      found.last?.edits == [
        FileEdit(FileRange(path: "/w/s.batch", range: .empty(at: 0)), "// batchspec-ignore-file BS3001\n")
      ])
    let syntax = Diagnostic(DiagnosticCode("BS1001", "x", .error, "x"), at: diagnostic.location, "x")
    #expect(Analysis.suppressions(of: syntax, path: "/w/s.batch", in: source).isEmpty)
  }

  @Test func aSuppressionKeepsTheFilesLineBreaks() {
    let code = DiagnosticCode("BS3001", "dedicated-core-quota-exceeded", .error, "Too many cores.")
    for newline in ["\r\n", "\r"] {
      let source = SourceFile(path: "/w/s.batch", text: "pool p {\(newline)  dedicated_nodes = 900\(newline)}")
      let diagnostic = Diagnostic(code, at: Location(FileID(0), TextRange(8 + newline.utf8.count + 2, 33)), "x")
      let found = Analysis.suppressions(of: diagnostic, path: "/w/s.batch", in: source)
      let start = 8 + newline.utf8.count
      #expect(
        found.map(\.edits) == [
          [FileEdit(FileRange(path: "/w/s.batch", range: .empty(at: start)), "  // batchspec-ignore BS3001\(newline)")],
          [FileEdit(FileRange(path: "/w/s.batch", range: .empty(at: 0)), "// batchspec-ignore-file BS3001\(newline)")],
        ], "\(Array(newline.utf8))")
    }
    // A file of one line has no break of its own: `\n`.
    let one = SourceFile(path: "/w/s.batch", text: "pool p { dedicated_nodes = 900 }")
    let diagnostic = Diagnostic(code, at: Location(FileID(0), TextRange(9, 24)), "x")
    #expect(
      Analysis.suppressions(of: diagnostic, path: "/w/s.batch", in: one).last?.edits == [
        FileEdit(FileRange(path: "/w/s.batch", range: .empty(at: 0)), "// batchspec-ignore-file BS3001\n")
      ])
  }

  @Test func anUnusedSuppressionIsRemovedByItsFixAndTaggedUnnecessary() {
    let fixture = Fixture("$0// batchspec-ignore BS6003$0\nstorage data { location = \"westeurope\" }")
    let analysis = fixture.analysis
    let unused = analysis.diagnostics(Fixture.defaultPath).first { $0.code.rawValue == "BS9001" }
    #expect(unused.map(DiagnosticTag.tags) == [.unnecessary])
    let found = analysis.codeFixes(Fixture.defaultPath, in: fixture.markedRange().range)
    // Only the removal: the linter's own findings cannot be suppressed (a comment naming BS9001 is
    // itself reported, as BS9003).
    #expect(found.filter { $0.diagnostic.code.rawValue == "BS9001" }.map(\.title) == ["remove the suppression"])
    let removal = found.first { $0.diagnostic.code.rawValue == "BS9001" }
    #expect(removal?.isPreferred == true)
    #expect(
      analysis.applying(removal?.edits ?? [])[Fixture.defaultPath] == "storage data { location = \"westeurope\" }\n")
  }

  @Test func formattingIsOneEditToTheCanonicalLayout() throws {
    let fixture = Fixture("job j {\npool=p\n    display_name = \"x\"\n}\npool p { }")
    let analysis = fixture.analysis
    let edits = analysis.formatting(Fixture.defaultPath)
    #expect(edits?.count == 1)
    #expect(edits?.first?.location.range == TextRange(0, fixture.text().utf8.count))
    let formatted = analysis.applying(edits ?? [])[Fixture.defaultPath] ?? ""
    #expect(formatted.contains("job j {\n  pool         = p\n  display_name = \"x\"\n}"))
    // Formatted text needs no edits.
    try fixture.host.change(path: Fixture.defaultPath, version: 2, changes: [TextChange(range: nil, text: formatted)])
    #expect(fixture.analysis.formatting(Fixture.defaultPath) == [])
  }

  @Test func aFileWithSyntaxErrorsOrUnknownIsNotFormatted() {
    let (analysis, _) = fixture("job j {\n  pool = $0")
    #expect(analysis.formatting(Fixture.defaultPath) == nil)
    #expect(analysis.formatting("/elsewhere/x.batch") == nil)
  }

  /// The hints in the whole file, as `label @ text before the offset on its line`.
  private func hints(_ text: String, in range: TextRange? = nil) -> [String] {
    let analysis = Fixture(text).analysis
    let source = analysis.source(Fixture.defaultPath)!
    return analysis.inlayHints(Fixture.defaultPath, in: range ?? TextRange(0, source.bytes.count)).map { hint in
      let line = source.lines.line(containing: hint.offset)
      let before = source.text(TextRange(source.lines.lineStarts[line], hint.offset))
      return "\(hint.label) @ \(before.drop { $0 == " " })" + (hint.tooltip.map { " (\($0))" } ?? "")
    }
  }

  @Test func sweepsShowHowManyTasksTheyMake() {
    #expect(
      hints(
        """
        param n: int = 3
        job j {
          task frame for i in 1..n { command = "x" }
          task one for s in ["a"] { command = "x" }
          task none for s in [] { command = "x" }
          task plain { command = "x" }
        }
        """) == [
          " 3 tasks @ task frame for i in 1..n (`frame-1` … `frame-3`)",
          " 1 task @ task one for s in [\"a\"] (`one-a` … `one-a`)",
        ])
  }

  @Test func poolsShowTheirDedicatedCores() {
    #expect(
      hints(
        """
        pool big {
          vm_size = "Standard_NC6s_v3"
          dedicated_nodes = 2
          spot_nodes = 3
        }
        pool unknown {
          vm_size = "Standard_Nope"
          dedicated_nodes = 2
        }
        pool auto {
          vm_size = "Standard_D4s_v3"
          autoscale { formula = "$TargetDedicatedNodes = 4;" }
        }
        """) == [" 12 cores @ pool big (2 dedicated nodes × 6 vCPUs; 18 spot cores)"])
  }

  /// A count being typed (`9223372036854775807`) crashes nothing (the cores' product overflowed):
  /// past what the service takes it is an error, not a count; the largest it takes is shown.
  @Test func theLargestNodeCountsCrashNothing() {
    func pool(_ count: String) -> String {
      "pool p {\n  vm_size = \"Standard_D4s_v3\"\n  dedicated_nodes = \(count)\n  spot_nodes = \(count)\n}\n"
    }
    #expect(
      hints(pool("2147483647")) == [
        " 8589934588 cores @ pool p (2147483647 dedicated nodes × 4 vCPUs; 8589934588 spot cores)"
      ])
    for count in ["2147483647", "9223372036854775807"] {
      let hover = Fixture(pool(count)).analysis.hover(Fixture.defaultPath, offset: 6)
      #expect(hover?.markdown.contains("Standard_D4s_v3") == true, "\(count)")
    }
  }

  @Test func onlyHintsInTheRangeAreGiven() {
    let text = "job j {\n  task a for i in 1..2 { command = \"x\" }\n  task b for i in 1..4 { command = \"x\" }\n}\n"
    let secondLine = TextRange(text.utf8.count - 42, text.utf8.count)
    #expect(hints(text, in: secondLine).map { $0.prefix(8) } == [" 4 tasks"])
    let (analysis, _) = fixture("$0")
    #expect(analysis.inlayHints("/elsewhere/x.batch", in: TextRange(0, 0)).isEmpty)
  }
}
