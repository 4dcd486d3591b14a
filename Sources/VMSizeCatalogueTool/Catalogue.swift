// Reads and checks the VM size catalogue (VMSizeCatalogue.csv): every row, every cross-reference, and
// the statuses against the file's `as-of` date. The build fails on any problem, with its line.

/// One size, as read from the catalogue.
struct CatalogueRow: Equatable {
  var line: Int
  var name: String
  var vCPUs: Int64
  var memoryMiB: Int64
  var gpuNumerator: Int64
  var gpuDenominator: Int64
  var family: String
  var status: String
  var retirement: String?
  var successor: String?
  var note: String?
}

/// A problem in the catalogue, at a line (1-based).
struct CatalogueError: Error, Equatable, CustomStringConvertible {
  var line: Int
  var message: String
  var description: String { "line \(line): \(message)" }
}

/// Every problem found in the catalogue, in line order.
struct CatalogueProblems: Error, Equatable {
  var errors: [CatalogueError]
}

/// The parsed catalogue.
struct Catalogue: Equatable {
  /// The columns, in order, as the header line names them.
  static let header = "name,vcpus,memory_gib,gpus,family,status,retirement,successor,note"
  /// The statuses a row may have.
  static let statuses = ["available", "retiring", "retired", "refused-by-batch"]

  /// The day the statuses were checked (`# as-of: YYYY-MM-DD`).
  var asOf: String
  var rows: [CatalogueRow]

  /// Parses `text`; returns every problem found rather than the first.
  static func parse(_ text: String) -> Result<Catalogue, CatalogueProblems> {
    var errors: [CatalogueError] = []
    var asOf: (String, Int)?
    var sawHeader = false
    var rows: [CatalogueRow] = []
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    for (index, rawLine) in lines.enumerated() {
      let number = index + 1
      let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine[...]
      if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
      if line.hasPrefix("#") {
        if let value = directive(line, "as-of") {
          if asOf != nil { errors.append(CatalogueError(line: number, message: "a second `as-of` line")) }
          if !isDate(value) {
            errors.append(CatalogueError(line: number, message: "`as-of` must be a date written YYYY-MM-DD"))
          }
          asOf = (value, number)
        }
        continue
      }
      if !sawHeader {
        sawHeader = true
        if line != header[...] {
          errors.append(CatalogueError(line: number, message: "the first row must be the header `\(header)`"))
        }
        continue
      }
      switch row(line, at: number) {
      case .success(let row): rows.append(row)
      case .failure(let error): errors.append(error)
      }
    }
    if !sawHeader { errors.append(CatalogueError(line: lines.count, message: "no header and no rows")) }
    guard let (date, _) = asOf else {
      errors.append(CatalogueError(line: 1, message: "missing the `# as-of: YYYY-MM-DD` line"))
      return .failure(CatalogueProblems(errors: errors))
    }
    errors += crossCheck(rows, asOf: date)
    guard errors.isEmpty else { return .failure(CatalogueProblems(errors: errors.sorted { $0.line < $1.line })) }
    return .success(Catalogue(asOf: date, rows: rows))
  }

  /// The value of a `# key: value` comment line, if it is one.
  private static func directive(_ line: Substring, _ key: String) -> String? {
    let body = line.dropFirst().drop { $0 == " " }
    guard body.hasPrefix(key + ":") else { return nil }
    return String(body.dropFirst(key.count + 1).trimmingSpaces)
  }

  private static func row(_ line: Substring, at number: Int) -> Result<CatalogueRow, CatalogueError> {
    func fail(_ message: String) -> Result<CatalogueRow, CatalogueError> {
      .failure(CatalogueError(line: number, message: message))
    }
    let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { String($0.trimmingSpaces) }
    guard fields.count >= 6, fields.count <= 9 else {
      return fail("expected 6 to 9 comma-separated columns (\(header)), found \(fields.count)")
    }
    func optional(_ index: Int) -> String? { index < fields.count && !fields[index].isEmpty ? fields[index] : nil }
    let name = fields[0]
    guard isSizeName(name) else {
      return fail("`\(name)` is not a size name: `Standard_` or `Basic_` then letters, digits, `_` or `-`")
    }
    guard let vCPUs = Int64(fields[1]), vCPUs > 0 else {
      return fail("`\(name)`: vCPUs must be a whole number above 0, not `\(fields[1])`")
    }
    guard let memory = mebibytes(fields[2]), memory > 0 else {
      return fail("`\(name)`: memory must be GiB above 0 that is a whole number of MiB, not `\(fields[2])`")
    }
    guard let (numerator, denominator) = gpus(fields[3]) else {
      return fail("`\(name)`: GPUs must be a whole number or a fraction below one such as `1/6`, not `\(fields[3])`")
    }
    let family = fields[4]
    guard family.hasSuffix("Family"), family.count > "Family".count, !family.contains("\"") else {
      return fail("`\(name)`: the quota family `\(family)` must end in `Family`")
    }
    let status = fields[5]
    guard statuses.contains(status) else {
      return fail("`\(name)`: status `\(status)` is not one of \(statuses.joined(separator: ", "))")
    }
    let retirement = optional(6)
    if let retirement, !isDate(retirement) {
      return fail("`\(name)`: retirement must be a date written YYYY-MM-DD, not `\(retirement)`")
    }
    let note = optional(8)
    if let note, note.contains("\"") || note.contains("\\") { return fail("`\(name)`: a note may not contain quotes") }
    return .success(
      CatalogueRow(
        line: number, name: name, vCPUs: vCPUs, memoryMiB: memory, gpuNumerator: numerator,
        gpuDenominator: denominator, family: family, status: status, retirement: retirement, successor: optional(7),
        note: note))
  }

  /// Duplicates, dates against statuses and `as-of`, successors.
  private static func crossCheck(_ rows: [CatalogueRow], asOf: String) -> [CatalogueError] {
    var errors: [CatalogueError] = []
    var byName: [String: CatalogueRow] = [:]
    for row in rows {
      if let first = byName[row.name.lowercased()] {
        errors.append(CatalogueError(line: row.line, message: "`\(row.name)` is already on line \(first.line)"))
      } else {
        byName[row.name.lowercased()] = row
      }
    }
    for row in rows {
      func fail(_ message: String) {
        errors.append(CatalogueError(line: row.line, message: "`\(row.name)`: " + message))
      }
      switch (row.status, row.retirement) {
      case ("available", .some): fail("an available size has no retirement date")
      case ("retiring", nil), ("retired", nil): fail("a \(row.status) size needs its retirement date")
      case ("retiring", .some(let date)) where date <= asOf:
        fail("retiring on \(date), on or before the catalogue's as-of date \(asOf): mark it retired")
      case ("retired", .some(let date)) where date > asOf:
        fail("retired on \(date), after the catalogue's as-of date \(asOf): mark it retiring")
      default: break
      }
      switch (row.status, row.successor) {
      case ("available", .some): fail("an available size has no successor")
      case (_, nil) where row.status != "available": fail("a \(row.status) size needs a successor")
      case (_, .some(let successor)):
        guard let target = byName[successor.lowercased()], target.name == successor else {
          fail("the successor `\(successor)` is not a size of the catalogue (spelt as it is there)")
          break
        }
        if target.status != "available" {
          fail("the successor `\(successor)` is \(target.status); name an available size")
        }
      default: break
      }
    }
    return errors
  }

  private static func isSizeName(_ name: String) -> Bool {
    let rest: Substring
    if name.hasPrefix("Standard_") {
      rest = name.dropFirst("Standard_".count)
    } else if name.hasPrefix("Basic_") {
      rest = name.dropFirst("Basic_".count)
    } else {
      return false
    }
    return !rest.isEmpty && rest.unicodeScalars.allSatisfy { $0.isASCIILetterOrDigit || $0 == "_" || $0 == "-" }
  }

  private static func isDate(_ text: String) -> Bool {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let month = Int(parts[1]), let day = Int(parts[2]), Int(parts[0]) != nil
    else { return false }
    return (1...12).contains(month) && (1...31).contains(day)
  }

  /// `218.75` GiB as MiB (224000), when it is a whole number of MiB.
  static func mebibytes(_ text: String) -> Int64? {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count <= 2, let whole = Int64(parts[0]), whole >= 0, parts[0].allSatisfy(\.isNumber) else { return nil }
    var mebibytes = whole * 1024
    if parts.count == 2 {
      let digits = parts[1]
      guard !digits.isEmpty, digits.count <= 10, digits.allSatisfy(\.isNumber), let fraction = Int64(digits) else {
        return nil
      }
      var scale: Int64 = 1
      for _ in 0..<digits.count { scale *= 10 }
      guard (fraction * 1024) % scale == 0 else { return nil }
      mebibytes += fraction * 1024 / scale
    }
    return mebibytes
  }

  /// `2` as (2, 1), `1/6` as (1, 6).
  static func gpus(_ text: String) -> (Int64, Int64)? {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    if parts.count == 1 { return Int64(parts[0]).flatMap { $0 >= 0 ? ($0, 1) : nil } }
    guard parts.count == 2, let numerator = Int64(parts[0]), let denominator = Int64(parts[1]),
      numerator > 0, denominator > numerator
    else { return nil }
    return (numerator, denominator)
  }
}

extension Substring {
  /// The text without leading and trailing spaces and tabs.
  fileprivate var trimmingSpaces: Substring {
    var start = startIndex
    var end = endIndex
    while start < end, self[start] == " " || self[start] == "\t" { start = index(after: start) }
    while end > start, self[index(before: end)] == " " || self[index(before: end)] == "\t" { end = index(before: end) }
    return self[start..<end]
  }
}

extension Unicode.Scalar {
  fileprivate var isASCIILetterOrDigit: Bool {
    ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
  }
}
