// What a run tells people and programs: a live status line on a terminal or plain lines
// otherwise, one JSON object per event in `--events FILE`, and the final summary.

import BatchSpecCore
import FoundationEssentials
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Counts shown in the status line and the summary.
struct RunCounts {
  var succeeded = 0
  var failed = 0
  var running = 0
  var waiting = 0
  var skipped = 0
  /// Tasks that were running when the run was stopped.
  var interrupted = 0
  var reused = 0
}

/// Reports progress and events.
final class Reporter {
  private let write: (String) -> Void
  private let isTerminal: Bool
  private var events: Int32 = -1
  /// The time of the last event written: the next one is never earlier.
  private var lastEventTime = 0.0
  private let started: Double
  private var lineShown = false
  private var lastDraw = 0.0

  /// Reports to `write`; events go to `eventsPath`, after the events already there when
  /// `appending` (a run that resumes earlier ones adds its events to theirs), else in its place.
  init(
    write: @escaping (String) -> Void, isTerminal: Bool, eventsPath: String?, appending: Bool = false, started: Double
  ) throws(FileError) {
    self.write = write
    self.isTerminal = isTerminal
    self.started = started
    if let eventsPath {
      events = open(eventsPath, O_WRONLY | O_CREAT | (appending ? O_APPEND : O_TRUNC) | O_CLOEXEC, 0o644)
      if events < 0 {
        throw FileError(description: "cannot write events to \(eventsPath): \(String(cString: strerror(errno)))")
      }
    }
  }

  deinit { if events >= 0 { close(events) } }

  /// Seconds since the run started.
  func elapsed(_ now: Double) -> Double { now - started }

  /// Seconds to the millisecond, `12.345`, as events give times (a negative duration as 0).
  static func seconds(_ value: Double) -> String { JSON.number(max(0, value), fractionDigits: 3) }

  /// Writes one event line to `--events`, stamped with the seconds since the run started.
  ///
  /// Times never go back from one line to the next: a process's start is stamped when its spawn
  /// began, and its event may be written after events stamped later. Such an event takes the time
  /// of the line before it, and the process's end event gives its exact `duration`.
  func event(_ name: String, at now: Double, _ members: [(String, JSON?)]) {
    guard events >= 0 else { return }
    lastEventTime = max(lastEventTime, now - started)
    let line = JSON.line([("time", .double(lastEventTime)), ("event", .string(name))] + members)
    line.utf8CString.withUnsafeBufferPointer { buffer in
      _ = Platform.write(events, buffer.baseAddress, buffer.count - 1)
    }
  }

  /// A line for people: above the live line on a terminal, plain otherwise.
  func line(_ text: String) {
    if isTerminal && lineShown {
      write("\r\u{1B}[K" + text + "\n")
      lineShown = false
    } else {
      write(text + "\n")
    }
  }

  /// Redraws the live status line (terminals only, at most ten times a second unless forced).
  func status(_ counts: RunCounts, now: Double, force: Bool = false) {
    guard isTerminal, force || now - lastDraw >= 0.1 else { return }
    lastDraw = now
    var text = "\r\u{1B}[K\(counts.succeeded + counts.reused) done · \(counts.running) running"
    text += " · \(counts.failed) failed · \(counts.waiting) waiting · \(Self.seconds(now - started).dropLast(2))s"
    write(text)
    lineShown = true
  }

  /// Clears the live line before the summary.
  func clearStatus() {
    if isTerminal && lineShown { write("\r\u{1B}[K") }
    lineShown = false
  }
}
