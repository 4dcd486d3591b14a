// Reading one JSON object of an imported file: typed accessors that report a wrong type, and a
// `finish` that reports every member nobody read, so nothing is dropped silently.

import BatchSpecCore

/// Something `batchspec import` could not carry over, with where it is.
package struct ImportWarning: Sendable, Equatable, CustomStringConvertible {
  /// The file it is in.
  package var file: String
  /// The JSON path, such as `$.startTask.containerSettings`.
  package var path: String
  /// What was left out or changed, and why.
  package var message: String

  package var description: String { "\(file): \(path): \(message)" }
}

/// Collects warnings for one import.
final class ImportLog {
  var warnings: [ImportWarning] = []
  func warn(_ file: String, _ path: String, _ message: String) {
    warnings.append(ImportWarning(file: file, path: path, message: message))
  }
}

/// One JSON object being read.
final class JSONReader {
  let members: [(String, JSON)]
  let file: String
  let path: String
  let log: ImportLog
  private var used: Set<String> = []
  /// Readers of member objects and arrays handed out so far, in order: asked again, the same one
  /// comes back, so the schema's mapping and hand-written code can read one object together.
  private var children: [(key: String, readers: [JSONReader])] = []
  private var finished = false

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
  }

  func has(_ key: String) -> Bool { members.contains { $0.0 == key } }

  /// The raw value of `key`, marked as read.
  func raw(_ key: String) -> JSON? {
    used.insert(key)
    guard let value = members.first(where: { $0.0 == key })?.1 else { return nil }
    if case .null = value { return nil }
    return value
  }

  /// Marks `key` as read without reading it (it is checked elsewhere, or means nothing).
  func ignore(_ key: String) { used.insert(key) }

  func warn(_ key: String, _ message: String) { log.warn(file, "\(path).\(key)", message) }

  func string(_ key: String) -> String? {
    guard let value = raw(key) else { return nil }
    if case .string(let text) = value { return text }
    warn(key, "expected a string; left out")
    return nil
  }

  func int(_ key: String) -> Int? {
    guard let value = raw(key) else { return nil }
    if case .integer(let number) = value { return number }
    warn(key, "expected an integer; left out")
    return nil
  }

  func bool(_ key: String) -> Bool? {
    guard let value = raw(key) else { return nil }
    if case .bool(let flag) = value { return flag }
    warn(key, "expected true or false; left out")
    return nil
  }

  /// An ISO 8601 duration in milliseconds.
  func duration(_ key: String) -> Int64? {
    guard let text = string(key) else { return nil }
    if let milliseconds = ISODuration.parse(text) { return milliseconds }
    warn(key, "`\(text)` is not an ISO 8601 duration batchspec can express; left out")
    return nil
  }

  /// The reader of an object member (the same one each time it is asked for).
  func object(_ key: String) -> JSONReader? {
    if let known = children.first(where: { $0.key == key }) { return known.readers.first }
    guard let reader = JSONReader(raw(key), file: file, path: "\(path).\(key)", log: log) else { return nil }
    children.append((key, [reader]))
    return reader
  }

  /// The readers of the objects of an array member (the same ones each time they are asked for).
  func objects(_ key: String) -> [JSONReader] {
    if let known = children.first(where: { $0.key == key }) { return known.readers }
    guard let value = raw(key) else { return [] }
    guard case .array(let items) = value else {
      warn(key, "expected an array; left out")
      return []
    }
    let readers = items.enumerated().compactMap {
      JSONReader($1, file: file, path: "\(path).\(key)[\($0)]", log: log)
    }
    children.append((key, readers))
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
  func ignoreAll() { used.formUnion(members.map(\.0)) }

  /// Reports every member that was not read (in the objects handed out too, once): batchspec
  /// cannot express it.
  func finish() {
    guard !finished else { return }
    finished = true
    for child in children { for reader in child.readers { reader.finish() } }
    for (key, _) in members where !used.contains(key) {
      warn(key, "batchspec cannot express `\(key)`; left out")
    }
  }
}
