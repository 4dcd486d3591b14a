// BS5036: a job schedule's times that Azure refuses: a recurrence or start window under a minute,
// or a `not_before`/`not_after` that is no UTC ISO 8601 time.

/// Flags a `schedule` whose `every` or `start_window` is under one minute, whose `not_before` or
/// `not_after` is not an ISO 8601 date and time, or whose `not_after` is not after `not_before`.
package struct ScheduleOutOfRange: ValidationRule {
  package let code = DiagnosticCode(
    "BS5036", "schedule-out-of-range", .error,
    "A job schedule's `every` or `start_window` under a minute, or a `not_before`/`not_after` that is no ISO 8601 time."
  )

  package let documentation = """
    ## What it does
    Checks each `schedule`: `every` and `start_window` of at least one minute; `not_before` and
    `not_after` written as ISO 8601 dates and times with their offset (`"2026-01-01T02:00:00Z"`);
    and `not_after` later than `not_before`.

    ## Why is this bad?
    Batch refuses a schedule whose recurrence or start window is under a minute with 400 (Bad
    Request), and a time it cannot read the same way. A `not_after` that is not after
    `not_before` leaves a schedule that never creates a job.

    ## Example
    ```
    schedule nightly { job = report, every = 30s, not_before = "tomorrow" }
    ```

    ## Use instead
    ```
    schedule nightly { job = report, every = 24h, not_before = "2026-01-01T02:00:00Z" }
    ```

    ## Azure limit
    `recurrenceInterval` and `startWindow` of the add-job-schedule body (Batch REST API
    2025-06-01): "The minimum value is 1 minute. If you specify a lower value, the Batch service
    rejects the schedule with an error". `doNotRunUntil` and `doNotRunAfter` are `date-time`
    values (RFC 3339).
    """

  private static let minimum: Int64 = 60_000

  // Schedules are none of the focused resources (`RuleScope.resources`): the rule reads the
  // project's, and runs in full after every change.

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for schedule in context.project.schedules {
      let name = schedule.label ?? ""
      for (key, attribute) in [("every", schedule.written(\.every)), ("start_window", schedule.written(\.startWindow))]
      {
        guard let attribute, attribute.value.count < Self.minimum else { continue }
        context.report(
          self, at: attribute.valueLocation,
          "schedule `\(name)` has `\(key) = \(Value.formatDuration(attribute.value.count))`; Azure refuses less than a minute: use `1m` or more",
          fixIts: [context.replace("use `1m`", attribute.valueLocation, with: "1m", safe: false)])
      }
      var times: [Double] = []
      for (key, attribute) in [
        ("not_before", schedule.written(\.notBefore)), ("not_after", schedule.written(\.notAfter)),
      ] {
        guard let attribute else { continue }
        if let seconds = Self.seconds(ofDateTime: attribute.value) {
          times.append(seconds)
        } else {
          context.report(
            self, at: attribute.valueLocation,
            "schedule `\(name)` has `\(key) = \"\(attribute.value)\"`, which is no ISO 8601 date and time: write it as \"2026-01-01T02:00:00Z\" (UTC) or with its offset (\"2026-01-01T03:00:00+01:00\")"
          )
        }
      }
      if times.count == 2, times[1] <= times[0], let after = schedule.written(\.notAfter),
        let before = schedule.written(\.notBefore)
      {
        context.report(
          self, at: after.valueLocation,
          "schedule `\(name)`'s `not_after` is not after its `not_before`: it would never create a job",
          notes: [Note("`not_before` is here", at: before.valueLocation)])
      }
    }
  }

  /// The seconds since 1970 of an RFC 3339 date and time (`2026-01-01T02:00:00Z`,
  /// `2026-01-01T02:00:00.5+01:00`; `t`, `z` and a space for the `T` are accepted, as RFC 3339
  /// allows), or nil when `text` is not one. Stricter than `FormulaTime.parse`, which also takes a
  /// date alone and does not check a day against its month; the calendar arithmetic is its.
  static func seconds(ofDateTime text: String) -> Double? {
    let bytes = Array(text.utf8)
    var index = 0
    func number(_ digits: Int) -> Int? {
      guard index + digits <= bytes.count else { return nil }
      var value = 0
      for byte in bytes[index..<index + digits] {
        guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
        value = value * 10 + Int(byte - UInt8(ascii: "0"))
      }
      index += digits
      return value
    }
    func expect(_ characters: String) -> Bool {
      guard index < bytes.count, characters.utf8.contains(bytes[index]) else { return false }
      index += 1
      return true
    }
    guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
      expect("Tt "), let hour = number(2), expect(":"), let minute = number(2), expect(":"),
      let second = number(2)
    else { return nil }
    var fraction = 0.0
    if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
      index += 1
      var scale = 0.1
      let start = index
      while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
        fraction += Double(bytes[index] - UInt8(ascii: "0")) * scale
        scale /= 10
        index += 1
      }
      guard index > start else { return nil }
    }
    var offset = 0
    if expect("Zz") {
    } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
      let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
      index += 1
      guard let hours = number(2), expect(":"), let minutes = number(2), hours < 24, minutes < 60 else { return nil }
      offset = sign * (hours * 3600 + minutes * 60)
    } else {
      return nil
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    let monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    guard index == bytes.count, (1...12).contains(month), (1...monthDays[month - 1]).contains(day), hour < 24,
      minute < 60, second < 61
    else { return nil }
    return FormulaTime.seconds(
      year: year, month: month, day: day, hour: hour, minute: minute, second: Double(second) + fraction)
      - Double(offset)
  }
}
