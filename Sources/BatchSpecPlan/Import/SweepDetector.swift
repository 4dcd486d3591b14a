// Folding imported tasks back into sweeps: a run of tasks `frame-1`, `frame-2`, ... whose bodies
// differ only by that number (in strings) becomes `task frame for i in 1..N { ... }`, and
// dependencies on its members become `frame`, `frame[3]`. A run is folded only when every member
// printed from the sweep is exactly the task it replaces, so the compiled JSON stays the same.

import BatchSpecCore

/// Detects sweeps among a job's imported tasks.
enum SweepDetector {
  /// The sweep variable.
  static let variable = "i"

  /// `job` with runs of numbered tasks folded into sweeps.
  static func fold(_ job: ImportedNode) -> ImportedNode {
    var tasks = job.children.filter { $0.is(Schema.Task.self) }
    let others = job.children.filter { !$0.is(Schema.Task.self) }
    let ids = tasks.map { $0.label ?? "" }
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
    if folded.isEmpty { return job }
    var children = others
    var index = 0
    while index < tasks.count {
      if let run = folded.first(where: { $0.start == index }) {
        var sweep = tasks[index]
        sweep.label =
          run.name + " for \(variable) in \(run.values[0])..\(run.values.last ?? 0)"
          + (run.step == 1 ? "" : " step \(run.step)")
        sweep = template(sweep, value: run.values[0])
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
    var name: String
    var start: Int
    var values: [Int]
    var step: Int
  }

  /// `("frame", 12)` of `frame-12`.
  static func split(_ id: String) -> (String, Int)? {
    guard let dash = id.lastIndex(of: "-") else { return nil }
    let prefix = String(id[..<dash])
    let digits = id[id.index(after: dash)...]
    guard !prefix.isEmpty, Literal.isIdentifier(prefix), !digits.isEmpty, digits.allSatisfy(\.isASCII),
      digits.allSatisfy(\.isNumber), digits == "0" || digits.first != "0", let value = Int(digits)
    else { return nil }
    return (prefix, value)
  }

  /// Runs of at least 3 tasks `p-a`, `p-(a+s)`, ... whose name `p` is no other task's ID.
  static func candidateRuns(_ ids: [String]) -> [Run] {
    let taken = Set(ids.map { $0.lowercased() })
    var runs: [Run] = []
    var index = 0
    while index < ids.count {
      guard let (name, first) = split(ids[index]), !taken.contains(name.lowercased()) else {
        index += 1
        continue
      }
      var values = [first]
      var step = 0
      var next = index + 1
      while next < ids.count, let (other, value) = split(ids[next]), other == name {
        let difference = value - (values.last ?? 0)
        if difference <= 0 || (step != 0 && difference != step) { break }
        step = difference
        values.append(value)
        next += 1
      }
      if values.count >= 3 && !runs.contains(where: { $0.name.lowercased() == name.lowercased() }) {
        runs.append(Run(name: name, start: index, values: values, step: step))
        index = next
      } else {
        index += 1
      }
    }
    return runs
  }

  /// `depends_on` with members of runs written `name[value]`, a whole run in order as `name`.
  static func rewriteDependencies(_ task: ImportedNode, runs: [Run]) -> ImportedNode {
    guard let position = task.attributes.firstIndex(where: { $0.key === Schema.Task.dependsOn.schema }) else {
      return task
    }
    let names = task.attributes[position].1.dropFirst().dropLast().split(separator: ",").map {
      String($0).trimmingSpaces()
    }
    var items: [String] = []
    var index = 0
    while index < names.count {
      if let (name, value) = split(names[index]), let run = runs.first(where: { $0.name == name }),
        run.values.contains(value)
      {
        let whole = run.values.map { "\(name)-\($0)" }
        if value == run.values[0], Array(names[index..<min(names.count, index + whole.count)]) == whole {
          items.append(name)
          index += whole.count
          continue
        }
        items.append("\(name)[\(value)]")
      } else {
        items.append(names[index])
      }
      index += 1
    }
    var result = task
    result.attributes[position].1 = "[" + items.joined(separator: ", ") + "]"
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
  fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
    guard !target.isEmpty else { return self }
    var result = ""
    var rest = Substring(self)
    while let range = rest.firstRange(of: target) {
      result += rest[..<range.lowerBound] + replacement
      rest = rest[range.upperBound...]
    }
    return result + rest
  }

  fileprivate func trimmingSpaces() -> String {
    String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
  }
}
