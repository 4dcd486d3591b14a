// The query handlers: each converts in, asks the analysis, converts out.

internal import BatchSpecCore
internal import BatchSpecIDE

extension LanguageServer {
  func hover(_ params: Params) throws(ResponseError) -> JSON {
    let (analysis, path) = try document(params)
    let conversion = ProtocolConversion(analysis: analysis, uris: uris)
    guard let hover = analysis.hover(path, offset: try conversion.offset(params, path: path)) else { return .null }
    return .object([
      ("contents", .object([("kind", .string("markdown")), ("value", .string(hover.markdown))])),
      ("range", conversion.range(hover.range, path: path)),
    ])
  }

  func completion(_ params: Params) throws(ResponseError) -> JSON {
    let (analysis, path) = try document(params)
    let conversion = ProtocolConversion(analysis: analysis, uris: uris)
    let entries = analysis.completions(path, offset: try conversion.offset(params, path: path))
    // The entries share one or two ranges: each is converted once (a long line costs per conversion).
    let lines = analysis.lineIndex(of: path) ?? LineIndex([])
    var converted: [TextRange: JSON] = [:]
    func range(_ range: TextRange) -> JSON {
      if let known = converted[range] { return known }
      let json = conversion.range(range, lines)
      converted[range] = json
      return json
    }
    let items: [JSON] = entries.enumerated().map { index, entry in
      let snippet = entry.isSnippet && snippetSupport
      let text = entry.isSnippet && !snippetSupport ? Self.plainText(ofSnippet: entry.insertText) : entry.insertText
      // Inserting ends at the cursor; replacing takes the rest of the word too (`rend|er-pool`).
      // A client without `InsertReplaceEdit` gets the replacing edit, as rust-analyzer sends.
      let edit: JSON
      if let word = entry.replacingWord, insertReplaceSupport {
        edit = .object([
          ("newText", .string(text)), ("insert", range(entry.replacing)), ("replace", range(word)),
        ])
      } else {
        edit = .object([
          ("range", range(entry.replacingWord ?? entry.replacing)), ("newText", .string(text)),
        ])
      }
      var members: [(String, JSON)] = [
        ("label", .string(entry.label)),
        ("kind", .integer(Self.completionKind(entry.kind))),
        ("sortText", .string(sortText(index))),
        ("insertTextFormat", .integer(snippet ? 2 : 1)),
        ("textEdit", edit),
      ]
      if let filterText = entry.filterText { members.append(("filterText", .string(filterText))) }
      if let detail = entry.detail { members.append(("detail", .string(detail))) }
      if let documentation = entry.documentation {
        members.append(("documentation", .object([("kind", .string("markdown")), ("value", .string(documentation))])))
      }
      return .object(members)
    }
    return .object([("isIncomplete", .bool(false)), ("items", .array(items))])
  }

  private static func completionKind(_ kind: CompletionEntry.Kind) -> Int {
    switch kind {
    case .attribute: 10  // Property
    case .block: 7  // Class
    case .keyword: 14
    case .enumWord: 20  // EnumMember
    case .reference: 18  // Reference
    case .value: 12  // Value
    case .snippet: 15
    }
  }

  /// A snippet's text with its placeholders replaced by their defaults (a choice's first word)
  /// and its escapes (`\$`, `\}`, `\\`) resolved.
  package static func plainText(ofSnippet snippet: String) -> String {
    var out = ""
    var characters = Substring(snippet)
    // The text up to an unescaped character of `stops`, unescaped; the stop is consumed.
    func text(upTo stops: String) -> String {
      var text = ""
      while let character = characters.popFirst() {
        if character == "\\", let escaped = characters.popFirst() {
          text.append(escaped)
        } else if stops.contains(character) {
          break
        } else {
          text.append(character)
        }
      }
      return text
    }
    while let first = characters.popFirst() {
      if first == "\\", let escaped = characters.popFirst() {
        out.append(escaped)
        continue
      }
      guard first == "$" else {
        out.append(first)
        continue
      }
      characters = characters.drop { $0.isNumber }
      guard characters.first == "{" else { continue }
      // `${1:default}`, `${1|a,b|}` or `${1}`: keep the default (or the first choice).
      characters = characters.dropFirst().drop { $0.isNumber }
      switch characters.popFirst() {
      case ":": out += text(upTo: "}")
      case "|":
        out += text(upTo: ",|")
        _ = text(upTo: "}")
      default: break
      }
    }
    return out
  }

  func definition(_ params: Params) throws(ResponseError) -> JSON {
    let (analysis, path) = try document(params)
    let conversion = ProtocolConversion(analysis: analysis, uris: uris)
    let targets = analysis.definition(path, offset: try conversion.offset(params, path: path))
    return .array(targets.map(conversion.location))
  }

  func references(_ params: Params) throws(ResponseError) -> JSON {
    let (analysis, path) = try document(params)
    let conversion = ProtocolConversion(analysis: analysis, uris: uris)
    let include = params.optional("context", "includeDeclaration")?.boolValue ?? true
    let found = analysis.references(
      path, offset: try conversion.offset(params, path: path), includeDeclaration: include)
    return .array(found.map(conversion.location))
  }

  func documentHighlight(_ params: Params) throws(ResponseError) -> JSON {
    let (analysis, path) = try document(params)
    let conversion = ProtocolConversion(analysis: analysis, uris: uris)
    let found = analysis.highlights(path, offset: try conversion.offset(params, path: path))
    return .array(
      found.map {
        .object([("range", conversion.range($0.range, path: path)), ("kind", .integer($0.isDeclaration ? 3 : 2))])
      })
  }

  func prepareRename(_ params: Params) throws(ResponseError) -> JSON {
    let (analysis, path) = try document(params)
    // Nothing in a configuration file can be renamed: null says so without an error.
    if ProjectPaths.isConfiguration(path) { return .null }
    let conversion = ProtocolConversion(analysis: analysis, uris: uris)
    switch analysis.prepareRename(path, offset: try conversion.offset(params, path: path)) {
    case .success(let target):
      return .object([("range", conversion.range(target.range, path: path)), ("placeholder", .string(target.name))])
    case .failure(let error):
      throw .requestFailed(error.message)
    }
  }

  func rename(_ params: Params) throws(ResponseError) -> JSON {
    let (analysis, path) = try document(params)
    if ProjectPaths.isConfiguration(path) { return .null }
    let conversion = ProtocolConversion(analysis: analysis, uris: uris)
    let newName = try params.string("newName")
    switch analysis.rename(path, offset: try conversion.offset(params, path: path), to: newName) {
    case .success(let edits): return conversion.workspaceEdit(edits)
    case .failure(let error): throw .requestFailed(error.message)
    }
  }

  /// The kind of the action that applies every safe fix of a file: a `source.fixAll`, which
  /// editors run on save (VS Code's `editor.codeActionsOnSave`).
  static let fixAllKind = "source.fixAll.batchspec"

  /// Whether `only` (a request's `context.only`; nil asks for every kind) asks for actions of
  /// `kind`: kinds are dotted and hierarchical, so `source` and `source.fixAll` ask for
  /// `source.fixAll.batchspec`.
  static func kind(_ kind: String, isIn only: [String]?) -> Bool {
    guard let only else { return true }
    return only.contains { $0.isEmpty || kind == $0 || kind.hasPrefix($0 + ".") }
  }

  func codeActions(_ params: Params) throws(ResponseError) -> JSON {
    let (analysis, path) = try document(params)
    let conversion = ProtocolConversion(analysis: analysis, uris: uris)
    let range = try conversion.range(params, path: path)
    let only = params.optional("context", "only")?.arrayValue?.compactMap(\.stringValue)
    var actions: [JSON] = []
    if Self.kind("quickfix", isIn: only) {
      actions += analysis.codeFixes(path, in: range).map { fix in
        .object([
          ("title", .string(fix.title)),
          ("kind", .string("quickfix")),
          ("diagnostics", .array(conversion.diagnostics([fix.diagnostic], path: path))),
          ("isPreferred", .bool(fix.isPreferred)),
          ("edit", conversion.workspaceEdit(fix.edits)),
        ])
      }
    }
    if Self.kind(Self.fixAllKind, isIn: only) {
      if only != nil {
        // Asked for by kind (on save, or from a source-action menu): the edit now.
        if let fixAll = analysis.fixAll(path, memo: host.lintMemo(of: path)) {
          showFixAllWarning(fixAll)
          actions.append(fixAllAction(edit: conversion.workspaceEdit(fixAll.edits)))
        }
      } else if codeActionResolve,
        analysis.diagnostics(path).contains(where: { $0.fixIts.contains(where: \.isSafe) })
      {
        // Offered beside the quick fixes, which clients ask for as the cursor moves: the fixes
        // are applied, and the project linted again, only if it is chosen (`codeAction/resolve`).
        actions.append(fixAllAction(edit: nil, uri: try params.documentURI()))
      }
    }
    return .array(actions)
  }

  /// Tells the user (`window/showMessage`, a warning) that a "fix all" stopped at its round
  /// limit with fixes still to apply, as `batchspec lint --fix` does on standard error.
  private func showFixAllWarning(_ fixAll: FixAll) {
    guard let warning = fixAll.warning else { return }
    log(warning)
    notify("window/showMessage", .object([("type", .integer(2)), ("message", .string("batchspec \(warning)"))]))
  }

  /// "Apply every safe fix in this file", with its edit, or with what `resolveCodeAction` needs
  /// to make it.
  private func fixAllAction(edit: JSON?, uri: String? = nil) -> JSON {
    var members: [(String, JSON)] = [
      ("title", .string("apply every safe fix in this file")), ("kind", .string(Self.fixAllKind)),
    ]
    if let edit { members.append(("edit", edit)) }
    if let uri { members.append(("data", .object([("textDocument", .object([("uri", .string(uri))]))]))) }
    return .object(members)
  }

  /// `codeAction/resolve`: the edit of a "fix all" offered without one, made from the document's
  /// text as it is now. Any other action comes back as it was sent.
  func resolveCodeAction(_ params: Params) throws(ResponseError) -> JSON {
    guard params.optional("kind")?.stringValue == Self.fixAllKind, let data = params.optional("data") else {
      return params.value
    }
    let (analysis, path) = try document(Params(value: data))
    let conversion = ProtocolConversion(analysis: analysis, uris: uris)
    // Fixed since it was offered: an edit that changes nothing.
    let fixAll = analysis.fixAll(path, memo: host.lintMemo(of: path))
    if let fixAll { showFixAllWarning(fixAll) }
    let edit = fixAll.map { conversion.workspaceEdit($0.edits) } ?? .object([("changes", .object([]))])
    return fixAllAction(edit: edit)
  }

  func formatting(_ params: Params) throws(ResponseError) -> JSON {
    let (analysis, path) = try document(params)
    let conversion = ProtocolConversion(analysis: analysis, uris: uris)
    guard let edits = analysis.formatting(path) else { return .null }
    return .array(
      edits.map {
        .object([("range", conversion.range($0.location.range, path: path)), ("newText", .string($0.newText))])
      })
  }
}

/// A zero-padded four-digit number, for `sortText`.
private func sortText(_ value: Int) -> String {
  let digits = "\(value)"
  return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
