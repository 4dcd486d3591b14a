// `file:` URIs to paths and back; other schemes (`untitled:`) are kept as they are.

internal import BatchSpecCore

/// Converts between document URIs and the paths the analysis keys files by.
enum DocumentURI {
  /// The path of a `file:` URI (percent-decoded), or the URI itself for other schemes.
  static func path(_ uri: String) -> String {
    guard uri.hasPrefix("file://") else { return uri }
    var rest = uri.dropFirst("file://".count)
    // `file://host/path`: keep the path; an empty host is the usual `file:///path`.
    if let slash = rest.firstIndex(of: "/") { rest = rest[slash...] } else { return uri }
    let decoded = percentDecode(String(rest))
    return decoded.isEmpty ? uri : decoded
  }

  /// The `file:` URI of an absolute path, or the string itself when it is not a path.
  static func uri(_ path: String) -> String {
    guard path.hasPrefix("/") else { return path }
    return "file://" + URIPath.encode(path)
  }

  private static func percentDecode(_ text: String) -> String {
    var bytes: [UInt8] = []
    let source = Array(text.utf8)
    var i = 0
    while i < source.count {
      if source[i] == UInt8(ascii: "%"), i + 2 < source.count,
        let value = UInt8(String(decoding: source[i + 1...i + 2], as: UTF8.self), radix: 16)
      {
        bytes.append(value)
        i += 3
      } else {
        bytes.append(source[i])
        i += 1
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
