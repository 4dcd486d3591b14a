// `batchspec explain CODE...` and `explain --list`: the code reference (the same Markdown as hover
// and the rule reference, from `RuleDocumentation.render`), for a terminal or as JSON.

import BatchSpecCore

/// The `explain` subcommand.
enum ExplainCommand {
  static let spec = CommandSpec(
    name: "explain", arguments: "CODE",
    summary: "Explain a diagnostic code; `explain --list` lists them.",
    usage: ["explain CODE... [options]", "explain --list [options]"],
    description: """
      Prints what a diagnostic code checks, why it matters, an example that fires, the fix, and
      the Azure limit behind it with its value. CODE is a code (`BS3001`) or a name
      (`dedicated-core-quota-exceeded`); syntax and type codes (BS1xxx, BS2xxx) are explained too.
      """,
    options: [
      .flag("list", help: "List every code with its default severity and summary."),
      .choice(
        "format", ["text", "json"], help: "Output format (default: text). JSON is `{\"codes\":[...]}` either way."),
      .color("Colour text output (default: auto: a terminal, and NO_COLOR unset)."),
    ],
    positionals: .words(CodeReference.codes.map(\.rawValue)),
    epilogue: "")

  static func run(_ arguments: [String], console: inout Console) throws(UsageError) -> Int32 {
    let parsed = try Arguments(arguments, spec)
    if parsed.wantsHelp {
      console.stdout += spec.help + "\n"
      return 0
    }
    let format = parsed.value("format") ?? "text"
    guard format == "text" || format == "human" || format == "json" else {
      throw UsageError("`--format` is `text` or `json`, not `\(format)`")
    }
    let useColor = try console.useColor(parsed.value("color"))
    if parsed.flags.contains("list") {
      guard parsed.positionals.isEmpty else { throw UsageError("`--list` takes no codes") }
      console.stdout += format == "json" ? json(CodeReference.all, full: false) : list(useColor: useColor)
      return 0
    }
    guard !parsed.positionals.isEmpty else {
      throw UsageError("name a code to explain (`batchspec explain BS3001`), or use `--list`")
    }
    var entries: [CodeReferenceEntry] = []
    for name in parsed.positionals {
      guard let entry = CodeReference.entry(name) else {
        throw UsageError(
          "no code or rule named `\(name)`\(Suggestions.didYouMean(CodeReference.suggestion(for: name))) (`batchspec explain --list` lists every code)"
        )
      }
      entries.append(entry)
    }
    if format == "json" {
      console.stdout += json(entries, full: true)
    } else {
      console.stdout += entries.map(page(useColor: useColor)).joined(separator: "\n")
    }
    return 0
  }

  /// Every code on one line: code, default severity, name, summary.
  static func list(useColor: Bool) -> String {
    let nameWidth = CodeReference.all.map(\.code.name.count).max() ?? 0
    var out = ""
    for entry in CodeReference.all {
      let severity = entry.code.defaultSeverity.name.padding(11)
      let code = useColor ? "\u{1B}[1m\(entry.code.rawValue)\u{1B}[0m" : entry.code.rawValue
      out += "\(code)  \(severity) \(entry.code.name.padding(nameWidth))  \(entry.code.summary)\n"
    }
    return out
  }

  static func json(_ entries: [CodeReferenceEntry], full: Bool) -> String {
    let items = entries.map { entry -> JSON in
      var members: [(String, JSON)] = [
        ("code", .string(entry.code.rawValue)), ("name", .string(entry.code.name)),
        ("severity", .string(entry.code.defaultSeverity.name)), ("group", .string(entry.code.group.rawValue)),
        ("configurable", .bool(entry.isConfigurable)), ("summary", .string(entry.code.summary)),
      ]
      if full {
        members.append(("markdown", .string(entry.markdown)))
        members.append(("sections", .object(sections(entry.documentation ?? "").map { ($0, .string($1)) })))
      }
      return .object(members)
    }
    return JSON.object([("codes", .array(items))]).serialized() + "\n"
  }

  /// The `## Heading` sections of a rule's documentation, in order, without their headings.
  static func sections(_ markdown: String) -> [(String, String)] {
    var result: [(String, [Substring])] = []
    for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("## ") {
        result.append((String(line.dropFirst(3)), []))
      } else if !result.isEmpty {
        result[result.count - 1].1.append(line)
      }
    }
    return result.map { heading, lines in
      (heading, lines.joined(separator: "\n").trimming("\n"))
    }
  }

  /// An entry's page for a terminal, with how to configure it.
  static func page(useColor: Bool) -> (CodeReferenceEntry) -> String {
    { entry in
      var text = terminal(entry.markdown, useColor: useColor)
      if entry.isConfigurable {
        text += "\nLevel: set `rules { \(entry.code.name) = off|hint|info|warning|error }` in batchspec.config.\n"
      }
      return text
    }
  }

  /// Markdown for a terminal: headings bold, code blocks indented (and coloured), fences dropped.
  static func terminal(_ markdown: String, useColor: Bool) -> String {
    func paint(_ text: String, _ code: String) -> String { useColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    var out = ""
    var inCode = false
    for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("```") {
        inCode.toggle()
        continue
      }
      if inCode {
        out += "    " + paint(String(line), "36") + "\n"
      } else if line.hasPrefix("# ") {
        out += paint(String(line.dropFirst(2)), "1;4") + "\n"
      } else if line.hasPrefix("## ") {
        out += paint(String(line.dropFirst(3)), "1") + "\n"
      } else {
        out += line + "\n"
      }
    }
    return out
  }
}

extension String {
  /// The string padded with spaces to `width` characters.
  fileprivate func padding(_ width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }

  /// The string without leading and trailing `characters`.
  fileprivate func trimming(_ character: Character) -> String {
    var text = Substring(self)
    while text.first == character { text = text.dropFirst() }
    while text.last == character { text = text.dropLast() }
    return String(text)
  }
}
