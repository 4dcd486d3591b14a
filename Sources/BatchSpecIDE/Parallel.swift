// Independent work spread over every core: the CLI reads, parses and lints projects in parallel,
// and both the CLI and the language server run validation rules on every core.

package import BatchSpecCore
import Dispatch

package enum Parallel {
  /// `body(0) ... body(count - 1)`, run on every core, in index order in the result. Each call
  /// writes only its own slot; `body` shares no mutable state.
  package static func map<Element>(_ count: Int, _ body: @Sendable (Int) -> Element) -> [Element] {
    if count < 2 { return (0..<count).map(body) }
    var results = [Element?](repeating: nil, count: count)
    results.withUnsafeMutableBufferPointer { buffer in
      nonisolated(unsafe) let slots = buffer
      DispatchQueue.concurrentPerform(iterations: count) { index in slots[index] = body(index) }
    }
    return results.compactMap { $0 }
  }
}

extension Parallel {
  /// Rules run on every core, in Core's shape (`ConcurrentMap`).
  package static func rules(_ count: Int, _ body: @Sendable (Int) -> RuleFindings) -> [RuleFindings] {
    map(count, body)
  }
}
