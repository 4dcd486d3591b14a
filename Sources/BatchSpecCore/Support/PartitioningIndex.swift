// Binary search over a collection ordered by a predicate.

extension RandomAccessCollection {
  /// The index of the first element that satisfies `belongsInSecondPart`, or `endIndex`: the
  /// collection must hold every element that does not before every element that does.
  package func partitioningIndex(where belongsInSecondPart: (Element) throws -> Bool) rethrows -> Index {
    var low = startIndex
    var count = self.count
    while count > 0 {
      let half = count / 2
      let middle = index(low, offsetBy: half)
      if try belongsInSecondPart(self[middle]) {
        count = half
      } else {
        low = index(after: middle)
        count -= half + 1
      }
    }
    return low
  }
}
