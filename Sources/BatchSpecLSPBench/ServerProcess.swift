// A `batchspec lsp` child process driven over pipes, for the benchmark and the soak.

import BatchSpecCore
import BatchSpecLSP
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A `batchspec lsp` child process.
final class Server {
  let process = Process()
  let input = Pipe()
  let output = Pipe()
  var framer = MessageFramer()
  var pending: [JSON] = []
  private var readBuffer = [UInt8](repeating: 0, count: 1 << 16)

  init(binary: String) throws {
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = ["lsp"]
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
  }

  /// Writes happen on their own queue, in order: a client that stopped reading while it writes a
  /// large message would deadlock with a server writing diagnostics into a full pipe.
  private let writer = DispatchQueue(label: "batchspec-lsp-bench.writer")

  func send(_ message: JSON) {
    let bytes = Data(MessageFramer.frame(message.serialized()))
    let handle = input.fileHandleForWriting
    writer.async { handle.write(bytes) }
  }

  func next() -> JSON {
    guard let message = next(timeout: nil) else {
      print("the server closed its output")
      exit(1)
    }
    return message
  }

  /// The next message, or nil when none comes within `timeout` seconds (nil: wait for ever) or
  /// the server closed its output. A frame that is not JSON stops the benchmark.
  func next(timeout: Double?) -> JSON? {
    if !pending.isEmpty { return pending.removeFirst() }
    let deadline = timeout.map { DispatchTime.now().uptimeNanoseconds + UInt64($0 * 1e9) }
    let descriptor = output.fileHandleForReading.fileDescriptor
    while true {
      while let frame = framer.next() {
        guard case .message(let body) = frame, let value = try? JSONParser.parse(body) else {
          print("the server sent a frame that is not a JSON message: \(frame)")
          exit(1)
        }
        pending.append(value)
      }
      if !pending.isEmpty { return pending.removeFirst() }
      if let deadline {
        let now = DispatchTime.now().uptimeNanoseconds
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard now < deadline, poll(&poller, 1, Int32((deadline - now) / 1_000_000) + 1) > 0 else { return nil }
      }
      let count = readBuffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      guard count > 0 else { return nil }
      framer.append(readBuffer[0..<count])
    }
  }

  func waitFor(_ predicate: (JSON) -> Bool) -> JSON {
    while true {
      let message = next()
      if predicate(message) { return message }
    }
  }

  /// The CPU time the server has used, in milliseconds, from /proc (user plus system).
  func cpuMilliseconds() -> Double {
    guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
      let close = stat.lastIndex(of: ")")
    else { return .nan }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    // After the command name: state is field 3, utime field 14, stime field 15.
    guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return .nan }
    return (user + system) * 1000 / Double(sysconf(Int32(_SC_CLK_TCK)))
  }

  /// Resident memory in MB, from /proc.
  func residentMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
      let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return .nan }
    return kilobytes / 1024
  }
}
