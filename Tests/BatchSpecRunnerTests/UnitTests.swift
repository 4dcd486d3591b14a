// The runner's small pieces: command-line splitting, output patterns, path checks.

import Testing

import BatchSpecRunner

@Suite struct UnitTests {
  @Test func commandLinesSplitLikeAShellWithoutExpansion() throws {
    #expect(try CommandLineSplitter.split("a  b\tc") == ["a", "b", "c"])
    #expect(
      try CommandLineSplitter.split(#"/bin/sh -c 'echo "$X" | wc -l'"#) == ["/bin/sh", "-c", #"echo "$X" | wc -l"#])
    #expect(try CommandLineSplitter.split(#"say "a \"b\" \$c \n""#) == ["say", #"a "b" $c \n"#])
    #expect(try CommandLineSplitter.split(#"a\ b 'c'd"e""#) == ["a b", "cde"])
    #expect(try CommandLineSplitter.split("x ''") == ["x", ""])
    #expect(throws: CommandLineSplitter.SplitError.self) { try CommandLineSplitter.split("echo 'open") }
    #expect(throws: CommandLineSplitter.SplitError.self) { try CommandLineSplitter.split("   ") }
  }

  @Test func outputPatternsMatchLikeBatch() {
    #expect(Glob.matches(["*.png"], "frame_1.png"))
    #expect(!Glob.matches(["*.png"], "sub/frame_1.png"))
    #expect(Glob.matches(["**", "*.png"], "sub/deeper/frame_1.png"))
    #expect(Glob.matches(["**", "*.png"], "frame_1.png"))
    #expect(Glob.matches(["**"], "a/b/c"))
    #expect(Glob.matches(["frame_?.png"], "frame_7.png"))
    #expect(!Glob.matches(["frame_?.png"], "frame_17.png"))
    #expect(Glob.matches(["std*.txt"], "stderr.txt"))
  }

  @Test func pathsAreNormalizedOrRefused() throws {
    #expect(try PathSafety.segments("a/./b//c/", what: "x") == ["a", "b", "c"])
    #expect(try PathSafety.segments("a/../b", what: "x") == ["b"])
    #expect(try PathSafety.segments("../std*.txt", what: "x", allowedUp: 1) == ["..", "std*.txt"])
    #expect(throws: FileError.self) { try PathSafety.segments("../x", what: "x") }
    #expect(throws: FileError.self) { try PathSafety.segments("a/../../x", what: "x") }
    #expect(throws: FileError.self) { try PathSafety.segments("/etc/passwd", what: "x") }
    #expect(PathSafety.isPlainName("frame-1_a.b"))
    #expect(!PathSafety.isPlainName(".."))
    #expect(!PathSafety.isPlainName("a/b"))
    #expect(!PathSafety.isPlainName(""))
  }
}
