// How a task's dependencies are sent to Azure: IDs that are decimal numbers go as ranges
// (`dependsOn.taskIdRanges`, which have no length limit), every other ID by name
// (`dependsOn.taskIds`, at most 64,000 characters together).

/// A task's dependencies split into the IDs sent by name and the ranges of numeric IDs.
package struct TaskDependencies: Equatable, Sendable {
  /// IDs sent in `taskIds`, in the order written.
  package var ids: [String]
  /// Inclusive ranges sent in `taskIdRanges`, ascending.
  package var ranges: [ClosedRange<Int>]

  /// Splits `ids`: two or more consecutive numeric IDs make a range; a lone number stays an ID.
  /// A numeric ID is what Batch's ranges name: digits without a leading zero (`0` itself
  /// included), small enough for a 32-bit integer.
  package init(_ dependencies: [String]) {
    var numbers: [Int] = []
    for id in dependencies {
      if let number = Self.number(id) { numbers.append(number) }
    }
    numbers.sort()
    var ranges: [ClosedRange<Int>] = []
    var inRange = Set<Int>()
    var start = 0
    while start < numbers.count {
      var end = start
      while end + 1 < numbers.count, numbers[end + 1] <= numbers[end] + 1 { end += 1 }
      if numbers[end] > numbers[start] {
        ranges.append(numbers[start]...numbers[end])
        for number in numbers[start...end] { inRange.insert(number) }
      }
      start = end + 1
    }
    self.ids = dependencies.filter { id in Self.number(id).map { !inRange.contains($0) } ?? true }
    self.ranges = ranges
  }

  /// The number a numeric task ID names, if it is one.
  package static func number(_ id: String) -> Int? {
    let digits = id.utf8
    guard !digits.isEmpty, digits.count <= 10, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
      digits.count == 1 || digits.first != 0x30, let value = Int(id), value <= Int(Int32.max)
    else { return nil }
    return value
  }

  /// The characters the IDs sent by name add up to (Azure accepts at most 64,000).
  package var idCharacters: Int { ids.reduce(0) { $0 + $1.utf8.count } }
}
