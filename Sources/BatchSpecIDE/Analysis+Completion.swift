// Completion: attributes the enclosing block allows and lacks, child block snippets, enum words,
// booleans, references of the right kind, and storage containers after `account.`.

internal import BatchSpecCore

extension Analysis {
  /// What may be written at `offset` of `path`, each fitted to the text around it: it replaces
  /// the whole word under the cursor and leaves out what the line already holds (see
  /// `CompletionSurroundings`).
  package func completions(_ path: String, offset: Int) -> [CompletionEntry] {
    let entries: [CompletionEntry]
    let bytes: [UInt8]
    if let (project, id) = file(path) {
      bytes = project.project.file(id).bytes
      let offset = min(max(offset, 0), bytes.count)
      if let formula = formulaCompletions(project, file: id, offset: offset) { return formula }
      entries = specCompletions(project, file: id, offset: offset)
    } else {
      guard let file = configuration(path)?.file else { return [] }
      bytes = file.bytes
      entries = configurationCompletions(path, offset: offset)
    }
    let surroundings = CompletionSurroundings(
      bytes: bytes, cursor: min(max(offset, 0), bytes.count), isWordByte: Self.isWordByte)
    return entries.map { entry in
      var entry = entry
      surroundings.fit(&entry)
      return entry
    }
  }

  private func specCompletions(_ project: ProjectSnapshot, file id: FileID, offset: Int) -> [CompletionEntry] {
    let source = project.project.file(id)
    let bytes = source.bytes
    var wordStart = offset
    while wordStart > 0, Self.isWordByte(bytes[wordStart - 1]) { wordStart -= 1 }
    let replacing = TextRange(wordStart, offset)
    let context = CompletionContext(bytes: bytes, offset: wordStart)
    if context.isInComment { return [] }
    // A node agent holds `.` and a space, which end a word: inside its string, the whole text
    // typed so far is replaced.
    let opened = Self.stringStart(before: offset, in: bytes)
    if let opened {
      let outer = CompletionContext(bytes: bytes, offset: opened - 1)
      if outer.block?.kind == Schema.Pool.schema.kind && outer.valueOf == Schema.Pool.nodeAgent.name {
        return nodeAgents(file: id, project: project, quoted: true, replacing: TextRange(opened, offset))
      }
    }
    if wordStart > 0, bytes[wordStart - 1] == UInt8(ascii: ".") {
      var baseStart = wordStart - 1
      while baseStart > 0, Self.isWordByte(bytes[baseStart - 1]) { baseStart -= 1 }
      // Only where a value is a container (`data.frames`): not in a string, a `${}` or a map.
      guard opened == nil, let attribute = context.memberOf ?? context.valueOf, let kind = context.block?.kind,
        let type = Schema.block(kind)?.attribute(attribute)?.type, Self.takesContainer(type)
      else { return [] }
      let base = source.text(TextRange(baseStart, wordStart - 1))
      return containers(of: base, project: project, replacing: replacing)
    }
    if wordStart >= 2, bytes[wordStart - 2] == UInt8(ascii: "$"), bytes[wordStart - 1] == UInt8(ascii: "{") {
      // `"${|}"`: any param (its value is written as text) and the enclosing sweep's variable.
      return sweepVariables(context, project: project, replacing: replacing)
        + params(fitting: nil, project: project, replacing: replacing)
    }
    if context.labelOf == Schema.Family.schema.kind && context.block?.kind == Schema.Quota.schema.kind {
      return families(quoted: Self.isQuoted(replacing, in: bytes), replacing: replacing)
    }
    if let attribute = context.valueOf {
      guard let block = context.block, let schema = Schema.block(block.kind)?.attribute(attribute) else { return [] }
      if AzureRegions.isRegionAttribute(schema.name, ofBlock: block.kind) {
        return locations(file: id, project: project, quoted: Self.isQuoted(replacing, in: bytes), replacing: replacing)
      }
      if block.kind == Schema.Pool.schema.kind && schema.name == Schema.Pool.nodeAgent.name {
        return nodeAgents(
          file: id, project: project, quoted: Self.isQuoted(replacing, in: bytes), replacing: replacing)
      }
      if let base = context.indexBase {
        return indexValues(
          of: base, type: schema.type, context: context, file: id, project: project, replacing: replacing)
      }
      // A list takes each item once: `ip_families = [ipv4, ` offers no second `ipv4`. A param
      // inside a string would be text: it is written `${name}` there, which is offered after `${`.
      let entries =
        values(for: schema.type, context: context, file: id, project: project, replacing: replacing)
        + (opened == nil ? params(fitting: schema.type, project: project, replacing: replacing) : [])
      return entries.filter { !context.listItems.contains($0.label) }
    }
    guard context.startsStatement else { return [] }
    return statements(in: context, replacing: replacing)
  }

  private func statements(in context: CompletionContext, replacing: TextRange) -> [CompletionEntry] {
    guard let block = context.block else {
      var entries = Schema.topLevelKinds.compactMap(Schema.block).map { Self.blockSnippet($0, replacing) }
      entries.append(
        CompletionEntry(
          label: "param", kind: .keyword, detail: "param declaration", documentation: "A typed parameter.",
          insertText: "param ${1:name}: ${2|int,string,bool,duration|} = ${3:0}$0", isSnippet: true,
          replacing: replacing))
      return entries
    }
    guard let schema = Schema.block(block.kind) else { return [] }
    let excluded = Self.excluded(in: schema, present: context.present.union(context.presentBlocks))
    var entries: [CompletionEntry] = []
    for attribute in schema.attributes
    where !context.present.contains(attribute.name) && !excluded.contains(attribute.name) {
      entries.append(
        CompletionEntry(
          label: attribute.name, kind: .attribute,
          detail: "\(attribute.typeDescription)\(attribute.isRequired ? " (required)" : "")",
          documentation: attribute.documentation, insertText: "\(attribute.name) = $0", isSnippet: true,
          replacing: replacing,
          filterText: Self.filterText(attribute.name, rest: attribute.rest)))
    }
    for child in schema.children.compactMap(Schema.block)
    where (child.isRepeatable || !context.presentBlocks.contains(child.kind)) && !excluded.contains(child.kind) {
      var entry = Self.blockSnippet(child, replacing)
      entry.filterText = schema.childRest[child.kind].flatMap { Self.filterText(child.kind, rest: $0) }
      entries.append(entry)
    }
    return entries
  }

  /// Attributes and child blocks that would be errors in a block of `schema` already holding
  /// `present`: the other members of the schema's exclusive groups (BS2019), and the pairs below.
  static func excluded(in schema: BlockSchema, present: Set<String>) -> Set<String> {
    var excluded: Set<String> = []
    for group in schema.exactlyOneOf + schema.atMostOneOf where group.contains(where: present.contains) {
      excluded.formUnion(group.filter { !present.contains($0) })
    }
    for (kind, one, other) in exclusivePairs where kind == schema.kind {
      if !one.isDisjoint(with: present) { excluded.formUnion(other) }
      if !other.isDisjoint(with: present) { excluded.formUnion(one) }
    }
    for (kind, name, needs) in prerequisites where kind == schema.kind && !present.contains(needs) {
      excluded.insert(name)
    }
    return excluded
  }

  /// Attributes and child blocks that exclude each other where the schema's groups (attributes
  /// only) cannot say so: fixed node counts and `autoscale` (BS5005), and an auto pool's
  /// identities, which `compile` refuses (Azure assigns identities only through ARM).
  private static let exclusivePairs: [(kind: String, Set<String>, Set<String>)] = [
    ("pool", ["dedicated_nodes", "spot_nodes"], ["autoscale"]),
    ("pool", ["identities"], ["auto"]),
  ]

  /// Child blocks that need another: `release` runs only after a `prepare` (BS5006).
  private static let prerequisites: [(kind: String, name: String, needs: String)] = [("job", "release", "prepare")]

  /// The label and the REST members `rest` names (the last component of each path), when they
  /// are other names: what a completion is filtered on, so that `targetDed` finds
  /// `dedicated_nodes` and `fileUploadE` finds `error`.
  static func filterText(_ label: String, rest: RestMapping) -> String? {
    let plain = { (name: String) in name.lowercased().filter { $0 != "_" } }
    var members: [String] = []
    for path in rest.namedPaths {
      guard var member = path.last else { continue }
      if member.hasSuffix("[]") { member.removeLast(2) }
      if !member.isEmpty && plain(member) != plain(label) && !members.contains(member) { members.append(member) }
    }
    return members.isEmpty ? nil : ([label] + members).joined(separator: " ")
  }

  private func values(
    for type: ValueType, context: CompletionContext, file: FileID, project: ProjectSnapshot, replacing: TextRange
  ) -> [CompletionEntry] {
    func entry(_ word: String, _ kind: CompletionEntry.Kind, _ detail: String) -> CompletionEntry {
      CompletionEntry(label: word, kind: kind, detail: detail, insertText: word, replacing: replacing)
    }
    switch type {
    case .enumeration(let words): return words.map { entry($0, .enumWord, "\(type)") }
    case .boolean: return ["true", "false"].map { entry($0, .value, "bool") }
    case .list(let element):
      return values(for: element, context: context, file: file, project: project, replacing: replacing)
    case .reference(let kind):
      let quoted = Self.isQuoted(replacing, in: project.project.file(file).bytes)
      var seen: Set<String> = []
      let task = context.label(of: Schema.Task.schema.kind)?.lowercased()
      return Declarations.all(in: project).filter { declaration in
        guard declaration.kind == kind else { return false }
        // Tasks are named within their job only, and none depends on itself.
        if kind == .task {
          guard declaration.container == context.label(of: Schema.Job.schema.kind), declaration.id.lowercased() != task
          else { return false }
        }
        return seen.insert(declaration.id.lowercased()).inserted
      }.map { declaration in
        // An ID that is not a bare name is written as a string (`task "7"` is `depends_on = ["7"]`).
        var entry = entry(declaration.id, .reference, kind.rawValue)
        if !quoted && !Literal.isIdentifier(declaration.id) { entry.insertText = Literal.string(declaration.id) }
        return entry
      }
    case .vmSize:
      let quoted = Self.isQuoted(replacing, in: project.project.file(file).bytes)
      return vmSizes.offered.map { size in
        CompletionEntry(
          label: size.name, kind: .value,
          detail: size.shape + (size.status == .retiring ? ", retires \(size.retirement ?? "soon")" : ""),
          documentation: VMSizeTable.describe(size), insertText: quoted ? size.name : "\"\(size.name)\"",
          replacing: replacing)
      }
    case .container, .blob:
      return Declarations.all(in: project).filter { $0.kind == .storage }.map { entry($0.id, .reference, "storage") }
    default:
      return []
    }
  }

  /// The params whose type is `type`'s (an element's, in a list), or every param when `type` is
  /// nil; a param without a declared type has its default value's.
  private func params(fitting type: ValueType?, project: ProjectSnapshot, replacing: TextRange) -> [CompletionEntry] {
    var element = type
    while case .list(let inner)? = element { element = inner }
    let wanted: String?
    switch element {
    case nil: wanted = nil
    case .integer?: wanted = "int"
    case .string?, .scalarText?, .vmSize?: wanted = "string"
    case .boolean?: wanted = "bool"
    case .duration?: wanted = "duration"
    default: return []
    }
    var seen: Set<String> = []
    var entries: [CompletionEntry] = []
    for file in project.project.files {
      for param in project.tree(file.id).params where seen.insert(param.name.text).inserted {
        let declared: String? =
          param.type?.text
          ?? {
            switch param.defaultValue {
            case .integer?: "int"
            case .string?: "string"
            case .bool?: "bool"
            case .duration?: "duration"
            default: nil
            }
          }()
        guard wanted == nil || declared == wanted else { continue }
        entries.append(
          CompletionEntry(
            label: param.name.text, kind: .reference, detail: "param" + (declared.map { ": \($0)" } ?? ""),
            insertText: param.name.text, replacing: replacing))
      }
    }
    return entries
  }

  /// The variable of the sweep task around the cursor, as a completion.
  private func sweepVariables(
    _ context: CompletionContext, project: ProjectSnapshot, replacing: TextRange
  ) -> [CompletionEntry] {
    let job = context.label(of: Schema.Job.schema.kind)?.lowercased()
    guard let task = context.label(of: Schema.Task.schema.kind)?.lowercased(),
      let member = project.checked.jobs.first(where: { $0.label?.lowercased() == job })?.children(\.task)
        .first(where: { $0.sweep?.group.lowercased() == task })?.sweep
    else { return [] }
    return [
      CompletionEntry(
        label: member.variable, kind: .reference, detail: "sweep variable of \(member.group)",
        insertText: member.variable, replacing: replacing)
    ]
  }

  /// What an index after `base` takes: an application's versions (`bwa["0.7.18"]`), a sweep's
  /// values (`align["NA12878"]`); nothing elsewhere, where names would be wrong.
  private func indexValues(
    of base: String, type: ValueType, context: CompletionContext, file: FileID, project: ProjectSnapshot,
    replacing: TextRange
  ) -> [CompletionEntry] {
    let quoted = Self.isQuoted(replacing, in: project.project.file(file).bytes)
    func entry(_ value: Value, _ detail: String) -> CompletionEntry {
      let text: String
      if case .string(let string) = value, !quoted { text = "\"\(string)\"" } else { text = value.description }
      return CompletionEntry(
        label: value.description, kind: .value, detail: detail, insertText: text, replacing: replacing)
    }
    var element = type
    while case .list(let inner) = element { element = inner }
    switch element {
    case .reference(.application):
      let versions = project.checked.application(base)?[\.versions] ?? []
      return versions.map { entry(.string($0), "version of \(base)") }
    case .reference(.task):
      let job = context.label(of: Schema.Job.schema.kind)?.lowercased()
      guard let tasks = project.checked.jobs.first(where: { $0.label?.lowercased() == job })?.children(\.task) else {
        return []
      }
      return tasks.compactMap { task in
        guard let sweep = task.sweep, sweep.group.lowercased() == base.lowercased() else { return nil }
        return entry(sweep.value, "member \(task.label ?? "") of sweep \(sweep.group)")
      }
    default:
      return []
    }
  }

  /// Whether a value of `type` (an element's, in a list) is a container or a blob.
  private static func takesContainer(_ type: ValueType) -> Bool {
    switch type {
    case .container, .blob: true
    case .list(let element): takesContainer(element)
    default: false
    }
  }

  private func containers(of storage: String, project: ProjectSnapshot, replacing: TextRange) -> [CompletionEntry] {
    guard let containers = project.checked.storage(storage)?[\.containers] else { return [] }
    return containers.map {
      CompletionEntry(
        label: $0, kind: .reference, detail: "container of \(storage)", insertText: $0, replacing: replacing)
    }
  }

  /// Whether the word being replaced follows a `"`: what is offered is then inserted unquoted.
  /// Where the string `offset` is in starts (just after its `"`), when it is in one on its line.
  static func stringStart(before offset: Int, in bytes: [UInt8]) -> Int? {
    var lineStart = offset
    while lineStart > 0, bytes[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
    var opened: Int?
    var index = lineStart
    while index < offset {
      switch bytes[index] {
      case UInt8(ascii: "\\") where opened != nil: index += 1
      case UInt8(ascii: "\""): opened = opened == nil ? index + 1 : nil
      case UInt8(ascii: "/") where opened == nil && index + 1 < offset && bytes[index + 1] == UInt8(ascii: "/"):
        return nil
      default: break
      }
      index += 1
    }
    return opened
  }

  private static func isQuoted(_ replacing: TextRange, in bytes: [UInt8]) -> Bool {
    replacing.start > 0 && bytes[replacing.start - 1] == UInt8(ascii: "\"")
  }

  /// The regions a `location` may take: the known regions the project's other accounts and
  /// storage accounts are in (not the one being written), then every Azure region batchspec knows
  /// (the public cloud's first), each with the name the portal shows.
  private func locations(file: FileID, project: ProjectSnapshot, quoted: Bool, replacing: TextRange)
    -> [CompletionEntry]
  {
    var used: [(region: String, detail: String)] = []
    func use(_ location: String?, of block: Location, _ detail: @autoclosure () -> String) {
      guard let location, let region = AzureRegions.region(named: location),
        block.file != file || !block.range.contains(replacing.start)
      else { return }
      used.append((region.name, detail()))
    }
    for account in project.checked.accounts {
      use(account[\.location], of: account.location, "region of account \(account.label ?? "")")
    }
    for storage in project.checked.storageAccounts {
      use(storage[\.location], of: storage.location, "region of storage \(storage.label ?? "")")
    }
    for region in AzureRegions.all {
      let cloud = region.cloud == .public ? "" : " (\(region.cloud.rawValue))"
      used.append((region.name, region.displayName + cloud))
    }
    var seen: Set<String> = []
    return used.filter { seen.insert($0.region.normalizedRegion).inserted }.map {
      CompletionEntry(
        label: $0.region, kind: .value, detail: $0.detail, insertText: quoted ? $0.region : "\"\($0.region)\"",
        replacing: replacing)
    }
  }

  /// The node agent SKUs of the systems Batch supports, then of those it supports until a date; the
  /// agent of the pool's image first of all, when the table knows the image.
  private func nodeAgents(file: FileID, project: ProjectSnapshot, quoted: Bool, replacing: TextRange)
    -> [CompletionEntry]
  {
    let pool = project.checked.pools.first {
      $0.location.file == file && $0.location.range.contains(replacing.start)
    }
    // A retired image's agent is not offered: BS5042 says what to move to.
    let imageSystem = pool?[\.image].flatMap(ImageSupport.system(ofImage:)).flatMap { $0.status == .retired ? nil : $0 }
    var agents: [(agent: String, detail: String)] = []
    if let imageSystem { agents.append((imageSystem.nodeAgent, "the agent of the image (\(imageSystem.name))")) }
    let systems =
      ImageSupport.all.filter { $0.status == .supported } + ImageSupport.all.filter { $0.status == .retiring }
    for system in systems {
      let until = system.date.map { ", supported until \($0)" } ?? ""
      agents.append((system.nodeAgent, system.name + until))
    }
    var seen: Set<String> = []
    return agents.filter { seen.insert($0.agent).inserted }.map {
      CompletionEntry(
        label: $0.agent, kind: .value, detail: $0.detail, insertText: quoted ? $0.agent : "\"\($0.agent)\"",
        replacing: replacing)
    }
  }

  /// The quota families of the VM sizes Batch offers, for a `family` label, each with its sizes.
  private func families(quoted: Bool, replacing: TextRange) -> [CompletionEntry] {
    var sizes: [String: [String]] = [:]
    for size in vmSizes.offered { sizes[size.family, default: []].append(size.name) }
    return sizes.keys.sorted().map { family in
      let names = sizes[family] ?? []
      let shown = names.prefix(3).joined(separator: ", ") + (names.count > 3 ? ", …" : "")
      return CompletionEntry(
        label: family, kind: .value, detail: "\(names.count) VM size\(names.count == 1 ? "" : "s"): \(shown)",
        insertText: quoted ? family : "\"\(family)\"", replacing: replacing)
    }
  }

  /// A snippet writing a block with its label and required attributes (see `BlockSnippet`).
  static func blockSnippet(_ schema: BlockSchema, _ replacing: TextRange) -> CompletionEntry {
    CompletionEntry(
      label: schema.kind, kind: .block, detail: "\(schema.kind) block", documentation: schema.documentation,
      insertText: BlockSnippet.text(for: schema), isSnippet: true, replacing: replacing)
  }

  static func isWordByte(_ byte: UInt8) -> Bool {
    (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A || byte >= 0x30 && byte <= 0x39 || byte == 0x5F || byte == 0x2D
  }
}

extension StringProtocol {
  /// The text without leading and trailing characters from `set`.
  fileprivate func trimmingCharacters(in set: String) -> String {
    String(self.drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
  }
}
