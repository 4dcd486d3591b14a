// Autoscale formulas as the checker found them: the text, parsed, and where each byte is written,
// so the validator's formula rules, the editor and `batchspec autoscale` point inside the string.

/// An autoscale formula of the project.
package struct FormulaSource: Sendable {
  /// The formula's text (the attribute's value).
  package var text: String
  /// Where the value is written (the string literal, or the param that holds it).
  package var value: Location
  /// Formula offsets to file offsets.
  package var map: StringSourceMap
  /// The parsed formula.
  package var program: FormulaProgram

  /// Where the formula's bytes `range` are written.
  package func location(_ range: TextRange) -> Location { Location(value.file, map.source(of: range)) }
}

extension CheckedProject {
  /// The formula of `pool`'s `autoscale` block, when it has one that checked.
  package func formula(of pool: Checked<Schema.Pool>) -> FormulaSource? {
    guard let written = pool.child(\.autoscale)?.written(\.formula) else { return nil }
    return formulas.first { $0.value == written.valueLocation }
  }
}

extension CheckerContext {
  /// Parses a formula attribute's value and records it with its source map.
  func recordFormula(_ formula: String, _ attribute: Attribute, file: FileID, scope: Scope) {
    let map: StringSourceMap
    if case .string(let literal) = attribute.value {
      var interpolated: [String] = []
      for part in literal.parts {
        if case .interpolation = part { interpolated.append(text(of: part, file: file, scope: scope) ?? "") }
      }
      map = StringSourceMap(literal, bytes: files[file.rawValue].bytes, interpolated: interpolated)
    } else {
      map = StringSourceMap(whole: attribute.value.range, length: formula.utf8.count)
    }
    result.formulas.append(
      FormulaSource(
        text: formula, value: Location(file, attribute.value.range), map: map, program: FormulaProgram(formula)))
  }
}
