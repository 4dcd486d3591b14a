// Core has no threads: a caller that has some (the CLI, the language server) hands Core a way to
// run independent work at once, and Core spreads file checks and rules over it.

/// Runs `body(0)`, ..., `body(count - 1)` in any order, at once if it can, and returns when all
/// have returned.
package typealias ConcurrentPerform = (_ count: Int, _ body: @Sendable (Int) -> Void) -> Void

/// `body(0)`, ..., `body(count - 1)` run through `perform` (one after the other without it), their
/// results in index order. Each call writes only its own slot, so `body` must share no mutable
/// state.
package func concurrentMap<Element>(
  _ count: Int, through perform: ConcurrentPerform?, _ body: @Sendable (Int) -> Element
) -> [Element] {
  guard let perform, count > 1 else { return (0..<count).map(body) }
  var results = [Element?](repeating: nil, count: count)
  results.withUnsafeMutableBufferPointer { buffer in
    nonisolated(unsafe) let slots = buffer
    perform(count) { index in slots[index] = body(index) }
  }
  return results.compactMap { $0 }
}
