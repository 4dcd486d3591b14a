// Hover and completion inside autoscale formulas: the cursor's file offset maps to an offset of
// the formula through the formula's `StringSourceMap`, the formula's own tokens say what is there,
// and the formula catalogue says what it means.

internal import BatchSpecCore

extension Analysis {
  /// The formula whose string holds `offset` of file `id`, and the formula offset it stands for.
  private func formula(in project: ProjectSnapshot, file id: FileID, offset: Int) -> (FormulaSource, Int)? {
    for formula in project.checked.formulas where formula.value.file == id {
      // Strictly inside the quotes (a cursor on the opening quote is on the attribute's value).
      let range = formula.value.range
      guard range.start < offset, offset < range.end || (offset == range.end && formula.map.length == 0),
        let value = formula.map.valueOffset(ofSource: offset)
      else { continue }
      return (formula, value)
    }
    return nil
  }

  /// Markdown about the formula name under `offset`, and its file range.
  func formulaHover(_ project: ProjectSnapshot, file id: FileID, offset: Int) -> (TextRange, String)? {
    guard let (formula, at) = formula(in: project, file: id, offset: offset) else { return nil }
    let tokens = formula.program.tokens
    guard let index = tokens.firstIndex(where: { $0.kind == .identifier && $0.range.start <= at && at <= $0.range.end })
    else { return nil }
    let token = tokens[index]
    let name = String(decoding: Array(formula.text.utf8)[token.range.start..<token.range.end], as: UTF8.self)
    let afterDot = index > 0 && tokens[index - 1].kind == .dot
    let called = index + 1 < tokens.count && tokens[index + 1].kind == .leftParen
    var text: String?
    if afterDot, called, let method = FormulaCatalogue.method(name) {
      text = "```\n\(method.signature)\n```\n\nSample method. \(method.documentation)"
    } else if afterDot, FormulaCatalogue.timestampMembers.contains(name) {
      text = "**\(name)**: a member of a timestamp (`time().\(name)`), as a number."
    } else if called, let function = FormulaCatalogue.function(name) {
      text = "```\n\(function.signature)\n```\n\n\(function.documentation)"
    } else if let variable = FormulaCatalogue.variable(name) {
      let access =
        switch variable.access {
        case .readWrite: "service variable, read-write"
        case .readOnlyNumber: "service variable, read-only"
        case .samples: "service variable, read-only samples: read it with `GetSample(...)`"
        }
      text = "**\(name)** (\(access))\n\n\(variable.documentation)"
    } else if let seconds = FormulaCatalogue.timeInterval(name) {
      text = "**\(name)**: a time interval of \(FormulaValue.format(seconds)) s."
    } else if FormulaCatalogue.deallocationOptions.contains(name) {
      text =
        "**\(name)**: a value of `$NodeDeallocationOption`.\n\n"
        + (FormulaCatalogue.variable("$NodeDeallocationOption")?.documentation ?? "")
    } else if let statement = formula.program.statements.first(where: {
      if case .assignment(let assigned, _, _) = $0 { return assigned.text == name }
      return false
    }) {
      let bytes = Array(formula.text.utf8)
      let written = String(decoding: bytes[statement.range.start..<statement.range.end], as: UTF8.self)
      text = "**\(name)**: a variable of this formula, first set by\n\n```\n\(written)\n```"
    }
    guard let text else { return nil }
    return (formula.map.source(of: token.range), text)
  }

  /// What may be written at `offset` inside a formula, or nil when `offset` is not in one.
  func formulaCompletions(_ project: ProjectSnapshot, file id: FileID, offset: Int) -> [CompletionEntry]? {
    guard let (formula, at) = formula(in: project, file: id, offset: offset) else { return nil }
    let bytes = Array(formula.text.utf8)
    var start = at
    while start > 0, Self.isFormulaWordByte(bytes[start - 1]) { start -= 1 }
    // Not inside a comment or a string of the formula.
    if formula.program.comments.contains(where: { $0.start < at && at <= $0.end }) { return [] }
    if formula.program.tokens.contains(where: { $0.kind == .string && $0.range.start < at && at < $0.range.end }) {
      return []
    }
    let replacing = formula.map.source(of: TextRange(start, at))
    // The rest of the name under the cursor is replaced too (`$CPU|Percent`).
    var end = at
    while end < bytes.count, Self.isFormulaWordByte(bytes[end]) { end += 1 }
    let replacingWord = end > at ? formula.map.source(of: TextRange(start, end)) : nil
    func entry(
      _ label: String, _ kind: CompletionEntry.Kind, _ detail: String, _ documentation: String, insert: String? = nil
    )
      -> CompletionEntry
    {
      CompletionEntry(
        label: label, kind: kind, detail: detail, documentation: documentation, insertText: insert ?? label,
        isSnippet: insert != nil, replacing: replacing, replacingWord: replacingWord)
    }
    if start > 0, bytes[start - 1] == UInt8(ascii: ".") {
      var baseStart = start - 1
      while baseStart > 0, Self.isFormulaWordByte(bytes[baseStart - 1]) { baseStart -= 1 }
      let base = String(decoding: bytes[baseStart..<(start - 1)], as: UTF8.self)
      var entries: [CompletionEntry] = []
      if FormulaCatalogue.variable(base)?.access == .samples || FormulaCatalogue.variable(base) == nil {
        entries += FormulaCatalogue.methods.map {
          entry(
            $0.name, .value, $0.signature, $0.documentation,
            insert: $0.arity.upperBound == 0 ? "\($0.name)()" : "\($0.name)($0)")
        }
      }
      if FormulaCatalogue.variable(base) == nil {
        entries += FormulaCatalogue.timestampMembers.map {
          entry($0, .value, "timestamp member", "A member of a timestamp.")
        }
      }
      return entries
    }
    var entries: [CompletionEntry] = []
    let own = Set(
      formula.program.statements.compactMap { statement -> String? in
        if case .assignment(let name, _, _) = statement, FormulaCatalogue.variable(name.text) == nil {
          return name.text
        }
        return nil
      }
    ).sorted()
    let typed = String(decoding: bytes[start..<at], as: UTF8.self)
    if typed.isEmpty || typed.hasPrefix("$") {
      // The service's variables, by their current names.
      for variable in FormulaCatalogue.variables where variable.replacement == nil {
        entries.append(entry(variable.name, .reference, Self.accessDetail(variable.access), variable.documentation))
      }
    }
    for name in own where typed.hasPrefix("$") == name.hasPrefix("$") || typed.isEmpty {
      entries.append(entry(name, .reference, "variable of this formula", "Set by a statement of this formula."))
    }
    if !typed.hasPrefix("$") {
      entries += FormulaCatalogue.functions.map {
        entry(
          $0.name, .value, $0.signature, $0.documentation,
          insert: $0.arity.upperBound == 0 ? "\($0.name)()" : "\($0.name)($0)")
      }
      entries += FormulaCatalogue.timeIntervals.map {
        entry($0.name, .enumWord, "time interval", "\(FormulaValue.format($0.seconds)) s.")
      }
      entries += FormulaCatalogue.deallocationOptions.map {
        entry($0, .enumWord, "$NodeDeallocationOption", "A value of `$NodeDeallocationOption`.")
      }
    }
    return entries
  }

  private static func accessDetail(_ access: FormulaVariable.Access) -> String {
    switch access {
    case .readWrite: "service variable, read-write"
    case .readOnlyNumber: "service variable, read-only"
    case .samples: "service samples"
    }
  }

  private static func isFormulaWordByte(_ b: UInt8) -> Bool {
    (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A) || b == UInt8(ascii: "_")
      || b == UInt8(ascii: "$")
  }
}
