// Spawns the built `batchspec lsp` and speaks the protocol to it over pipes, with timeouts.

import BatchSpecCore
import Foundation

import BatchSpecLSP

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The built `batchspec` executable, next to the test bundle.
func batchspecBinary() -> URL? {
  var candidates: [URL] = []
  let bundle = Bundle.main.bundleURL
  candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("batchspec"))
  candidates.append(bundle.appendingPathComponent("batchspec"))
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  candidates.append(root.appendingPathComponent(".build/debug/batchspec"))
  return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
}

/// A running `batchspec lsp`.
final class ServerProcess {
  struct Timeout: Error {}

  let process = Process()
  private let input = Pipe()
  private let output = Pipe()
  private let error = Pipe()
  private var framer = MessageFramer()
  private var pending: [JSON] = []

  init() throws {
    guard let binary = batchspecBinary() else { throw CocoaError(.fileNoSuchFile) }
    // Writing to a server that has exited must fail that write, not kill the test run.
    signal(SIGPIPE, SIG_IGN)
    process.executableURL = binary
    process.arguments = ["lsp"]
    process.standardInput = input
    process.standardOutput = output
    process.standardError = error
    try process.run()
  }

  /// Writes raw bytes to the server's stdin.
  func write(_ bytes: [UInt8]) {
    // A server that died is reported by what it then fails to answer, not by a write that fails.
    try? input.fileHandleForWriting.write(contentsOf: bytes)
  }

  /// Writes one framed message.
  func send(_ message: JSON) { write(MessageFramer.frame(message.serialized())) }

  func request(_ id: Int, _ method: String, _ params: JSON) {
    send(
      .object([("jsonrpc", .string("2.0")), ("id", .integer(id)), ("method", .string(method)), ("params", params)]))
  }

  func notify(_ method: String, _ params: JSON) {
    send(.object([("jsonrpc", .string("2.0")), ("method", .string(method)), ("params", params)]))
  }

  /// The next message from the server, waiting at most `seconds`.
  func next(timeout seconds: Double = 10) throws -> JSON {
    if !pending.isEmpty { return pending.removeFirst() }
    let deadline = Date().addingTimeInterval(seconds)
    let descriptor = output.fileHandleForReading.fileDescriptor
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      while let frame = framer.next() {
        if case .message(let body) = frame { pending.append(try JSONParser.parse(body)) }
      }
      if !pending.isEmpty { return pending.removeFirst() }
      let remaining = Int32(max(0, deadline.timeIntervalSinceNow * 1000))
      var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
      guard remaining > 0, poll(&poller, 1, remaining) > 0 else { throw Timeout() }
      let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      guard count > 0 else { throw Timeout() }
      framer.append(buffer[0..<count])
    }
  }

  /// Messages until one satisfies `predicate`; returns it.
  func next(where predicate: (JSON) -> Bool) throws -> JSON {
    while true {
      let message = try next()
      if predicate(message) { return message }
    }
  }

  /// The response to request `id`.
  func response(_ id: Int) throws -> JSON { try next { $0["id"] == .integer(id) } }

  /// Closes stdin and waits for the exit status and stderr.
  func finish(closeInput: Bool = true) throws -> (status: Int32, stderr: String) {
    if closeInput { try? input.fileHandleForWriting.close() }
    let deadline = Date().addingTimeInterval(10)
    while process.isRunning && Date() < deadline { usleep(10_000) }
    if process.isRunning {
      process.terminate()
      throw Timeout()
    }
    let stderr = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    return (process.terminationStatus, stderr)
  }
}
