// Tasks of a job: sweep expansion, task IDs (with collisions), and the table `depends_on` resolves in.

/// Who already has a task ID in a job: a plain task, or one member of a sweep.
/// Messages are built from it only when a collision is reported.
struct TakenTaskID {
  var id: String
  var location: Location
  /// The task's or the sweep's label.
  var label: String
  /// For a sweep member, its variable and value.
  var sweep: (variable: String, value: Value)?

  var isSweep: Bool { sweep != nil }
  /// `task \`a\`` or `sweep \`frame\` (i = 3)`.
  var origin: String {
    guard let sweep else { return "task `\(label)`" }
    return "sweep `\(label)` (\(sweep.variable) = \(sweep.value.description))"
  }
  /// `i = 3` for a sweep member.
  var value: String { sweep.map { "\($0.variable) = \($0.value.description)" } ?? "" }
}

/// The task IDs of one job, for resolving `depends_on`.
///
/// A class: every task's scope holds the job's table, and copying a scope then retains one
/// reference instead of two dictionaries.
final class TaskTable {
  struct Target {
    var id: String
    var location: Location
  }
  struct Group {
    var label: String
    var location: Location
    var members: [(value: Value, id: String)]
    /// False for a sweep whose values were reported (an empty range or list, a value that is not
    /// one): references to it resolve, to no task, and say nothing more.
    var expanded = true

    var valuesSummary: String {
      let shown = members.prefix(5).map(\.value.description).joined(separator: ", ")
      return members.count > 5 ? "\(shown), ... (\(members.count) in all)" : shown
    }
  }
  /// Tasks without a sweep, by lowercased ID.
  var plain: [String: Target] = [:]
  /// Sweeps, by lowercased label.
  var groups: [String: Group] = [:]
}

extension CheckerContext {
  /// The most tasks one sweep may expand to.
  static let sweepLimit = 100_000

  /// Expands and checks the `task` blocks of one job.
  func checkTasks(_ blocks: [Block], file: FileID, scope: Scope) -> [BlockInstance] {
    let table = TaskTable()
    var plans: [(block: Block, label: String, members: [(value: Value, id: String)]?)] = []
    var taken: [String: TakenTaskID] = [:]
    plans.reserveCapacity(blocks.count)
    taken.reserveCapacity(blocks.count)
    table.plain.reserveCapacity(blocks.count)
    let schema = Schema.Task.schema

    for block in blocks {
      guard let label = checkLabel(block, schema, file: file) else { continue }
      let labelLocation = Location(file, block.label!.range)
      guard let sweep = block.sweep else {
        if let idAttribute = findAttribute(block, Schema.Task.id) {
          report(
            .conflictingAttributes, file, idAttribute.name.range,
            "`id` is for sweeps; this task's ID is its label `\(label)`: remove `id`")
        }
        let key = label.lowercasedKey
        if let first = taken[key] {
          if first.isSweep {
            report(
              .sweepIDCollision, file, block.label!.range,
              "task ID `\(label)` is also given by \(first.origin): rename the task or the sweep",
              notes: [Note("the sweep is declared here", at: first.location)])
          } else {
            let caseNote = first.id != label ? " (Azure compares IDs without regard to case)" : ""
            report(
              .duplicateID, file, block.label!.range,
              "duplicate task ID `\(label)` in this job\(caseNote): give each task its own ID",
              notes: [Note("\(first.origin) has it", at: first.location)])
          }
        } else {
          taken[key] = TakenTaskID(id: label, location: labelLocation, label: label, sweep: nil)
          table.plain[key] = .init(id: label, location: labelLocation)
        }
        plans.append((block, label, nil))
        continue
      }
      guard let values = sweepValues(sweep, label: label, file: file, scope: scope) else {
        let key = label.lowercasedKey
        if table.groups[key] == nil && table.plain[key] == nil {
          table.groups[key] = .init(label: label, location: labelLocation, members: [], expanded: false)
        }
        plans.append((block, label, []))
        continue
      }
      var members: [(value: Value, id: String)] = []
      members.reserveCapacity(values.count)
      taken.reserveCapacity(taken.count + values.count)
      var collided = false
      let idAttribute = findAttribute(block, Schema.Task.id)
      for value in values {
        let id: String
        if let idAttribute {
          let member = SweepMember(group: label, variable: sweep.variable.text, value: value)
          let memberScope = Scope(sweep: member, tasks: nil)
          guard
            case .string(let text)? = evaluate(
              idAttribute.value, as: .string, file: file, scope: memberScope, attribute: Schema.Task.id.name)
          else { break }
          id = text
        } else {
          id = Self.memberID(label, value)
        }
        let key = id.lowercasedKey
        if let first = taken[key] {
          if !collided {
            let sameSweep = first.location == labelLocation
            let other = first.sweep?.value.description ?? ""
            let fix: String
            if idAttribute != nil {
              fix = "make `id` depend on `${\(sweep.variable.text)}`"
            } else if !sameSweep {
              fix = "rename the sweep or the task"
            } else if other == value.description {
              fix = "remove the repeated value"
            } else if other.lowercased() == value.description.lowercased() {
              fix = "Azure compares task IDs without regard to case: make the values differ in more than case"
            } else {
              fix =
                "the values differ only in characters a task ID cannot hold, each written `_`: make them differ in an ASCII letter or digit"
            }
            let message =
              sameSweep
              ? "sweep `\(label)` gives the task ID `\(id)` to more than one value (first to \(first.value), again to \(sweep.variable.text) = \(value.description)): \(fix)"
              : "sweep `\(label)` gives \(sweep.variable.text) = \(value.description) the task ID `\(id)`, which \(first.origin) already has: \(fix)"
            report(
              .sweepIDCollision, file, idAttribute?.value.range ?? block.label!.range, message,
              notes: sameSweep ? [] : [Note("\(first.origin) has it", at: first.location)])
          }
          collided = true
          continue
        }
        taken[key] = TakenTaskID(
          id: id, location: labelLocation, label: label, sweep: (sweep.variable.text, value))
        members.append((value, id))
      }
      let key = label.lowercasedKey
      if table.groups[key] == nil && table.plain[key] == nil {
        table.groups[key] = .init(label: label, location: labelLocation, members: members)
      } else {
        report(
          .duplicateID, file, block.label!.range,
          "`\(label)` already names a task or sweep in this job: `depends_on` could not tell them apart; rename one")
      }
      plans.append((block, label, members))
    }

    var instances: [BlockInstance] = []
    instances.reserveCapacity(plans.reduce(0) { $0 + ($1.members?.count ?? 1) })  // each sweep member
    for plan in plans {
      var taskScope = scope
      taskScope.tasks = table
      guard let members = plan.members, let sweep = plan.block.sweep else {
        instances.append(checkBlock(plan.block, schema, file: file, scope: taskScope, label: plan.label))
        continue
      }
      let cache = SweepCache(variable: sweep.variable.text)
      let name = SweepName(group: plan.label, variable: sweep.variable.text, values: members.map(\.value))
      for (position, member) in members.enumerated() {
        let origin = SweepMember(of: name, position: position)
        taskScope.sweep = origin
        instances.append(
          checkBlock(plan.block, schema, file: file, scope: taskScope, label: member.id, sweep: cache, origin: origin))
      }
    }
    return instances
  }

  /// The ID a sweep member gets when the sweep has no `id`: `label-value`, with each character of
  /// the value a task ID cannot hold written as `_` (`fit-0_5` for `lr = "0.5"`, `align-reads_a_csv`
  /// for `"reads/a.csv"`). A pattern written with `id` is taken as it is, and checked.
  static func memberID(_ label: String, _ value: Value) -> String {
    let text = value.description
    guard !text.utf8.allSatisfy(ResourceIDs.isIDByte) else { return label + "-" + text }
    return label + "-" + String(text.map { $0.isASCII && $0.utf8.allSatisfy(ResourceIDs.isIDByte) ? $0 : "_" })
  }

  private func findAttribute(_ block: Block, _ key: AttributeKey<String>) -> Attribute? {
    for case .attribute(let attribute) in block.body where attribute.name.text == key.name { return attribute }
    return nil
  }

  /// The values a sweep runs over: an integer range (with an optional step) or a list.
  private func sweepValues(_ sweep: Sweep, label: String, file: FileID, scope: Scope) -> [Value]? {
    switch sweep.values {
    case .range(let lower, let upper, let step, let range):
      guard let lo = evaluate(lower, as: .integer, file: file, scope: scope, attribute: "sweep start")?.integerValue,
        let hi = evaluate(upper, as: .integer, file: file, scope: scope, attribute: "sweep end")?.integerValue
      else { return nil }
      var by: Int64 = 1
      if let step {
        guard let value = evaluate(step, as: .integer, file: file, scope: scope, attribute: "step")?.integerValue else {
          return nil
        }
        guard value >= 1 else {
          report(.invalidSweep, file, step.range, "a sweep's `step` must be at least 1, not \(value)")
          return nil
        }
        by = value
      }
      // Made only for a finding: where a param gave a bound.
      var notes: [Note] { [paramNote(lower), paramNote(upper)].compactMap { $0 } }
      guard lo <= hi else {
        // Bounds written as numbers are written the wrong way round; a param's value is what is wrong.
        let found = notes
        let advice =
          found.isEmpty
          ? "ranges count up, write the smaller bound first"
          : "its upper bound is below its lower one with the param's value below; give the param another value"
        report(
          .invalidSweep, file, range, "sweep `\(label)` over \(lo)..\(hi) expands to no tasks: \(advice)", notes: found)
        return nil
      }
      // The distance between the bounds as unsigned: `hi - lo` overflows Int64 for a range such
      // as `-1..9223372036854775807`, and so would the count.
      let steps = UInt64(bitPattern: hi &- lo) / UInt64(by)
      guard steps < UInt64(Self.sweepLimit) else {
        let count = steps == .max ? "18446744073709551616" : String(steps + 1)
        report(
          .invalidSweep, file, range,
          "sweep `\(label)` expands to \(count) tasks; the limit is \(Self.sweepLimit): split the work into several jobs",
          notes: notes)
        return nil
      }
      return (0...Int64(steps)).map { .integer(lo + $0 * by) }
    case .list(let items, let range):
      if items.isEmpty {
        report(.invalidSweep, file, range, "sweep `\(label)` over an empty list expands to no tasks")
        return nil
      }
      var values: [Value] = []
      for item in items {
        if case .integer(let i, _) = item {
          values.append(.integer(i))
        } else if let value = evaluate(item, as: .string, file: file, scope: scope, attribute: "sweep value") {
          values.append(value)
        } else {
          return nil
        }
      }
      return values
    case .error:
      return nil  // the parser reported the malformed header
    default:
      report(
        .invalidSweep, file, sweep.values.range,
        "a sweep runs over a range (`1..10`, `0..100 step 10`) or a list (`[\"a\", \"b\"]`), not \(describe(sweep.values))"
      )
      return nil
    }
  }
}
