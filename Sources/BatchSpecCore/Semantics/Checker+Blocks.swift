// Checks blocks against the schema: attributes, child blocks, required and exclusive attributes.

extension CheckerContext {
  /// Checks every declared resource and fills the result; with `perform`, each file on a context
  /// of its own (`init(checkingFilesFor:)`), with the same result.
  func checkResources(concurrently perform: ConcurrentPerform? = nil) {
    // Each file's tree leaves `trees` for its check: when nothing else holds the project's syntax
    // (`Checker.check(_:syntax:...)` was handed it), a file's syntax is freed as soon as the file
    // is checked, and the checked blocks reuse its memory rather than adding to it.
    var pending = trees.map { Optional($0) }
    trees = []
    guard let perform, pending.count > 1 else {
      for index in pending.indices {
        guard let tree = pending[index].take() else { continue }
        for instance in checkResources(of: tree) { result.add(instance) }
      }
      return
    }
    nonisolated(unsafe) let parent = self
    let checks = pending.withUnsafeMutableBufferPointer { buffer in
      // Each index is taken by exactly one check.
      nonisolated(unsafe) let slots = buffer
      return concurrentMap(slots.count, through: perform) { index in
        let child = CheckerContext(checkingFilesFor: parent)
        guard let tree = slots[index].take() else { return (child: child, instances: [BlockInstance]()) }
        return (child: child, instances: child.checkResources(of: tree))
      }
    }
    for check in checks {
      absorb(check.child)
      for instance in check.instances { result.add(instance) }
    }
  }

  /// Checks the resources `tree` declares; returns their checked forms, in order.
  private func checkResources(of tree: SyntaxTree) -> [BlockInstance] {
    var instances: [BlockInstance] = []
    for case .block(let block) in tree.statements {
      guard Schema.topLevelKinds.contains(block.kind.text), let schema = Schema.block(block.kind.text) else {
        continue
      }
      instances.append(checkBlock(block, schema, file: tree.file, scope: Scope(), label: block.label?.text))
    }
    return instances
  }

  /// Checks one block and its children; returns its checked form.
  /// For a sweep member, `sweep` holds what the members share.
  func checkBlock(
    _ block: Block, _ schema: BlockSchema, file: FileID, scope: Scope, label: String?, sweep: SweepCache? = nil,
    origin: SweepMember? = nil
  ) -> BlockInstance {
    // Where each of the schema's attributes is written, on the stack: one heap allocation fewer per block.
    WrittenAttributes.withTable(count: schema.attributes.count) { written in
      checkBlock(block, schema, file: file, scope: scope, label: label, sweep: sweep, origin: origin, written: written)
    }
  }

  /// BS2021: an integer outside its attribute's bounds, with the nearest bound as a fix to check.
  private func reportOutOfRange(
    _ number: Int64, _ attribute: AttributeSchema, _ bounds: ClosedRange<Int64>, at location: Location,
    notes: [Note]
  ) {
    // Int32's bounds are the service's (a REST property's), not the attribute's own.
    let allowed =
      number > bounds.upperBound && bounds.upperBound == Int32.max
      ? "at most \(bounds.upperBound) (Azure Batch takes 32-bit integers)"
      : number < bounds.lowerBound && bounds.lowerBound == Int32.min
        ? "at least \(bounds.lowerBound) (Azure Batch takes 32-bit integers)"
        : bounds.upperBound == .max || bounds.upperBound == Int32.max
          ? "at least \(bounds.lowerBound)" : "from \(bounds.lowerBound) to \(bounds.upperBound)"
    let nearest = min(max(number, bounds.lowerBound), bounds.upperBound)
    report(
      .valueOutOfRange, location.file, location.range,
      "`\(attribute.name)` must be \(allowed), not \(number)", notes: notes,
      fixIts: replaceFix("use \(nearest)", location.file, location.range, "\(nearest)", safe: false))
  }

  private func checkBlock(
    _ block: Block, _ schema: BlockSchema, file: FileID, scope: Scope, label: String?, sweep: SweepCache?,
    origin: SweepMember?, written: WrittenAttributes
  ) -> BlockInstance {
    // The table and the children are reserved for what the body holds, exactly: a job's table
    // reserved for its whole body (its tasks too) held 14 entries for 4, and such slack in every
    // checked block was a tenth of the language server's memory.
    var attributeCount = 0
    var childCount = 0
    var taskCount = 0
    for statement in block.body {
      switch statement {
      case .attribute: attributeCount += 1
      case .block(let child):
        if child.kind.text == Schema.Task.schema.kind { taskCount += 1 } else { childCount += 1 }
      case .param: break
      }
    }
    var attributes = AttributeTable(capacity: attributeCount)
    var children: [BlockInstance] = []
    // The arrays below are reserved on first use for the rest of the body: one allocation each at most.
    var singles: [(kind: String, range: TextRange)] = []
    var labelled: [(kind: String, label: String, range: TextRange)] = []
    var taskBlocks: [Block] = []
    // The attributes misspelt ones probably meant: they excuse a missing attribute but are no write,
    // so a misspelling never makes the real attribute a duplicate, wherever it stands.
    var guessed: [(index: Int, range: TextRange)] = []

    for statement in block.body {
      switch statement {
      case .attribute(let attribute):
        let name = attribute.name.text
        guard let index = schema.attributeIndex(name) else {
          // A misspelt required attribute is reported once, as unknown, not also as missing.
          if let meant = unknownAttribute(attribute, in: schema, file: file, block: block, guessed: guessed),
            let index = schema.attributeIndex(meant)
          {
            guessed.append((index, attribute.name.range))
          }
          continue
        }
        let attributeSchema = schema.attributes[index]
        if let first = written[index] {
          report(
            .duplicateAttribute, file, attribute.name.range,
            "`\(name)` is set twice in this `\(schema.kind)`: keep one",
            notes: [Note("first set here", at: Location(file, first))],
            fixIts: [
              FixIt(
                "remove this `\(name)`, keeping the first", edits: [attributeRemoval(file, attribute.range)],
                isSafe: false)
            ])
          continue
        }
        written[index] = attribute.name.range
        var value =
          if let sweep {
            sweep.value(of: attribute.value) {
              evaluate(attribute.value, as: attributeSchema.type, file: file, scope: scope, attribute: name)
            }
          } else {
            evaluate(attribute.value, as: attributeSchema.type, file: file, scope: scope, attribute: name)
          }
        if let bounds = attributeSchema.bounds, case .integer(let number)? = value, !bounds.contains(number) {
          reportOutOfRange(
            number, attributeSchema, bounds, at: Location(file, attribute.value.range),
            notes: [paramNote(attribute.value)].compactMap { $0 })
          value = nil
        }
        if let value, attributeSchema.type == .autoscaleFormula, case .string(let text) = value {
          recordFormula(text, attribute, file: file, scope: scope)
        }
        if let value {  // `written` has just ruled out a second `name`
          attributes.appendNew(
            attributeSchema,
            AttributeValue(
              value: value, location: Location(file, attribute.range),
              valueLocation: Location(file, attribute.value.range)))
        }
      case .block(let child):
        let kind = child.kind.text
        guard schema.children.contains(kind), let childSchema = Schema.block(kind) else {
          unknownChild(child, in: schema, file: file)
          continue
        }
        if !childSchema.isRepeatable {
          if let first = singles.first(where: { $0.kind == kind })?.range {
            report(
              .duplicateBlock, file, child.kind.range, "a `\(schema.kind)` has one `\(kind)` block: merge them",
              notes: [Note("the first `\(kind)` is here", at: Location(file, first))])
            continue
          }
          singles.append((kind, child.kind.range))
        }
        if childSchema === Schema.Task.schema {
          if taskBlocks.isEmpty { taskBlocks.reserveCapacity(taskCount) }
          taskBlocks.append(child)
          continue
        }
        let childLabel = checkLabel(child, childSchema, file: file)
        if childSchema.hasUniqueLabels, let childLabel {
          if let first = labelled.first(where: { $0.kind == kind && $0.label == childLabel })?.range {
            report(
              .duplicateBlock, file, child.label!.range, "`\(kind) \(childLabel)` is declared twice here: merge them",
              notes: [Note("first declared here", at: Location(file, first))])
            continue
          }
          labelled.append((kind, childLabel, child.label!.range))
        }
        if children.isEmpty { children.reserveCapacity(childCount) }
        if let sweep {
          children.append(
            sweep.child(child) {
              checkBlock(child, childSchema, file: file, scope: scope, label: childLabel, sweep: sweep)
            })
        } else {
          children.append(checkBlock(child, childSchema, file: file, scope: scope, label: childLabel, sweep: nil))
        }
      case .param(let param):
        report(
          .misplacedBlock, file, param.range,
          "declare params at the top level of a file, not inside a `\(schema.kind)` block")
      }
    }
    if !taskBlocks.isEmpty {
      let tasks = checkTasks(taskBlocks, file: file, scope: scope)
      if children.isEmpty {
        children = tasks
      } else {
        children.reserveCapacity(children.count + tasks.count)
        children.append(contentsOf: tasks)
      }
    }
    let nameRange = block.label?.range ?? block.kind.range
    // A block the parser could not complete (no `{`, or no `}`) has its own syntax error; what it
    // lacks may be written past where the parse of it stopped, so nothing is reported missing.
    let complete = block.closeBrace != nil
    reportExclusive(
      schema, written: written, guessed: guessed.map(\.index), file: file, at: nameRange, reportsNone: complete)
    for (index, range) in guessed where written[index] == nil { written[index] = range }
    if complete { reportMissing(schema, written: written, file: file, at: nameRange, block: block) }
    if let sweep { children = sweep.sharing(children) }
    return BlockInstance(
      schema: schema, label: label, nameLocation: Location(file, nameRange), location: Location(file, block.range),
      attributes: attributes, children: children, sweep: origin)
  }

  private func reportMissing(
    _ schema: BlockSchema, written: WrittenAttributes, file: FileID, at range: TextRange, block: Block
  ) {
    var owner: String { block.label.map { "`\(schema.kind) \($0.text)`" } ?? "this `\(schema.kind)`" }
    // A label written for the attribute (`remote_access ssh`) has its own finding and fix.
    let labelled = block.label.flatMap { label in
      if case .none = schema.label { return labelledAttribute(label, of: block, schema) }
      return nil
    }
    for index in schema.requiredIndices where written[index] == nil {
      let attribute = schema.attributes[index]
      if attribute === labelled { continue }
      report(
        .missingAttribute, file, range,
        "\(owner) needs `\(attribute.name)`: add `\(attribute.name) = ...` (\(attribute.type))",
        notes: [Note(attribute.documentation)])
    }
    if accountIDs.count > 1, let account = schema.attributes.firstIndex(where: { $0 === Schema.ownerAccount.schema }),
      written[account] == nil
    {
      report(
        .missingAttribute, file, range,
        "\(owner) needs `account`: the project declares \(accountIDs.count) accounts (\(accountIDs.map { "`\($0)`" }.joined(separator: ", ")))"
      )
    }
  }

  /// Reports groups of attributes that exclude each other; an attribute only `guessed` (a misspelling
  /// meant it) counts as present for "needs one of" and never as a conflict. "Needs one of" is
  /// reported only when `reportsNone`.
  private func reportExclusive(
    _ schema: BlockSchema, written: WrittenAttributes, guessed: [Int], file: FileID, at range: TextRange,
    reportsNone: Bool
  ) {
    for (number, group) in schema.exactlyOneOf.enumerated() {
      if written.count(of: schema.exactlyOneOfIndices[number]) == 1 { continue }  // the usual case: no array built
      let present = group.filter { written[schema, $0] != nil }
      let names = group.map { "`\($0)`" }.joined(separator: ", ")
      if present.isEmpty {
        if !reportsNone || schema.exactlyOneOfIndices[number].contains(where: guessed.contains) { continue }
        report(.conflictingAttributes, file, range, "this `\(schema.kind)` needs one of \(names)")
      } else if present.count > 1 {
        report(
          .conflictingAttributes, file, written[schema, present[1]]!,
          "`\(present[1])` and `\(present[0])` exclude each other: keep one of \(names)",
          notes: [Note("`\(present[0])` is set here", at: Location(file, written[schema, present[0]]!))])
      }
    }
    for (number, group) in schema.atMostOneOf.enumerated()
    where written.count(of: schema.atMostOneOfIndices[number]) > 1 {
      let present = group.filter { written[schema, $0] != nil }
      if present.count > 1 {
        report(
          .conflictingAttributes, file, written[schema, present[1]]!,
          "`\(present[1])` and `\(present[0])` exclude each other: keep one",
          notes: [Note("`\(present[0])` is set here", at: Location(file, written[schema, present[0]]!))])
      }
    }
  }

  /// Where `block` writes an attribute called `name` (its first), if it does.
  private func writtenName(_ name: String, in block: Block) -> TextRange? {
    for case .attribute(let attribute) in block.body where attribute.name.text == name { return attribute.name.range }
    return nil
  }

  /// Reports an unknown attribute of `block`; returns the attribute it probably meant. Renaming it
  /// to an attribute `block` already writes, or that an unknown one before it (`guessed`) means,
  /// would set that one twice: that is no fix, and a note points at the other.
  private func unknownAttribute(
    _ attribute: Attribute, in schema: BlockSchema, file: FileID, block: Block,
    guessed: [(index: Int, range: TextRange)]
  ) -> String? {
    let name = attribute.name.text
    /// What the message adds, and the note, when `meant` is set already.
    func alreadySet(_ meant: String) -> (said: String, note: Note)? {
      if let written = writtenName(meant, in: block) {
        return (
          "this `\(schema.kind)` already sets `\(meant)`", Note("`\(meant)` set here", at: Location(file, written))
        )
      }
      guard let index = schema.attributeIndex(meant), let other = guessed.first(where: { $0.index == index }) else {
        return nil
      }
      let otherName = String(decoding: files[file.rawValue].bytes[other.range.start..<other.range.end], as: UTF8.self)
      return (
        "`\(otherName)` above is `\(meant)` too",
        Note("`\(otherName)`, also `\(meant)`, is here", at: Location(file, other.range))
      )
    }
    if schema.children.contains(name) {
      report(
        .unknownAttribute, file, attribute.name.range,
        "`\(name)` is a block, not an attribute: write `\(name) { ... }`")
      return nil
    }
    if let member = schema.member(restName: name) {
      // A name from Batch's JSON: say what it is called here.
      if member.isBlock {
        report(
          .unknownAttribute, file, attribute.name.range,
          "`\(schema.kind)` has no attribute `\(name)`: Batch's `\(name)` is written as `\(member.name)` blocks here")
        return nil
      }
      // Written as Batch spells it, the name is Batch's; in this language's style or by a name the
      // API has since changed, the message gives Batch's name as it is now.
      let batchName = schema.attribute(member.name)?.restPath?.last.flatMap {
        $0.lowercased() == name.lowercased() ? nil : $0
      }
      let meaning =
        "`\(schema.kind)` has no attribute `\(name)`: "
        + (batchName.map { "`\(name)` is Batch's `\($0)`, written `\(member.name)` here" }
          ?? "Batch's `\(name)` is `\(member.name)` here")
      if let (said, note) = alreadySet(member.name) {
        report(.unknownAttribute, file, attribute.name.range, meaning + "; \(said): keep one", notes: [note])
        return member.name
      }
      report(
        .unknownAttribute, file, attribute.name.range, meaning,
        fixIts: replaceFix(
          "replace with `\(member.name)`", file, attribute.name.range, member.name, safe: member.isExact))
      return member.name
    }
    // The name of another block's attribute, written in the wrong block: say where it goes.
    let homes = Schema.homes(ofAttribute: name, around: schema)
    func listed(_ kinds: [String]) -> String {
      let named = kinds.prefix(4).map { "`\($0)`" } + (kinds.count > 4 ? ["\(kinds.count - 4) more"] : [])
      return named.count == 1 ? named[0] : named.dropLast().joined(separator: ", ") + " or " + named.last!
    }
    let known = schema.attributes.map { "`\($0.name)`" }.joined(separator: ", ")
    if !homes.inside.isEmpty {
      report(
        .unknownAttribute, file, attribute.name.range,
        "`\(schema.kind)` has no attribute `\(name)`: it is an attribute of \(listed(homes.inside)) "
          + (homes.inside.count == 1
            ? "blocks; write it inside `\(homes.inside[0]) { ... }`" : "blocks; move it into the one it belongs to"))
      return nil
    }
    if !homes.elsewhere.isEmpty {
      report(
        .unknownAttribute, file, attribute.name.range,
        "`\(schema.kind)` has no attribute `\(name)`: it is an attribute of \(listed(homes.elsewhere)), not of "
          + "`\(schema.kind)`"
          // A word many blocks use (`account`, `mode`): what this block has may be what was meant.
          + (homes.isNear ? "" : "; its attributes are \(known)"))
      return nil
    }
    let suggestion = Suggestions.closest(to: name, in: schema.attributes.map(\.name))
    if let suggestion, let (said, note) = alreadySet(suggestion) {
      report(
        .unknownAttribute, file, attribute.name.range,
        "`\(schema.kind)` has no attribute `\(name)`\(Suggestions.didYouMean(suggestion)) But \(said): keep one",
        notes: [note])
      return suggestion
    }
    report(
      .unknownAttribute, file, attribute.name.range,
      "`\(schema.kind)` has no attribute `\(name)`\(Suggestions.didYouMean(suggestion))\(suggestion == nil ? ": its attributes are \(known)" : "")",
      fixIts: suggestion.map { replaceFix("replace with `\($0)`", file, attribute.name.range, $0, safe: false) } ?? [])
    return suggestion
  }

  private func unknownChild(_ child: Block, in schema: BlockSchema, file: FileID) {
    let kind = child.kind.text
    if schema.attribute(kind) != nil {
      let safe = child.label == nil && child.sweep == nil
      report(
        .unknownBlock, file, child.kind.range, "`\(kind)` is an attribute, not a block: write `\(kind) = { ... }`",
        fixIts: safe ? replaceFix("insert `=`", file, TextRange.empty(at: child.kind.range.end), " =", safe: true) : [])
    } else if kind == "param" {
      report(.misplacedBlock, file, child.kind.range, "declare params at the top level: `param name: type = default`")
    } else if Schema.block(kind) != nil {
      reportMisplaced(child, file: file, insteadOf: "inside `\(schema.kind)`")
    } else if let member = schema.member(restName: kind) {
      // A name from Batch's JSON: say what it is called here.
      report(
        .unknownBlock, file, child.kind.range,
        member.isBlock
          ? "unknown block kind `\(kind)` in `\(schema.kind)`: Batch's `\(kind)` is the `\(member.name)` block here"
          : "unknown block kind `\(kind)` in `\(schema.kind)`: Batch's `\(kind)` is the `\(member.name)` attribute here: write `\(member.name) = ...`",
        fixIts: member.isBlock
          ? replaceFix("replace with `\(member.name)`", file, child.kind.range, member.name, safe: member.isExact) : [])
    } else {
      let suggestion = Suggestions.closest(to: kind, in: schema.children)
      let known =
        schema.children.isEmpty
        ? "it holds no blocks" : "it holds " + schema.children.map { "`\($0)`" }.joined(separator: ", ")
      report(
        .unknownBlock, file, child.kind.range,
        "unknown block kind `\(kind)` in `\(schema.kind)`\(Suggestions.didYouMean(suggestion))\(suggestion == nil ? " (\(known))" : "")",
        fixIts: suggestion.map { replaceFix("replace with `\($0)`", file, child.kind.range, $0, safe: false) } ?? [])
    }
  }
}

/// Where each attribute of a block's schema is written, indexed like `BlockSchema.attributes`:
/// a table on the stack, which lives only while its block is checked.
struct WrittenAttributes {
  private let ranges: UnsafeMutableBufferPointer<TextRange?>

  /// Calls `body` with a table of `count` attributes, none written yet.
  static func withTable<Result>(count: Int, _ body: (WrittenAttributes) -> Result) -> Result {
    withUnsafeTemporaryAllocation(of: TextRange?.self, capacity: count) { buffer in
      buffer.initialize(repeating: nil)
      return body(WrittenAttributes(ranges: buffer))
    }
  }

  subscript(index: Int) -> TextRange? {
    get { ranges[index] }
    nonmutating set { ranges[index] = newValue }
  }

  /// Where the attribute `name` of `schema` is written.
  subscript(schema: BlockSchema, name: String) -> TextRange? {
    schema.attributeIndex(name).flatMap { ranges[$0] }
  }

  /// How many of the attributes at `indices` are written.
  func count(of indices: [Int]) -> Int {
    var count = 0
    for index in indices where ranges[index] != nil { count += 1 }
    return count
  }
}
