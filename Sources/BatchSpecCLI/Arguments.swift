// A small hand-written argument parser: flags, options with values, `--name=value`, positionals.

import BatchSpecCore

/// A usage error: printed as one line, exit status 2.
package struct UsageError: Error, Equatable {
  /// The message, without the `error:` prefix.
  package var message: String
  /// Creates a usage error.
  package init(_ message: String) { self.message = message }
}

/// Parsed command-line arguments of one subcommand.
package struct Arguments {
  /// Positional arguments, in order.
  package var positionals: [String] = []
  /// Option values by name (without dashes); repeatable options keep every value.
  package var options: [String: [String]] = [:]
  /// Flags that were given.
  package var flags: Set<String> = []

  /// Parses `arguments` given which names are flags and which take a value.
  package init(_ arguments: [String], flags known: Set<String>, options takingValues: Set<String>) throws(UsageError) {
    var i = 0
    var onlyPositionals = false
    while i < arguments.count {
      let argument = arguments[i]
      i += 1
      if onlyPositionals || argument == "-" || !argument.hasPrefix("-") {
        positionals.append(argument)
        continue
      }
      if argument == "--" {
        onlyPositionals = true
        continue
      }
      var name = String(argument.drop { $0 == "-" })
      var inlineValue: String?
      if let equals = name.firstIndex(of: "=") {
        inlineValue = String(name[name.index(after: equals)...])
        name = String(name[..<equals])
      }
      if known.contains(name) {
        if inlineValue != nil { throw UsageError("`--\(name)` takes no value") }
        flags.insert(name)
      } else if takingValues.contains(name) {
        if let inlineValue {
          options[name, default: []].append(inlineValue)
        } else if i < arguments.count {
          options[name, default: []].append(arguments[i])
          i += 1
        } else {
          throw UsageError("`--\(name)` needs a value")
        }
      } else {
        let all = known.union(takingValues)
        let suggestion = closest(name, all)
        let spelling = suggestion.map { $0.count == 1 ? "-\($0)" : "--\($0)" }
        throw UsageError("unknown option `\(argument)`\(spelling.map { "; did you mean `\($0)`?" } ?? "")")
      }
    }
  }

  /// Parses `arguments` with the flags and options `command` declares.
  package init(_ arguments: [String], _ command: CommandSpec) throws(UsageError) {
    try self.init(arguments, flags: command.flagNames, options: command.valueOptionNames)
  }

  /// Whether `-h` or `--help` was given.
  package var wantsHelp: Bool { flags.contains("help") || flags.contains("h") }

  /// The last value of an option.
  package func value(_ name: String) -> String? { options[name]?.last }

  /// The option `name` was likely meant to be: one it begins or that begins it, of two letters
  /// or more on both sides (`-q` is no abbreviation of `--quiet` nor a misspelt `-h`).
  private func closest(_ name: String, _ candidates: Set<String>) -> String? {
    guard name.count >= 2 else { return nil }
    return candidates.sorted().first { $0.count >= 2 && ($0.hasPrefix(name) || name.hasPrefix($0)) }
      ?? Suggestions.closest(to: name, in: candidates.sorted())
  }
}

extension Arguments {
  /// The one path `command` takes (`what` says of what), or a usage error that says so and where
  /// the command's help is.
  package func onePath(of command: CommandSpec, _ what: String = "project path") throws(UsageError) -> String {
    guard positionals.count == 1, let path = positionals.first else {
      throw UsageError("`\(command.name)` takes one \(what); run `batchspec \(command.name) --help`")
    }
    return path
  }
}
