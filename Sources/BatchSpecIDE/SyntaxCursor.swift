// Finds what lies under an offset in a syntax tree: the enclosing blocks, the attribute, the name.

package import BatchSpecCore

/// The syntax around one offset of a file.
package struct SyntaxCursor {
  /// What a name under the cursor is.
  package enum NameRole {
    /// The kind of a block (`pool` in `pool a { }`).
    case blockKind(Block)
    /// The label of a block.
    case label(Block)
    /// The name of an attribute.
    case attributeName(Attribute)
    /// A bare name in a value: a reference, a param, an enum word or a sweep variable.
    case value(Name)
    /// The name of a param declaration.
    case param(ParamDeclaration)
    /// A map key, a member name or a sweep variable: names with no symbol of their own.
    case other(Name)
  }

  /// The blocks that contain the offset, outermost first.
  package private(set) var blocks: [Block] = []
  /// The attribute that contains the offset, if any.
  package private(set) var attribute: Attribute?
  /// The name under the offset and what it is.
  package private(set) var name: (name: Name, role: NameRole)?
  /// The expressions that contain the offset, outermost first.
  package private(set) var expressions: [Expr] = []

  /// Locates `offset` in `tree`.
  package init(tree: SyntaxTree, offset: Int) {
    visit(tree.statements, offset)
  }

  /// The innermost enclosing block.
  package var block: Block? { blocks.last }

  private mutating func visit(_ statements: [Statement], _ offset: Int) {
    for statement in statements where statement.range.contains(offset) {
      switch statement {
      case .block(let block):
        blocks.append(block)
        if block.kind.range.contains(offset) {
          name = (block.kind, .blockKind(block))
        } else if let label = block.label, label.range.contains(offset) {
          name = (label, .label(block))
        } else if let sweep = block.sweep, sweep.range.contains(offset) {
          if sweep.variable.range.contains(offset) { name = (sweep.variable, .other(sweep.variable)) }
          visit(sweep.values, offset)
        } else {
          visit(block.body, offset)
        }
        return
      case .attribute(let attribute):
        self.attribute = attribute
        if attribute.name.range.contains(offset) {
          name = (attribute.name, .attributeName(attribute))
        } else {
          visit(attribute.value, offset)
        }
        return
      case .param(let param):
        if param.name.range.contains(offset) {
          name = (param.name, .param(param))
        } else if let value = param.defaultValue {
          visit(value, offset)
        }
        return
      }
    }
  }

  private mutating func visit(_ expression: Expr, _ offset: Int) {
    guard expression.range.contains(offset) else { return }
    expressions.append(expression)
    switch expression {
    case .name(let n): name = (n, .value(n))
    case .list(let items, _): for item in items where item.range.contains(offset) { return visit(item, offset) }
    case .map(let entries, _):
      for entry in entries where entry.range.contains(offset) {
        if entry.key.range.contains(offset) {
          name = (entry.key, .other(entry.key))
        } else {
          visit(entry.value, offset)
        }
        return
      }
    case .member(let base, let member, _):
      if member.range.contains(offset) { name = (member, .other(member)) } else { visit(base, offset) }
    case .index(let base, let index, _):
      if base.range.contains(offset) { visit(base, offset) } else { visit(index, offset) }
    case .call(_, let arguments, _):
      for argument in arguments where argument.range.contains(offset) { return visit(argument, offset) }
    case .range(let lower, let upper, let step, _):
      for part in [lower, upper] + (step.map { [$0] } ?? []) where part.range.contains(offset) {
        return visit(part, offset)
      }
    case .string(let literal):
      for case .interpolation(let inner, let range) in literal.parts where range.contains(offset) {
        return visit(inner, offset)
      }
    default: break
    }
  }
}
