// BS5039's byte scan for an empty, `.` or `..` segment agrees with the plain definition on every
// name of up to 7 characters over `a`, `.` and `/`.

import Testing
import BatchSpecCore

@Suite struct BlobNameSegmentTests {
  /// The definition: split at `/`, a leading and a trailing `/` aside, and look at each segment.
  private static func reference(_ name: String) -> Bool {
    let segments = name.split(separator: "/", omittingEmptySubsequences: false)
      .dropFirst(name.hasPrefix("/") ? 1 : 0).dropLast(name.hasSuffix("/") ? 1 : 0)
    return segments.contains { $0.isEmpty || $0 == "." || $0 == ".." }
  }

  @Test func theByteScanAgreesWithTheDefinition() {
    var names = [""]
    var frontier = [""]
    for _ in 0..<7 {
      frontier = frontier.flatMap { prefix in ["a", ".", "/"].map { prefix + $0 } }
      names += frontier
    }
    for name in names {
      #expect(BlobNameNotAPath.hasDotOrEmptySegment(name) == Self.reference(name), "\(name)")
    }
  }
}
