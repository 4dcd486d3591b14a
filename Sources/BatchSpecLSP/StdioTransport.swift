// The stdio transport: reads framed messages from stdin, writes framed messages to stdout, logs
// to stderr. One thread; diagnostics are published once no more input is waiting.

import Dispatch
import FoundationEssentials
internal import BatchSpecCore
internal import BatchSpecIDE

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs a `LanguageServer` over standard input and output.
package enum StdioTransport {
  /// Serves until `exit` or the end of input; returns the exit status (0 after `shutdown`).
  package static func run() -> Int32 {
    signal(SIGPIPE, SIG_IGN)
    let host = AnalysisHost()
    let server = LanguageServer(
      host: host,
      send: { message in SystemIO.writeAll(MessageFramer.frame(message.serialized()), to: STDOUT_FILENO) },
      log: { line in SystemIO.writeAll("batchspec lsp: \(line)\n", to: STDERR_FILENO) })
    var framer = MessageFramer()
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    var waitingSince: DispatchTime?
    var allocatedSinceIdle = false
    var lastTrim = DispatchTime.now()
    while true {
      // Once the client has been quiet for a second after some work, the heap's free pages go
      // back to the system, so that what the analyses freed does not stay resident in an editor
      // that sits idle, as it mostly does. (Trimming costs about as much as a small edit, so it
      // waits for a pause rather than following every message.)
      if allocatedSinceIdle && !inputIsWaiting(milliseconds: 1000) {
        HeapTrim.releaseFreePages()
        allocatedSinceIdle = false
        lastTrim = DispatchTime.now()
      }
      let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { break }
      framer.append(buffer[0..<count])
      var bodies: [[UInt8]] = []
      while let frame = framer.next() {
        switch frame {
        case .message(let body): bodies.append(body)
        case .malformedHeader(let problem):
          server.receive(bodies)
          bodies.removeAll()
          server.malformedHeader(problem)
        }
      }
      server.receive(bodies)
      allocatedSinceIdle = true
      if let status = server.exitStatus { return status }
      // Coalesce bursts of edits: publish once the client has stopped sending, or at least every
      // 100 ms while it keeps sending.
      if server.hasUnpublishedChanges { waitingSince = waitingSince ?? DispatchTime.now() }
      if let since = waitingSince,
        !inputIsWaiting() || DispatchTime.now().uptimeNanoseconds - since.uptimeNanoseconds > 100_000_000
      {
        server.flush()
        waitingSince = nil
        // Typing without a pause gives no second of quiet: then the trim follows a publication
        // (never delays one) at most every two seconds, and at once after documents were opened.
        if server.takeOpened() || DispatchTime.now().uptimeNanoseconds - lastTrim.uptimeNanoseconds > Self.trimInterval
        {
          HeapTrim.releaseFreePages()
          lastTrim = DispatchTime.now()
        }
      }
    }
    return server.exitStatus ?? 1
  }

  /// The longest a busy server goes without giving free pages back, in nanoseconds.
  package static let trimInterval: UInt64 = 2_000_000_000

  /// Whether input is waiting, or arrives within `milliseconds`.
  private static func inputIsWaiting(milliseconds: Int32 = 0) -> Bool {
    var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
    while true {
      let ready = poll(&descriptor, 1, milliseconds)
      if ready < 0 && errno == EINTR { continue }
      // A hang-up counts as input (the read that follows sees the end); so does an error for
      // that read to report.
      return ready != 0
    }
  }
}
