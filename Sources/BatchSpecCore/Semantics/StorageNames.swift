// Azure Storage naming rules for containers and blobs.

/// Checks container and blob names against Azure Storage's rules.
package enum StorageNames {
  /// Why Azure refuses `name` as a container name, or nil when it is valid.
  ///
  /// 3 to 63 characters; lowercase letters, digits and hyphens; starts with a letter or digit;
  /// no two hyphens in a row; no trailing hyphen. `$root`, `$web` and `$logs` are also valid.
  package static func containerNameProblem(_ name: String) -> String? {
    if name.utf8.first == UInt8(ascii: "$") && (name == "$root" || name == "$web" || name == "$logs") { return nil }
    // One pass over the bytes in place: this runs for every container reference.
    return withBytes(name) { utf8 in containerNameProblem(name, utf8) }
  }

  private static func containerNameProblem(_ name: String, _ utf8: UnsafeBufferPointer<UInt8>) -> String? {
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
    withBytes(name) { utf8 in blobNameProblem(name, utf8) }
  }

  /// Why Azure refuses the blob name an output `path` or input `prefix` names, or nil when it is
  /// valid: the path without its trailing `/`s (`frames/` names the blobs under `frames`); nil
  /// when nothing is left.
  package static func blobPathProblem(_ path: String) -> String? {
    withBytes(path) { utf8 in
      var end = utf8.count
      while end > 0 && utf8[end - 1] == UInt8(ascii: "/") { end -= 1 }
      if end == 0 { return nil }
      if end == utf8.count { return blobNameProblem(path, utf8) }
      return blobNameProblem(String(decoding: UnsafeBufferPointer(rebasing: utf8[..<end]), as: UTF8.self))
    }
  }

  private static func blobNameProblem(_ name: String, _ utf8: UnsafeBufferPointer<UInt8>) -> String? {
    var length = 0
    var segments = 1
    var isASCII = true
    for byte in utf8 {
      if byte & 0xC0 != 0x80 { length += 1 }
      if byte == UInt8(ascii: "/") { segments += 1 }
      if byte >= 0x80 { isASCII = false }
    }
    if length == 0 { return "blob names must not be empty" }
    if length > 1024 { return "blob names have at most 1,024 characters; this one has \(length)" }
    if segments > 254 { return "blob names have at most 254 path segments; this one has \(segments)" }
    // In ASCII every byte is a character, so the last byte is the last character; otherwise a
    // character may combine several scalars, which `hasSuffix` compares.
    let endsBadly =
      isASCII
      ? utf8.last == UInt8(ascii: ".") || utf8.last == UInt8(ascii: "/")
      : name.hasSuffix(".") || name.hasSuffix("/")
    if endsBadly { return "blob names must not end with `.` or `/`" }
    return nil
  }

  /// Calls `body` with the UTF-8 bytes of `text`, in place when they are contiguous (native
  /// strings always are).
  private static func withBytes<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
    text.utf8.withContiguousStorageIfAvailable(body) ?? Array(text.utf8).withUnsafeBufferPointer(body)
  }

  private static func isLowercaseLetter(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }
}
