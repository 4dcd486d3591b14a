// The autoscale formula rules (BS7xxx) share one analysis (`FormulaAnalysis`, run once per
// validation in `ProjectFacts`); each rule reports the issues of its kind, located inside the
// string that holds the formula.

extension ValidationContext {
  /// Reports, as `rule`'s findings, the formula issues of `kind`, each with its fix when the
  /// formula's bytes there are written as they are (not through an escape or an interpolation).
  package mutating func reportFormulaIssues(_ rule: some ValidationRule, kind: FormulaIssueKind) {
    for (formula, issues) in zip(project.formulas, facts.formulaIssues) {
      for issue in issues where issue.kind == kind {
        var fixIts: [FixIt] = []
        if let fix = issue.fix {
          let location = formula.location(fix.range)
          if location.range.length == fix.range.length {
            fixIts.append(replace(fix.title, location, with: fix.replacement, safe: fix.isSafe))
          }
        }
        report(rule, at: formula.location(issue.range), issue.message, fixIts: fixIts)
      }
    }
  }
}
