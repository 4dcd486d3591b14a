// The linter's own codes (BS9xxx): findings about suppression comments and configuration files,
// with documentation in the rules' format so `explain` renders them the same way.

/// A code the linter itself reports, with its documentation.
package struct LintCode: Sendable {
  /// The code, name, default severity and summary.
  package var code: DiagnosticCode
  /// Markdown with the headings of `RuleDocumentation.headings`.
  package var documentation: String
  /// Whether configuration may change its level (configuration errors are always errors).
  package var isConfigurable: Bool
}

extension LintCode {
  /// BS9001: a suppression comment that silences nothing.
  package static let unusedSuppression = LintCode(
    code: DiagnosticCode(
      "BS9001", "unused-suppression", .warning, "A suppression comment, or a code it names, that silences nothing."),
    documentation: """
      ## What it does
      Reports a `// batchspec-ignore` or `// batchspec-ignore-file` comment when no finding of a code it
      names was silenced by it: the finding was fixed, moved to another line, or its rule is `off`. When
      the whole comment is unused, a safe fix removes it. It is not reported while the project has
      syntax or type errors, since the rules then see only part of it.

      ## Why is this bad?
      A stale suppression hides the next real finding on that line, and tells readers about a problem
      that no longer exists.

      ## Example
      ```
      // batchspec-ignore BS3001: quota raised in ticket 1234
      pool render-pool { vm_size = "Standard_D4s_v3", dedicated_nodes = 2 }  // within quota
      ```

      ## Use instead
      ```
      pool render-pool { vm_size = "Standard_D4s_v3", dedicated_nodes = 2 }
      ```

      ## Azure limit
      None: this is about the spec's comments, not the service.
      """,
    isConfigurable: true)

  /// BS9002: a configuration file the linter cannot use as written.
  package static let invalidConfiguration = LintCode(
    code: DiagnosticCode(
      "BS9002", "invalid-configuration", .error,
      "A `batchspec.config` entry that is malformed, unknown or of the wrong type."),
    documentation: """
      ## What it does
      Checks `batchspec.config`: only `rules { }` and `options { }` blocks; in `rules`, a rule code or
      name set to `off`, `hint`, `info`, `warning` or `error`; in `options`, a known option set to a
      value of its type. A wrong entry is reported at its line and ignored (its default applies); a
      file with syntax errors is ignored as a whole. Either way linting goes on, and exits 2.

      ## Why is this bad?
      A misspelt rule name silently leaves the rule at its default: CI fails, or passes, for a reason
      nobody wrote down.

      ## Example
      ```
      rules { dedicated-core-quota = of }
      ```

      ## Use instead
      ```
      rules { dedicated-core-quota-exceeded = off }
      ```

      ## Azure limit
      None: this is about the linter's configuration, not the service.
      """,
    isConfigurable: false)

  /// BS9003: a suppression comment naming a code no rule has, or a code that cannot be suppressed.
  package static let invalidSuppression = LintCode(
    code: DiagnosticCode(
      "BS9003", "invalid-suppression", .warning,
      "A suppression comment naming an unknown code, or a syntax or type code that cannot be suppressed."),
    documentation: """
      ## What it does
      Reports a code or rule name in a `// batchspec-ignore` comment that is not a validation rule's:
      a typo, or a syntax or type code (`BS1xxx`, `BS2xxx`), which must be fixed rather than silenced.
      Also a comment that starts like a suppression but is none: the directive in capitals, a `:`
      straight after it (`// batchspec-ignore: BS3001`), or no code.

      ## Why is this bad?
      The comment looks like it silences something but silences nothing, and the finding it was
      meant for still fails the build.

      ## Example
      ```
      // batchspec-ignore BS3100: reviewed
      ```

      ## Use instead
      ```
      // batchspec-ignore BS3001: reviewed
      ```

      ## Azure limit
      None: this is about the spec's comments, not the service.
      """,
    isConfigurable: true)

  /// Every linter code, in order.
  package static let all: [LintCode] = [unusedSuppression, invalidConfiguration, invalidSuppression]
}
