// Semantic tokens as `text:class` pairs (`*` marks a declaration): every kind of name, literal and
// comment, split at line breaks, sorted and never overlapping.

import BatchSpecCore
import BatchSpecIDE
import Testing

@Suite struct TokenTests {
  private func tokens(_ text: String) -> [String] {
    let analysis = Fixture(text).analysis
    return analysis.semanticTokens(Fixture.defaultPath).map {
      "\(analysis.text($0.range, in: Fixture.defaultPath)):\($0.tokenClass)\($0.isDeclaration ? "*" : "")"
    }
  }

  @Test func paramsAndTheirUses() {
    #expect(
      tokens("param n: int = 3\nparam m: int = n") == [
        "param:keyword", "n:parameter*", "int:type", "3:number",
        "param:keyword", "m:parameter*", "int:type", "n:parameter",
      ])
  }

  @Test func blocksLabelsAttributesAndReferences() {
    #expect(
      tokens(
        """
        pool gpu {
          node_fill = pack
          inter_node_communication = true
          resize_timeout = 20m
        }
        job j { pool = gpu }
        """) == [
          "pool:keyword", "gpu:type*",
          "node_fill:property", "pack:enumMember",
          "inter_node_communication:property", "true:keyword",
          "resize_timeout:property", "20m:number",
          "job:keyword", "j:type*", "pool:property", "gpu:variable",
        ])
  }

  @Test func quotedLabelsAndMapKeysAreStrings() {
    #expect(
      tokens("job j {\n  environment = { A = \"1\", \"B-C\" = \"2\" }\n  task t {\n    output \"*.png\" { }\n  }\n}")
        == [
          "job:keyword", "j:type*", "environment:property", "A:property", "\"1\":string", "\"B-C\":string",
          "\"2\":string", "task:keyword", "t:type*", "output:keyword", "\"*.png\":string*",
        ])
  }

  @Test func sweepsWithTheirKeywordsAndVariable() {
    #expect(
      tokens("job j {\n  task t for s in [\"a\", \"b\"] { }\n  task u for i in 1..3 step 2 { }\n}") == [
        "job:keyword", "j:type*",
        "task:keyword", "t:type*", "for:keyword", "s:parameter*", "in:keyword", "\"a\":string", "\"b\":string",
        "task:keyword", "u:type*", "for:keyword", "i:parameter*", "in:keyword", "1:number", "3:number", "2:number",
      ])
  }

  @Test func aSweepVariableInTheBodyIsAParameter() {
    let found = tokens(
      """
      job j {
        task t for i in 1..3 {
          command = "echo ${i}"
        }
        task u { command = i }
      }
      """)
    #expect(found.contains("i:parameter"))
    // Outside its sweep the name means nothing.
    #expect(found.suffix(3) == ["u:type*", "command:property", "i:enumMember"])
  }

  @Test func stringsAreSplitAroundInterpolations() {
    #expect(
      tokens("param n: int = 1\njob j {\n  display_name = \"a${n}b\"\n}").suffix(4) == [
        "display_name:property", "\"a:string", "n:parameter", "b\":string",
      ])
  }

  @Test func callsMembersAndIndexes() {
    #expect(
      tokens(
        """
        storage data { key = env("KEY") }
        job j {
          task t {
            input "x" { blob = data.in["a.bin"] }
          }
        }
        """) == [
          "storage:keyword", "data:type*", "key:property", "env:function", "\"KEY\":string",
          "job:keyword", "j:type*", "task:keyword", "t:type*", "input:keyword", "\"x\":string*",
          "blob:property", "data:variable", "in:property", "\"a.bin\":string",
        ])
  }

  @Test func commentsAreSplitAtLineBreaks() {
    #expect(
      tokens("// one\n/* two\n   three */\npool p { } // four") == [
        "// one:comment", "/* two:comment", "   three */:comment", "pool:keyword", "p:type*", "// four:comment",
      ])
  }

  @Test func windowsLineEndingsAreNotPartOfTokens() {
    #expect(tokens("/* a\r\n b */\r\npool p { }\r\n") == ["/* a:comment", " b */:comment", "pool:keyword", "p:type*"])
  }

  @Test func tokensAreSortedDisjointAndOnOneLine() {
    let text = """
      /* a
         b */ param n: int = 3
      job j {
        task t for i in 1..n {
          command = "echo ${i} ${n}"  // c
          environment = { A = "x" }
        }
      }
      """
    let analysis = Fixture(text).analysis
    let found = analysis.semanticTokens(Fixture.defaultPath)
    for (a, b) in zip(found, found.dropFirst()) { #expect(a.range.end <= b.range.start) }
    #expect(found.allSatisfy { !analysis.text($0.range, in: Fixture.defaultPath).contains("\n") && !$0.range.isEmpty })
    #expect(analysis.semanticTokens("/elsewhere/x.batch").isEmpty)
  }
}
