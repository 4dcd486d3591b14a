// The block snippets completion offers: a block with its label and required attributes, whose
// placeholders hold example values that check cleanly, so accepting a snippet as offered gives
// a valid file.

internal import BatchSpecCore

/// Writes LSP snippet text: numbered placeholders with escaped default text.
struct BlockSnippet {
  /// The snippet text so far.
  private(set) var text = ""
  /// The number of the next placeholder.
  private var next = 1

  /// A snippet writing a block of `schema`: its label, its required attributes, and the first
  /// attribute of each choice it must make (a pool's `image`), then the final cursor.
  static func text(for schema: BlockSchema) -> String {
    var snippet = BlockSnippet()
    snippet.text = schema.kind
    switch schema.label {
    case .none: break
    case .resourceID: snippet.text += " " + snippet.placeholder("my" + schema.kind.filter { $0 != "_" })
    case .text(let meaning, _):
      snippet.text += " \"" + snippet.placeholder(labelExamples[schema.kind] ?? example(in: meaning) ?? "name") + "\""
    }
    snippet.text += " {\n"
    let written = schema.exactlyOneOf.compactMap(\.first) + (alsoWritten[schema.kind] ?? [])
    for attribute in schema.attributes where attribute.isRequired || written.contains(attribute.name) {
      snippet.text += "\t\(attribute.name) = " + snippet.value(attribute) + "\n"
    }
    snippet.text += "\t$0\n}"
    return snippet.text
  }

  /// The ID a snippet suggests for a reference to a resource of `kind`, as the snippet of such a
  /// block labels it: lowercase letters only, which every resource kind accepts (account and
  /// storage names take no hyphens).
  static func exampleID(_ kind: ResourceKind) -> String { "my" + kind.rawValue }

  /// Attributes the schema leaves optional but a block cannot do without (BS5035: Batch refuses
  /// a task with an empty command line).
  private static let alsoWritten: [String: [String]] = [
    "task": ["command"], "manager": ["command"], "prepare": ["command"], "release": ["command"],
    "start_task": ["command"],
  ]

  /// Example labels for blocks whose label meaning carries no example.
  private static let labelExamples: [String: String] = [
    "input": "input.txt", "blobfuse_mount": "data", "nfs_mount": "data", "cifs_mount": "data",
    "azure_files_mount": "data", "extension": "monitor", "user": "batchuser", "inbound_nat": "web",
  ]

  /// Example values for required attributes whose documentation carries no "such as" example.
  private static let valueExamples: [String: String] = [
    "image": "\"canonical/0001-com-ubuntu-server-jammy/22_04-lts\"", "command": "\"echo hello\"",
  ]

  /// The first code span after "such as" in `text`, without its quotes: the example a schema's
  /// documentation gives.
  static func example(in text: String, keepingQuotes: Bool = false) -> String? {
    guard let suchAs = text.firstRange(of: "such as `") else { return nil }
    let rest = text[suchAs.upperBound...]
    guard let end = rest.firstIndex(of: "`") else { return nil }
    let span = String(rest[..<end])
    guard !keepingQuotes, span.count >= 2, span.hasPrefix("\""), span.hasSuffix("\"") else { return span }
    return String(span.dropFirst().dropLast())
  }

  /// A placeholder whose default is `text`, escaped for snippet syntax.
  private mutating func placeholder(_ text: String) -> String {
    defer { next += 1 }
    return "${\(next):\(Self.escaped(text, also: "}"))}"
  }

  /// A choice placeholder offering `words`, the first being the default.
  private mutating func choice(_ words: [String]) -> String {
    defer { next += 1 }
    return "${\(next)|" + words.map { Self.escaped($0, also: ",|") }.joined(separator: ",") + "|}"
  }

  /// A placeholder holding an example value for `attribute`: its documentation's own first (a
  /// task container's `image` is a container image, not the pool's marketplace image).
  private mutating func value(_ attribute: AttributeSchema) -> String {
    if let example = Self.example(in: attribute.documentation, keepingQuotes: true)
      ?? Self.valueExamples[attribute.name]
    {
      return placeholder(example)
    }
    return value(of: attribute.type, bounds: attribute.bounds)
  }

  private mutating func value(of type: ValueType, bounds: ClosedRange<Int64>?) -> String {
    switch type {
    case .string, .scalarText, .vmSize, .autoscaleFormula: return "\"" + placeholder("") + "\""
    case .integer: return placeholder(String(max(bounds?.lowerBound ?? 1, 0)))
    case .boolean: return choice(["true", "false"])
    case .duration: return placeholder("1h")
    case .enumeration(let words): return choice(words)
    case .list(let element): return "[" + value(of: element, bounds: bounds) + "]"
    case .map: return "{ " + placeholder("") + " }"
    case .reference(let kind): return placeholder(Self.exampleID(kind))
    case .container: return placeholder(Self.exampleID(.storage) + ".data")
    case .blob: return placeholder(Self.exampleID(.storage) + ".data[\"input.txt\"]")
    case .secret: return "env(\"" + placeholder("NAME") + "\")"
    case .integerRange: return placeholder("1..10")
    }
  }

  /// `text` with `\`, `$` and the characters in `also` escaped by a backslash.
  private static func escaped(_ text: String, also: String) -> String {
    var result = ""
    for character in text {
      if character == "\\" || character == "$" || also.contains(character) { result.append("\\") }
      result.append(character)
    }
    return result
  }
}
