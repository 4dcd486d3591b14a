// What replaced Foundation in the `batchspec` binary behaves as Foundation did: path names cut as
// `NSString` cuts them, percent-decoding as `removingPercentEncoding`, file errors in the
// system's words; and no module of the binary imports Foundation again by accident.

import BatchSpecCLI
import BatchSpecIDE
import BatchSpecCore
import Foundation
import Testing

@Suite struct SystemIOTests {
  /// Paths as users write them. (Foundation also folds `//` into `/` in some of its answers, and
  /// on Linux traps in `deletingLastPathComponent` for a one-character name such as `a`: those
  /// are checked by hand below.)
  static let paths = [
    "", "/", "/a", "/a/", "a/b", "a/b/", "/a/b/c.batch", "./x.batch", "../x", "dir.d/file", "dir.d/file.json",
    ".hidden", "a/.hidden", "a/b.tar.gz", "a.", "a/b.", "run/", "é/ü.batch", "spec.batch", "samples/hello-world",
    "samples/hello-world/", "/tmp/p10/pools.batch",
  ]

  @Test func pathNamesAreCutAsNSStringCutsThem() {
    for path in Self.paths {
      let ns = path as NSString
      #expect(PathName.lastComponent(path) == ns.lastPathComponent, "lastComponent(\(path))")
      #expect(PathName.deletingLastComponent(path) == ns.deletingLastPathComponent, "deletingLastComponent(\(path))")
      #expect(PathName.deletingExtension(path) == ns.deletingPathExtension, "deletingExtension(\(path))")
    }
    #expect(PathName.deletingLastComponent("a") == "")
    #expect(PathName.deletingLastComponent("a/") == "")
    #expect(PathName.lastComponent("a/") == "a")
    #expect(PathName.deletingLastComponent("a//b") == "a")
    #expect(PathName.lastComponent("a//b") == "b")
  }

  @Test func aPathIsNormalizedWithoutTouchingTheDisk() {
    let cases = [
      ("./a.batch", "a.batch"), ("a//b/", "a/b"), ("./", "."), (".", "."), ("/", "/"), ("//a/./b", "/a/b"),
      ("../x/./y", "../x/y"), ("a/../b", "a/../b"), ("", ""),
    ]
    for (path, normalized) in cases { #expect(PathName.normalized(path) == normalized, "\(path)") }
  }

  @Test func percentDecodingAgreesWithFoundation() {
    var generator = SystemRandomNumberGenerator()
    let alphabet = Array("ab%/ 2F4g0é".unicodeScalars)
    var texts = ["", "a%20b", "%", "%2", "%2g", "%C3%A9", "%C3", "%E2%82%AC%", "100%25", "%ff", "a%2Fb%2fc"]
    for _ in 0..<2_000 {
      let length = Int.random(in: 0...12, using: &generator)
      texts.append(
        String(String.UnicodeScalarView((0..<length).map { _ in alphabet.randomElement(using: &generator)! })))
    }
    for text in texts {
      #expect(URIPath.decode(text) == text.removingPercentEncoding, "decode(\(text))")
    }
  }

  @Test func fileErrorsAreDescribedInTheSystemsWords() throws {
    do {
      try Data("x".utf8).write(to: URL(fileURLWithPath: "/nonexistent-\(UUID())/x"), options: .atomic)
      Issue.record("writing into a missing directory succeeded")
    } catch {
      #expect(SystemIO.describe(error) == "No such file or directory")
    }
    struct Plain: Error, CustomStringConvertible { var description: String { "plain words" } }
    #expect(SystemIO.describe(Plain()) == "plain words")
  }

  /// Files read straight into an array hold what Foundation reads: empty, small, a megabyte of
  /// every byte value; a pipe to its end; nothing for a directory or a missing file.
  @Test func filesAreReadAsFoundationReadsThem() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("read-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    var generator = SystemRandomNumberGenerator()
    let contents: [[UInt8]] = [
      [], Array("pool p {}\n".utf8), (0..<1_048_579).map { _ in UInt8.random(in: 0...255, using: &generator) },
    ]
    for (index, bytes) in contents.enumerated() {
      let path = directory.appendingPathComponent("\(index).batch").path
      try Data(bytes).write(to: URL(fileURLWithPath: path))
      #expect(SystemIO.readFile(atPath: path) == bytes, "file of \(bytes.count) bytes")
      #expect(SystemIO.readFile(atPath: path) == FileManager.default.contents(atPath: path).map { [UInt8]($0) })
    }
    #expect(SystemIO.readFile(atPath: directory.path) == nil, "a directory")
    #expect(SystemIO.readFile(atPath: directory.appendingPathComponent("missing").path) == nil, "a missing file")
    let pipe = directory.appendingPathComponent("pipe").path
    #expect(mkfifo(pipe, 0o600) == 0)
    let writer = Thread {
      if let handle = FileHandle(forWritingAtPath: pipe) {
        handle.write(Data(contents[2]))
        try? handle.close()
      }
    }
    writer.start()
    #expect(SystemIO.readFile(atPath: pipe) == contents[2], "a pipe read to its end")
  }

  /// The binary links FoundationEssentials, never Foundation: Foundation maps its own libraries
  /// and ICU's, 5 MB more resident in every process (the language server's above all).
  @Test func noModuleOfTheBinaryImportsFoundation() throws {
    let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Sources")
    let modules = [
      "batchspec", "BatchSpecCLI", "BatchSpecCore", "BatchSpecIDE", "BatchSpecLSP", "BatchSpecPlan", "BatchSpecRunner",
    ]
    var checked = 0
    for module in modules {
      let directory = sources.appendingPathComponent(module)
      let files = try FileManager.default.subpathsOfDirectory(atPath: directory.path)
      for file in files where file.hasSuffix(".swift") {
        let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
        for line in text.split(separator: "\n") {
          let words = line.split(separator: " ")
          let imported = words.firstIndex(of: "import").map { $0 + 1 < words.count ? words[$0 + 1] : "" }
          #expect(imported != "Foundation", "\(module)/\(file): \(line)")
        }
        checked += 1
      }
    }
    #expect(checked > 100)
  }
}
