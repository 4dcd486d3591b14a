// The catalogue of the front end's diagnostic codes: syntax (BS1xxx), names and types (BS2xxx).
// The validator's rules describe themselves in their own files under Validation/Rules/ and are
// listed by RuleRegistry: BS3xxx quotas, BS4xxx storage, BS5xxx limits and consistency, BS6xxx
// security.

/// The group a code belongs to, given by its first digit.
package enum DiagnosticGroup: String, Sendable, CaseIterable {
  case syntax = "syntax"
  case namesAndTypes = "names and types"
  case validation = "validation"
  /// The linter's own codes (BS9xxx): suppression comments and the configuration file.
  case linter = "linter"
}

/// A stable diagnostic code such as `BS2002`, with its kebab-case name and default severity.
package struct DiagnosticCode: Hashable, Sendable, CustomStringConvertible {
  /// The code as printed: `BS` and four digits.
  package let rawValue: String
  /// A kebab-case name for what it flags, e.g. `unknown-attribute`.
  package let name: String
  /// The severity used unless configuration says otherwise.
  package let defaultSeverity: Severity
  /// One sentence on what the code flags.
  package let summary: String

  /// Declares a code.
  package init(_ rawValue: String, _ name: String, _ severity: Severity, _ summary: String) {
    self.rawValue = rawValue
    self.name = name
    self.defaultSeverity = severity
    self.summary = summary
  }

  /// The group, from the first digit of the code.
  package var group: DiagnosticGroup {
    switch rawValue.dropFirst(2).first {
    case "1": .syntax
    case "2": .namesAndTypes
    case "9": .linter
    default: .validation
    }
  }

  package var description: String { rawValue }

  package static func == (a: DiagnosticCode, b: DiagnosticCode) -> Bool { a.rawValue == b.rawValue }
  package func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
}

extension DiagnosticCode {
  // MARK: Syntax

  package static let unexpectedCharacter = DiagnosticCode(
    "BS1001", "unexpected-character", .error, "A character that cannot start any token.")
  package static let unterminatedString = DiagnosticCode(
    "BS1002", "unterminated-string", .error, "A string literal with no closing quote on its line.")
  package static let unterminatedBlockComment = DiagnosticCode(
    "BS1003", "unterminated-block-comment", .error, "A `/*` comment with no closing `*/`.")
  package static let invalidEscape = DiagnosticCode(
    "BS1004", "invalid-escape", .error, "A backslash escape that strings do not define.")
  package static let invalidNumber = DiagnosticCode(
    "BS1005", "invalid-number", .error, "A number or duration that is malformed or out of range.")
  package static let invalidUTF8 = DiagnosticCode(
    "BS1006", "invalid-utf8", .error, "Bytes that are not UTF-8: a file saved in another encoding.")
  package static let expectedClosingBrace = DiagnosticCode(
    "BS1010", "expected-closing-brace", .error, "A block whose `{` is never closed.")
  package static let expectedEquals = DiagnosticCode(
    "BS1011", "expected-equals", .error, "An attribute name not followed by `=`.")
  package static let expectedValue = DiagnosticCode(
    "BS1012", "expected-value", .error, "An `=` with no value after it on the same line.")
  package static let unexpectedToken = DiagnosticCode(
    "BS1013", "unexpected-token", .error, "A token where an attribute, a block or a value was expected.")
  package static let expectedSeparator = DiagnosticCode(
    "BS1014", "expected-separator", .error, "Two attributes or elements with no newline or `,` between them.")
  package static let expectedClosingBracket = DiagnosticCode(
    "BS1015", "expected-closing-bracket", .error, "A list, map, index or call that is never closed.")
  package static let invalidBlockHeader = DiagnosticCode(
    "BS1016", "invalid-block-header", .error, "A block header that is not `kind label? (for name in values)? {`.")
  package static let invalidParamDeclaration = DiagnosticCode(
    "BS1017", "invalid-param-declaration", .error, "A `param` declaration that is not `param name: type = default`.")
  package static let invalidInterpolation = DiagnosticCode(
    "BS1018", "invalid-interpolation", .error, "A `${...}` that is empty, unclosed or holds more than one expression.")

  package static let invalidMultilineString = DiagnosticCode(
    "BS1019", "invalid-multiline-string", .error,
    "A multi-line string with text after its opening `\"\"\"`, a closing `\"\"\"` not on its own line, or a line indented less than it."
  )

  // MARK: Names and types

  package static let unknownBlock = DiagnosticCode(
    "BS2001", "unknown-block", .error, "A block kind the schema does not define where it stands.")
  package static let unknownAttribute = DiagnosticCode(
    "BS2002", "unknown-attribute", .error, "An attribute the enclosing block does not have.")
  package static let typeMismatch = DiagnosticCode(
    "BS2003", "type-mismatch", .error, "A value of another type than the attribute takes.")
  package static let missingAttribute = DiagnosticCode(
    "BS2004", "missing-attribute", .error, "A required attribute that is not set.")
  package static let duplicateID = DiagnosticCode(
    "BS2005", "duplicate-id", .error, "Two resources of one kind and scope with IDs Azure treats as equal.")
  package static let unresolvedReference = DiagnosticCode(
    "BS2006", "unresolved-reference", .error, "A reference to a resource that the project does not declare.")
  package static let duplicateAttribute = DiagnosticCode(
    "BS2007", "duplicate-attribute", .error, "An attribute set twice in one block.")
  package static let unknownEnumWord = DiagnosticCode(
    "BS2008", "unknown-enum-word", .error, "A word that is not one of the attribute's allowed values.")
  package static let unknownName = DiagnosticCode(
    "BS2009", "unknown-name", .error, "A name in `${...}` or an expression that is no param or sweep variable.")
  package static let invalidParam = DiagnosticCode(
    "BS2010", "invalid-param", .error, "A param with an unknown type, a default of the wrong type, or no value.")
  package static let sweepIDCollision = DiagnosticCode(
    "BS2011", "sweep-id-collision", .error, "A sweep that expands to task IDs that collide.")
  package static let invalidContainerName = DiagnosticCode(
    "BS2012", "invalid-container-name", .error, "A blob container name that Azure Storage refuses.")
  package static let invalidBlobName = DiagnosticCode(
    "BS2013", "invalid-blob-name", .error, "A blob name that Azure Storage refuses.")
  package static let misplacedBlock = DiagnosticCode(
    "BS2014", "misplaced-block", .error, "A known block kind inside a block that cannot hold it.")
  package static let invalidLabel = DiagnosticCode(
    "BS2015", "invalid-label", .error, "A block label that is missing, not allowed, or a sweep where none is allowed.")
  package static let unknownFunction = DiagnosticCode(
    "BS2016", "unknown-function", .error, "A call to a function the language does not define, or with wrong arguments.")
  package static let undeclaredContainer = DiagnosticCode(
    "BS2017", "undeclared-container", .error, "A container missing from its storage account's `containers` list.")
  package static let invalidSweep = DiagnosticCode(
    "BS2018", "invalid-sweep", .error, "A sweep over values that are not a range or list of ints or strings.")
  package static let conflictingAttributes = DiagnosticCode(
    "BS2019", "conflicting-attributes", .error, "Attributes that exclude each other, or none of a required choice.")
  package static let duplicateBlock = DiagnosticCode(
    "BS2020", "duplicate-block", .error, "A block that may appear once, written twice.")
  package static let valueOutOfRange = DiagnosticCode(
    "BS2021", "value-out-of-range", .error,
    "A number outside the range the attribute takes, such as a negative node count.")

  /// A front-end code's documentation, with the headings of a rule's (SyntaxCodeDocumentation.swift,
  /// NameAndTypeCodeDocumentation.swift); nil for other codes, whose rules document them.
  package var documentation: String? { Self.syntaxDocumentation[self] ?? Self.nameAndTypeDocumentation[self] }

  /// Every front-end code, in order.
  package static let frontEndCodes: [DiagnosticCode] = [
    unexpectedCharacter, unterminatedString, unterminatedBlockComment, invalidEscape, invalidNumber, invalidUTF8,
    expectedClosingBrace, expectedEquals, expectedValue, unexpectedToken, expectedSeparator,
    expectedClosingBracket, invalidBlockHeader, invalidParamDeclaration, invalidInterpolation, invalidMultilineString,
    unknownBlock, unknownAttribute, typeMismatch, missingAttribute, duplicateID, unresolvedReference,
    duplicateAttribute, unknownEnumWord, unknownName, invalidParam, sweepIDCollision,
    invalidContainerName, invalidBlobName, misplacedBlock, invalidLabel, unknownFunction,
    undeclaredContainer, invalidSweep, conflictingAttributes, duplicateBlock, valueOutOfRange,
  ]
}
