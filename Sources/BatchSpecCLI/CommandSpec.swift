// The table that declares each command and its options. `--help`, `help COMMAND`, the argument
// parser and the shell completion scripts all read it, so an option cannot be accepted without
// being documented and completed.

/// What a value (an option's, or a positional argument) completes to in a shell.
package enum ValueCompletion: Equatable, Sendable {
  /// Free text: nothing to offer.
  case text
  /// Paths: directories, and files with one of these extensions (any file when there is none).
  case paths([String])
  /// Directories only.
  case directories
  /// One of these words.
  case words([String])
  /// A command's name (for `help COMMAND`).
  case commands
}

/// One option of a command, as `--help` shows it and the parser reads it.
package struct OptionSpec: Sendable {
  /// Its names without dashes: a one-letter name is written `-o`, a longer one `--output`.
  package var names: [String]
  /// The value's placeholder in help (`FILE`, `human|json`), or nil for a flag.
  package var value: String?
  /// What the value completes to.
  package var completion: ValueCompletion
  /// The help text; lines after the first are continuation lines.
  package var help: String

  /// A flag: an option without a value.
  package static func flag(_ names: String..., help: String) -> OptionSpec {
    OptionSpec(names: names, value: nil, completion: .text, help: help)
  }

  /// An option taking a value.
  package static func option(
    _ names: String..., value: String, completion: ValueCompletion = .text, help: String
  ) -> OptionSpec {
    OptionSpec(names: names, value: value, completion: completion, help: help)
  }

  /// An option choosing one of `words`, shown as `--name a|b|c`.
  package static func choice(_ name: String, _ words: [String], help: String) -> OptionSpec {
    OptionSpec(names: [name], value: words.joined(separator: "|"), completion: .words(words), help: help)
  }

  /// `--color auto|always|never`, with what it colours.
  package static func color(_ help: String) -> OptionSpec {
    choice("color", ["auto", "always", "never"], help: help)
  }

  /// `--stdin-name PATH`, for commands that read `-`.
  package static func stdinName(_ help: String = "The path standard input stands for (`-`).") -> OptionSpec {
    option("stdin-name", value: "PATH", completion: .paths(["batch"]), help: help)
  }

  /// `--param NAME=VALUE`, which overrides a param's default.
  package static func param(_ help: String = "Override a param's default; repeatable.") -> OptionSpec {
    option("param", value: "NAME=VALUE", help: help)
  }

  /// `-h, --help`, which every command has.
  package static let help = flag("h", "help", help: "Show this help.")

  /// The names as typed: `-o`, `--output`.
  package var spellings: [String] { names.map { $0.count == 1 ? "-\($0)" : "--\($0)" } }

  /// The help text as one line, up to the end of its first sentence: what completion menus show.
  package var summary: String { CommandSpec.firstSentence(help) }
}

/// One subcommand: what the command list, `--help`, the parser and the completions know of it.
package struct CommandSpec: Sendable {
  /// The command's name: `check`.
  package var name: String
  /// Its arguments as the command list shows them: `[PATH...]`.
  package var arguments: String
  /// One line for the command list.
  package var summary: String
  /// Usage lines, each after `batchspec `.
  package var usage: [String]
  /// What it does: paragraphs, already wrapped.
  package var description: String
  /// Its options; `-h, --help` is added at the end.
  package var options: [OptionSpec]
  /// What its positional arguments complete to.
  package var positionals: ValueCompletion
  /// Sections after the options (`EXIT STATUS:`...), already wrapped.
  package var epilogue: String

  /// Creates a command's entry; `-h, --help` is appended to `options`.
  package init(
    name: String, arguments: String, summary: String, usage: [String], description: String,
    options: [OptionSpec], positionals: ValueCompletion, epilogue: String
  ) {
    self.name = name
    self.arguments = arguments
    self.summary = summary
    self.usage = usage
    self.description = description
    self.options = options + [.help]
    self.positionals = positionals
    self.epilogue = epilogue
  }

  /// The names of its flags (options without a value), without dashes.
  package var flagNames: Set<String> { Set(options.filter { $0.value == nil }.flatMap(\.names)) }

  /// The names of its options taking a value, without dashes.
  package var valueOptionNames: Set<String> { Set(options.filter { $0.value != nil }.flatMap(\.names)) }

  /// The text `batchspec COMMAND --help` and `batchspec help COMMAND` print.
  package var help: String {
    var text = usage.enumerated().map { ($0.offset == 0 ? "USAGE: " : "       ") + "batchspec " + $0.element }
      .joined(separator: "\n")
    if !description.isEmpty { text += "\n\n" + description }
    text += "\n\nOPTIONS:\n" + CommandSpec.optionLines(options)
    if !epilogue.isEmpty { text += "\n\n" + epilogue }
    return text
  }

  /// Option lines as help shows them: the spellings and value, the help text from column 26.
  package static func optionLines(_ options: [OptionSpec]) -> String {
    let column = 24
    var lines: [String] = []
    for option in options {
      let label = option.spellings.joined(separator: ", ") + (option.value.map { " " + $0 } ?? "")
      let helpLines = option.help.split(separator: "\n", omittingEmptySubsequences: false)
      let indent = String(repeating: " ", count: column + 2)
      if label.count <= column - 2 {
        lines.append("  " + label + String(repeating: " ", count: column - label.count) + helpLines[0])
      } else {
        lines.append("  " + label)
        lines.append(indent + helpLines[0])
      }
      lines += helpLines.dropFirst().map { indent + $0 }
    }
    return lines.joined(separator: "\n")
  }

  /// `text` on one line, up to the end of its first sentence.
  static func firstSentence(_ text: String) -> String {
    let line = text.split(whereSeparator: \.isNewline).map { $0.drop { $0 == " " } }.joined(separator: " ")
    guard let end = line.firstRange(of: ". ") else { return line }
    return String(line[..<end.lowerBound]) + "."
  }
}
