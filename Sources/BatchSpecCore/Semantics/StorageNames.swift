// Azure Storage naming rules for containers and blobs.

/// Checks container and blob names against Azure Storage's rules.
package enum StorageNames {
  /// Why Azure refuses `name` as a container name, or nil when it is valid.
  ///
  /// 3 to 63 characters; lowercase letters, digits and hyphens; starts with a letter or digit;
  /// no two hyphens in a row; no trailing hyphen. `$root`, `$web` and `$logs` are also valid.
  package static func containerNameProblem(_ name: String) -> String? {
    if name == "$root" || name == "$web" || name == "$logs" { return nil }
    // One pass over the bytes, no copy: this runs for every container reference.
    let utf8 = name.utf8
    if utf8.count < 3 || utf8.count > 63 {
      return "container names have 3 to 63 characters; `\(name)` has \(name.count)"
    }
    var previous: UInt8 = 0
    var doubleHyphen = false
    for byte in utf8 {
      guard isLowercaseLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "-") else {
        if isLetter(byte) {
          return "container names use lowercase letters only; write `\(name.lowercased())`"
        }
        return
          "container names may hold only lowercase letters, digits and hyphens, not `\(String(decoding: [byte], as: UTF8.self))`"
      }
      if byte == UInt8(ascii: "-") && previous == UInt8(ascii: "-") { doubleHyphen = true }
      previous = byte
    }
    if utf8.first == UInt8(ascii: "-") { return "container names must start with a letter or digit" }
    if previous == UInt8(ascii: "-") { return "container names must not end with a hyphen" }
    if doubleHyphen { return "container names must not hold two hyphens in a row" }
    return nil
  }

  /// Why Azure refuses `name` as a blob name, or nil when it is valid.
  ///
  /// 1 to 1,024 characters, at most 254 path segments, and not ending in `.` or `/`
  /// (the service cannot address such names).
  package static func blobNameProblem(_ name: String) -> String? {
    var length = 0
    var segments = 1
    for byte in name.utf8 {
      if byte & 0xC0 != 0x80 { length += 1 }
      if byte == UInt8(ascii: "/") { segments += 1 }
    }
    if length == 0 { return "blob names must not be empty" }
    if length > 1024 { return "blob names have at most 1,024 characters; this one has \(length)" }
    if segments > 254 { return "blob names have at most 254 path segments; this one has \(segments)" }
    if name.hasSuffix(".") || name.hasSuffix("/") {
      return "blob names must not end with `.` or `/`"
    }
    return nil
  }

  private static func isLowercaseLetter(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }
}
