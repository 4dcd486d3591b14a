// The runner's threads and their lock, on the C library's pthreads: the spawn queue's few
// threads need nothing more, and the runner links only FoundationEssentials, not Foundation (whose
// `Thread` and `NSCondition` these replace), so that every process of the binary, the language
// server's above all, maps less.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A mutex with one condition variable, as `NSCondition` is.
final class ConditionLock: @unchecked Sendable {
  private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

  init() {
    pthread_mutex_init(mutex, nil)
    pthread_cond_init(condition, nil)
  }

  deinit {
    pthread_cond_destroy(condition)
    pthread_mutex_destroy(mutex)
    condition.deallocate()
    mutex.deallocate()
  }

  func lock() { pthread_mutex_lock(mutex) }
  func unlock() { pthread_mutex_unlock(mutex) }
  /// Unlocks, waits for a signal (or a spurious wake-up: wait in a loop), and locks again.
  func wait() { pthread_cond_wait(condition, mutex) }
  /// Wakes one waiting thread.
  func signal() { pthread_cond_signal(condition) }
  /// Wakes every waiting thread.
  func broadcast() { pthread_cond_broadcast(condition) }
}

/// Threads that run one closure and end, detached (nobody joins them).
enum DetachedThread {
  private final class Work {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
  }

  /// Starts a thread with a stack of `stackSize` bytes that runs `body`; false when the system
  /// would not make one.
  static func start(stackSize: Int, _ body: @escaping @Sendable () -> Void) -> Bool {
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, stackSize)
    pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
    let work = Unmanaged.passRetained(Work(body)).toOpaque()
    let started = Platform.startThread(&attributes, work)
    if started != 0 { Unmanaged<Work>.fromOpaque(work).release() }
    return started == 0
  }

  /// A started thread's life: the closure `start` was given, passed as `argument`.
  static func run(_ argument: UnsafeMutableRawPointer) {
    Unmanaged<Work>.fromOpaque(argument).takeRetainedValue().body()
  }
}
