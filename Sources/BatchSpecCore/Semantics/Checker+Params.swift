// Params: `param name: type = default`, overridden by `--param name=value`.

/// The types a param may have.
enum ParamType: String, CaseIterable {
  case int, string, bool, duration

  var valueType: ValueType {
    switch self {
    case .int: .integer
    case .string: .string
    case .bool: .boolean
    case .duration: .duration
    }
  }

  init?(of value: Value) {
    switch value {
    case .integer: self = .int
    case .string: self = .string
    case .boolean: self = .bool
    case .duration: self = .duration
    default: return nil
    }
  }

  /// Reads a `--param` override's text as this type.
  func parse(_ text: String) -> Value? {
    switch self {
    case .int: return Int64(String(text.filter { $0 != "_" })).map(Value.integer)
    case .string: return .string(text)
    case .bool: return text == "true" ? .boolean(true) : text == "false" ? .boolean(false) : nil
    case .duration:
      let bytes = Array(text.utf8)
      return DurationSyntax.milliseconds(bytes, TextRange(0, bytes.count)).map(Value.duration)
    }
  }
}

/// A declared param and its value.
struct ParamEntry {
  var declaration: ParamDeclaration
  var file: FileID
  var type: ParamType?
  var value: Value?
  /// Whether the value came from `--param` (or the editor's settings), not the default.
  var isOverridden = false
}

extension CheckerContext {
  /// Declares every param, evaluates defaults in file order and applies overrides.
  func bindParams(overrides: [String: String]) -> [ParamOverrideError] {
    var order: [String] = []
    for tree in trees {
      for declaration in tree.params {
        let name = declaration.name.text
        if let first = params[name] {
          report(
            .invalidParam, tree.file, declaration.name.range,
            "param `\(name)` is declared twice: remove one declaration",
            notes: [Note("first declared here", at: Location(first.file, first.declaration.name.range))])
          continue
        }
        var entry = ParamEntry(declaration: declaration, file: tree.file, type: nil, value: nil)
        if let typeName = declaration.type {
          entry.type = ParamType(rawValue: typeName.text)
          if entry.type == nil {
            let suggestion = Suggestions.closest(to: typeName.text, in: ParamType.allCases.map(\.rawValue))
            report(
              .invalidParam, tree.file, typeName.range,
              "unknown param type `\(typeName.text)`\(suggestion.map { "; did you mean `\($0)`? Params" } ?? ": params") are `int`, `string`, `bool` or `duration`",
              fixIts: suggestion.map { replaceFix("replace with `\($0)`", tree.file, typeName.range, $0, safe: false) }
                ?? [])
          }
        }
        params[name] = entry
        order.append(name)
      }
    }
    var errors: [ParamOverrideError] = []
    for name in overrides.keys.sorted() where params[name] == nil {
      let suggestion = Suggestions.closest(to: name, in: order)
      let known =
        order.isEmpty
        ? "the project declares no params" : "the project declares " + order.map { "`\($0)`" }.joined(separator: ", ")
      errors.append(
        ParamOverrideError(
          isUnknownParam: true, name: name,
          detail: "\(suggestion.map { " (did you mean `\($0)`?)" } ?? ""): \(known)"))
    }
    for name in order {
      guard var entry = params[name] else { continue }
      let declaration = entry.declaration
      if let text = overrides[name] {
        let type = entry.type ?? declaration.defaultValue.flatMap(literalType) ?? .string
        if let value = type.parse(text) {
          entry.value = value
          entry.type = type
          entry.isOverridden = true
        } else {
          errors.append(
            ParamOverrideError(
              isUnknownParam: false, name: name,
              detail: "\(name)=\(text): `\(name)` is \(type.valueType.withArticle), and `\(text)` is not one"))
        }
      }
      if entry.value == nil, let expression = declaration.defaultValue {
        let expected = entry.type?.valueType ?? literalType(expression)?.valueType
        if let expected {
          entry.value = evaluate(expression, as: expected, file: entry.file, scope: Scope(), attribute: name)
          if entry.type == nil, let value = entry.value { entry.type = ParamType(of: value) }
        } else {
          report(
            .invalidParam, entry.file, expression.range,
            "a param default is an int, string, bool or duration literal: declare the type with `param \(name): type`")
        }
      } else if entry.value == nil && overrides[name] == nil {
        report(
          .invalidParam, entry.file, declaration.name.range,
          "param `\(name)` has no value: give it a default (`param \(name): \(entry.type?.rawValue ?? "int") = ...`) or pass `--param \(name)=...`"
        )
      }
      if entry.type == nil && declaration.type == nil && declaration.defaultValue == nil {
        report(
          .invalidParam, entry.file, declaration.name.range,
          "param `\(name)` needs a type: `param \(name): int`, `string`, `bool` or `duration`")
      }
      params[name] = entry
      if let value = entry.value { result.params[name] = value }
    }
    paramOrder = order
    return errors
  }

  /// A note on where the value of `expression` came from, when it is a param's name: what makes a
  /// finding about a value given with `--param` point at the param as well as the place it is used.
  func paramNote(_ expression: Expr) -> Note? {
    guard case .name(let name) = expression, let entry = params[name.text], let value = entry.value else { return nil }
    let source = entry.isOverridden ? "given with `--param \(name.text)=\(value)`" : "its default"
    return Note("`\(name.text)` is \(value) here, \(source)", at: Location(entry.file, entry.declaration.name.range))
  }

  private func literalType(_ expression: Expr) -> ParamType? {
    switch expression {
    case .integer: .int
    case .string: .string
    case .bool: .bool
    case .duration: .duration
    default: nil
    }
  }
}
