// The positions BS5044 names: the mounts past the tenth.

@testable import BatchSpecCore
import Testing

@Suite struct TooManyMountsTests {
  @Test func positionsPastTheLimitAreOrdinals() {
    #expect(
      [11, 12, 13, 21, 22, 23, 101, 111].map(TooManyMounts.ordinal) == [
        "11th", "12th", "13th", "21st", "22nd", "23rd", "101st", "111th",
      ])
  }
}
