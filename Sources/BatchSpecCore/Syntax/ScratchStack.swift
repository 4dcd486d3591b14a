// A stack the parser builds lists on: each finished list leaves it as one exact-size array.

/// A stack whose top elements are taken off as an array of exactly their number.
///
/// A block body, a list or a string's parts is pushed element by element, then taken off in
/// one piece when it ends; nested lists push above and are taken off first. Appending to a fresh
/// array instead would reallocate it at 1, 2, 4, 8... elements, for every block of every file.
/// Elements are moved, never copied: no retain or release on the way through.
final class ScratchStack<Element> {
  private var base: UnsafeMutablePointer<Element>
  private var capacity: Int
  /// The number of elements on the stack: where a list that starts now begins.
  private(set) var count = 0

  /// An empty stack with room for `capacity` elements before it grows.
  init(capacity: Int = 64) {
    self.capacity = max(capacity, 1)
    self.base = .allocate(capacity: self.capacity)
  }

  deinit {
    base.deinitialize(count: count)
    base.deallocate()
  }

  /// Pushes `element`.
  func push(_ element: consuming Element) {
    if count == capacity { grow() }
    (base + count).initialize(to: element)
    count += 1
  }

  /// Removes the elements from position `start` up and returns them in the order pushed.
  func take(from start: Int) -> [Element] {
    let taken = count - start
    guard taken > 0 else { return [] }
    // `reserveCapacity` and `append` are specialized for `Element`; `init(unsafeUninitializedCapacity:)`
    // is not, and looks up the array's storage type at run time on every call.
    var array: [Element] = []
    array.reserveCapacity(taken)
    for index in start..<count { array.append((base + index).move()) }
    count = start
    return array
  }

  /// Calls `body` with the elements from position `start` up, in the order pushed, in place.
  func withElements<Result>(from start: Int, _ body: (UnsafeBufferPointer<Element>) -> Result) -> Result {
    body(UnsafeBufferPointer(start: base + start, count: count - start))
  }

  /// Removes the elements from position `start` up.
  func drop(from start: Int) {
    guard count > start else { return }
    (base + start).deinitialize(count: count - start)
    count = start
  }

  private func grow() {
    let larger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
    larger.moveInitialize(from: base, count: count)
    base.deallocate()
    base = larger
    capacity *= 2
  }
}
