// Folding imported tasks back into sweeps: a run of tasks `frame-1`, `frame-2`, ... whose bodies
// differ only by that number (in strings) becomes `task frame for i in 1..N { ... }`, and
// dependencies on its members become `frame`, `frame[3]`. A run is folded only when every member
// printed from the sweep is exactly the task it replaces, so the compiled JSON stays the same.

import BatchSpecCore

/// Detects sweeps among a job's imported tasks.
enum SweepDetector {
  /// The sweep variable.
  static let variable = "i"

  /// `job` with runs of numbered tasks folded into sweeps; a numeric ID no sweep names is
  /// written in quotes (`depends_on = ["7"]`).
  static func fold(_ job: ImportedNode) -> ImportedNode {
    var tasks = job.children.filter { $0.is(Schema.Task.self) }
    let others = job.children.filter { !$0.is(Schema.Task.self) }
    let ids = tasks.map { unquoted($0.label ?? "") }
    var runs = candidateRuns(ids)
    var folded: [Run] = []
    for _ in 0..<4 {
      let rewritten = tasks.map { rewriteDependencies($0, runs: runs) }
      let verified = runs.filter { verify($0, rewritten) }
      if verified.count == runs.count {
        tasks = rewritten
        folded = verified
        break
      }
      runs = verified
    }
    tasks = tasks.map(quoteNumericDependencies)
    var children = others
    var index = 0
    let foldedByStart = Dictionary(folded.map { ($0.start, $0) }, uniquingKeysWith: { first, _ in first })
    while index < tasks.count {
      if let run = foldedByStart[index] {
        var sweep = template(tasks[index], value: run.values[0])
        sweep.label =
          run.name + " for \(variable) in \(run.values[0])..\(run.values.last ?? 0)"
          + (run.step == 1 ? "" : " step \(run.step)")
        if run.prefix.isEmpty { sweep.attributes.insert((Schema.Task.id.schema, "\"${\(variable)}\""), at: 0) }
        children.append(sweep)
        index += run.values.count
      } else {
        children.append(tasks[index])
        index += 1
      }
    }
    var result = job
    result.children = children
    return result
  }

  struct Run {
    /// What the members' IDs start with before `-value`; empty for bare numbers.
    var prefix: String
    /// The sweep's name.
    var name: String
    var start: Int
    var values: [Int]
    var step: Int

    /// The task ID of the member for `value`.
    func id(_ value: Int) -> String { prefix.isEmpty ? String(value) : "\(prefix)-\(value)" }

    /// Whether `value` is one of the run's (in constant time: the values step evenly).
    func contains(_ value: Int) -> Bool {
      guard let first = values.first, let last = values.last, value >= first, value <= last else { return false }
      return step == 0 ? value == first : (value - first) % step == 0
    }
  }

  /// `("frame", 12)` of `frame-12`; `("", 12)` of a numeric ID `12`.
  static func split(_ id: String) -> (String, Int)? {
    if let value = TaskDependencies.number(id) { return ("", value) }
    guard let dash = id.lastIndex(of: "-") else { return nil }
    let prefix = String(id[..<dash])
    let digits = id[id.index(after: dash)...]
    guard !prefix.isEmpty, Literal.isIdentifier(prefix), !digits.isEmpty, digits.allSatisfy(\.isASCII),
      digits.allSatisfy(\.isNumber), digits == "0" || digits.first != "0", let value = Int(digits)
    else { return nil }
    return (prefix, value)
  }

  /// `12` of the label `"12"`.
  static func unquoted(_ label: String) -> String {
    label.count >= 2 && label.hasPrefix("\"") && label.hasSuffix("\"") ? String(label.dropFirst().dropLast()) : label
  }

  /// Runs of at least 3 tasks `p-a`, `p-(a+s)`, ... whose name `p` is no other task's ID, or of
  /// numeric IDs `a`, `a+s`, ... (a sweep named `tasks` with `id = "${i}"`).
  static func candidateRuns(_ ids: [String]) -> [Run] {
    let taken = Set(ids.map { $0.lowercased() })
    var runs: [Run] = []
    var prefixes = Set<String>()
    var index = 0
    while index < ids.count {
      guard let (prefix, first) = split(ids[index]), !taken.contains(prefix.lowercased()) else {
        index += 1
        continue
      }
      var values = [first]
      var step = 0
      var next = index + 1
      while next < ids.count, let (other, value) = split(ids[next]), other == prefix {
        let difference = value - (values.last ?? 0)
        if difference <= 0 || (step != 0 && difference != step) { break }
        step = difference
        values.append(value)
        next += 1
      }
      if values.count >= 3 && !prefixes.contains(prefix.lowercased()) {
        let name = prefix.isEmpty ? freeName(taken: taken) : prefix
        runs.append(Run(prefix: prefix, name: name, start: index, values: values, step: step))
        prefixes.insert(prefix.lowercased())
        index = next
      } else {
        index += 1
      }
    }
    return runs
  }

  /// A sweep name no task has: `tasks`, or `tasks_2`, `tasks_3`, ...
  static func freeName(taken: Set<String>) -> String {
    var name = "tasks"
    var number = 2
    while taken.contains(name) {
      name = "tasks_\(number)"
      number += 1
    }
    return name
  }

  /// The items of a `depends_on` list literal.
  static func dependencyItems(_ task: ImportedNode) -> (position: Int, items: [String])? {
    guard let position = task.attributes.firstIndex(where: { $0.key === Schema.Task.dependsOn.schema }) else {
      return nil
    }
    let items = task.attributes[position].1.dropFirst().dropLast().split(separator: ",").map {
      String($0).trimmingSpaces()
    }
    return (position, items)
  }

  /// `depends_on` with members of runs written `name[value]` (consecutive ones `name[a..b]`), a
  /// whole run in order as `name`.
  static func rewriteDependencies(_ task: ImportedNode, runs: [Run]) -> ImportedNode {
    guard let (position, names) = dependencyItems(task) else { return task }
    let byPrefix = Dictionary(runs.map { ($0.prefix, $0) }, uniquingKeysWith: { first, _ in first })
    func member(_ index: Int) -> (Run, Int)? {
      guard let (prefix, value) = split(names[index]), let run = byPrefix[prefix], run.contains(value) else {
        return nil
      }
      return (run, value)
    }
    var items: [String] = []
    var index = 0
    while index < names.count {
      guard let (run, value) = member(index) else {
        items.append(names[index])
        index += 1
        continue
      }
      if value == run.values[0], index + run.values.count <= names.count,
        zip(names[index..<index + run.values.count], run.values).allSatisfy({ $0 == run.id($1) })
      {
        items.append(run.name)
        index += run.values.count
        continue
      }
      // Members that follow each other in the run, written as one range.
      var values = [value]
      while index + values.count < names.count, let (next, nextValue) = member(index + values.count),
        next.prefix == run.prefix, nextValue == (values.last ?? 0) + run.step
      {
        values.append(nextValue)
      }
      let last = index + values.count - 1
      if values.count >= 3 {
        items.append("\(run.name)[\(value)..\(values.last ?? value)]")
      } else {
        items += values.map { "\(run.name)[\($0)]" }
      }
      index = last + 1
    }
    var result = task
    result.attributes[position].1 = "[" + items.joined(separator: ", ") + "]"
    return result
  }

  /// `task` with the bare numeric IDs left in its `depends_on` (tasks no sweep names) quoted.
  static func quoteNumericDependencies(_ task: ImportedNode) -> ImportedNode {
    guard let (position, items) = dependencyItems(task),
      items.contains(where: { TaskDependencies.number($0) != nil })
    else { return task }
    var result = task
    result.attributes[position].1 = Literal.list(
      items.map { TaskDependencies.number($0) != nil ? Literal.string($0) : $0 })
    return result
  }

  /// Whether every member of `run` is what the sweep's template prints for its value.
  static func verify(_ run: Run, _ tasks: [ImportedNode]) -> Bool {
    let members = tasks[run.start..<run.start + run.values.count]
    let bodies = members.map { body($0) }
    if bodies.contains(where: { $0.contains("${") }) { return false }
    let pattern = body(template(members[run.start], value: run.values[0]))
    return zip(bodies, run.values).allSatisfy { body, value in
      pattern.replacingAll("${\(variable)}", with: String(value)) == body
    }
  }

  /// The task's text without its label.
  static func body(_ task: ImportedNode) -> String {
    var copy = task
    copy.label = nil
    return copy.render()
  }

  /// `task` with `value` in its string literals replaced by `${i}` (where no digit touches it).
  static func template(_ task: ImportedNode, value: Int) -> ImportedNode {
    var result = task
    result.attributes = task.attributes.map { ($0.0, substitute($0.1, value)) }
    result.children = task.children.map { template($0, value: value) }
    if let label = task.label, label.hasPrefix("\"") { result.label = substitute(label, value) }
    return result
  }

  /// Replaces `value` inside the string literals of `text` by `${i}`.
  static func substitute(_ text: String, _ value: Int) -> String {
    let needle = Array(String(value))
    let characters = Array(text)
    var out = ""
    var inString = false
    var index = 0
    while index < characters.count {
      let character = characters[index]
      if inString && character == "\\" && index + 1 < characters.count {
        out.append(character)
        out.append(characters[index + 1])
        index += 2
        continue
      }
      if character == "\"" { inString.toggle() }
      if inString, index + needle.count <= characters.count, Array(characters[index..<index + needle.count]) == needle,
        index == 0 || !characters[index - 1].isNumber,
        index + needle.count == characters.count || !characters[index + needle.count].isNumber
      {
        out += "${\(variable)}"
        index += needle.count
        continue
      }
      out.append(character)
      index += 1
    }
    return out
  }
}

extension String {
  /// Every occurrence of `target` replaced by `replacement` (no Foundation in this file).
  func replacingAll(_ target: String, with replacement: String) -> String {
    guard !target.isEmpty else { return self }
    var result = ""
    var rest = Substring(self)
    while let range = rest.firstRange(of: target) {
      result += rest[..<range.lowerBound] + replacement
      rest = rest[range.upperBound...]
    }
    return result + rest
  }

  /// Without the spaces it starts and ends with.
  func trimmingSpaces() -> String {
    String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
  }
}
