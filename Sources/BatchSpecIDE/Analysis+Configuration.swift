// Hover and completion in a `batchspec.config` a loaded project uses: its two blocks, the rules
// by name or code with their reference pages, the levels, and the options with their meanings.

internal import BatchSpecCore

extension Analysis {
  /// The configuration file's two blocks and what each holds.
  private static let configurationBlocks: [(kind: String, meaning: String)] = [
    ("rules", "Each rule's level, by name or code: `insecure-url = off`, `BS6003 = warning`."),
    ("options", "Rule options and the quotas assumed for accounts that declare none, each a non-negative int."),
  ]

  /// What may be written at `offset` of the configuration file at `path`: the blocks at the top
  /// level, the configurable rules not yet set in `rules`, a level after `=`, the options not
  /// yet set in `options`.
  func configurationCompletions(_ path: String, offset: Int) -> [CompletionEntry] {
    guard let bytes = configuration(path)?.file?.bytes else { return [] }
    let offset = min(max(offset, 0), bytes.count)
    var wordStart = offset
    while wordStart > 0, Self.isWordByte(bytes[wordStart - 1]) { wordStart -= 1 }
    let replacing = TextRange(wordStart, offset)
    let context = CompletionContext(bytes: bytes, offset: wordStart)
    if context.isInComment { return [] }
    func setting(_ name: String, detail: String, documentation: String?, filterText: String? = nil) -> CompletionEntry {
      CompletionEntry(
        label: name, kind: .attribute, detail: detail, documentation: documentation, insertText: "\(name) = $0",
        isSnippet: true, replacing: replacing, filterText: filterText)
    }
    if context.valueOf != nil {
      guard context.block?.kind == "rules" else { return [] }
      return RuleLevel.allCases.map {
        CompletionEntry(
          label: $0.rawValue, kind: .enumWord, detail: "rule level", insertText: $0.rawValue, replacing: replacing)
      }
    }
    guard context.startsStatement else { return [] }
    switch context.block?.kind {
    case nil:
      return Self.configurationBlocks.map {
        CompletionEntry(
          label: $0.kind, kind: .block, detail: "\($0.kind) block", documentation: $0.meaning,
          insertText: "\($0.kind) {\n  $0\n}", isSnippet: true, replacing: replacing)
      }
    case "rules":
      return ConfigurableCodes.all.filter {
        !context.present.contains($0.name) && !context.present.contains($0.rawValue)
      }
      .map { code in
        setting(
          code.name, detail: "\(code.rawValue), \(code.defaultSeverity.name) by default",
          documentation: CodeReference.entry(code.rawValue)?.markdown, filterText: "\(code.name) \(code.rawValue)")
      }
    case "options":
      return ValidationConfiguration.optionNames.filter { !context.present.contains($0.name) }.map {
        setting($0.name, detail: "int", documentation: $0.meaning)
      }
    default:
      return []
    }
  }

  /// What hover says at `offset` of the configuration file at `path`: a block's meaning, a
  /// rule's reference page, an option's meaning.
  func configurationHover(_ path: String, offset: Int) -> (range: TextRange, text: String?)? {
    guard let file = configuration(path)?.file else { return nil }
    let cursor = SyntaxCursor(tree: Parser.parse(file), offset: offset)
    guard let (name, role) = cursor.name else { return nil }
    switch role {
    case .blockKind:
      let meaning = Self.configurationBlocks.first { $0.kind == name.text }?.meaning
      return (name.range, meaning.map { "**\(name.text)** block\n\n\($0)" })
    case .attributeName where cursor.block?.kind.text == "rules":
      return (name.range, CodeReference.entry(name.text)?.markdown)
    case .attributeName where cursor.block?.kind.text == "options":
      let meaning = ValidationConfiguration.optionNames.first { $0.name == name.text }?.meaning
      return (name.range, meaning.map { "**\(name.text)**: int\n\n\($0.prefix(1).uppercased() + $0.dropFirst())." })
    default:
      return (name.range, nil)
    }
  }
}
