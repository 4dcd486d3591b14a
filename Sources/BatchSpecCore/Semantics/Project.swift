// A project: the `.batch` files of one directory (or one file), parsed.

/// The files of one project and their syntax trees.
package struct Project: Sendable {
  /// The files, indexed by `FileID.rawValue`.
  package private(set) var files: [SourceFile]
  /// The syntax tree of each file, same indices.
  package private(set) var trees: [SyntaxTree]

  /// Parses `files`; their IDs are set to their positions.
  package init(files: [SourceFile]) {
    var numbered: [SourceFile] = []
    numbered.reserveCapacity(files.count)
    for (i, file) in files.enumerated() {
      var copy = file
      copy.id = FileID(i)
      numbered.append(copy)
    }
    self.files = numbered
    self.trees = numbered.map(Parser.parse)
  }

  /// A project of `files` whose syntax trees are known for some: `trees[i]`, when not nil, is
  /// the tree of `files[i]` parsed earlier (the language server re-parses only what changed).
  package init(files: [SourceFile], reusing trees: [SyntaxTree?]) {
    var numbered: [SourceFile] = []
    var parsed: [SyntaxTree] = []
    numbered.reserveCapacity(files.count)
    parsed.reserveCapacity(files.count)
    for (i, file) in files.enumerated() {
      var copy = file
      copy.id = FileID(i)
      numbered.append(copy)
      if i < trees.count, let tree = trees[i], tree.file == copy.id {
        parsed.append(tree)
      } else {
        parsed.append(Parser.parse(copy))
      }
    }
    self.files = numbered
    self.trees = parsed
  }

  /// A one-file project.
  package init(path: String, text: String) {
    self.init(files: [SourceFile(path: path, text: text)])
  }

  /// The file with `id`.
  package func file(_ id: FileID) -> SourceFile { files[id.rawValue] }

  /// Every syntax error of every file.
  package var syntaxDiagnostics: [Diagnostic] { trees.flatMap(\.diagnostics) }
}

/// An attribute's evaluated value and where it was written.
package struct AttributeValue: Sendable {
  /// The value.
  package var value: Value
  /// The whole `name = value`.
  package var location: Location
  /// The value expression alone.
  package var valueLocation: Location
}

/// A block's attributes by name: a small table searched linearly.
///
/// A block has a handful of attributes, so a scan of short, mostly inline strings beats hashing,
/// and one array per block beats a dictionary's storage. Reads like a dictionary.
package struct AttributeTable: Sendable, Sequence {
  private var entries: [(key: String, value: AttributeValue)] = []

  /// An empty table with room for `capacity` attributes.
  package init(capacity: Int = 0) { entries.reserveCapacity(capacity) }

  /// The attribute named `name`; setting replaces it or adds it at the end.
  package subscript(name: String) -> AttributeValue? {
    get {
      for entry in entries where entry.key == name { return entry.value }
      return nil
    }
    set {
      if let index = entries.firstIndex(where: { $0.key == name }) {
        if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
      } else if let newValue {
        entries.append((name, newValue))
      }
    }
  }

  /// Adds attribute `name`, which the caller knows is not set yet, at the end: no search.
  package mutating func appendNew(_ name: String, _ value: AttributeValue) {
    assert(self[name] == nil, "`\(name)` is already set")
    entries.append((name, value))
  }

  /// The names set, in the order they were written.
  package var keys: [String] { entries.map(\.key) }
  /// The values set, in the order they were written.
  package var values: [AttributeValue] { entries.map(\.value) }
  /// The number of attributes.
  package var count: Int { entries.count }
  /// Whether no attribute is set.
  package var isEmpty: Bool { entries.isEmpty }

  /// Calls `body` with each attribute in written order, borrowing rather than copying them.
  package func forEachBorrowed(_ body: (_ name: String, _ attribute: AttributeValue) -> Void) {
    entries.withUnsafeBufferPointer { buffer in
      for index in buffer.indices { body(buffer[index].key, buffer[index].value) }
    }
  }

  package func makeIterator() -> IndexingIterator<[(key: String, value: AttributeValue)]> {
    entries.makeIterator()
  }
}

/// A sweep member's origin: which sweep, which variable, which value.
///
/// A class: most blocks are not sweep members, and a reference keeps `BlockInstance` small.
package final class SweepMember: Sendable {
  /// The sweep's label (`frame` in `task frame for i in ...`).
  package let group: String
  /// The loop variable.
  package let variable: String
  /// This member's value.
  package let value: Value

  /// Records a member's origin.
  package init(group: String, variable: String, value: Value) {
    self.group = group
    self.variable = variable
    self.value = value
  }
}

/// A block after checking: schema-validated attributes with evaluated values, and its children.
///
/// Every block kind uses this one shape, read through the schema's attribute names, so the
/// validator and the compiler need no per-kind model.
package struct BlockInstance: Sendable {
  /// The block kind, such as `pool`.
  package var kind: String
  /// The label: the resource ID, file path or pattern; for a sweep member, its expanded task ID.
  package var label: String?
  /// Where the label (or, without one, the kind) is written: where findings about the block go.
  package var nameLocation: Location
  /// The whole block.
  package var location: Location
  /// Attributes that were set and evaluated without error.
  package var attributes: AttributeTable
  /// Checked child blocks, in source order (sweeps expanded).
  package var children: [BlockInstance]
  /// For a task expanded from a sweep: where it came from.
  package var sweep: SweepMember?

  /// The value of attribute `name`, if set.
  package func value(_ name: String) -> Value? { attributes[name]?.value }

  /// The value of `name`, or the schema's default parsed as the attribute's type.
  package func valueOrDefault(_ name: String) -> Value? {
    if let value = attributes[name]?.value { return value }
    guard let schema = Schema.block(kind)?.attribute(name), let text = schema.defaultValue else { return nil }
    return DefaultValues.parse(text, as: schema.type)
  }

  /// The children of one kind.
  package func children(_ kind: String) -> [BlockInstance] { children.filter { $0.kind == kind } }

  /// The first child of one kind.
  package func child(_ kind: String) -> BlockInstance? { children.first { $0.kind == kind } }
}

/// Parses the schema's default texts (`"0"`, `"15m"`, `"true"`, `"pool"`) into values.
package enum DefaultValues {
  /// The value of `text` read as `type`.
  package static func parse(_ text: String, as type: ValueType) -> Value? {
    switch type {
    case .integer: Int64(text).map(Value.integer)
    case .boolean: text == "true" ? .boolean(true) : text == "false" ? .boolean(false) : nil
    case .duration:
      DurationSyntax.milliseconds(Array(text.utf8), TextRange(0, text.utf8.count)).map(Value.duration)
    case .enumeration: .word(text)
    case .string, .scalarText, .vmSize: .string(text)
    default: nil
    }
  }
}

/// A project after type checking: its resources as checked blocks, and every diagnostic.
package struct CheckedProject: Sendable {
  /// The parsed project.
  package var project: Project
  /// The value of every param that has one.
  package var params: [String: Value]
  /// `account` blocks.
  package var accounts: [BlockInstance] = []
  /// `storage` blocks.
  package var storageAccounts: [BlockInstance] = []
  /// `application` blocks.
  package var applications: [BlockInstance] = []
  /// `pool` blocks.
  package var pools: [BlockInstance] = []
  /// `job` blocks; their `task` children are expanded from sweeps.
  package var jobs: [BlockInstance] = []
  /// Every reference that resolved: where it is written and where its target is declared.
  package var references: [ResolvedReference] = []
  /// Syntax and type diagnostics of all files.
  package var diagnostics: [Diagnostic] = []

  /// The account that owns a pool or application (by its `account` attribute, or the only one).
  package func account(of block: BlockInstance) -> BlockInstance? {
    if case .reference(.account, let id, _)? = block.value("account") {
      return accounts.first { $0.label?.lowercased() == id.lowercased() }
    }
    return accounts.count == 1 ? accounts[0] : nil
  }

  /// The pool a job runs on.
  package func pool(of job: BlockInstance) -> BlockInstance? {
    guard case .reference(.pool, let id, _)? = job.value("pool") else { return nil }
    return pools.first { $0.label?.lowercased() == id.lowercased() }
  }

  /// The storage account named `id`.
  package func storage(_ id: String) -> BlockInstance? {
    storageAccounts.first { $0.label?.lowercased() == id.lowercased() }
  }
}

/// A reference and its target, for go-to-definition, find-references and rename.
package struct ResolvedReference: Sendable {
  /// The kind of resource named.
  package var kind: ResourceKind
  /// Where the name is written.
  package var location: Location
  /// Where the target's label is written.
  package var target: Location
}
