// libFuzzer entry point of the `framing` target: the server's message framer and the JSON reader (Tests/Fuzz/run framing).

/// Runs the checks on one input; a broken invariant stops the process so libFuzzer keeps the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
  if let problem = FramingChecks.check(bytes).first { fatalError(problem) }
  return 0
}
