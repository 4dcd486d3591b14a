// Findings about suppression comments: codes that name no rule (BS9003) and suppressions, or codes
// in them, that silenced nothing (BS9001), with a safe fix that removes an unused comment.

/// Reports suppression comments that do nothing.
enum SuppressionReport {
  /// BS9001 and BS9003 findings for `suppressions`, given the findings they `suppressed`.
  ///
  /// Unused ones are reported only when `reportUnused`: with syntax or type errors the rules see
  /// only part of the project, so a suppression may look unused when it is not.
  static func findings(
    _ suppressions: [Suppression], suppressed: [Diagnostic], in project: Project,
    configuration: ValidationConfiguration, reportUnused: Bool
  ) -> [Diagnostic] {
    let used = usedCodes(suppressions, suppressed: suppressed, in: project)
    var findings: [Diagnostic] = []
    func report(_ lintCode: LintCode, _ suppression: Suppression, _ message: String, notes: [Note], fix: [FixIt]) {
      guard let severity = configuration.severity(of: lintCode.code, proposed: lintCode.code.defaultSeverity) else {
        return
      }
      findings.append(
        Diagnostic(lintCode.code, at: suppression.location, message, severity: severity, notes: notes, fixIts: fix))
    }
    for (index, suppression) in suppressions.enumerated() {
      if let why = suppression.malformed {
        report(
          .invalidSuppression, suppression, "this comment is no suppression, and silences nothing: \(why)", notes: [],
          fix: [])
        continue
      }
      var valid: [(name: String, code: DiagnosticCode)] = []
      var invalid: [String] = []
      for name in suppression.codes {
        if let rule = RuleRegistry.rule(name) {
          valid.append((name, rule.code))
        } else {
          invalid.append(name)
        }
      }
      if let (message, fix) = reasonWithoutColon(suppression, valid: valid.count, invalid: invalid, in: project) {
        report(.invalidSuppression, suppression, message, notes: [], fix: fix.map { [$0] } ?? [])
      } else {
        for name in invalid { report(.invalidSuppression, suppression, invalidMessage(name), notes: [], fix: []) }
      }
      guard reportUnused, !valid.isEmpty else { continue }
      let unused = valid.filter { !used[index].contains($0.code.rawValue) }
      guard !unused.isEmpty else { continue }
      let notes = unused.compactMap { entry in
        configuration.level(of: entry.code) == .off
          ? Note(
            "`\(entry.code.name)` is `off` \(configuration.origin(ofLevelOf: entry.code)), so it has nothing to silence"
          )
          : nil
      }
      let quoted = unused.map { "`\($0.name)`" }
      let names =
        quoted.count > 1 ? quoted.dropLast().joined(separator: ", ") + " or " + quoted.last! : quoted.joined()
      let place = suppression.scope == .file ? "in this file" : "on the line it covers"
      if unused.count == valid.count && valid.count == suppression.codes.count {
        let removal = FixIt(
          "remove the suppression", edits: [removal(of: suppression.location, in: project)], isSafe: true)
        report(
          .unusedSuppression, suppression, "unused suppression: no \(names) finding \(place)", notes: notes,
          fix: [removal])
      } else {
        report(
          .unusedSuppression, suppression,
          "\(names) in this suppression silence\(unused.count == 1 ? "s" : "") nothing \(place)",
          notes: notes, fix: [])
      }
    }
    return findings
  }

  /// For each suppression, the codes of the findings it silenced (attributed as `Suppressions.apply` does).
  private static func usedCodes(
    _ suppressions: [Suppression], suppressed: [Diagnostic], in project: Project
  ) -> [Set<String>] {
    var used = [Set<String>](repeating: [], count: suppressions.count)
    for diagnostic in suppressed {
      let line = project.file(diagnostic.file).lines.line(containing: diagnostic.range.start)
      let index = suppressions.firstIndex { suppression in
        suppression.location.file == diagnostic.file && suppression.covers(diagnostic.code)
          && (suppression.scope == .file || suppression.scope == .line(line))
      }
      if let index { used[index].insert(diagnostic.code.rawValue) }
    }
    return used
  }

  /// For a suppression whose codes are followed by words that are no code and name none (`//
  /// batchspec-ignore BS5045 flaky on CI`), one finding that a reason goes after `:`, with a safe
  /// fix that writes it; nil otherwise (each unknown name is then reported with its suggestion).
  private static func reasonWithoutColon(
    _ suppression: Suppression, valid: Int, invalid: [String], in project: Project
  ) -> (String, FixIt?)? {
    guard valid > 0, !invalid.isEmpty, suppression.codes.prefix(valid).allSatisfy({ RuleRegistry.rule($0) != nil })
    else { return nil }
    // Decided by the first unknown word: a code (`BS5O45`) or a rule's name mistyped (it holds a
    // `-`, or is a lone word close to a name) is reported as such; any other starts a reason,
    // whatever words follow it (`dependencies are off` holds a word that starts a rule's name).
    let first = invalid[0]
    let upper = first.uppercased()
    if upper.hasPrefix("BS") && upper.dropFirst(2).allSatisfy(\.isNumber) { return nil }
    if first.contains("-") { return nil }
    if invalid.count == 1 {
      let names = RuleRegistry.all.map(\.name) + RuleRegistry.codes.map(\.rawValue)
      if Suggestions.closestOrExtension(to: first, in: names) != nil { return nil }
    }
    let words = invalid.joined(separator: " ")
    let codes = suppression.codes.prefix(valid).joined(separator: ", ")
    let message =
      "`\(words)` is no rule's code or name: a reason goes after a colon, `batchspec-ignore \(codes): \(words)`"
    // The colon goes right after the last code, as written in the comment.
    let file = project.file(suppression.location.file)
    let comment = Array(file.bytes[suppression.location.range.start..<suppression.location.range.end])
    let last = Array(suppression.codes[valid - 1].utf8)
    guard
      let start = comment.indices.last(where: { comment[$0...].starts(with: last) && $0 + last.count < comment.count }),
      comment.indices.first(where: { comment[$0...].starts(with: Array(invalid[0].utf8)) }).map({ $0 > start }) == true
    else { return (message, nil) }
    let at = suppression.location.range.start + start + last.count
    return (
      message,
      FixIt(
        "write `:` before the reason", edits: [TextEdit(file: file.id, range: TextRange(at, at), replacement: ":")],
        isSafe: true)
    )
  }

  private static func invalidMessage(_ name: String) -> String {
    if let code = DiagnosticCode.frontEndCodes.first(where: { $0.rawValue == name || $0.name == name }) {
      return "`\(name)` is a \(code.group.rawValue) code: fix the problem, it cannot be suppressed"
    }
    let names = RuleRegistry.all.map(\.name) + RuleRegistry.codes.map(\.rawValue)
    return
      "`\(name)` is no validation rule's code or name\(Suggestions.didYouMean(Suggestions.closestOrExtension(to: name, in: names)))"
  }

  /// The edit removing a comment: its whole line when nothing else is on it, else the comment and
  /// the spaces before it.
  private static func removal(of location: Location, in project: Project) -> TextEdit {
    let file = project.file(location.file)
    let bytes = file.bytes
    let line = file.lines.line(containing: location.range.start)
    let content = file.lines.contentRange(ofLine: line)
    func isBlank(_ range: TextRange) -> Bool {
      bytes[range.start..<range.end].allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }
    let before = TextRange(content.start, location.range.start)
    let after = TextRange(min(location.range.end, content.end), content.end)
    if location.range.end <= content.end && isBlank(before) && isBlank(after) {
      let next = line + 1 < file.lines.lineCount ? file.lines.lineStarts[line + 1] : content.end
      return TextEdit(file: location.file, range: TextRange(content.start, next), replacement: "")
    }
    var start = location.range.start
    while start > content.start && (bytes[start - 1] == 0x20 || bytes[start - 1] == 0x09) { start -= 1 }
    return TextEdit(file: location.file, range: TextRange(start, location.range.end), replacement: "")
  }
}
