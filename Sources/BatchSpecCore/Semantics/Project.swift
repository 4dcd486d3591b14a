// A project: the `.batch` files of one directory (or one file), parsed.

import Synchronization

/// The files of one project and their syntax trees.
package struct Project: Sendable {
  /// The files, indexed by `FileID.rawValue`.
  package private(set) var files: [SourceFile]
  /// The syntax tree of each file, same indices.
  package private(set) var trees: [SyntaxTree]
  /// False once `takeSyntax()` has taken the statements out of `trees`.
  package private(set) var holdsSyntax = true

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

  /// Takes the files' syntax out: returns the trees, and leaves each file a tree of its comments
  /// and diagnostics alone (`SyntaxTree.withoutStatements`), which is all that reports and
  /// suppressions read after checking. A caller that hands the trees to
  /// `Checker.check(_:syntax:params:concurrently:)` holds no syntax of its own, so that each
  /// file's is freed once the file is checked: `check` of a large project then never holds all of
  /// its syntax beside all of its checked blocks.
  package mutating func takeSyntax() -> [SyntaxTree] {
    let taken = trees
    trees = taken.map(\.withoutStatements)
    holdsSyntax = false
    return taken
  }

  /// A one-file project.
  package init(path: String, text: String) {
    self.init(files: [SourceFile(path: path, text: text)])
  }

  /// The file with `id`.
  package func file(_ id: FileID) -> SourceFile { files[id.rawValue] }

  /// Every syntax error of every file, but at most `maxSyntaxErrorsPerFile` of one file.
  package var syntaxDiagnostics: [Diagnostic] {
    trees.flatMap { $0.diagnostics.count > Self.maxSyntaxErrorsPerFile ? Self.capped($0.diagnostics) : $0.diagnostics }
  }

  /// The most syntax errors reported for one file: past them a file is not a spec with mistakes
  /// but something else (random bytes, another language), and more errors only bury the first.
  package static let maxSyntaxErrorsPerFile = 100

  /// The first `maxSyntaxErrorsPerFile` of one file's syntax errors, in order of position, the
  /// last with a note saying the rest are not reported. The tree keeps them all, so an edit's
  /// tree and a whole parse's still compare equal.
  private static func capped(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    var kept = Array(Diagnostic.sortedForOutput(diagnostics).prefix(maxSyntaxErrorsPerFile))
    kept[kept.count - 1].notes.append(
      Note(
        "too many errors in this file; stopping after \(maxSyntaxErrorsPerFile) (\(diagnostics.count - kept.count) more not shown)"
      ))
    return kept
  }
}

/// An attribute's evaluated value and where it was written.
///
/// Both places are in the attribute's file, which is kept once: 40 bytes rather than 48, in
/// every entry of every checked block's table.
package struct AttributeValue: Sendable {
  /// The value.
  package var value: Value
  private var file: FileID
  private var whole: TextRange
  private var valueRange: TextRange

  /// A value written at `location`, its expression at `valueLocation` (in the same file).
  package init(value: Value, location: Location, valueLocation: Location) {
    assert(location.file == valueLocation.file, "an attribute and its value are in one file")
    self.value = value
    self.file = location.file
    self.whole = location.range
    self.valueRange = valueLocation.range
  }

  /// The whole `name = value`.
  package var location: Location { Location(file, whole) }
  /// The value expression alone.
  package var valueLocation: Location { Location(file, valueRange) }

  /// The same value with both places moved by `delta` bytes.
  func shifted(by delta: Int) -> AttributeValue {
    var moved = self
    moved.whole = whole.shifted(by: delta)
    moved.valueRange = valueRange.shifted(by: delta)
    return moved
  }
}

/// A block's attributes by schema row: a small table searched linearly by identity.
///
/// A block has a handful of attributes, so a scan comparing row pointers beats hashing, and one
/// array per block beats a dictionary's storage.
///
/// Moving a table (`shifted`) records the distance rather than rewriting its places: the moved
/// table shares its entries with the old one, and every read adds the distance. (After an edit,
/// each block below it moves; copying each table cost an allocation and a retain per value.)
package struct AttributeTable: Sendable, Sequence {
  /// One attribute. A struct rather than a tuple: a lookup reads `key` alone, where reading a
  /// tuple element out of the array copied (retained and released) the whole entry.
  fileprivate struct Entry: Sendable {
    let key: AttributeSchema
    /// The value, its places where they were when it was stored.
    var value: AttributeValue
  }

  private var entries: [Entry] = []
  /// How far every place has moved since its entry was stored.
  private var delta: Int32 = 0

  /// An empty table with room for `capacity` attributes.
  package init(capacity: Int = 0) { entries.reserveCapacity(capacity) }

  /// A stored value, with its places moved to where they are now.
  @inline(__always)
  private func current(_ stored: AttributeValue) -> AttributeValue { Self.moved(stored, by: Int(delta)) }

  /// `value` with its places moved by `delta` bytes.
  @inline(__always)
  fileprivate static func moved(_ value: AttributeValue, by delta: Int) -> AttributeValue {
    delta == 0 ? value : value.shifted(by: delta)
  }

  /// The attribute of row `attribute`, if written.
  package subscript(attribute: AttributeSchema) -> AttributeValue? {
    // Through the buffer: `for entry in entries` copies every entry it passes, and rules read
    // attributes of every block, so that copy was a tenth of `check`.
    entries.withUnsafeBufferPointer { buffer in
      for index in buffer.indices where buffer[index].key === attribute { return current(buffer[index].value) }
      return nil
    }
  }

  /// The attribute named `name`, if written: for code that starts from a name in the source
  /// (the editor's cursor), never from a literal.
  package subscript(named name: String) -> AttributeValue? {
    entries.withUnsafeBufferPointer { buffer in
      for index in buffer.indices where buffer[index].key.name == name { return current(buffer[index].value) }
      return nil
    }
  }

  /// Adds attribute `attribute`, which the caller knows is not set yet, at the end: no search.
  package mutating func appendNew(_ attribute: AttributeSchema, _ value: AttributeValue) {
    assert(self[attribute] == nil, "`\(attribute.name)` is already set")
    entries.append(Entry(key: attribute, value: Self.moved(value, by: -Int(delta))))
  }

  /// The same attributes with every place mapped by `relocate`.
  func relocated(_ relocate: (Location) -> Location) -> AttributeTable {
    var table = AttributeTable(capacity: entries.count)
    for entry in entries {
      let value = current(entry.value)
      let moved = AttributeValue(
        value: value.value, location: relocate(value.location), valueLocation: relocate(value.valueLocation))
      table.entries.append(Entry(key: entry.key, value: moved))
    }
    return table
  }

  /// The same attributes with every place moved by `delta` bytes, whatever file they are in. The
  /// entries are shared, not copied.
  func moved(by delta: Int) -> AttributeTable {
    var table = self
    table.delta &+= Int32(truncatingIfNeeded: delta)
    return table
  }

  /// The names set, in the order they were written.
  package var keys: [String] { entries.map(\.key.name) }
  /// The values set, in the order they were written.
  package var values: [AttributeValue] { entries.map { current($0.value) } }
  /// The number of attributes.
  package var count: Int { entries.count }
  /// Whether no attribute is set.
  package var isEmpty: Bool { entries.isEmpty }

  /// Calls `body` with each attribute in written order, borrowing rather than copying them.
  package func forEachBorrowed(_ body: (_ attribute: AttributeSchema, _ value: AttributeValue) -> Void) {
    entries.withUnsafeBufferPointer { buffer in
      if delta == 0 {
        for index in buffer.indices { body(buffer[index].key, buffer[index].value) }
      } else {
        for index in buffer.indices { body(buffer[index].key, current(buffer[index].value)) }
      }
    }
  }

  package func makeIterator() -> Iterator { Iterator(base: entries.makeIterator(), delta: delta) }

  /// The attributes in written order, as `(key, value)` pairs.
  package struct Iterator: IteratorProtocol {
    fileprivate var base: IndexingIterator<[Entry]>
    fileprivate let delta: Int32

    package mutating func next() -> (key: AttributeSchema, value: AttributeValue)? {
      base.next().map { ($0.key, AttributeTable.moved($0.value, by: Int(delta))) }
    }
  }
}

/// A sweep member's origin: which sweep, which variable, which value.
///
/// Twelve bytes in its `BlockInstance` (the sweep, shared by all its members, and the member's
/// position), where an object of its own cost every member a 64-byte allocation: 18,000 of them
/// in the 50k-line benchmark.
package struct SweepMember: Sendable {
  /// The sweep's label, variable and values, one object for all its members.
  private let sweep: SweepName
  /// This member's position among the sweep's values.
  private let position: UInt32

  /// This member's value.
  package var value: Value { sweep.values[Int(position)] }
  /// The sweep's label (`frame` in `task frame for i in ...`).
  package var group: String { sweep.group }
  /// The loop variable.
  package var variable: String { sweep.variable }

  /// Records a member's origin.
  package init(group: String, variable: String, value: Value) {
    self.init(of: SweepName(group: group, variable: variable, values: [value]), position: 0)
  }

  /// Records the origin of the member of `sweep` at `position` among its values.
  package init(of sweep: SweepName, position: Int) {
    precondition(position < sweep.values.count, "a member beyond its sweep's values")
    self.sweep = sweep
    self.position = UInt32(position)
  }
}

/// A sweep's label, loop variable and values.
package final class SweepName: Sendable {
  let group: String
  let variable: String
  let values: SweepValues

  package init(group: String, variable: String, values: [Value]) {
    self.group = group
    self.variable = variable
    self.values = SweepValues(values)
  }
}

/// A sweep's values: integers that step evenly (`1..1000`, `0..90 step 10`, most sweeps) are
/// kept as their first value and step, not one 24-byte value each; others as a list.
package enum SweepValues: Sendable {
  case progression(first: Int64, step: Int64, count: Int)
  case list([Value])

  init(_ values: [Value]) {
    guard case .integer(let first)? = values.first else {
      self = .list(values)
      return
    }
    var step: Int64 = 0
    if values.count > 1 {
      guard case .integer(let second) = values[1] else {
        self = .list(values)
        return
      }
      let (difference, overflow) = second.subtractingReportingOverflow(first)
      guard !overflow else {
        self = .list(values)
        return
      }
      step = difference
    }
    for (offset, value) in values.enumerated() {
      let (product, overflowed) = step.multipliedReportingOverflow(by: Int64(offset))
      let (expected, overflowedAgain) = first.addingReportingOverflow(product)
      guard case .integer(let actual) = value, !overflowed, !overflowedAgain, actual == expected else {
        self = .list(values)
        return
      }
    }
    self = .progression(first: first, step: step, count: values.count)
  }

  var count: Int {
    switch self {
    case .progression(_, _, let count): count
    case .list(let values): values.count
    }
  }

  subscript(position: Int) -> Value {
    switch self {
    case .progression(let first, let step, _): .integer(first + step * Int64(position))
    case .list(let values): values[position]
    }
  }
}

/// A block after checking: schema-validated attributes with evaluated values, and its children.
///
/// Every block kind uses this one shape. Code that knows a block's kind reads it through
/// `Checked<Kind>` and the kind's typed keys; generic walks (rules over every block, the editor)
/// use it as it is.
package final class BlockInstance: Sendable {
  // The stored properties are ordered so that none pads another: 120 bytes with the object's
  // header, which glibc's malloc serves from its 128-byte chunks (121 would take 144), for a
  // checked block of every task and file of a project. `BlockLayoutTests` checks it.

  /// The block's kind.
  package let schema: BlockSchema
  /// The label: the resource ID, file path or pattern; for a sweep member, its expanded task ID.
  package let label: String?
  /// The children as checked, before `delta`.
  private let checkedChildren: [BlockInstance]
  /// Where the children moved by `delta` are built when first read; nil when the block did not
  /// move.
  private let moved: MovedLevel?
  /// Attributes that were set and evaluated without error.
  package let attributes: AttributeTable
  /// How far the block, and every block under it, moved since it was checked.
  private let delta: Int32
  /// For a task expanded from a sweep: where it came from.
  package let sweep: SweepMember?
  /// `nameLocation` and `location` as checked, before `delta`.
  private let checkedName: Location
  private let checkedWhole: Location
  /// `span`, with `Self.noSpan` for nil: an optional would take a byte more, and the block 16.
  private let checkedSpan: Location

  /// The file and the range that hold every place of the block and of the blocks under it, as
  /// checked; nil when the places are in more than one file.
  private var span: Location? { checkedSpan.file == Self.noSpan.file ? nil : checkedSpan }
  /// No file: a project never holds 2^32 - 1 files.
  private static let noSpan = Location(FileID(Int(UInt32.max)), TextRange(0, 0))

  /// Where the label (or, without one, the kind) is written: where findings about the block go.
  package var nameLocation: Location { delta == 0 ? checkedName : checkedName.shifted(by: Int(delta)) }
  /// The whole block.
  package var location: Location { delta == 0 ? checkedWhole : checkedWhole.shifted(by: Int(delta)) }
  /// Checked child blocks, in source order (sweeps expanded).
  package var children: [BlockInstance] {
    guard let moved else { return checkedChildren }
    return moved.children(of: self, checked: checkedChildren, by: delta)
  }

  /// A checked block. (A class: checked blocks are shared by the project, the rules' indexes and
  /// the editor's snapshots, and copying one copies a reference rather than six fields.)
  package init(
    schema: BlockSchema, label: String?, nameLocation: Location, location: Location, attributes: AttributeTable,
    children: [BlockInstance], sweep: SweepMember?
  ) {
    self.schema = schema
    self.label = label
    self.checkedName = nameLocation
    self.checkedWhole = location
    self.attributes = attributes
    self.checkedChildren = children
    self.sweep = sweep
    delta = 0
    moved = nil
    var span = Location.span(nameLocation, location)
    attributes.forEachBorrowed { _, value in
      span = span.flatMap { Location.span($0, value.location) }.flatMap { Location.span($0, value.valueLocation) }
    }
    for child in children {
      guard let covered = span, let childSpan = child.span else {
        span = nil
        break
      }
      span = Location.span(covered, childSpan.shifted(by: Int(child.delta)))
    }
    self.checkedSpan = span ?? Self.noSpan
  }

  /// `block` moved by `delta` bytes more: the places are read through the distance, and the
  /// children are moved when first read, through `level` (which its moved siblings share).
  private init(moving block: BlockInstance, by delta: Int32, level: MovedLevel) {
    schema = block.schema
    label = block.label
    checkedName = block.checkedName
    checkedWhole = block.checkedWhole
    attributes = block.attributes.moved(by: Int(delta))
    checkedChildren = block.checkedChildren
    sweep = block.sweep
    self.delta = block.delta &+ delta
    checkedSpan = block.checkedSpan
    moved = self.delta == 0 ? nil : level
  }

  /// The same block, and the blocks under it, with every place mapped by `relocate`: the checked
  /// form of a block whose text moved in its file.
  func relocated(_ relocate: (Location) -> Location) -> BlockInstance {
    relocated(relocate, sharing: nil)
  }

  private func relocated(_ relocate: (Location) -> Location, sharing previous: Moved?) -> BlockInstance {
    // `movedChildren` gives nil only when `move` does, and this one never does.
    BlockInstance(
      schema: schema, label: label, nameLocation: relocate(nameLocation), location: relocate(location),
      attributes: attributes.relocated(relocate),
      children: movedChildren(sharing: previous) { $0.relocated(relocate, sharing: $1) }!, sweep: sweep)
  }

  /// The same block, and the blocks under it, moved by `delta` bytes: the checked form of a block
  /// whose text moved in its file; nil when one of its places is not in `file` within `range`
  /// (`relocated(_:)` decides those).
  ///
  /// Takes a few steps whatever the block holds: an edit moves every top-level block below it,
  /// and moving each block under them, with their attributes, was a fifth of an edit's work.
  /// Nothing is built again; the places are read through the distance moved, and the children
  /// are moved only when something reads them.
  func shifted(by delta: Int, within range: TextRange, in file: FileID) -> BlockInstance? {
    guard let span, span.file == file else { return nil }
    let now = span.range.shifted(by: Int(self.delta))
    guard now.start >= range.start, now.end <= range.end, let distance = Int32(exactly: delta),
      Int32(exactly: Int(self.delta) + delta) != nil
    else { return nil }
    return distance == 0 ? self : BlockInstance(moving: self, by: distance, level: MovedLevel())
  }

  /// One level of the blocks under a moved block, moved when first read: the children of the
  /// moved blocks of the level above. A child that several of them share (sweep members share
  /// the children that do not mention the variable) is moved once and stays shared.
  ///
  /// Holds what it built, and the next level down, never a block of the level above: nothing
  /// refers back up, so nothing leaks.
  private final class MovedLevel: Sendable {
    private struct State {
      /// Each checked child (kept, so its identity is not reused) and its moved form.
      var moved: [ObjectIdentifier: (checked: BlockInstance, moved: BlockInstance)] = [:]
      /// Each moved parent's children, in order. The parents are those the level above built
      /// once each and holds while it lives: once it is gone, no other block can ask here.
      var children: [ObjectIdentifier: [BlockInstance]] = [:]
      /// The level below, which the children built here share.
      var next: MovedLevel?
    }
    private let state = Mutex(State())

    /// The children of `parent`, whose children as checked are `checked`, moved by `delta`.
    func children(of parent: BlockInstance, checked: [BlockInstance], by delta: Int32) -> [BlockInstance] {
      state.withLock { state in
        if let built = state.children[ObjectIdentifier(parent)] { return built }
        let next = state.next ?? MovedLevel()
        state.next = next
        var built: [BlockInstance] = []
        built.reserveCapacity(checked.count)
        for child in checked {
          // Every place of a moved block's children lies in its span: moving one cannot fail.
          let moved =
            state.moved[ObjectIdentifier(child)]?.moved ?? BlockInstance(moving: child, by: delta, level: next)
          state.moved[ObjectIdentifier(child)] = (child, moved)
          built.append(moved)
        }
        state.children[ObjectIdentifier(parent)] = built
        return built
      }
    }
  }

  /// A block and its moved form.
  private typealias Moved = (old: BlockInstance, new: BlockInstance)

  /// The previous sibling's moved children, when every child is also the previous sibling's (a
  /// sweep member whose children do not mention the variable): the same array.
  private func sharedChildren(_ previous: Moved) -> [BlockInstance]? {
    let children = self.children
    guard previous.old.children.count == children.count,
      zip(previous.old.children, children).allSatisfy({ $0 === $1 })
    else { return nil }
    return previous.new.children
  }

  /// The children, each moved by `move` (given the previous sibling and its moved form); nil as
  /// soon as `move` gives nil. A child that is also the previous sibling's child at the same
  /// place (sweep members share the children that do not mention the variable: `SweepCache`)
  /// takes its moved form from there: it is moved once and stays shared.
  ///
  /// Inlined, so `move` is a direct call rather than a closure.
  @inline(__always)
  private func movedChildren(
    sharing previous: Moved?, _ move: (BlockInstance, _ previous: Moved?) -> BlockInstance?
  ) -> [BlockInstance]? {
    if let shared = previous.flatMap(sharedChildren) { return shared }
    let children = self.children
    var result: [BlockInstance] = []
    result.reserveCapacity(children.count)
    var last: Moved? = nil
    let previousChildren = previous?.old.children ?? []
    let previousMoved = previous?.new.children ?? []
    for (index, child) in children.enumerated() {
      if index < previousChildren.count, previousChildren[index] === child {
        result.append(previousMoved[index])
        continue
      }
      guard let moved = move(child, last) else { return nil }
      result.append(moved)
      last = (child, moved)
    }
    return result
  }

  /// The block kind as written, such as `pool`.
  package var kind: String { schema.kind }

  /// Whether this is a block of `kind`.
  package func `is`<Kind: BlockKind>(_ kind: Kind.Type) -> Bool { schema === Kind.schema }

  /// The written value of `attribute`, or else its default: for code that reads an attribute
  /// several kinds share (`CommandKind`). The attribute must be one of this kind's.
  package func value<Wrapped: SchemaValue>(of attribute: AttributeKey<Wrapped>) -> Wrapped? {
    assert(schema.declares(attribute.schema), "`\(kind)` has no attribute `\(attribute.name)`")
    if let written = attributes[attribute.schema] { return Wrapped(schemaValue: written.value) }
    return attribute.defaultValue
  }

  /// The attribute as written, with where: for code that reads an attribute several kinds share.
  package func written<Wrapped: SchemaValue>(_ attribute: AttributeKey<Wrapped>) -> Written<Wrapped>? {
    assert(schema.declares(attribute.schema), "`\(kind)` has no attribute `\(attribute.name)`")
    guard let written = attributes[attribute.schema], let value = Wrapped(schemaValue: written.value) else {
      return nil
    }
    return Written(value: value, location: written.location, valueLocation: written.valueLocation)
  }

  /// Children of `kind`, in source order.
  package func children<Kind: BlockKind>(_ kind: Kind.Type) -> [Checked<Kind>] {
    var result: [Checked<Kind>] = []
    for child in children where child.schema === Kind.schema { result.append(Checked<Kind>(child)) }
    return result
  }
}

/// A project after type checking: its resources as checked blocks, and every diagnostic.
package struct CheckedProject: Sendable {
  /// The parsed project.
  package var project: Project
  /// The value of every param that has one.
  package var params: [String: Value]
  /// The top-level blocks by kind.
  private(set) var lists = Resources()
  /// `account` blocks.
  package var accounts: [Checked<Schema.Account>] { lists.accounts }
  /// `storage` blocks.
  package var storageAccounts: [Checked<Schema.Storage>] { lists.storageAccounts }
  /// `application` blocks.
  package var applications: [Checked<Schema.Application>] { lists.applications }
  /// `pool` blocks.
  package var pools: [Checked<Schema.Pool>] { lists.pools }
  /// `existing_pool` blocks: pools of the account that the project does not create.
  package var existingPools: [Checked<Schema.ExistingPool>] { lists.existingPools }
  /// `job` blocks; their `task` children are expanded from sweeps.
  package var jobs: [Checked<Schema.Job>] { lists.jobs }
  /// `schedule` blocks.
  package var schedules: [Checked<Schema.Schedule>] { lists.schedules }
  /// Every reference that resolved: where it is written and where its target is declared. Kept
  /// as each file's (each block's, for a file checked again) arrays, which an edit elsewhere
  /// leaves shared rather than copied.
  package var references = Segments<ResolvedReference>()
  /// Syntax and type diagnostics of all files.
  package var diagnostics: [Diagnostic] = []
  /// Every autoscale formula, parsed, with where each of its bytes is written (kept as the
  /// references are).
  package var formulas = Segments<FormulaSource>()

  /// Every top-level block: accounts, storage accounts, applications, pools, existing pools, jobs,
  /// then schedules.
  package var resources: [BlockInstance] {
    accounts.map(\.instance) + storageAccounts.map(\.instance) + applications.map(\.instance)
      + pools.map(\.instance) + existingPools.map(\.instance) + jobs.map(\.instance) + schedules.map(\.instance)
  }

  /// Files a checked top-level block in the array of its kind.
  mutating func add(_ block: BlockInstance) { lists.add(block) }

  /// Top-level blocks by kind, as a project lists them: one file's.
  struct Resources {
    var accounts: [Checked<Schema.Account>] = []
    var storageAccounts: [Checked<Schema.Storage>] = []
    var applications: [Checked<Schema.Application>] = []
    var pools: [Checked<Schema.Pool>] = []
    var existingPools: [Checked<Schema.ExistingPool>] = []
    var jobs: [Checked<Schema.Job>] = []
    var schedules: [Checked<Schema.Schedule>] = []

    /// Files a checked top-level block in the array of its kind.
    mutating func add(_ block: BlockInstance) {
      if let account = Checked<Schema.Account>(ifKind: block) {
        accounts.append(account)
      } else if let storage = Checked<Schema.Storage>(ifKind: block) {
        storageAccounts.append(storage)
      } else if let application = Checked<Schema.Application>(ifKind: block) {
        applications.append(application)
      } else if let pool = Checked<Schema.Pool>(ifKind: block) {
        pools.append(pool)
      } else if let pool = Checked<Schema.ExistingPool>(ifKind: block) {
        existingPools.append(pool)
      } else if let job = Checked<Schema.Job>(ifKind: block) {
        jobs.append(job)
      } else if let schedule = Checked<Schema.Schedule>(ifKind: block) {
        schedules.append(schedule)
      }
    }
  }

  /// Adds one file's top-level blocks after those of the files before it.
  mutating func add(_ resources: Resources) {
    lists.accounts += resources.accounts
    lists.storageAccounts += resources.storageAccounts
    lists.applications += resources.applications
    lists.pools += resources.pools
    lists.existingPools += resources.existingPools
    lists.jobs += resources.jobs
    lists.schedules += resources.schedules
  }

  /// The account that owns a pool or application: the one its `account` names, or the only one.
  package func account(named owner: Reference?) -> Checked<Schema.Account>? {
    if let owner { return accounts.first { $0.label?.lowercased() == owner.key } }
    return accounts.count == 1 ? accounts[0] : nil
  }

  /// The account that owns `pool`.
  package func account(of pool: Checked<Schema.Pool>) -> Checked<Schema.Account>? { account(named: pool[\.account]) }

  /// The pool a job runs on.
  package func pool(of job: Checked<Schema.Job>) -> Checked<Schema.Pool>? {
    guard let reference = job[\.pool] else { return nil }
    return pools.first { $0.label?.lowercased() == reference.key }
  }

  /// The storage account named `id`.
  package func storage(_ id: String) -> Checked<Schema.Storage>? {
    storageAccounts.first { $0.label?.lowercased() == id.lowercased() }
  }

  /// The application named `id`.
  package func application(_ id: String) -> Checked<Schema.Application>? {
    applications.first { $0.label?.lowercased() == id.lowercased() }
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
