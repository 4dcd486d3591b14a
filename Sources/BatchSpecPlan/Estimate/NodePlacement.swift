// The one rule for choosing a node for a task, shared by the local runner and the estimator, so an
// estimate schedules tasks where a local run would.

package import BatchSpecCore

extension NodeFill {
  /// Whether a node with `candidate` free slots is a better place for the next task than the best
  /// so far, with `current`: `spread` takes the node with the most free slots, `pack` the one with
  /// the fewest that still fit; on a tie the node met first stays.
  package func prefers(freeSlots candidate: Int, over current: Int) -> Bool {
    self == .pack ? candidate < current : candidate > current
  }
}
