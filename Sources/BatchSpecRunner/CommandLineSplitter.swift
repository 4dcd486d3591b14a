// Splits a command line into arguments the way Azure Batch's Linux node agent does: no shell,
// no variable expansion; whitespace separates, quotes group, backslash escapes.

/// Splits command lines into argument vectors.
package enum CommandLineSplitter {
  /// Why a command line could not be split.
  package struct SplitError: Error, Equatable, CustomStringConvertible {
    package var description: String
  }

  /// The arguments of `commandLine`: single quotes keep everything literally, double quotes keep
  /// all but `\"`, `\\`, `\$` and `` \` `` escapes, and a backslash outside quotes escapes the next
  /// character. `$VAR` is passed through untouched: only a shell expands it.
  package static func split(_ commandLine: String) throws(SplitError) -> [String] {
    var arguments: [String] = []
    var current = ""
    var inArgument = false
    var iterator = Array(commandLine.unicodeScalars).makeIterator()
    while let c = iterator.next() {
      switch c {
      case " ", "\t", "\n", "\r":
        if inArgument {
          arguments.append(current)
          current = ""
          inArgument = false
        }
      case "'":
        inArgument = true
        var closed = false
        while let d = iterator.next() {
          if d == "'" {
            closed = true
            break
          }
          current.unicodeScalars.append(d)
        }
        if !closed { throw SplitError(description: "unterminated single quote in the command line") }
      case "\"":
        inArgument = true
        var closed = false
        while let d = iterator.next() {
          if d == "\"" {
            closed = true
            break
          }
          if d == "\\", let e = iterator.next() {
            if !["\"", "\\", "$", "`"].contains(e) { current.unicodeScalars.append(d) }
            current.unicodeScalars.append(e)
            continue
          }
          current.unicodeScalars.append(d)
        }
        if !closed { throw SplitError(description: "unterminated double quote in the command line") }
      case "\\":
        inArgument = true
        if let d = iterator.next() { current.unicodeScalars.append(d) }
      default:
        inArgument = true
        current.unicodeScalars.append(c)
      }
    }
    if inArgument { arguments.append(current) }
    if arguments.isEmpty { throw SplitError(description: "the command line is empty") }
    return arguments
  }
}
