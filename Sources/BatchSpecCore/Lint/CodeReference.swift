// Every diagnostic code batchspec reports, with its documentation: the front end's
// (`DiagnosticCode.documentation`), the validator's rules and the linter's own, all with the
// rules' headings. `explain`, SARIF and the language server's hover look codes up here.

/// One documented code.
package struct CodeReferenceEntry: Sendable {
  /// The code, name, default severity and summary.
  package var code: DiagnosticCode
  /// Markdown with the fixed headings (`RuleDocumentation.headings`).
  package var documentation: String?
  /// Whether `batchspec.config` may change its level.
  package var isConfigurable: Bool

  /// The reference page in Markdown, from `RuleDocumentation.render`.
  package var markdown: String { RuleDocumentation.render(code: code, documentation: documentation) }
}

/// Looks codes up by code or name.
package enum CodeReference {
  /// Every code, in code order.
  package static let all: [CodeReferenceEntry] = {
    let frontEnd = DiagnosticCode.frontEndCodes.map {
      CodeReferenceEntry(code: $0, documentation: $0.documentation, isConfigurable: false)
    }
    let rules = RuleRegistry.all.map {
      CodeReferenceEntry(code: $0.code, documentation: $0.documentation, isConfigurable: true)
    }
    let lint = LintCode.all.map {
      CodeReferenceEntry(code: $0.code, documentation: $0.documentation, isConfigurable: $0.isConfigurable)
    }
    return (frontEnd + rules + lint).sorted { $0.code.rawValue < $1.code.rawValue }
  }()

  /// Every code, sorted, without its documentation (which takes a millisecond to build): what
  /// `explain` completes, listed by every command's start-up.
  package static let codes: [DiagnosticCode] =
    (DiagnosticCode.frontEndCodes + RuleRegistry.all.map(\.code) + LintCode.all.map(\.code)).sorted {
      $0.rawValue < $1.rawValue
    }

  /// The entry for `codeOrName` (`BS3001`, `bs3001` or `dedicated-core-quota-exceeded`).
  package static func entry(_ codeOrName: String) -> CodeReferenceEntry? {
    let upper = codeOrName.uppercased()
    return all.first { $0.code.rawValue == upper || $0.code.name == codeOrName.lowercased() }
  }

  /// The code or name closest to a misspelt one.
  package static func suggestion(for codeOrName: String) -> String? {
    Suggestions.closestOrExtension(to: codeOrName, in: all.map(\.code.name) + all.map(\.code.rawValue))
  }
}
