// The fixture harness itself: headers, markers and annotations are read as documented.

import BatchSpecCore
import BatchSpecIDE
import Testing

@Suite struct FixtureTests {
  @Test func aFixtureWithoutHeadersIsOneFileWithACursor() {
    let fixture = Fixture("job j {\n  $0\n}")
    #expect(fixture.files.map(\.path) == [Fixture.defaultPath])
    #expect(fixture.text() == "job j {\n  \n}\n")
    #expect(fixture.cursor == FilePosition(path: Fixture.defaultPath, offset: 10))
    #expect(fixture.range == nil)
  }

  @Test func headersStartFilesAndTwoMarkersMarkARange() {
    let fixture = Fixture(
      """
      //- /p/a.batch
      pool p { }
      //- /p/b.batch
      job j { pool = $0p$0 }
      """)
    #expect(fixture.files.map(\.path) == ["/p/a.batch", "/p/b.batch"])
    #expect(fixture.text("/p/b.batch") == "job j { pool = p }\n")
    #expect(fixture.range == FileRange(path: "/p/b.batch", range: TextRange(15, 16)))
    #expect(fixture.analysis.paths(ofProject: "/p") == ["/p/a.batch", "/p/b.batch"])
  }

  @Test func annotationsPointAtTheLineAboveInScalars() {
    let fixture = Fixture(
      """
      job é {
      //  ^ label
      //  ^ other
        display_name = "x"
      //^^^^^^^^^^^^ name
      }
      """)
    let text = fixture.text()
    func slice(_ range: FileRange) -> String {
      String(decoding: Array(text.utf8)[range.range.start..<range.range.end], as: UTF8.self)
    }
    #expect(fixture.annotations.map(\.label) == ["label", "other", "name"])
    #expect(fixture.annotations.map { slice($0.range) } == ["é", "é", "display_name"])
    // Comments that are not carets are not annotations.
    #expect(Fixture.annotations(in: "// batchspec-ignore BS3001\njob j { }\n").isEmpty)
  }
}
