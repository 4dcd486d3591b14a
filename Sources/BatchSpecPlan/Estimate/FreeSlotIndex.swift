// The estimator's index of usable nodes by free slots: the node `NodeFill` prefers for a task is
// found without reading every node of the pool, so a sweep of thousands of tasks on as many nodes
// is not quadratic. A node's entries go stale when its free slots change; they are dropped when met.

import BatchSpecCore

/// Usable nodes by pool and free slots, each bucket ordered by node index.
struct FreeSlotIndex {
  /// `buckets[pool][free]`: the nodes that had `free` slots free when added (some no longer do).
  private var buckets: [[BinaryHeap<Int>]]

  /// An empty index for pools of `slots[pool]` slots per node.
  init(slots: [Int]) {
    buckets = slots.map { Array(repeating: BinaryHeap<Int>(), count: max($0, 1) + 1) }
  }

  /// Records that `node` of `pool` is usable with `free` slots free (again after each change).
  mutating func add(_ node: Int, pool: Int, free: Int) { buckets[pool][free].push(node) }

  /// The node a task of `slots` slots goes to: for `spread` the most free slots, for `pack` the
  /// fewest that fit, the lowest index on a tie (what `NodeFill.prefers` picks over the pool's
  /// nodes in order). `free` tells a node's free slots now.
  mutating func best(pool: Int, slots: Int, fill: NodeFill, free: (Int) -> Int) -> Int? {
    let most = buckets[pool].count - 1
    guard slots <= most else { return nil }
    let order = fill == .pack ? Array(slots...most) : Array((slots...most).reversed())
    for count in order {
      while let node = buckets[pool][count].top {
        if free(node) == count { return node }
        buckets[pool][count].pop()
      }
    }
    return nil
  }
}

/// A binary min-heap (the Azure target keeps its own, private, for tasks in source order).
struct BinaryHeap<Element: Comparable> {
  private var items: [Element] = []

  /// The smallest element.
  var top: Element? { items.first }

  /// Adds `element`.
  mutating func push(_ element: Element) {
    items.append(element)
    var child = items.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard items[child] < items[parent] else { break }
      items.swapAt(child, parent)
      child = parent
    }
  }

  /// Removes and returns the smallest element.
  @discardableResult mutating func pop() -> Element? {
    guard !items.isEmpty else { return nil }
    items.swapAt(0, items.count - 1)
    let smallest = items.removeLast()
    var parent = 0
    while true {
      let left = 2 * parent + 1
      let right = left + 1
      var least = parent
      if left < items.count, items[left] < items[least] { least = left }
      if right < items.count, items[right] < items[least] { least = right }
      guard least != parent else { break }
      items.swapAt(parent, least)
      parent = least
    }
    return smallest
  }
}
