// Reading a command line as a shell would, to find what only a shell reads (BS5045).

/// The shell syntax of a command line that Batch runs without a shell.
enum ShellSyntax {
  /// What a shell would have read.
  enum Kind: Equatable { case chaining, pipe, redirection, expansion, substitution }

  /// The first piece of shell syntax in a command line, with its program.
  struct Found: Equatable {
    var kind: Kind
    var text: String
    var program: String
  }

  /// Programs that read a command line themselves: a line they start is left alone.
  private static let shells: Set<String> = [
    "sh", "bash", "dash", "zsh", "ksh", "ash", "mksh", "fish", "csh", "tcsh", "busybox", "cmd", "powershell", "pwsh",
  ]
  /// Programs that start the next word as a program: `env`, `sudo`...
  private static let launchers: Set<String> = ["env", "sudo", "nice", "nohup", "exec", "time", "stdbuf"]

  /// The first piece of shell syntax in `line` outside the quotes that keep it literal, unless the
  /// program is a shell. On Linux single quotes keep everything, double quotes all but `$` and
  /// backquotes, and a backslash the next byte (as Batch's agent splits a line); on Windows only
  /// double quotes group, and `%NAME%` is expanded by `cmd` alone.
  static func first(in line: String, windows: Bool) -> Found? {
    var line = line
    return line.withUTF8 { bytes in
      // Most lines start a shell, or hold no shell syntax: the program is read in full only for
      // one that does.
      guard !startsWithShellCommand(bytes), let (kind, range) = scan(bytes, windows: windows) else { return nil }
      let words = leadingWords(bytes, windows: windows)
      guard
        let program = words.first(where: {
          !launchers.contains(name(of: $0)) && !$0.hasPrefix("-") && !$0.contains("=")
        }) ?? words.first,
        !startsShell(bytes, before: range.lowerBound)
      else { return nil }
      return Found(kind: kind, text: String(decoding: bytes[range], as: UTF8.self), program: program)
    }
  }

  /// The first piece of shell syntax in `bytes`, and where it is.
  private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, windows: Bool) -> (Kind, Range<Int>)? {
    func found(_ kind: Kind, _ start: Int, _ end: Int) -> (Kind, Range<Int>) { (kind, start..<end) }
    var k = 0
    var inSingle = false
    var inDouble = false
    while k < bytes.count {
      let b = bytes[k]
      let next = k + 1 < bytes.count ? bytes[k + 1] : 0
      if inSingle {
        if b == UInt8(ascii: "'") { inSingle = false }
        k += 1
        continue
      }
      switch b {
      case UInt8(ascii: "\\") where !windows:
        k += 2
        continue
      case UInt8(ascii: "'") where !windows && !inDouble:
        inSingle = true
      case UInt8(ascii: "\""):
        inDouble.toggle()
      case UInt8(ascii: "%") where windows:
        var end = k + 1
        while end < bytes.count, isNameByte(bytes[end]) { end += 1 }
        if end > k + 1, end < bytes.count, bytes[end] == UInt8(ascii: "%") { return found(.expansion, k, end + 1) }
      case UInt8(ascii: "$") where !windows:
        if next == UInt8(ascii: "(") { return found(.substitution, k, k + 2) }
        if next == UInt8(ascii: "{") {
          var end = k + 2
          while end < bytes.count, bytes[end] != UInt8(ascii: "}") { end += 1 }
          return found(.expansion, k, min(end + 1, bytes.count))
        }
        if isNameStart(next) {
          var end = k + 1
          while end < bytes.count, isNameByte(bytes[end]) { end += 1 }
          return found(.expansion, k, end)
        }
      case UInt8(ascii: "`") where !windows:
        return found(.substitution, k, k + 1)
      case _ where inDouble:
        break
      case UInt8(ascii: "&"), UInt8(ascii: "|"):
        if next == b { return found(.chaining, k, k + 2) }
        if b == UInt8(ascii: "|") { return found(.pipe, k, k + 1) }
        // `cmd &` sends it to the background; `?a=1&b=2` in a URL is no shell syntax without a shell.
        if (k == 0 || isBlank(bytes[k - 1])) && (k + 1 == bytes.count || isBlank(next)) {
          return found(.chaining, k, k + 1)
        }
      case UInt8(ascii: ";") where !windows:
        return found(.chaining, k, k + 1)
      case UInt8(ascii: ">"), UInt8(ascii: "<"):
        return found(.redirection, k, next == b ? k + 2 : k + 1)
      default:
        break
      }
      k += 1
    }
    return nil
  }

  /// The words a line starts with, up to the first that holds a quote or shell syntax: enough
  /// to find its program behind `env` or `sudo`.
  private static func leadingWords(_ bytes: UnsafeBufferPointer<UInt8>, windows: Bool) -> [String] {
    var words: [String] = []
    var k = 0
    while words.count < 8 {
      while k < bytes.count, bytes[k] == 0x20 || bytes[k] == 0x09 { k += 1 }
      guard k < bytes.count else { break }
      var start = k
      var end: Int
      if bytes[k] == UInt8(ascii: "\"") || (!windows && bytes[k] == UInt8(ascii: "'")) {
        // A quoted program: `"C:\Program Files\tool.exe" -x`.
        let quote = bytes[k]
        start = k + 1
        end = start
        while end < bytes.count, bytes[end] != quote { end += 1 }
        k = min(end + 1, bytes.count)
      } else {
        end = k
        while end < bytes.count, !endsWord(bytes[end]) { end += 1 }
        k = end
        if end == start { break }  // shell syntax: the words that could name the program are over
      }
      words.append(String(decoding: bytes[start..<end], as: UTF8.self))
    }
    return words
  }

  /// A program's name without its directory or `.exe`, lowercased: `/bin/bash` is `bash`.
  private static func name(of program: String) -> String {
    var name = Substring(program)
    if let slash = name.lastIndex(where: { $0 == "/" || $0 == "\\" }) { name = name[name.index(after: slash)...] }
    let lowered = name.lowercased()
    return lowered.hasSuffix(".exe") ? String(lowered.dropLast(4)) : lowered
  }

  /// The shells' names as bytes, for the first word of every line.
  private static let shellNames = shells.map { Array($0.utf8) }

  /// Whether the line's first word, unquoted, is a shell (`/bin/sh`, `bash`, `cmd.exe`) given a
  /// command to read (`-c`, `/c`), read without allocating: most command lines of a project start so.
  private static func startsWithShellCommand(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var start = 0
    while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
    var end = start
    var nameStart = start
    while end < bytes.count, !endsWord(bytes[end]), bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "'") {
      if bytes[end] == UInt8(ascii: "/") || bytes[end] == UInt8(ascii: "\\") { nameStart = end + 1 }
      end += 1
    }
    guard end < bytes.count, bytes[end] == 0x20 || bytes[end] == 0x09, isCommandOption(bytes, after: end) else {
      return false
    }
    var nameEnd = end
    if nameEnd - nameStart > 4, bytes[nameEnd - 4] == UInt8(ascii: "."),
      bytes[nameEnd - 3] | 0x20 == UInt8(ascii: "e"), bytes[nameEnd - 2] | 0x20 == UInt8(ascii: "x"),
      bytes[nameEnd - 1] | 0x20 == UInt8(ascii: "e")
    {
      nameEnd -= 4
    }
    let name = UnsafeBufferPointer(rebasing: bytes[nameStart..<nameEnd])
    return shellNames.contains { shell in
      shell.count == name.count && zip(shell, name).allSatisfy { $0 == $1 | (($1 >= 0x41 && $1 <= 0x5A) ? 0x20 : 0) }
    }
  }

  /// Whether a shell is started with a command to read (`docker run img sh -c "..."`, `sudo -u batch
  /// bash -c '...'`, `cmd /c`) before `end`, where the shell syntax is: what follows is that
  /// shell's to read. A shell given a script (`bash run.sh > out.log`) reads none of the line.
  private static func startsShell(_ bytes: UnsafeBufferPointer<UInt8>, before end: Int) -> Bool {
    let words = bytes.split(whereSeparator: isBlank)
    for (word, next) in zip(words, words.dropFirst()) where word.startIndex < end {
      let isQuote = { (b: UInt8) in b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") }
      let program = name(
        of: String(decoding: word.drop(while: isQuote).reversed().drop(while: isQuote).reversed(), as: UTF8.self))
      guard shells.contains(program) else { continue }
      if isCommandOption(bytes, after: next.startIndex) { return true }
    }
    return false
  }

  /// Whether the word after `offset` (past blanks) is a shell's option that takes the command to
  /// read: `-c` (also `-lc`, `-ec`...), `/c`, `/k` or `-Command`; `cmd`'s other switches (`/s`,
  /// `/q`, `/d`, `/v:on`, `/e:on`...) may come first, as in `cmd /s /c "..."`.
  private static func isCommandOption(_ bytes: UnsafeBufferPointer<UInt8>, after offset: Int) -> Bool {
    var start = offset
    // Read as bytes, case aside: this runs on most command lines of a project.
    func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
    while true {
      while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
      var end = start
      while end < bytes.count, !isBlank(bytes[end]) { end += 1 }
      let word = UnsafeBufferPointer(rebasing: bytes[start..<end])
      func equals(_ text: StaticString) -> Bool {
        word.count == text.utf8CodeUnitCount
          && zip(word, UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)).allSatisfy {
            lower($0) == $1
          }
      }
      if equals("/c") || equals("/k") || equals("-command") { return true }
      if isCmdSwitch(word, lower) {
        start = end
        continue
      }
      guard word.count >= 2, word[0] == UInt8(ascii: "-"), word[1] != UInt8(ascii: "-") else { return false }
      return word.contains { lower($0) == UInt8(ascii: "c") }
    }
  }

  /// Whether `word` is one of `cmd`'s switches other than `/c` and `/k`: `/s`, `/q`, `/d`, `/a`,
  /// `/u`, or one with a setting, `/v:on`, `/e:off`, `/f:on`, `/t:0a`.
  private static func isCmdSwitch(_ word: UnsafeBufferPointer<UInt8>, _ lower: (UInt8) -> UInt8) -> Bool {
    guard word.count >= 2, word[0] == UInt8(ascii: "/") else { return false }
    let letter = lower(word[1])
    if word.count == 2 { return "sqdauvef".utf8.contains(letter) }
    return "veft".utf8.contains(letter) && word[2] == UInt8(ascii: ":") && word.count > 3
  }

  private static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

  /// Whether `b` ends an unquoted word: a blank, or shell syntax (`make;` runs `make`).
  private static func endsWord(_ b: UInt8) -> Bool {
    b == 0x20 || b == 0x09 || b == UInt8(ascii: ";") || b == UInt8(ascii: "&") || b == UInt8(ascii: "|")
      || b == UInt8(ascii: ">") || b == UInt8(ascii: "<")
  }

  private static func isNameStart(_ b: UInt8) -> Bool {
    (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
      || b == UInt8(ascii: "_")
  }

  private static func isNameByte(_ b: UInt8) -> Bool {
    isNameStart(b) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
  }
}
