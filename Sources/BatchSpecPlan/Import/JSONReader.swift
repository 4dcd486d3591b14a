// Reading one JSON object of an imported file: typed accessors that report a wrong type, and a
// `finish` that reports every member nobody read, so nothing is dropped silently.

import BatchSpecCore

/// Something `batchspec import` could not carry over, with where it is.
package struct ImportWarning: Sendable, Hashable, CustomStringConvertible {
  /// The file it is in.
  package var file: String
  /// The JSON path, such as `$.startTask.containerSettings`.
  package var path: String
  /// What was left out or changed, and why.
  package var message: String

  package var description: String { "\(file): \(path): \(message)" }
}

/// Collects warnings for one import, and errors: what import refused.
final class ImportLog {
  var warnings: [ImportWarning] = []
  var errors: [ImportWarning] = []
  /// `warnings` and `errors` as sets, so that a report is found in constant time.
  private var reported = Set<ImportWarning>()
  private var refused = Set<ImportWarning>()
  /// Reports what was left out or changed; once, when a member is read twice (by the schema's
  /// mapping and by import's own code).
  func warn(_ file: String, _ path: String, _ message: String) {
    let warning = ImportWarning(file: file, path: path, message: message)
    if reported.insert(warning).inserted { warnings.append(warning) }
  }
  /// The read-only members of the bodies a GET returns, by file, in the order first read.
  private var readOnly: [(file: String, names: [String])] = []

  /// Notes a read-only member `name` of a body in `file`, left out with nothing lost.
  func noteReadOnly(_ file: String, _ name: String) {
    if let index = readOnly.firstIndex(where: { $0.file == file }) {
      if !readOnly[index].names.contains(name) { readOnly[index].names.append(name) }
    } else {
      readOnly.append((file, [name]))
    }
  }

  /// One warning for each file whose bodies had read-only state (`state`, `eTag`, ...).
  func reportReadOnly() {
    for (file, names) in readOnly {
      warn(
        file, "$",
        "left out the read-only state a GET returns (\(names.map { "`\($0)`" }.joined(separator: ", "))): the service sets it, with nothing lost"
      )
    }
    readOnly = []
  }

  /// Reports a body, or a retired feature of one, that is not imported: the import fails.
  func refuse(_ file: String, _ path: String, _ message: String) {
    let error = ImportWarning(file: file, path: path, message: message)
    if refused.insert(error).inserted { errors.append(error) }
  }
}

/// One JSON object being read.
final class JSONReader {
  let members: [(String, JSON)]
  /// The index of the last member of each name, lowercased: the service reads names without
  /// regard to case, and of a name given twice, the last.
  private let lastIndex: [String: Int]
  let file: String
  let path: String
  let log: ImportLog
  private var used: Set<String> = []
  /// Readers of member objects and arrays handed out so far, in order: asked again, the same one
  /// comes back, so the schema's mapping and hand-written code can read one object together.
  private var children: [(key: String, readers: [JSONReader])] = []
  private var finished = false
  /// Where members of an add-pool body mapped from a management-plane pool are in the file
  /// (`targetDedicatedNodes`: `scaleSettings.fixedScale.targetDedicatedNodes`), by lowercased name.
  var writtenPaths: [String: String] = [:]
  /// Whether strings were read from an ARM template, where `{{NAME}}` stands for
  /// `[parameters('NAME')]` (`AzureTarget.dataStrings`): messages show what the file says.
  var fromTemplate = false

  init?(_ value: JSON?, file: String, path: String, log: ImportLog) {
    guard let value else { return nil }
    guard case .object(let members) = value else {
      log.warn(file, path, "expected an object; left out")
      return nil
    }
    self.members = members
    self.file = file
    self.path = path
    self.log = log
    // `userName` is `username`, and two members that differ only in case are one given twice.
    var lastIndex: [String: Int] = [:]
    for (index, (key, _)) in members.enumerated() {
      let lowered = key.lowercased()
      if let earlier = lastIndex[lowered].map({ members[$0].0 }), earlier != key {
        log.warn(
          file, "\(path).\(key)",
          "`\(earlier)` and `\(key)` are one member for the service, which reads names without regard to case: the last is read"
        )
      }
      lastIndex[lowered] = index
    }
    self.lastIndex = lastIndex
  }

  /// Whether the object has the member `key` (named without regard to case).
  func has(_ key: String) -> Bool { member(key) != nil }

  /// The last member named `key` without regard to case, as the service reads it.
  private func member(_ key: String) -> JSON? { lastIndex[key.lowercased()].map { members[$0].1 } }

  /// The raw value of `key`, marked as read.
  func raw(_ key: String) -> JSON? {
    used.insert(key.lowercased())
    guard let value = member(key) else { return nil }
    if case .null = value { return nil }
    return value
  }

  /// Marks `key` as read without reading it (it is checked elsewhere, or means nothing).
  func ignore(_ key: String) { used.insert(key.lowercased()) }

  /// The member `key` as the file spells it (`userName` for `username`), for paths.
  func written(_ key: String) -> String {
    let lowered = key.lowercased()
    if let mapped = writtenPaths[lowered] { return mapped }
    return lastIndex[lowered].map { members[$0].0 } ?? key
  }

  /// `text` as the file writes it: a template's `[parameters('NAME')]` for `{{NAME}}`.
  func shown(_ text: String) -> String {
    guard fromTemplate, let name = Secret.placeholderVariable(text) else { return text }
    return "[parameters('\(name)')]"
  }

  func warn(_ key: String, _ message: String) { log.warn(file, "\(path).\(written(key))", message) }

  /// Reports what the service would refuse in member `key`: it is left out and the import fails.
  func refuse(_ key: String, _ message: String) { log.refuse(file, "\(path).\(written(key))", message) }

  func string(_ key: String) -> String? {
    guard let value = raw(key) else { return nil }
    if case .string(let text) = value { return text }
    warn(key, "expected a string; left out")
    return nil
  }

  func int(_ key: String) -> Int? {
    guard let value = raw(key) else { return nil }
    if case .integer(let number) = value { return number }
    if let problem = ImportJSON.integerProblem(value) {
      warn(key, "\(problem); left out")
    } else if case .string(let text) = value, let number = Int(text) {
      warn(key, Self.quotedInteger(text))
      return number
    } else {
      warn(key, "expected an integer; left out")
    }
    return nil
  }

  /// The warning for an integer written as a string, which the service refuses.
  static func quotedInteger(_ text: String) -> String {
    "`\"\(text)\"` is a string, which the service refuses where an integer is expected: read as \(text); write it without quotes"
  }

  func bool(_ key: String) -> Bool? {
    guard let value = raw(key) else { return nil }
    if case .bool(let flag) = value { return flag }
    warn(key, "expected true or false; left out")
    return nil
  }

  /// An ISO 8601 duration in milliseconds.
  func duration(_ key: String) -> Int64? {
    guard let value = raw(key) else { return nil }
    return duration(value, key)
  }

  /// The milliseconds of `value`, the ISO 8601 duration of member `key`: one that is not valid is
  /// refused (the service refuses it), one finer than a millisecond read with a warning.
  func duration(_ value: JSON, _ key: String) -> Int64? {
    guard case .string(let written) = value else {
      warn(key, "expected an ISO 8601 duration (`PT30M`); left out")
      return nil
    }
    // `az batch ... show` prints Python's timedeltas: `0:15:00`, `1 day, 2:00:00`.
    let text = Self.timedelta(written) ?? written
    guard let milliseconds = ISODuration.parse(text) else {
      let datePart = text.uppercased().prefix { $0 != "T" }
      if datePart.hasPrefix("P") && (datePart.contains("Y") || datePart.contains("M")) {
        warn(key, "`\(text)` is not a duration batchspec can express (years and months have no fixed length); left out")
        return nil
      }
      refuse(
        key,
        "`\(text)` is not an ISO 8601 duration (`PT30M`, `P7D`, `P1DT12H`), which the service refuses: left out")
      return nil
    }
    if Self.isTimeSpanMaximum(written) && key.lowercased() == "maxwallclocktime" {
      // .NET's TimeSpan.MaxValue: how the service writes "no limit", which is no setting.
      return nil
    }
    if let fraction = text.uppercased().split(separator: ".").last?.prefix(while: \.isNumber), text.contains("."),
      fraction.dropFirst(3).contains(where: { $0 != "0" })
    {
      warn(key, "`\(written)` is finer than batchspec's milliseconds: read as `\(ISODuration.format(milliseconds))`")
    }
    return milliseconds
  }

  /// Whether `text` is .NET's `TimeSpan.MaxValue`, which the service writes for an unlimited time,
  /// or the timedelta the Azure CLI prints for it (to the microsecond).
  static func isTimeSpanMaximum(_ text: String) -> Bool {
    text.uppercased() == "P10675199DT2H48M5.4775807S" || text == "10675199 days, 2:48:05.477581"
  }

  /// The ISO 8601 duration of a Python `timedelta` as the Azure CLI prints it: `H:MM:SS`, with
  /// `.ffffff` when it has microseconds, after `N day, ` or `N days, ` when it has days (`0:15:00`,
  /// `10675199 days, 2:48:05.477581`); nil for any other text (a negative timedelta among them).
  static func timedelta(_ text: String) -> String? {
    var rest = Substring(text)
    var days = ""
    if let comma = rest.firstIndex(of: ",") {
      let parts = rest[..<comma].split(separator: " ", omittingEmptySubsequences: false)
      guard parts.count == 2, isDigits(parts[0]), parts[1] == "day" || parts[1] == "days",
        rest[comma...].hasPrefix(", ")
      else { return nil }
      days = String(parts[0])
      rest = rest[rest.index(comma, offsetBy: 2)...]
    }
    let fields = rest.split(separator: ":", omittingEmptySubsequences: false)
    guard fields.count == 3, isDigits(fields[0]), fields[1].count == 2, isDigits(fields[1]) else { return nil }
    let seconds = fields[2].split(separator: ".", omittingEmptySubsequences: false)
    guard seconds[0].count == 2, isDigits(seconds[0]),
      seconds.count == 1 || (seconds.count == 2 && isDigits(seconds[1]))
    else { return nil }
    return "P\(days.isEmpty ? "" : days + "D")T\(fields[0])H\(fields[1])M\(fields[2])S"
  }

  private static func isDigits(_ text: Substring) -> Bool {
    !text.isEmpty && text.allSatisfy { $0.isASCII && $0.isNumber }
  }

  /// The reader of an object member (the same one each time it is asked for).
  func object(_ key: String) -> JSONReader? {
    if let known = children.first(where: { $0.key == key.lowercased() }) { return known.readers.first }
    guard let reader = JSONReader(raw(key), file: file, path: "\(path).\(written(key))", log: log) else {
      return nil
    }
    reader.fromTemplate = fromTemplate
    children.append((key.lowercased(), [reader]))
    return reader
  }

  /// The readers of the objects of an array member (the same ones each time they are asked for).
  func objects(_ key: String) -> [JSONReader] {
    if let known = children.first(where: { $0.key == key.lowercased() }) { return known.readers }
    guard let value = raw(key) else { return [] }
    guard case .array(let items) = value else {
      warn(key, "expected an array; left out")
      return []
    }
    let readers = items.enumerated().compactMap {
      JSONReader($1, file: file, path: "\(path).\(written(key))[\($0)]", log: log)
    }
    for reader in readers { reader.fromTemplate = fromTemplate }
    children.append((key.lowercased(), readers))
    return readers
  }

  /// The strings of an array member.
  func strings(_ key: String) -> [String] {
    guard let value = raw(key) else { return [] }
    guard case .array(let items) = value else {
      warn(key, "expected an array; left out")
      return []
    }
    return items.compactMap { if case .string(let text) = $0 { text } else { nil } }
  }

  /// `[{"name": …, "value": …}]` as pairs.
  func nameValues(_ key: String) -> [(String, String)] {
    objects(key).compactMap { item in
      defer { item.finish() }
      guard let name = item.string("name") else { return nil }
      return (name, item.string("value") ?? "")
    }
  }

  /// An enum word in Azure's spelling, compared without regard to case (`SchemaEnum.restWord`,
  /// the table compile writes by).
  func word<Word: SchemaEnum>(_ key: String, _ type: Word.Type) -> Word? {
    guard let text = string(key) else { return nil }
    if let word = Word(restWord: text) { return word }
    let words = Word.allCases.map { $0.restWord.lowercased() }.sorted()
    warn(key, "`\(text)` is not one of \(words.joined(separator: ", ")); left out")
    return nil
  }

  /// Marks every member as read: the whole object was left out, and said so once.
  func ignoreAll() { used.formUnion(members.map { $0.0.lowercased() }) }

  /// The read-only members of a pool, job, job schedule or task a GET returns (`az batch pool
  /// show`, say), lowercased: the service's state of it, not what creates it.
  static let readOnlyState: Set<String> = [
    "odata.metadata", "url", "etag", "lastmodified", "creationtime", "state", "statetransitiontime", "previousstate",
    "previousstatetransitiontime", "allocationstate", "allocationstatetransitiontime", "currentdedicatednodes",
    "currentlowprioritynodes", "currentnodecommunicationmode", "resizeerrors", "autoscalerun", "executioninfo",
    "stats", "nodeinfo",
  ]

  /// Whether `path` is that of a whole body: `$`, `$[2]`, `$.value[2]`.
  static func isBodyPath(_ path: String) -> Bool {
    var rest = Substring(path)
    guard rest.hasPrefix("$") else { return false }
    rest = rest.dropFirst()
    if rest.isEmpty { return true }
    if rest.hasPrefix(".value") { rest = rest.dropFirst(".value".count) }
    guard rest.hasPrefix("["), rest.hasSuffix("]") else { return false }
    return rest.dropFirst().dropLast().allSatisfy { $0.isASCII && $0.isNumber }
  }

  /// Reports every member that was not read (in the objects handed out too, once): batchspec
  /// cannot express it.
  func finish() {
    guard !finished else { return }
    finished = true
    for child in children { for reader in child.readers { reader.finish() } }
    let isBody = Self.isBodyPath(path)
    for (key, _) in members where !used.contains(key.lowercased()) {
      if isBody && Self.readOnlyState.contains(key.lowercased()) {
        log.noteReadOnly(file, key)
      } else if let modern = BlockSchema.legacyRestNames[key.lowercased()], let newer = member(modern),
        let older = member(key)
      {
        // `Legacy.modernize` leaves an old name that is given with its new one.
        warn(
          key,
          "`\(key)` is the old name of `\(written(modern))`, which is given too: `\(written(modern))` (\(newer.serialized())) is read, and this one (\(older.serialized())) left out"
        )
      } else {
        warn(key, "batchspec cannot express `\(key)`; left out")
      }
    }
  }
}
