// Hover: the schema's documentation for blocks and attributes, facts about resources, the
// explanation of the diagnostics under the cursor, and of the codes a suppression comment names.

package import BatchSpecCore

extension Analysis {
  /// Markdown about what lies at `offset` of `path`, or nil when there is nothing to say.
  package func hover(_ path: String, offset: Int) -> HoverInfo? {
    let subject = file(path) != nil ? specHover(path, offset: offset) : configurationHover(path, offset: offset)
    var sections = subject?.text.map { [$0] } ?? []
    var range = subject?.range
    for diagnostic in diagnostics(path) where diagnostic.range.contains(offset) {
      let code = diagnostic.code
      if let entry = CodeReference.entry(code.rawValue), entry.documentation != nil {
        // The code's reference page, as `explain` prints it.
        sections.append(entry.markdown)
      } else {
        sections.append("**\(code.rawValue)** `\(code.name)` (\(diagnostic.severity.name)): \(code.summary)")
      }
      range = range ?? diagnostic.range
    }
    guard !sections.isEmpty, let range else { return nil }
    return HoverInfo(markdown: sections.joined(separator: "\n\n---\n\n"), range: range)
  }

  /// What hover says about the name, string or comment word at `offset` of a spec, and its
  /// range: the range even when there is nothing to say, for the diagnostics under it.
  private func specHover(_ path: String, offset: Int) -> (range: TextRange, text: String?)? {
    guard let (project, id) = file(path) else { return nil }
    let cursor = SyntaxCursor(tree: project.tree(id), offset: offset)
    let source = project.project.file(id)
    if let (word, entry) = Self.suppressedCode(at: offset, in: source, project.tree(id).comments) {
      return (word, entry.markdown)
    } else if let (name, text) = formulaHover(project, file: id, offset: offset) {
      return (name, text)
    } else if case .listed(let listed)? = LocalSymbol.at(offset, in: id, of: project) {
      return (listed.site, listed.describe(in: project))
    } else if let (name, role) = cursor.name {
      return (name.range, describe(role, name: name, cursor: cursor, project: project, file: id))
    } else if case .duration(let milliseconds, let range)? = cursor.expressions.last {
      let schema = cursor.attribute.flatMap { attribute in
        cursor.block.flatMap { Schema.block($0.kind.text) }?.attribute(attribute.name.text)
      }
      let sent = schema.map { schema -> Bool in
        if case .local = schema.rest { return false }
        return true
      }
      return (range, Self.describeDuration(milliseconds, sentToAzure: sent))
    } else if let attribute = cursor.attribute, case .string(let literal) = attribute.value,
      literal.range.contains(offset), let text = literal.constantText, let size = vmSizes.size(text)
    {
      return (literal.range, VMSizeTable.describe(size))
    } else if let attribute = cursor.attribute, let kind = cursor.block?.kind.text,
      AzureRegions.isRegionAttribute(attribute.name.text, ofBlock: kind), case .string(let literal) = attribute.value,
      literal.range.contains(offset), let text = literal.constantText,
      let region = AzureRegions.region(named: text)
    {
      let cloud = region.cloud == .public ? "the public cloud" : region.cloud.rawValue
      return (literal.range, "**\(region.displayName)**: Azure region `\(region.name)`, in \(cloud).")
    } else if let attribute = cursor.attribute, cursor.block?.kind.text == Schema.Pool.schema.kind,
      case .string(let literal) = attribute.value, literal.range.contains(offset), let text = literal.constantText,
      let system = Self.system(of: attribute.name.text, text)
    {
      // The successor BS5042 names: for an image, the pool's containers count.
      let pool = cursor.block.flatMap { ResourceFacts.instance(of: $0, file: id, in: project.checked.pools) }
      let successor =
        attribute.name.text == Schema.Pool.image.name
        ? system.successor(forImage: text, runsContainers: pool.map { !$0.children(\.containers).isEmpty } ?? false)
        : system.instead
      guard let instead = successor?.phrase else {
        return (literal.range, "**\(system.name)**, with the node agent `\(system.nodeAgent)`.")
      }
      let then = (system.status == .retired ? "" : "then ") + "no pool of it is created or grown"
      return (literal.range, "**\(system.name)**: \(system.summary("it")); \(then). Move to \(instead).")
    }
    return nil
  }

  /// The operating system of a pool's `image`, or the retiring or retired one of its `node_agent`.
  private static func system(of attribute: String, _ value: String) -> ImageSupport.System? {
    switch attribute {
    case Schema.Pool.image.name: ImageSupport.system(ofImage: value)
    case Schema.Pool.nodeAgent.name: ImageSupport.retirement(ofNodeAgent: value)
    default: nil
    }
  }

  /// The code or rule name at `offset` in a suppression comment (`// batchspec-ignore BS3001`),
  /// and its reference entry.
  private static func suppressedCode(
    at offset: Int, in source: SourceFile, _ comments: [TextRange]
  ) -> (TextRange, CodeReferenceEntry)? {
    guard let comment = comments.first(where: { $0.start < offset && offset <= $0.end }) else { return nil }
    let text = source.text(comment).dropFirst(2).drop { $0 == " " || $0 == "\t" }
    guard text.hasPrefix(Suppressions.lineDirective) else { return nil }
    let bytes = source.bytes
    var start = offset
    while start > comment.start, isWordByte(bytes[start - 1]) { start -= 1 }
    var end = offset
    while end < comment.end, isWordByte(bytes[end]) { end += 1 }
    let word = TextRange(start, end)
    guard !word.isEmpty, let entry = CodeReference.entry(source.text(word)) else { return nil }
    return (word, entry)
  }

  private func describe(
    _ role: SyntaxCursor.NameRole, name: Name, cursor: SyntaxCursor, project: ProjectSnapshot, file: FileID
  ) -> String? {
    switch role {
    case .blockKind(let block):
      guard let schema = Schema.block(block.kind.text) else { return nil }
      return Self.blockDocumentation(schema)
    case .attributeName(let attribute):
      guard let schema = cursor.block.flatMap({ Schema.block($0.kind.text) })?.attribute(attribute.name.text) else {
        return nil
      }
      return Self.attributeDocumentation(schema)
    case .label(let block):
      guard let schema = Schema.block(block.kind.text) else { return nil }
      var text = "```batch\n\(block.kind.text) \(name.text)\n```\n\n" + schema.documentation
      if let facts = ResourceFacts.describe(block, file: file, project: project, vmSizes: vmSizes) {
        text += "\n\n" + facts
      }
      if block.kind.text == Schema.Pool.schema.kind, let estimate = poolEstimate(name.text, in: project) {
        text += "\n\n" + estimate
      }
      return text
    case .value:
      let target = symbolTarget(project.path(file), name.range.start)?.target
      if let target, let declaration = Declarations.all(in: project).first(where: { $0.label == target }) {
        let source = project.project.file(target.file)
        let line = source.lines.position(of: target.range.start, encoding: .utf8).line + 1
        var text =
          "```batch\n\(declaration.block.kind.text) \(declaration.id)\n```\n\nDeclared in `\(Self.fileName(source.path))` line \(line)."
        if let facts = ResourceFacts.describe(declaration.block, file: target.file, project: project, vmSizes: vmSizes)
        {
          text += "\n\n" + facts
        }
        return text
      }
      // A param, unless a sweep variable of the same name hides it (the target says which).
      if let target, let param = Self.param(declaredAt: target, in: project) {
        return Self.describe(param, in: project)
      }
      if let text = sweepVariable(name, cursor: cursor, project: project, file: file) { return text }
      if let attribute = cursor.attribute,
        let schema = cursor.block.flatMap({ Schema.block($0.kind.text) })?.attribute(attribute.name.text)
      {
        return Self.attributeDocumentation(schema)
      }
      return nil
    case .param(let param):
      return Self.describe(param, in: project)
    case .other:
      return sweepVariable(name, cursor: cursor, project: project, file: file)
    }
  }

  /// A duration in units people read, in seconds, and as the ISO 8601 span Azure's JSON writes;
  /// `sentToAzure` is whether the attribute it is written in goes to Azure (nil: no attribute).
  package static func describeDuration(_ milliseconds: Int64, sentToAzure: Bool?) -> String {
    let units: [(size: Int64, name: String)] = [
      (86_400_000, "d"), (3_600_000, "h"), (60_000, "min"), (1000, "s"), (1, "ms"),
    ]
    var rest = milliseconds
    var parts: [String] = []
    for unit in units where rest >= unit.size {
      parts.append("\(rest / unit.size) \(unit.name)")
      rest %= unit.size
    }
    let spelled = parts.isEmpty ? "0 s" : parts.joined(separator: " ")
    var seconds = Self.grouped(milliseconds / 1000)
    if milliseconds % 1000 != 0 {
      var fraction = String(milliseconds % 1000)
      fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
      while fraction.hasSuffix("0") { fraction.removeLast() }
      seconds += "." + fraction
    }
    let iso = "`\(ISODuration.format(milliseconds))`"
    let azure: String
    switch sentToAzure {
    case true?: azure = "Azure receives \(iso) (ISO 8601)."
    case false?: azure = "ISO 8601: \(iso); this attribute is not sent to Azure."
    case nil: azure = "ISO 8601: \(iso)."
    }
    let total = milliseconds >= 60_000 || parts.count > 1 ? " = \(seconds) s" : ""
    return "**Duration**: \(spelled)\(total)\n\n\(azure)"
  }

  /// `value` with a comma between each group of three digits: `5,400`.
  private static func grouped(_ value: Int64) -> String {
    var digits = String(value)
    var groups: [Substring] = []
    while digits.count > 3 {
      groups.insert(digits.suffix(3), at: 0)
      digits.removeLast(3)
    }
    return ([Substring(digits)] + groups).joined(separator: ",")
  }

  /// The sweep whose variable `name` is, around the cursor: its values and the tasks it makes.
  private func sweepVariable(_ name: Name, cursor: SyntaxCursor, project: ProjectSnapshot, file: FileID) -> String? {
    guard let block = cursor.blocks.last(where: { $0.sweep?.variable.text == name.text }), let sweep = block.sweep
    else { return nil }
    let source = project.project.file(file)
    var text =
      "```batch\n\(block.kind.text) \(block.label?.text ?? "") for \(name.text) in \(source.text(sweep.values.range))\n```"
    text += "\n\nSweep variable of `\(block.label?.text ?? "")`"
    let values = ResourceFacts.sweepMembers(of: block, file: file, in: project.checked).compactMap { $0.sweep?.value }
    if !values.isEmpty {
      let shown = values.prefix(5).map { "`\($0)`" }.joined(separator: ", ")
      text += ": \(values.count) value\(values.count == 1 ? "" : "s"), \(shown)\(values.count > 5 ? ", …" : "")"
    }
    return text + "."
  }

  /// A block kind's documentation: kind, meaning, Azure object and children.
  package static func blockDocumentation(_ schema: BlockSchema) -> String {
    var text =
      "**\(schema.kind)** block\n\n\(schema.documentation)\n\n"
      + azureLine(schema.rest, documentation: schema.documentation)
    if !schema.children.isEmpty { text += "\n\nContains: " + schema.children.map { "`\($0)`" }.joined(separator: ", ") }
    return text
  }

  /// An attribute's documentation: type, whether required, default, meaning and Azure property.
  package static func attributeDocumentation(_ schema: AttributeSchema) -> String {
    var text =
      "**\(schema.name)**: \(schema.typeDescription)\(schema.isRequired ? " (required)" : "")\n\n\(schema.documentation)"
    if let value = schema.defaultValue { text += "\n\nDefault: `\(value)`" }
    text += "\n\n" + Self.azureLine(schema.rest, documentation: schema.documentation)
    return text
  }

  /// Where an attribute or block goes in Azure's REST API; for one that is not sent, prose
  /// rather than a code span, and nothing when the documentation already says so.
  package static func azureLine(_ rest: RestMapping, documentation: String) -> String {
    guard case .local(let use) = rest else { return "Azure: `\(rest.description)`" }
    if documentation.contains("Not sent to Azure") { return "Used by batchspec: \(use)." }
    return "Not sent to Azure: \(use)."
  }

  /// The param whose name is written at `location`.
  private static func param(declaredAt location: Location, in project: ProjectSnapshot) -> ParamDeclaration? {
    for param in project.tree(location.file).params where param.name.range == location.range {
      return param
    }
    return nil
  }

  /// A param's declaration and current value.
  private static func describe(_ param: ParamDeclaration, in project: ProjectSnapshot) -> String {
    let type = param.type.map { ": \($0.text)" } ?? ""
    let current = project.checked.params[param.name.text].map { "\n\nValue: `\($0)`" } ?? ""
    return "```batch\nparam \(param.name.text)\(type)\n```\(current)"
  }

  static func fileName(_ path: String) -> String { path.split(separator: "/").last.map(String.init) ?? path }
}
