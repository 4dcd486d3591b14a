// Turns SIGCHLD, SIGINT, SIGTERM and SIGHUP into bytes on a pipe, so the runner's loop waits for a child,
// a stop request or a deadline with one `poll`.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The write end of the signal pipe; written only by the signal handler.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

/// A self-pipe that signal handlers write to.
final class SignalPipe {
  let readEnd: Int32
  private var previous: [Int32: sigaction] = [:]
  /// Output to a closed pipe (`batchspec run ... | head`) must not kill the runner and orphan
  /// its tasks: SIGPIPE is ignored while it runs (tasks get the default back).
  private let previousPipeHandler = signal(SIGPIPE, SIG_IGN)

  /// A pipe whose ends neither block nor pass to children: its read end and write end.
  static func wakeUpPipe() throws(FileError) -> (Int32, Int32) {
    var ends: [Int32] = [0, 0]
    guard pipe(&ends) == 0 else {
      throw FileError(description: "cannot create a pipe: \(String(cString: strerror(errno)))")
    }
    for end in ends {
      _ = fcntl(end, F_SETFD, FD_CLOEXEC)
      _ = fcntl(end, F_SETFL, O_NONBLOCK)
    }
    return (ends[0], ends[1])
  }

  /// Installs the handlers.
  init() throws(FileError) {
    (readEnd, signalPipeWriteEnd) = try Self.wakeUpPipe()
    // A parent may have started us with these blocked (Foundation's Process blocks SIGCHLD):
    // unblock them on this thread, which runs the loop.
    var handled = sigset_t()
    sigemptyset(&handled)
    for signal in [SIGCHLD, SIGINT, SIGTERM, SIGHUP] { sigaddset(&handled, signal) }
    pthread_sigmask(SIG_UNBLOCK, &handled, nil)
    for signal in [SIGCHLD, SIGINT, SIGTERM, SIGHUP] {
      var action = sigaction()
      Platform.setHandler(&action) { number in
        var byte = UInt8(truncatingIfNeeded: number)
        _ = write(signalPipeWriteEnd, &byte, 1)
      }
      action.sa_flags = SA_RESTART | SA_NOCLDSTOP
      sigemptyset(&action.sa_mask)
      var old = sigaction()
      sigaction(signal, &action, &old)
      previous[signal] = old
    }
  }

  /// Restores the previous handlers and closes the pipe.
  func close() {
    for (signal, var old) in previous { sigaction(signal, &old, nil) }
    signal(SIGPIPE, previousPipeHandler)
    Platform.close(readEnd)
    Platform.close(signalPipeWriteEnd)
    signalPipeWriteEnd = -1
  }

  /// Waits up to `timeout` seconds for a signal, or for `other` to be readable; returns the
  /// signals that arrived.
  func wait(timeout: Double, alsoWatching other: Int32? = nil) -> [Int32] {
    var descriptors = [pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)]
    if let other { descriptors.append(pollfd(fd: other, events: Int16(POLLIN), revents: 0)) }
    let milliseconds = Int32((max(0, min(timeout, 3600)) * 1000).rounded(.up))
    _ = poll(&descriptors, nfds_t(descriptors.count), milliseconds)
    var signals: [Int32] = []
    var buffer = [UInt8](repeating: 0, count: 256)
    while true {
      let count = read(readEnd, &buffer, buffer.count)
      if count <= 0 { break }
      signals.append(contentsOf: buffer[0..<count].map { Int32($0) })
    }
    return signals
  }
}
