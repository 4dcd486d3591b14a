// Independent work spread over every core: projects are read, parsed and linted in parallel.

import Dispatch

enum Parallel {
  /// `body(0) ... body(count - 1)`, run on every core, in index order in the result. Each call
  /// writes only its own slot; `body` shares no mutable state.
  static func map<Element>(_ count: Int, _ body: @Sendable (Int) -> Element) -> [Element] {
    if count < 2 { return (0..<count).map(body) }
    var results = [Element?](repeating: nil, count: count)
    results.withUnsafeMutableBufferPointer { buffer in
      nonisolated(unsafe) let slots = buffer
      DispatchQueue.concurrentPerform(iterations: count) { index in slots[index] = body(index) }
    }
    return results.compactMap { $0 }
  }
}
