// Starts tasks from helper threads. glibc's posix_spawn returns only once the child has called
// exec (it clones with CLONE_VFORK), and on a busy machine the child first waits for a CPU: a
// runner that started tasks itself could neither reap nor start anything else meanwhile, and ran
// many short tasks at half the pace of `xargs -P`. The runner's loop hands each prepared start to
// this queue and goes on; a byte on `readEnd` tells it that starts ended, and `finished()` gives
// their PIDs (or why they failed), which it then journals and tracks as if it had started them.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A few threads that start task processes for the runner's loop.
final class SpawnQueue: @unchecked Sendable {
  /// One start, numbered in the order the runner asked for it.
  struct Request: Sendable {
    var serial: Int
    var task: ProcessSpawner.TaskStart
  }

  /// How a start ended: the process's PID, or why it did not start; and when it was started
  /// (`Runner.now()` just before the spawn): the task's start, however long the runner's loop
  /// takes to hear of it.
  struct Outcome: Sendable {
    var serial: Int
    var result: Result<pid_t, ProcessSpawner.SpawnError>
    var startedAt: Double
  }

  /// Readable when starts have ended (poll it beside the signal pipe).
  let readEnd: Int32
  private let writeEnd: Int32
  /// The most threads: as many as starts can usefully wait at once, on a small machine.
  private let threadLimit: Int
  // Guarded by `condition`.
  private let condition = ConditionLock()
  private var pending: [Request] = []
  private var pendingHead = 0
  private var outcomes: [Outcome] = []
  private var threads = 0
  private var idleThreads = 0
  private var isClosing = false

  /// A queue of at most `threads` threads (made when first needed).
  init(threads: Int) throws(FileError) {
    (readEnd, writeEnd) = try SignalPipe.wakeUpPipe()
    threadLimit = max(threads, 1)
  }

  /// Hands `request` to a thread; its outcome comes from `finished()`.
  func submit(_ request: Request) {
    condition.lock()
    pending.append(request)
    if idleThreads == 0 && threads < threadLimit {
      threads += 1
      if !DetachedThread.start(stackSize: 1 << 20, { [self] in work() }) {
        threads -= 1
        if threads == 0 {
          // No thread to hand it to: start it here rather than leave it waiting forever.
          pending.removeLast()
          condition.unlock()
          start(request)
          return
        }
      }
    }
    condition.signal()
    condition.unlock()
  }

  /// Starts the process of `request`, then files the outcome and wakes the runner's loop.
  private func start(_ request: Request) {
    let startedAt = Runner.now()
    let result = Result { () throws(ProcessSpawner.SpawnError) in try ProcessSpawner.start(request.task) }
    condition.lock()
    defer { condition.unlock() }
    outcomes.append(Outcome(serial: request.serial, result: result, startedAt: startedAt))
    var byte: UInt8 = 1
    _ = write(writeEnd, &byte, 1)
  }

  /// The starts that ended since the last call, in no particular order.
  func finished() -> [Outcome] {
    var buffer = [UInt8](repeating: 0, count: 256)
    while read(readEnd, &buffer, buffer.count) > 0 {}
    condition.lock()
    defer { condition.unlock() }
    let ended = outcomes
    outcomes.removeAll(keepingCapacity: true)
    return ended
  }

  /// Lets the threads end once nothing is pending, and closes the pipe when the last has.
  func close() {
    condition.lock()
    isClosing = true
    condition.broadcast()
    let closeNow = threads == 0
    condition.unlock()
    if closeNow { closePipe() }
  }

  private func closePipe() {
    Platform.close(readEnd)
    Platform.close(writeEnd)
  }

  /// A thread's life: take a request, start it, report, until the queue closes.
  private func work() {
    // Signals go to the runner's loop, never here.
    var all = sigset_t()
    sigfillset(&all)
    pthread_sigmask(SIG_BLOCK, &all, nil)
    condition.lock()
    while true {
      while pendingHead == pending.count && !isClosing {
        idleThreads += 1
        condition.wait()
        idleThreads -= 1
      }
      if pendingHead == pending.count {
        threads -= 1
        let last = threads == 0
        condition.unlock()
        if last { closePipe() }
        return
      }
      let request = pending[pendingHead]
      pendingHead += 1
      if pendingHead == pending.count {
        pending.removeAll(keepingCapacity: true)
        pendingHead = 0
      }
      condition.unlock()
      start(request)
      condition.lock()
    }
  }
}

/// Children the runner reaped before it knew their PIDs: a task can end before the thread that
/// started it has reported it. Each is kept with the serial number of the last start requested
/// when it was reaped, and only a start requested no later can claim it: PIDs are reused.
package struct EarlyExits {
  private var exits: [Int32: (status: Int32, lastSerial: Int)] = [:]

  package init() {}

  package var isEmpty: Bool { exits.isEmpty }

  /// `pid` ended with wait status `status` when the last start requested was number `lastSerial`.
  package mutating func record(_ pid: Int32, status: Int32, lastSerial: Int) {
    exits[pid] = (status, lastSerial)
  }

  /// The wait status of `pid`, started by request `serial`, when it ended before it was
  /// reported; nil when it has not ended yet.
  package mutating func claim(_ pid: Int32, serial: Int) -> Int32? {
    guard let exit = exits.removeValue(forKey: pid), serial <= exit.lastSerial else { return nil }
    return exit.status
  }

  /// Forgets what no start under way can claim: every request before `oldest` was reported.
  package mutating func forget(before oldest: Int) {
    if !exits.isEmpty { exits = exits.filter { $0.value.lastSerial >= oldest } }
  }
}
