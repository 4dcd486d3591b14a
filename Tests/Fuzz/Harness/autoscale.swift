// libFuzzer entry point of the `autoscale` target: the formula language's invariants
// (Tests/Fuzz/run autoscale).

/// Runs the checks on one input; a broken invariant stops the process so libFuzzer keeps the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
  if let problem = AutoscaleChecks.check(bytes).first { fatalError(problem) }
  return 0
}
