// Paths written into URIs: the one percent-encoder for SARIF locations and the server's `file:` URIs.

/// Percent-encoding of file paths for URIs.
package enum URIPath {
  /// `path` as a URI path: unreserved characters and `/` as they are, every other byte
  /// percent-encoded (`%20`, `%C3%A9`).
  package static func encode(_ path: String) -> String {
    var out = ""
    for byte in path.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
        UInt8(ascii: "~"), UInt8(ascii: "/"):
        out.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        let hex = String(byte, radix: 16, uppercase: true)
        out += "%" + (hex.count == 1 ? "0" : "") + hex
      }
    }
    return out
  }
}
