// Evaluates expressions against the type the schema expects, reporting mismatches.

/// What names mean where an expression is evaluated.
struct Scope {
  /// Inside a sweep, the member checked: its variable and value. (A class: a scope is copied for
  /// every block checked, and a reference copies cheaper than a name and a value.)
  var sweep: SweepMember?
  /// The tasks of the enclosing job, for `depends_on`.
  var tasks: TaskTable?
}

extension CheckerContext {
  /// Evaluates `expression` as `type`; reports and returns nil when it does not fit.
  func evaluate(_ expression: Expr, as type: ValueType, file: FileID, scope: Scope, attribute: String) -> Value? {
    if case .error = expression { return nil }
    switch type {
    case .string, .vmSize, .autoscaleFormula:
      return scalar(expression, file: file, scope: scope, attribute: attribute, type: type) { value in
        if case .string = value { return value }
        return nil
      }
    case .scalarText:
      return scalar(expression, file: file, scope: scope, attribute: attribute, type: type) { value in
        switch value {
        case .string, .integer, .boolean, .duration: .string(value.description)
        default: nil
        }
      }
    case .integer:
      return scalar(expression, file: file, scope: scope, attribute: attribute, type: type) { value in
        if case .integer = value { return value }
        return nil
      }
    case .boolean:
      return scalar(expression, file: file, scope: scope, attribute: attribute, type: type) { value in
        if case .boolean = value { return value }
        return nil
      }
    case .duration:
      return scalar(expression, file: file, scope: scope, attribute: attribute, type: type) { value in
        if case .duration = value { return value }
        return nil
      }
    case .enumeration(let words):
      return enumWord(expression, words, file: file, scope: scope, attribute: attribute)
    case .list(let element):
      guard case .list(let items, _) = expression else {
        mismatch(
          expression, type, file: file, attribute: attribute,
          fixIts: replaceFix("wrap it in `[...]`", file, expression.range, "[\(text(expression, file))]", safe: true))
        return nil
      }
      var values: [Value] = []
      var ok = true
      for item in items {
        if case .reference(.task) = element, let expanded = taskReferences(item, file: file, scope: scope) {
          // `depends_on = [sweep]`: the array of the sweep's references itself, not a copy of it.
          if values.isEmpty { values = expanded } else { values.append(contentsOf: expanded) }
        } else if let value = evaluate(item, as: element, file: file, scope: scope, attribute: attribute) {
          values.append(value)
        } else {
          ok = false
        }
      }
      return ok ? .list(values) : nil
    case .map(let valueType):
      guard case .map(let entries, _) = expression else {
        if let map = mapOfNameValuePairs(expression, file: file) {
          // Batch's JSON writes `environmentSettings` and `metadata` as a list of pairs: the
          // same settings, so the fix is safe.
          report(
            .typeMismatch, file, expression.range,
            "`\(attribute)` takes a map: Batch's list of `name`/`value` pairs is written `\(map)` here",
            fixIts: replaceFix("write it as a map", file, expression.range, map, safe: true))
          return nil
        }
        mismatch(expression, type, file: file, attribute: attribute)
        return nil
      }
      var items: [MapItem] = []
      var seen: [String: TextRange] = [:]
      for entry in entries {
        if let first = seen[entry.key.text] {
          report(
            .duplicateAttribute, file, entry.key.range, "`\(entry.key.text)` is set twice in this map: keep one",
            notes: [Note("first set here", at: Location(file, first))])
          continue
        }
        seen[entry.key.text] = entry.key.range
        if let value = evaluate(entry.value, as: valueType, file: file, scope: scope, attribute: entry.key.text) {
          items.append(MapItem(entry.key.text, value))
        }
      }
      return .map(items)
    case .reference(let kind):
      return reference(expression, kind: kind, file: file, scope: scope, attribute: attribute)
    case .container:
      guard case .member(let base, let name, _) = expression, case .name(let storage) = base else {
        mismatch(expression, type, file: file, attribute: attribute)
        return nil
      }
      return container(storage: storage, container: name, file: file, scope: scope)
    case .blob:
      guard case .index(let base, let index, _) = expression, case .member(let inner, let containerName, _) = base,
        case .name(let storage) = inner
      else {
        mismatch(expression, type, file: file, attribute: attribute)
        return nil
      }
      guard
        case .container(let account, let containerText)? = container(
          storage: storage, container: containerName, file: file, scope: scope)
      else { return nil }
      guard case .string(let blobName)? = evaluate(index, as: .string, file: file, scope: scope, attribute: attribute)
      else { return nil }
      if let problem = StorageNames.blobNameProblem(blobName) {
        report(.invalidBlobName, file, index.range, "invalid blob name `\(blobName)`: \(problem)")
        return nil
      }
      return .blob(storage: account, container: containerText, name: blobName)
    case .secret:
      if case .call(let callee, let arguments, _) = expression, callee.text == "env" {
        return environmentCall(arguments, expression, file: file, scope: scope)
      }
      var fixIts: [FixIt] = []
      if case .string = expression {
        fixIts = replaceFix("read it with `env(\"NAME\")`", file, expression.range, "env(\"NAME\")", safe: false)
      }
      report(
        .typeMismatch, file, expression.range,
        "`\(attribute)` is a secret: read it from the environment with `env(\"NAME\")`, never write it into a spec",
        fixIts: fixIts)
      return nil
    case .integerRange:
      guard case .range(let lower, let upper, let step, _) = expression else {
        mismatch(expression, type, file: file, attribute: attribute)
        return nil
      }
      if let step { report(.typeMismatch, file, step.range, "an exit code range takes no `step`") }
      guard let lo = evaluate(lower, as: .integer, file: file, scope: scope, attribute: attribute)?.integerValue,
        let hi = evaluate(upper, as: .integer, file: file, scope: scope, attribute: attribute)?.integerValue
      else { return nil }
      if lo > hi {
        report(.typeMismatch, file, expression.range, "the range \(lo)..\(hi) is empty: write the smaller bound first")
        return nil
      }
      return .range(lo, hi)
    }
  }

  // MARK: Scalars

  /// Evaluates a literal, param, sweep variable or string (with interpolation), then `accept`s it.
  private func scalar(
    _ expression: Expr, file: FileID, scope: Scope, attribute: String, type: ValueType, accept: (Value) -> Value?
  ) -> Value? {
    let value: Value
    switch expression {
    case .string(let literal):
      guard let text = interpolate(literal, file: file, scope: scope) else { return nil }
      value = .string(text)
    case .integer(let i, _): value = .integer(i)
    case .duration(let ms, _): value = .duration(ms)
    case .bool(let b, _): value = .boolean(b)
    case .name(let name):
      guard let bound = lookup(name, file: file, scope: scope, expected: type) else { return nil }
      value = bound
    case .call(let callee, _, _) where callee.text == "env":
      report(
        .typeMismatch, file, expression.range,
        "`env(...)` reads secrets and is allowed only in \(Schema.secretAttributeList); "
          + "`\(attribute)` takes \(type.withArticle)"
      )
      return nil
    case .call(let callee, _, _):
      unknownFunction(callee, file: file)
      return nil
    default:
      mismatch(expression, type, file: file, attribute: attribute)
      return nil
    }
    if let accepted = accept(value) { return accepted }
    let shown: String
    if case .name(let name) = expression {
      let given = ParamType(of: value)?.rawValue ?? "value"
      shown = "`\(name.text)`, \(article(given)) \(given),"
    } else {
      shown = describe(expression)
    }
    var fixIts: [FixIt] = []
    if case .string(let literal) = expression, literal.constantText == nil {
      // `"${nodes}"`: the name alone is the same value, typed, and stays a reference; a fix that
      // wrote the evaluated text would bake in the param's default or the sweep's first member.
      if let name = Self.soleInterpolatedName(literal),
        let bound = lookup(name, file: file, scope: scope, expected: type), accept(bound) != nil
      {
        report(
          .typeMismatch, file, expression.range,
          "`\(attribute)` takes \(type.withArticle), but a string was given: write `\(name.text)` without quotes and `${}`",
          fixIts: replaceFix("write `\(name.text)`", file, expression.range, name.text, safe: true))
        return nil
      }
    } else if case .string(let text) = value, case .string = expression {
      // A span written as Batch's JSON writes it (ISO 8601) or as people do (`"2 days"`): the same
      // span, so the fix is safe.
      let iso = type == .duration ? ISODuration.parse(text) : nil
      if let milliseconds = iso ?? (type == .duration ? DurationSyntax.spelledOut(text) : nil) {
        let literal = Value.formatDuration(milliseconds)
        report(
          .typeMismatch, file, expression.range,
          iso != nil
            ? "`\(attribute)` takes a duration: Batch's `\(text)` is written `\(literal)` here"
            : "`\(attribute)` takes a duration, written `\(literal)` here, not the string \(text.debugDescription)",
          fixIts: replaceFix("replace with `\(literal)`", file, expression.range, literal, safe: true))
        return nil
      }
      if case .duration = type, Self.looksLikeCron(text) {
        report(
          .typeMismatch, file, expression.range,
          attribute == "every"
            ? "`every` takes a duration, not a cron expression: Batch repeats a schedule at an interval "
              + "(`every = 1d`), from `not_before`, which sets the time of day of the first run"
            : "`\(attribute)` takes a duration (`2h`), not a cron expression")
        return nil
      }
      // A number or a duration in quotes: the same value without them.
      let unquoted: Bool
      switch type {
      case .integer: unquoted = Int64(text) != nil
      case .duration: unquoted = DurationSyntax.milliseconds(Array(text.utf8), TextRange(0, text.utf8.count)) != nil
      case .boolean: unquoted = text == "true" || text == "false"
      default: unquoted = false
      }
      if unquoted { fixIts = replaceFix("remove the quotes", file, expression.range, text, safe: true) }
    }
    if case .duration = type, case .integer(let number, _) = expression, number >= 0 {
      // A bare number has no unit: seconds are the likeliest (Batch's own figures are in seconds),
      // but only the user knows, so the fix is unsafe.
      report(
        .typeMismatch, file, expression.range,
        "`\(attribute)` takes a duration, which has a unit: `\(number)s` for seconds, `\(number)m` for minutes (`45s`, `30m`, `2h`, `7d`, `1h30m`)",
        fixIts: replaceFix("replace with `\(number)s` (seconds)", file, expression.range, "\(number)s", safe: false))
      return nil
    }
    report(
      .typeMismatch, file, expression.range, "`\(attribute)` takes \(type.withArticle), but \(shown) was given",
      fixIts: fixIts)
    return nil
  }

  /// The name a string holds and nothing else (`"${nodes}"`), or nil.
  static func soleInterpolatedName(_ literal: StringLiteral) -> Name? {
    let parts = literal.parts
    guard parts.count == 1, case .interpolation(.name(let name), _) = parts[0] else { return nil }
    return name
  }

  /// Whether `text` reads as a cron expression: five or six fields of digits, `*`, `/`, `,` and `-`
  /// (`0 2 * * *`).
  static func looksLikeCron(_ text: String) -> Bool {
    let fields = text.split(separator: " ")
    return (5...6).contains(fields.count)
      && fields.allSatisfy { $0.allSatisfy { "0123456789*/,-?".contains($0) } }
  }

  /// Booleans as other languages spell them, and the spelling here.
  private static let booleanSpellings = [
    "true": "true", "yes": "true", "on": "true", "false": "false", "no": "false", "off": "false",
  ]

  /// The value of a param or the sweep variable named `name`; `interpolation` is the whole
  /// `${...}` when the name is written in one.
  func lookup(_ name: Name, file: FileID, scope: Scope, expected: ValueType?, interpolation: TextRange? = nil)
    -> Value?
  {
    if let sweep = scope.sweep, sweep.variable == name.text { return sweep.value }
    // The value alone, without copying the param's declaration; a param without a value has none.
    dependencies?.params.insert(name.text)
    if let value = result.params[name.text] { return value }
    if params[name.text] != nil { return nil }
    dependencies?.allParams = true
    var candidates = Array(params.keys)
    if let sweep = scope.sweep { candidates.append(sweep.variable) }
    let suggestion = Suggestions.closest(to: name.text, in: candidates)
    // `i-1` or `n+1`: names may hold `-`, so arithmetic reads as one unknown name.
    if let operand = name.text.split(separator: "-", maxSplits: 1).first, operand.count < name.text.count,
      scope.sweep?.variable == String(operand) || params[String(operand)] != nil
    {
      report(
        .unknownName, file, name.range,
        "unknown name `\(name.text)`: values are not computed here (`-` is part of a name); write the value itself"
          + (scope.sweep?.variable == String(operand)
            ? ", such as `t[\"3\"]` for one task of a sweep, or the sweep variable alone"
            : ", or a param that holds it"))
      return nil
    }
    if let interpolation, let shellVariable = Self.shellVariableAdvice(name, suggestion: suggestion) {
      // `${HOME}` in a command is the shell's variable, written as the shell writes it: the
      // escape keeps it for the shell. The fix is one to look at: in a path or a name, rather than
      // a command, the name may be a param the spec forgot to declare.
      let escaped = "`\\${\(name.text)}` or `$\(name.text)`"
      report(
        .unknownName, file, name.range,
        shellVariable == .environmentName
          ? "unknown name `\(name.text)`: `${...}` inserts a param or the sweep variable here; for the shell's or the "
            + "task's environment variable, write \(escaped)"
          : "unknown name `\(name.text)`: names in `${...}` are params (`param \(name.text): ...`) or the sweep "
            + "variable; for a shell variable, write \(escaped)",
        fixIts: [
          FixIt(
            "escape it: `\\${\(name.text)}`",
            edits: [
              TextEdit(file: file, range: TextRange(interpolation.start, interpolation.start), replacement: "\\")
            ],
            isSafe: false)
        ])
      return nil
    }
    var message = "unknown name `\(name.text)`\(Suggestions.didYouMean(suggestion))"
    var fixIts: [FixIt] = []
    if suggestion == nil, expected == .boolean, let word = Self.booleanSpellings[name.text.lowercased()] {
      message += ": booleans are `true` and `false`"
      fixIts = replaceFix("replace with `\(word)`", file, name.range, word, safe: true)
    } else if suggestion == nil, ["null", "nil", "none", "undefined"].contains(name.text.lowercased()) {
      message += ": there is no null; an attribute is unset by leaving it out, so remove the line"
    } else if suggestion == nil, let expected,
      expected == .string || expected == .vmSize || expected == .scalarText || expected == .autoscaleFormula
    {
      message += ": to write a string, quote it: `\"\(name.text)\"`"
      fixIts = replaceFix("quote it", file, name.range, "\"\(name.text)\"", safe: false)
    } else if suggestion == nil {
      message += ": names here are params (`param \(name.text): ...`) or the sweep variable"
    } else {
      fixIts = replaceFix("replace with `\(suggestion!)`", file, name.range, suggestion!, safe: false)
    }
    report(.unknownName, file, name.range, message, fixIts: fixIts)
    return nil
  }

  /// What an unknown name in `${...}` most likely is.
  enum ShellVariable { case environmentName, otherName }

  /// Whether an unknown name in `${...}` is read as the shell's variable: one shaped like an
  /// environment variable (`HOME`, `AZ_BATCH_TASK_DIR`) unless a param is spelt much like it,
  /// any other name only when nothing in scope resembles it.
  static func shellVariableAdvice(_ name: Name, suggestion: String?) -> ShellVariable? {
    let bytes = name.text.utf8
    let isEnvironmentName =
      bytes.first.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") || $0 == UInt8(ascii: "_") } ?? false
      && bytes.allSatisfy {
        ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
          || $0 == UInt8(ascii: "_")
      }
    if isEnvironmentName && (suggestion == nil || name.text.hasPrefix("AZ_BATCH_")) { return .environmentName }
    return suggestion == nil ? .otherName : nil
  }

  /// The text of a string literal with every `${...}` evaluated.
  func interpolate(_ literal: StringLiteral, file: FileID, scope: Scope) -> String? {
    if let constant = literal.constantText { return constant }
    var joined = ""
    joined.reserveCapacity(literal.range.length)  // usually the final length, near enough: one allocation
    var ok = true
    for part in literal.parts {
      if let piece = text(of: part, file: file, scope: scope) { joined += piece } else { ok = false }
    }
    return ok ? joined : nil
  }

  /// The text of one part of a string literal, or nil (reported) when an interpolation fails.
  func text(of part: StringPart, file: FileID, scope: Scope) -> String? {
    switch part {
    case .text(let piece, _):
      return piece
    case .interpolation(let expression, let range):
      switch expression {
      case .error:
        return nil
      case .name(let name):
        return lookup(name, file: file, scope: scope, expected: nil, interpolation: range)?.description
      case .integer, .duration, .bool, .string:
        return evaluate(expression, as: .scalarText, file: file, scope: scope, attribute: "interpolation")?.description
      default:
        report(
          .invalidInterpolation, file, expression.range,
          "`${...}` holds a param or sweep variable name, not \(describe(expression))")
        return nil
      }
    }
  }

  private func enumWord(_ expression: Expr, _ words: [String], file: FileID, scope: Scope, attribute: String) -> Value?
  {
    if case .name(let name) = expression, words.contains(name.text) { return .word(name.text) }
    let allowed = words.map { "`\($0)`" }.joined(separator: ", ")
    switch expression {
    case .name(let name):
      if let word = Schema.word(restWord: name.text, of: words) {
        // Azure's spelling, from Batch's JSON: the same value, so the fix is safe.
        report(
          .unknownEnumWord, file, name.range,
          "`\(name.text)` is not a value of `\(attribute)`: Batch's `\(name.text)` is `\(word)` here",
          fixIts: replaceFix("replace with `\(word)`", file, name.range, word, safe: true))
        return nil
      }
      let suggestion = Suggestions.closest(to: name.text, in: words)
      report(
        .unknownEnumWord, file, name.range,
        "`\(name.text)` is not a value of `\(attribute)`\(Suggestions.didYouMeanOrStop(suggestion)) Allowed: \(allowed)",
        fixIts: suggestion.map { replaceFix("replace with `\($0)`", file, name.range, $0, safe: false) } ?? [])
    case .string(let literal):
      if let text = literal.constantText,
        let word = words.contains(text) ? text : Schema.word(restWord: text, of: words)
      {
        report(
          .typeMismatch, file, expression.range, "`\(attribute)` takes a bare word: write `\(word)` without quotes",
          fixIts: replaceFix(
            word == text ? "remove the quotes" : "replace with `\(word)`", file, expression.range, word, safe: true))
      } else {
        report(.typeMismatch, file, expression.range, "`\(attribute)` takes one of \(allowed), not a string")
      }
    default:
      report(
        .typeMismatch, file, expression.range, "`\(attribute)` takes one of \(allowed), not \(describe(expression))")
    }
    return nil
  }

  private func environmentCall(_ arguments: [Expr], _ expression: Expr, file: FileID, scope: Scope) -> Value? {
    guard arguments.count == 1, case .string(let literal) = arguments[0], let name = literal.constantText,
      !name.isEmpty
    else {
      report(
        .unknownFunction, file, expression.range, "`env` takes one string, the variable's name: `env(\"BATCH_KEY\")`")
      return nil
    }
    return .secret(environmentVariable: name)
  }

  func unknownFunction(_ callee: Name, file: FileID) {
    report(
      .unknownFunction, file, callee.range,
      "unknown function `\(callee.text)`: the only function is `env(\"NAME\")`, for secrets")
  }

  // MARK: Messages

  /// The map literal a list of `{ name = "...", value = ... }` pairs means (`[{ name = "A",
  /// value = "1" }]` is `{ A = "1" }`), as Batch's JSON writes settings and metadata; nil for any
  /// other list, or one that names a key twice.
  func mapOfNameValuePairs(_ expression: Expr, file: FileID) -> String? {
    guard case .list(let items, _) = expression, !items.isEmpty else { return nil }
    var entries: [String] = []
    var keys: Set<String> = []
    for item in items {
      guard case .map(let pair, _) = item, pair.count == 2,
        let name = pair.first(where: { $0.key.text == "name" })?.value,
        let value = pair.first(where: { $0.key.text == "value" })?.value,
        case .string(let literal) = name, let key = literal.constantText, keys.insert(key).inserted
      else { return nil }
      entries.append("\(Literal.isIdentifier(key) ? key : Literal.string(key)) = \(text(value, file))")
    }
    return "{ " + entries.joined(separator: ", ") + " }"
  }

  func mismatch(_ expression: Expr, _ type: ValueType, file: FileID, attribute: String, fixIts: [FixIt] = []) {
    report(
      .typeMismatch, file, expression.range,
      "`\(attribute)` takes \(type.withArticle), but \(describe(expression)) was given",
      fixIts: fixIts)
  }

  func describe(_ expression: Expr) -> String {
    switch expression {
    case .string: "a string"
    case .integer(let i, _): "the number \(i)"
    case .duration: "a duration"
    case .bool(let b, _): "`\(b)`"
    case .name(let name): "the name `\(name.text)`"
    case .list: "a list"
    case .map: "a map"
    case .member: "a member access"
    case .index: "an index"
    case .call(let callee, _, _): "a call to `\(callee.text)`"
    case .range: "a range"
    case .error: "an invalid value"
    }
  }

  func text(_ expression: Expr, _ file: FileID) -> String { files[file.rawValue].text(expression.range) }
}
