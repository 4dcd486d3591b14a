// Independent work spread over every core: the CLI reads, parses and lints projects in parallel,
// and both the CLI and the language server check files and run validation rules on every core.

internal import BatchSpecCore
import Dispatch

package enum Parallel {
  /// `body(0) ... body(count - 1)` on every core; returns when all have returned. Core's shape
  /// (`ConcurrentPerform`).
  package static func perform(_ count: Int, _ body: @Sendable (Int) -> Void) {
    DispatchQueue.concurrentPerform(iterations: count, execute: body)
  }

  /// `body(0) ... body(count - 1)`, run on every core, in index order in the result. Each call
  /// writes only its own slot; `body` shares no mutable state.
  package static func map<Element>(_ count: Int, _ body: @Sendable (Int) -> Element) -> [Element] {
    concurrentMap(count, through: perform, body)
  }
}
