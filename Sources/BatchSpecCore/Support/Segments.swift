// A list kept as the arrays it was put together from, so that joining them copies nothing.

/// A list made of arrays appended whole: each array is kept as it is, sharing its storage with
/// whoever else holds it, and the list is read in order across them.
///
/// The checker's results are put together this way: a project's references are each file's
/// references in turn. After an edit, the files the edit did not change give the arrays they
/// gave before. Joined into one array, they were copied again at every edit: at 50k lines, 200 kB
/// allocated, copied and freed per keystroke, the one allocation of that size an edit made.
package struct Segments<Element: Sendable>: Sendable, Sequence {
  /// The arrays, in order; none is empty.
  private var arrays: [[Element]] = []
  /// Whether the last array was built here by `append(_:)`, and so may grow in place. One taken
  /// whole is shared with its giver: appending to it would copy it.
  private var lastIsOwn = false
  /// The number of elements.
  package private(set) var count = 0

  /// An empty list.
  package init() {}

  /// Whether the list has no elements.
  package var isEmpty: Bool { count == 0 }

  /// Appends one element, to an array of this list's own.
  package mutating func append(_ element: Element) {
    if lastIsOwn {
      arrays[arrays.count - 1].append(element)
    } else {
      arrays.append([element])
      lastIsOwn = true
    }
    count += 1
  }

  /// Appends `elements` as they are: their storage is shared, not copied.
  package mutating func append(contentsOf elements: [Element]) {
    guard !elements.isEmpty else { return }
    arrays.append(elements)
    lastIsOwn = false
    count += elements.count
  }

  /// Appends the arrays of `other` as they are.
  package mutating func append(contentsOf other: Segments) {
    guard !other.isEmpty else { return }
    arrays += other.arrays
    lastIsOwn = false
    count += other.count
  }

  /// The elements from position `start` on, in one array.
  package func suffix(from start: Int) -> [Element] {
    precondition(start >= 0 && start <= count, "a position outside the list")
    var skipped = count
    var first = arrays.endIndex
    while skipped > start {
      first -= 1
      skipped -= arrays[first].count
    }
    var result: [Element] = []
    result.reserveCapacity(count - start)
    if first < arrays.endIndex {
      result += arrays[first][(start - skipped)...]
      for array in arrays[(first + 1)...] { result += array }
    }
    return result
  }

  /// The arrays the list is made of, in order, none empty: as appended, sharing their storage.
  package var segments: [[Element]] { arrays }

  package func makeIterator() -> FlattenSequence<[[Element]]>.Iterator { arrays.joined().makeIterator() }
}
