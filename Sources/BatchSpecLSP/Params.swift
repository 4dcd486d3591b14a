// Typed reads of request parameters: a missing or mistyped field is a -32602 error.

internal import BatchSpecCore

/// A request's `params`, read field by field.
struct Params {
  let value: JSON

  /// The value at `path` (object keys), or nil.
  func optional(_ path: String...) -> JSON? { lookup(path) }

  private func lookup(_ path: [String]) -> JSON? {
    var current: JSON? = value
    for key in path { current = current?[key] }
    if case .null? = current { return nil }
    return current
  }

  /// The string at `path`, or -32602.
  func string(_ path: String...) throws(ResponseError) -> String {
    guard let value = lookup(path)?.stringValue else {
      throw .invalidParams("`\(path.joined(separator: "."))` must be a string")
    }
    return value
  }

  /// The integer at `path`, or -32602.
  func int(_ path: String...) throws(ResponseError) -> Int {
    let value = lookup(path)
    guard let integer = value?.intValue else {
      let fits =
        if case .double(let number)? = value, number.rounded() == number, abs(number) >= 0x1p63 {
          " of at most 64 bits"
        } else { "" }
      throw .invalidParams("`\(path.joined(separator: "."))` must be an integer\(fits)")
    }
    return integer
  }

  /// The object at `path`, or -32602.
  func object(_ path: String...) throws(ResponseError) -> Params {
    guard let value = lookup(path), value.isObject else {
      throw .invalidParams("`\(path.joined(separator: "."))` must be an object")
    }
    return Params(value: value)
  }

  /// The array at `path`, or -32602.
  func array(_ path: String...) throws(ResponseError) -> [JSON] {
    guard let value = lookup(path)?.arrayValue else {
      throw .invalidParams("`\(path.joined(separator: "."))` must be an array")
    }
    return value
  }

  /// The document URI, `textDocument.uri`.
  func documentURI() throws(ResponseError) -> String { try string("textDocument", "uri") }
}
