// The shape of a validation rule: a code, a name, a default severity, documentation, one check.

/// One validation rule: it reads a checked project and reports findings through a context.
///
/// A rule lives in its own file under `Validation/Rules/`, is listed in `RuleRegistry`, and never
/// does IO. Its documentation has the headings of `RuleDocumentation.headings`, in that order.
package protocol ValidationRule: Sendable {
  /// The rule's code, kebab-case name, default severity and one-line summary.
  var code: DiagnosticCode { get }
  /// Markdown with the headings `## What it does`, `## Why is this bad?`, `## Example`,
  /// `## Use instead` and `## Azure limit`.
  var documentation: String { get }
  /// Reports the rule's findings on `context.project`.
  func check(_ context: inout ValidationContext)
  /// What the rule's findings depend on: each resource alone (with what it refers to), or the
  /// whole project (sums, counts and cycles over many resources).
  var scope: RuleScope { get }
}

/// What a rule's findings depend on, for the incremental validator.
package enum RuleScope: Sendable {
  /// Each finding comes from one resource (an account, storage account, application, pool or
  /// job, with its children) and what that resource refers to: the rule iterates the context's
  /// focused resources (`context.pools`, `context.jobs`, `context.commandBlocks`, ...), never
  /// `context.project`'s lists, and looks others up through `context.facts` or the project.
  case resources
  /// The findings come from the whole project: the rule runs in full after every change.
  case project
}

extension ValidationRule {
  /// Rules depend on the whole project unless they say otherwise.
  package var scope: RuleScope { .project }
  /// The kebab-case name, such as `dedicated-core-quota-exceeded`.
  package var name: String { code.name }
  /// The severity used unless configuration says otherwise.
  package var defaultSeverity: Severity { code.defaultSeverity }
  /// One sentence on what the rule flags.
  package var summary: String { code.summary }
}

/// The fixed headings of a rule's documentation, and the one renderer of it.
package enum RuleDocumentation {
  /// Every rule's documentation has these headings, in this order.
  package static let headings = [
    "## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Azure limit",
  ]

  /// The headings missing from `documentation`, or out of order.
  package static func problems(_ documentation: String) -> [String] {
    var problems: [String] = []
    let lines = documentation.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var next = 0
    for heading in headings {
      guard let found = lines[next...].firstIndex(of: heading) else {
        problems.append("missing or out of order: `\(heading)`")
        continue
      }
      next = found + 1
    }
    return problems
  }

  /// The rule's reference page in Markdown: title, summary, default severity, documentation.
  /// `explain`, hover and the generated rule reference all use this.
  package static func render(_ rule: any ValidationRule) -> String {
    render(code: rule.code, documentation: rule.documentation)
  }

  /// The reference page of any code; a code without documentation would get its summary alone.
  package static func render(code: DiagnosticCode, documentation: String?) -> String {
    var page = """
      # \(code.rawValue) \(code.name)

      \(code.summary) Default severity: \(code.defaultSeverity.name).
      """
    if let documentation { page += "\n\n" + documentation }
    return page
  }
}
